import type { Response } from 'express';
import { deliverStoredEvent, persistWebhookEvent, type VerifiedWebhookEvent } from '../booking/webhookInbox';
import { AppError } from '../errors';
import { countWebhookDelivery } from '../observability/metrics';
import type { ApiDeps } from './deps';

/** The JSON of a webhook whose raw bytes were already authenticated. */
export function parseWebhookJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'webhook body is not valid JSON');
  }
}

/**
 * The common tail of every provider webhook once it is verified: store it under its idempotency key
 * (a duplicate answers 2xx and does nothing), hand it to its workflow, answer 2xx. A failed hand-over
 * stays queued for the redelivery loop, so the 2xx never loses an event.
 */
export async function acceptVerifiedWebhook(
  deps: ApiDeps,
  res: Response,
  event: VerifiedWebhookEvent,
): Promise<void> {
  const { provider } = event;
  const stored = await persistWebhookEvent(deps.db, event);
  if (stored.duplicate) {
    deps.metrics.webhookEvents.inc({ provider, result: 'duplicate' });
    res.status(200).json({ received: true, duplicate: true });
    return;
  }
  deps.metrics.webhookEvents.inc({ provider, result: 'stored' });
  const outcome = await deliverStoredEvent(deps.db, deps.deliverers[provider], stored.id, deps.logger, {
    maxAttempts: deps.config.WEBHOOK_REDELIVERY_MAX_ATTEMPTS,
    registry: deps.metrics.registry,
  });
  countWebhookDelivery(deps.metrics, provider, outcome);
  res.status(200).json({ received: true, duplicate: false, delivery: outcome?.status ?? 'queued' });
}
