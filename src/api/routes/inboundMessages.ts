import { Router } from 'express';
import { z } from 'zod';
import { ingestInboundMessage } from '../../booking/inboundMessages';
import { freeText, IdString } from '../../lib/safeText';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import { parseOrThrow } from '../errors';

export const inboundMessageSchema = z
  .object({
    clientId: IdString,
    leadId: IdString.optional(),
    ghlContactId: IdString.optional(),
    messageId: IdString,
    body: freeText(5000),
    channel: z.enum(['sms', 'email', 'chat', 'SMS', 'Email', 'Live Chat', 'FB', 'IG', 'GMB', 'WhatsApp']),
    receivedAt: z.iso.datetime({ offset: true }),
  })
  .strict()
  .refine((m) => !!m.leadId !== !!m.ghlContactId, {
    message: 'give exactly one of leadId or ghlContactId',
    path: ['leadId'],
  });

/** The inbound-message handler service posts every lead message here. */
export function inboundMessageRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/api/inbound-messages', requireBearer(deps.config.API_TOKEN, 'API_TOKEN'), async (req, res) => {
    const msg = parseOrThrow(inboundMessageSchema, req.body);
    const outcome = await ingestInboundMessage(deps.db, deps.workflows, msg, deps.metrics);
    res.status(200).json(outcome);
  });
  return r;
}
