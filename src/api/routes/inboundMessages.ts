import { Router } from 'express';
import { z } from 'zod';
import { ingestInboundMessage } from '../../booking/inboundMessages';
import { freeText, IdString } from '../../lib/safeText';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import { API_TOKEN, body, docs, errors, jsonSchemaOf, ok, type RouteDocs } from '../docs/registry';
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

/**
 * The inbound-message handler service posts every lead message here. A `ghlContactId` with no lead yet
 * makes the lead from GHL's contact (404 when GHL does not know it either).
 */
export function inboundMessageRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/api/inbound-messages', requireBearer(deps.config.API_TOKEN, 'API_TOKEN'), async (req, res) => {
    const msg = parseOrThrow(inboundMessageSchema, req.body);
    const outcome = await ingestInboundMessage(deps.db, deps.workflows, msg, deps.metrics, deps.contacts);
    res.status(200).json(outcome);
  });
  return r;
}

export function inboundMessageDocs(): RouteDocs {
  const inbound = jsonSchemaOf(inboundMessageSchema);
  // The refinement zod cannot express in JSON Schema: exactly one of leadId / ghlContactId.
  inbound.oneOf = [{ required: ['leadId'] }, { required: ['ghlContactId'] }];
  return docs(
    [
      {
        method: 'post',
        path: '/api/inbound-messages',
        operation: {
          operationId: 'postInboundMessage',
          tags: ['leads'],
          summary: "A lead's message, handed to the lead's booking workflow (idempotent on messageId)",
          security: API_TOKEN,
          requestBody: body('InboundMessage'),
          responses: {
            '200': ok(
              'What the workflow made of the reply: `result` is slot_accepted | confirmation_requested | counter_offered | declined | question | not_understood | no_active_offer | duplicate',
              {
                type: 'object',
                properties: {
                  duplicate: { type: 'boolean' },
                  leadId: { type: 'string' },
                  result: { type: 'string' },
                  evidence: { type: 'array', items: { type: 'string' } },
                },
                required: ['duplicate', 'leadId', 'result'],
              },
            ),
            ...errors('400', '401', '404', '413', '415', '500'),
          },
        },
      },
    ],
    { InboundMessage: inbound },
  );
}
