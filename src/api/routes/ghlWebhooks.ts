import { Router } from 'express';
import { AppError } from '../../errors';
import { IdString } from '../../lib/safeText';
import { countWebhookRejections } from '../../observability/metrics';
import {
  GHL_SIGNATURE_HEADER,
  isFreshGhlWebhook,
  parseGhlWebhook,
  verifyGhlSignature,
} from '../../providers/ghl/webhooks';
import type { ApiDeps } from '../deps';
import { parseOrThrow } from '../errors';
import { rawBodyOf } from '../input/jsonBody';
import { acceptVerifiedWebhook, parseWebhookJson } from '../webhookIntake';

/**
 * GHL webhooks for one workspace. Order matters: signature over the raw bytes first, then JSON and
 * schema, freshness, workspace match; only then is anything written (so rejected input changes nothing).
 */
export function ghlWebhookRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/api/webhooks/ghl/:clientId', async (req, res) => {
    // The edge (src/api/input) already refused non-JSON, NUL, deep or malformed bodies and bad paths.
    const clientId = parseOrThrow(IdString, req.params.clientId, 'workspace id');
    const raw = rawBodyOf(req);
    const signature = req.header(GHL_SIGNATURE_HEADER);
    if (!signature) throw new AppError('unauthorized', `missing ${GHL_SIGNATURE_HEADER} header`);
    if (!verifyGhlSignature(raw, signature, deps.ghlWebhookPublicKey))
      throw new AppError('unauthorized', `${GHL_SIGNATURE_HEADER} does not match the body`);
    const parsed = parseGhlWebhook(parseWebhookJson(raw));
    if (parsed.kind === 'invalid')
      throw new AppError('validation_failed', `invalid GHL webhook: ${parsed.message}`);
    if (parsed.kind === 'ignored') {
      deps.metrics.webhookEvents.inc({ provider: 'ghl', result: 'ignored' });
      res.status(200).json({ received: true, ignored: `event type ${parsed.type} is not used` });
      return;
    }
    const event = parsed.event;
    if (!isFreshGhlWebhook(event.timestamp, deps.config.WEBHOOK_MAX_AGE_SECONDS))
      throw new AppError(
        'unauthorized',
        `webhook timestamp ${event.timestamp} is outside the ${deps.config.WEBHOOK_MAX_AGE_SECONDS}s window`,
      );
    const client = await deps.db.client.findUnique({
      where: { id: clientId },
      select: { ghlLocationId: true },
    });
    if (!client) throw new AppError('not_found', `unknown workspace ${clientId}`);
    if (client.ghlLocationId !== event.locationId)
      throw new AppError(
        'forbidden',
        `webhook location ${event.locationId} does not belong to workspace ${clientId}`,
      );

    await acceptVerifiedWebhook(deps, res, {
      provider: 'ghl',
      clientId,
      eventKey: event.webhookId,
      eventType: event.type,
      payload: event as object,
    });
  });
  r.use('/api/webhooks/ghl/:clientId', countWebhookRejections(deps.metrics, 'ghl'));
  return r;
}
