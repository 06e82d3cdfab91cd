import { Router } from 'express';
import { AppError } from '../../errors';
import { IdString } from '../../lib/safeText';
import { countWebhookRejections } from '../../observability/metrics';
import {
  CALENDLY_SIGNATURE_HEADER,
  calendlyEventKey,
  parseCalendlyWebhook,
  verifyCalendlySignature,
} from '../../providers/calendly/webhooks';
import type { ApiDeps } from '../deps';
import { parseOrThrow } from '../errors';
import { rawBodyOf } from '../input/jsonBody';
import { acceptVerifiedWebhook, parseWebhookJson } from '../webhookIntake';

const SIGNATURE_FAILURES = {
  missing: `missing ${CALENDLY_SIGNATURE_HEADER} header`,
  malformed: `${CALENDLY_SIGNATURE_HEADER} is malformed (expected t=<unix seconds>,v1=<hex>)`,
  mismatch: `${CALENDLY_SIGNATURE_HEADER} does not match the body`,
  expired: `${CALENDLY_SIGNATURE_HEADER} timestamp is outside the allowed window`,
} as const;

/**
 * Calendly webhooks for one workspace: the signature is checked over the raw bytes with that
 * workspace's signing key (constant time, stale timestamps rejected) before anything is parsed or
 * written; the event is stored under (event name + invitee URI) before we answer 2xx.
 */
export function calendlyWebhookRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/api/webhooks/calendly/:clientId', async (req, res) => {
    // The edge (src/api/input) already refused non-JSON, NUL, deep or malformed bodies and bad paths.
    const clientId = parseOrThrow(IdString, req.params.clientId, 'workspace id');
    const connection = await deps.db.calendlyConnection.findUnique({ where: { clientId } });
    if (!connection)
      throw new AppError('not_found', `unknown workspace ${clientId} (or it is not connected to Calendly)`);
    const raw = rawBodyOf(req);

    if (connection.signingKeyEnc) {
      const check = verifyCalendlySignature({
        header: req.header(CALENDLY_SIGNATURE_HEADER),
        rawBody: raw,
        signingKey: deps.secrets.decrypt(connection.signingKeyEnc),
        toleranceSeconds: Math.min(deps.config.WEBHOOK_MAX_AGE_SECONDS, 180),
      });
      if (!check.ok) throw new AppError('unauthorized', SIGNATURE_FAILURES[check.reason]);
    } else if (!connection.allowUnsignedWebhooks) {
      throw new AppError(
        'unauthorized',
        'this workspace has no Calendly signing key; unsigned webhooks are refused',
      );
    } else {
      deps.logger.warn(
        { clientId },
        'ACCEPTING AN UNSIGNED CALENDLY WEBHOOK (allowUnsignedWebhooks is on for this workspace)',
      );
    }

    const parsed = parseCalendlyWebhook(parseWebhookJson(raw));
    if (parsed.kind === 'invalid')
      throw new AppError('validation_failed', `invalid Calendly webhook: ${parsed.message}`);
    if (parsed.kind === 'ignored') {
      deps.metrics.webhookEvents.inc({ provider: 'calendly', result: 'ignored' });
      res.status(200).json({ received: true, ignored: `event ${parsed.event} is not used` });
      return;
    }
    await acceptVerifiedWebhook(deps, res, {
      provider: 'calendly',
      clientId,
      eventKey: calendlyEventKey(parsed.event),
      eventType: parsed.event.event,
      payload: parsed.event as object,
    });
  });
  r.use('/api/webhooks/calendly/:clientId', countWebhookRejections(deps.metrics, 'calendly'));
  return r;
}
