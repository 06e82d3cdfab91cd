import { type Request, type Response, Router } from 'express';
import { deliverFreshEvent } from '../../booking/webhookInbox';
import { IdString } from '../../lib/safeText';
import { countWebhookDelivery, countWebhookRejections } from '../../observability/metrics';
import type { ProviderModule } from '../../providers/module';
import { providerModules } from '../../providers/registry';
import type { ApiDeps } from '../deps';
import { body, errors, ok, pathParam, type RouteDocs } from '../docs/registry';
import { parseOrThrow } from '../errors';
import { rawBodyOf } from '../input/jsonBody';

/** Express pattern of a provider's webhook route: `/api/webhooks/:provider/:clientId` for that provider. */
const webhookPath = (provider: ProviderModule) => `/api/webhooks/${provider.name}/:clientId`;

/**
 * The one webhook route, `POST /api/webhooks/:provider/:clientId`, registered once per provider of the
 * registry (so the route label of metrics and logs stays `/api/webhooks/ghl/:clientId`...). The provider's
 * webhook part authenticates, parses and names the event key; this stores it under that key before the
 * 2xx answer (a duplicate answers 2xx and does nothing), answers, and hands it to the lead's workflow
 * through the delivery queue (src/booking/webhookDeliveryQueue.ts). A hand-over that fails or never
 * runs stays queued in the database for the redelivery loop, so the 2xx never loses an event.
 */
export function webhookRoutes(deps: ApiDeps): Router {
  const r = Router();
  for (const provider of providerModules()) {
    r.post(webhookPath(provider), (req, res) => receive(deps, provider, req, res));
    r.use(webhookPath(provider), countWebhookRejections(deps.metrics, provider.name));
  }
  return r;
}

async function receive(deps: ApiDeps, provider: ProviderModule, req: Request, res: Response) {
  // The edge (src/api/input) already refused non-JSON, NUL, deep or malformed bodies and bad paths.
  const clientId = parseOrThrow(IdString, req.params.clientId, 'workspace id');
  const intake = await provider.webhook.receive(
    { clientId, rawBody: rawBodyOf(req), header: (name) => req.header(name) },
    deps,
  );
  const name = provider.name;
  if (intake.kind === 'ignored') {
    deps.metrics.webhookEvents.inc({ provider: name, result: 'ignored' });
    res.status(200).json({ received: true, ignored: intake.message });
    return;
  }
  const event = {
    provider: name,
    clientId,
    eventKey: intake.eventKey,
    eventType: intake.eventType,
    payload: intake.payload,
  };
  const stored = await deps.webhookEvents.persist(event);
  if (stored.duplicate) {
    deps.metrics.webhookEvents.inc({ provider: name, result: 'duplicate' });
    res.status(200).json({ received: true, duplicate: true });
    return;
  }
  deps.metrics.webhookEvents.inc({ provider: name, result: 'stored' });
  // Stored is what the 2xx promises; the delivery runs after the answer (a full queue leaves the row
  // to the redelivery loop, like a failed delivery).
  deps.webhookDeliveries.enqueue(async () => {
    const outcome = await deliverFreshEvent(deps.db, deps.deliverers[name], stored.id, event, deps.logger, {
      maxAttempts: deps.config.WEBHOOK_REDELIVERY_MAX_ATTEMPTS,
      registry: deps.metrics.registry,
      recordOutcome: (id, outcome) => deps.webhookEvents.recordOutcome(id, outcome),
    });
    countWebhookDelivery(deps.metrics, name, outcome);
  });
  res.status(200).json({ received: true, duplicate: false, delivery: 'queued' });
}

/** One entry per provider, from its webhook part's description and body schema. */
export function webhookDocs(): RouteDocs {
  const docs: RouteDocs = { routes: [], schemas: {}, securitySchemes: {} };
  for (const provider of providerModules()) {
    const d = provider.webhook.openapi;
    docs.schemas[d.body.name] = d.body.schema;
    docs.securitySchemes[d.signature.scheme] = {
      type: 'apiKey',
      in: 'header',
      name: d.signature.header,
      description: d.signature.description,
    };
    docs.routes.push({
      method: 'post',
      path: webhookPath(provider),
      operation: {
        operationId: `${provider.name}Webhook`,
        tags: ['webhooks'],
        summary: d.summary,
        description: d.description,
        security: [{ [d.signature.scheme]: [] }],
        parameters: [
          pathParam('clientId', { type: 'string', minLength: 1 }, 'Workspace the webhook belongs to'),
        ],
        requestBody: body(d.body.name),
        responses: { '200': ok('Received (stored, duplicate or ignored)'), ...errors(...d.errors) },
      },
    });
  }
  return docs;
}
