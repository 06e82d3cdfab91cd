import { Router } from 'express';
import { renderMetrics } from '../../observability/metrics';
import type { ApiDeps } from '../deps';
import { docs, NO_AUTH, ok, type RouteDocs } from '../docs/registry';
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

export function observabilityDocs(): RouteDocs {
  return docs([
    {
      method: 'get',
      path: '/metrics',
      operation: {
        operationId: 'metrics',
        tags: ['operations'],
        summary: 'Prometheus metrics: the service counters, process metrics and the Temporal SDK metrics',
        description:
          'Prometheus text exposition format. No authentication: expose it only on a network Prometheus reaches (see docs/observability.md).',
        security: NO_AUTH,
        responses: {
          '200': {
            description: 'Metrics',
            content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } },
          },
        },
      },
    },
    {
      method: 'get',
      path: '/openapi.json',
      operation: {
        operationId: 'openapi',
        tags: ['operations'],
        summary: 'This document',
        security: NO_AUTH,
        responses: { '200': ok('OpenAPI 3.1 document') },
      },
    },
  ]);
}
