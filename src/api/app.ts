import express, { type Express } from 'express';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler } from './errors';
import { requestLog } from './requestLog';
import { calendlyIntegrationRoutes } from './routes/calendlyIntegration';
import { calendlyWebhookRoutes } from './routes/calendlyWebhooks';
import { ghlWebhookRoutes } from './routes/ghlWebhooks';
import { healthRoutes } from './routes/health';
import { inboundMessageRoutes } from './routes/inboundMessages';
import { leadRoutes } from './routes/leads';
import { observabilityRoutes } from './routes/observability';
import { opsRoutes } from './routes/ops';
import { workspaceRoutes } from './routes/workspaces';

/** The Express app. Webhook routes read raw bytes (signatures), so they mount before the JSON parser. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestLog(deps.logger));
  app.use(healthRoutes(deps));
  app.use(observabilityRoutes(deps));
  app.use(ghlWebhookRoutes(deps));
  app.use(calendlyWebhookRoutes(deps));
  app.use(
    express.json({
      limit: deps.config.BODY_LIMIT,
      strict: true,
      type: ['application/json', 'application/*+json'],
    }),
  );
  app.use(inboundMessageRoutes(deps));
  app.use(leadRoutes(deps));
  app.use(calendlyIntegrationRoutes(deps));
  app.use(workspaceRoutes(deps));
  app.use(opsRoutes(deps));
  app.use(notFoundHandler);
  app.use(
    errorHandler((err, req) =>
      deps.logger.error({ err, method: req.method, path: req.path }, 'request failed'),
    ),
  );
  return app;
}
