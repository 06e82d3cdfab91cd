import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { docs, NO_AUTH, ok, type RouteDocs } from '../docs/registry';

const ABANDONED = Symbol('timed out');

/**
 * One readiness check, bounded: its result, or `timeout after Nms` when the dependency did not answer
 * in time (a stopped server must not make `/readyz` hang; load balancers need an answer).
 */
async function check(probe: () => Promise<unknown>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  // A little slack so a probe that enforces the same deadline itself reports it first (see temporal).
  const timeout = new Promise<typeof ABANDONED>((resolve) => {
    timer = setTimeout(() => resolve(ABANDONED), timeoutMs + 100);
  });
  try {
    const r = await Promise.race([probe().then(() => 'ok'), timeout]);
    return r === ABANDONED ? `timeout after ${timeoutMs}ms` : r;
  } catch (err) {
    if (isGrpcDeadline(err)) return `timeout after ${timeoutMs}ms`;
    // Only the first line, shortened: driver messages can be long; they carry no credentials.
    const message = String((err as Error)?.message ?? err).split('\n')[0] ?? '';
    return `error: ${message.slice(0, 200)}`;
  } finally {
    clearTimeout(timer);
  }
}

const GRPC_DEADLINE_EXCEEDED = 4;
function isGrpcDeadline(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; i++) {
    if (e.code === GRPC_DEADLINE_EXCEEDED) return true;
    e = e.cause as typeof e;
  }
  return false;
}

export function healthRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready = the database answers and Temporal answers; load balancers send traffic only then.
  // Each check is bounded by READINESS_CHECK_TIMEOUT_MS, so the answer comes within 2 s, always.
  r.get('/readyz', async (_req, res) => {
    const timeoutMs = deps.config.READINESS_CHECK_TIMEOUT_MS;
    const [database, temporal] = await Promise.all([
      check(() => deps.db.$queryRaw`SELECT 1`, timeoutMs),
      check(
        // The gRPC deadline ends the call itself and its retries, not only our wait for it (a retry
        // left pending would outlive the answer).
        () =>
          deps.temporal.connection.withDeadline(Date.now() + timeoutMs, () =>
            deps.temporal.workflowService.getSystemInfo({}),
          ),
        timeoutMs,
      ),
    ]);
    const checks = { database, temporal };
    const ok = database === 'ok' && temporal === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', checks });
  });
  return r;
}

const readyzSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    checks: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['status', 'checks'],
};

export function healthDocs(): RouteDocs {
  return docs([
    {
      method: 'get',
      path: '/healthz',
      operation: {
        operationId: 'healthz',
        tags: ['operations'],
        summary: 'Liveness',
        security: NO_AUTH,
        responses: {
          '200': ok('The process is up', {
            type: 'object',
            properties: { status: { const: 'ok' } },
            required: ['status'],
          }),
        },
      },
    },
    {
      method: 'get',
      path: '/readyz',
      operation: {
        operationId: 'readyz',
        tags: ['operations'],
        summary: 'Readiness: the database and Temporal answer',
        security: NO_AUTH,
        responses: {
          '200': ok('Ready', readyzSchema),
          '503': ok('Not ready; `checks` says which dependency failed', readyzSchema),
        },
      },
    },
  ]);
}
