import { Router } from 'express';
import { renderMetrics } from '../../observability/metrics';
import type { ApiDeps } from '../deps';
import { buildOpenApiDocument } from '../openapi';

/**
 * `GET /metrics` (Prometheus text: service counters, process metrics, then the Temporal SDK's metrics)
 * and `GET /openapi.json`. Neither needs a token: see docs/observability.md for how to expose them.
 */
export function observabilityRoutes(deps: ApiDeps): Router {
  const r = Router();
  let openapi: ReturnType<typeof buildOpenApiDocument> | undefined;

  r.get('/metrics', async (_req, res) => {
    const { contentType, body } = await renderMetrics(deps.metrics);
    res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
  });

  r.get('/openapi.json', (_req, res) => {
    openapi ??= buildOpenApiDocument({ serverUrl: deps.config.PUBLIC_BASE_URL });
    res.json(openapi);
  });
  return r;
}
