import express, { type Express } from 'express';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler } from './errors';
import { readJsonBody } from './input/jsonBody';
import { hardenRequestLine } from './input/requestLine';
import { createRejectionLog } from './rejectionLog';
import { requestLog } from './requestLog';
import { calendarLinkRoutes } from './routes/calendarLinks';
import { healthRoutes } from './routes/health';
import { inboundMessageRoutes } from './routes/inboundMessages';
import { integrationRoutes } from './routes/integrations';
import { leadRoutes } from './routes/leads';
import { observabilityRoutes } from './routes/observability';
import { opsRoutes } from './routes/ops';
import { webhookRoutes } from './routes/webhooks';
import { workspaceRoutes } from './routes/workspaces';
import { routeLabeler } from './routeTable';

/**
 * The Express app. One input-hardening edge serves every route before routing: the request line and
 * headers (src/api/input/requestLine.ts), then the body (src/api/input/jsonBody.ts: JSON only, depth,
 * NUL, surrogates; raw bytes kept for webhook signatures). Refused requests are counted and logged
 * sampled (rejectionLog.ts).
 */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const rejections = createRejectionLog({ registry: deps.metrics.registry, logger: deps.logger });
  app.use(requestLog(deps.logger, { log: rejections, routeOf: routeLabeler(app) }));
  app.use(hardenRequestLine);
  app.use(readJsonBody(deps.config.BODY_LIMIT));
  app.use(healthRoutes(deps));
  app.use(observabilityRoutes(deps));
  app.use(webhookRoutes(deps));
  app.use(inboundMessageRoutes(deps));
  app.use(leadRoutes(deps));
  app.use(integrationRoutes(deps));
  app.use(workspaceRoutes(deps));
  app.use(calendarLinkRoutes(deps));
  app.use(opsRoutes(deps));
  app.use(notFoundHandler);
  app.use(
    errorHandler((err, req) =>
      deps.logger.error({ err, method: req.method, path: req.path }, 'request failed'),
    ),
  );
  return app;
}
