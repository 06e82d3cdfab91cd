import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import { parseOrThrow } from '../errors';

export const offerBodySchema = z
  .object({ clientId: z.string().min(1), refresh: z.boolean().optional() })
  .strict();
export const bookingQuerySchema = z.object({ clientId: z.string().min(1) });
export const leadIdSchema = z.string().min(1).max(100);

export function leadRoutes(deps: ApiDeps): Router {
  const r = Router();
  const auth = requireBearer(deps.config.API_TOKEN, 'API_TOKEN');

  async function findLead(clientId: string, leadId: string) {
    const lead = await deps.db.lead.findFirst({ where: { id: leadId, clientId }, select: { id: true } });
    if (!lead) throw new AppError('not_found', `unknown lead ${leadId} in workspace ${clientId}`);
  }

  /** Starts (or attaches to) the lead's booking workflow and returns the slots to send the lead. */
  r.post('/api/leads/:leadId/offers', auth, async (req, res) => {
    const leadId = parseOrThrow(leadIdSchema, req.params.leadId, 'lead id');
    const body = parseOrThrow(offerBodySchema, req.body ?? {});
    await findLead(body.clientId, leadId);
    const result = await deps.workflows.offer(body.clientId, leadId, body.refresh ?? false);
    if (result.result === 'no_slots') throw new AppError('conflict', `no slots to offer: ${result.reason}`);
    res.status(result.result === 'offered' ? 201 : 200).json(result);
  });

  r.get('/api/leads/:leadId/booking', auth, async (req, res) => {
    const leadId = parseOrThrow(leadIdSchema, req.params.leadId, 'lead id');
    const { clientId } = parseOrThrow(bookingQuerySchema, req.query, 'query');
    await findLead(clientId, leadId);
    const state = await deps.workflows.state(clientId, leadId);
    if (!state) throw new AppError('not_found', `lead ${leadId} has no booking workflow yet`);
    res.json(state);
  });
  return r;
}
