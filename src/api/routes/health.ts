import { Router } from 'express';
import type { ApiDeps } from '../deps';

export function healthRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready = the database answers and Temporal answers; load balancers send traffic only then.
  r.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    await Promise.all([
      deps.db.$queryRaw`SELECT 1`.then(
        () => (checks.database = 'ok'),
        (e: Error) => (checks.database = `error: ${e.message}`),
      ),
      deps.temporal.workflowService.getSystemInfo({}).then(
        () => (checks.temporal = 'ok'),
        (e: Error) => (checks.temporal = `error: ${e.message}`),
      ),
    ]);
    const ok = Object.values(checks).every((v) => v === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', checks });
  });
  return r;
}
