import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors';
import { leadUpsertSchema, upsertLead } from '../../leads/leadDirectory';
import { IdString } from '../../lib/safeText';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import { API_TOKEN, body, docs, errors, ok, pathParam, queryParams, type RouteDocs } from '../docs/registry';
import { parseOrThrow } from '../errors';

// clientId is optional (a lead id is unique); when given, the lead must belong to that workspace.
export const offerBodySchema = z
  .object({ clientId: IdString.optional(), refresh: z.boolean().optional() })
  .strict();
export const bookingQuerySchema = z.object({ clientId: IdString.optional() }).strict();

export function leadRoutes(deps: ApiDeps): Router {
  const r = Router();
  const auth = requireBearer(deps.config.API_TOKEN, 'API_TOKEN');

  /** The lead's workspace; 404 for an unknown lead or one outside the given workspace. */
  async function workspaceOf(leadId: string, clientId: string | undefined): Promise<string> {
    const lead = await deps.db.lead.findFirst({
      where: { id: leadId, ...(clientId ? { clientId } : {}) },
      select: { clientId: true },
    });
    if (!lead)
      throw new AppError('not_found', `unknown lead ${leadId}${clientId ? ` in workspace ${clientId}` : ''}`);
    return lead.clientId;
  }

  /** Starts (or attaches to) the lead's booking workflow and returns the slots to send the lead. */
  r.post('/api/leads/:leadId/offers', auth, async (req, res) => {
    const leadId = parseOrThrow(IdString, req.params.leadId, 'lead id');
    const body = parseOrThrow(offerBodySchema, req.body ?? {});
    const clientId = await workspaceOf(leadId, body.clientId);
    const result = await deps.workflows.offer(clientId, leadId, body.refresh ?? false);
    if (result.result === 'no_slots') throw new AppError('conflict', `no slots to offer: ${result.reason}`);
    if (result.result === 'already_booked')
      throw new AppError(
        'conflict',
        `the lead is already booked (${result.provider} booking ${result.bookingId}); no slots offered`,
        { provider: result.provider, bookingId: result.bookingId },
      );
    res.status(result.result === 'offered' ? 201 : 200).json(result);
  });

  /**
   * Leads enter here (or through GHL's contact webhooks): upsert by the lead's GHL contact id, then the
   * lead with its booking state (null until its first offer). 201 when created, 200 when updated.
   */
  r.put('/api/workspaces/:clientId/leads/:externalId', auth, async (req, res) => {
    const clientId = parseOrThrow(IdString, req.params.clientId, 'workspace id');
    const externalId = parseOrThrow(IdString, req.params.externalId, 'external id');
    const input = parseOrThrow(leadUpsertSchema, req.body ?? {});
    const { lead, created } = await upsertLead(deps.db, clientId, externalId, input);
    const booking = created ? undefined : await deps.workflows.state(clientId, lead.id);
    res.status(created ? 201 : 200).json({ lead, booking: booking ?? null });
  });

  r.get('/api/leads/:leadId/booking', auth, async (req, res) => {
    const leadId = parseOrThrow(IdString, req.params.leadId, 'lead id');
    const query = parseOrThrow(bookingQuerySchema, req.query, 'query');
    const clientId = await workspaceOf(leadId, query.clientId);
    const state = await deps.workflows.state(clientId, leadId);
    if (!state) throw new AppError('not_found', `lead ${leadId} has no booking workflow yet`);
    res.json(state);
  });
  return r;
}

export function leadDocs(): RouteDocs {
  const leadId = pathParam('leadId', IdString, 'Lead id');
  return docs(
    [
      {
        method: 'post',
        path: '/api/leads/:leadId/offers',
        operation: {
          operationId: 'offerSlots',
          tags: ['leads'],
          summary: "Starts (or attaches to) the lead's booking workflow and returns the slots to offer",
          security: API_TOKEN,
          parameters: [leadId],
          requestBody: body('OfferRequest'),
          responses: {
            '201': ok('A new offer (`result: "offered"`)'),
            '200': ok('The current offer (`result: "already_offered"`)'),
            ...errors('400', '401', '404', '409', '413', '415', '500'),
          },
        },
      },
      {
        method: 'put',
        path: '/api/workspaces/:clientId/leads/:externalId',
        operation: {
          operationId: 'upsertLead',
          tags: ['leads'],
          summary:
            'Creates or updates a lead by its GHL contact id (`externalId`); returns it with its booking state',
          security: API_TOKEN,
          parameters: [
            pathParam('clientId', IdString, 'Workspace id'),
            pathParam('externalId', IdString, "The lead's GHL contact id"),
          ],
          requestBody: body('LeadUpsert'),
          responses: {
            '201': ok('Created: `{ lead, booking: null }`'),
            '200': ok('Updated: `{ lead, booking }` (booking: the workflow state, or null before any offer)'),
            ...errors('400', '401', '404', '409', '413', '415', '500'),
          },
        },
      },
      {
        method: 'get',
        path: '/api/leads/:leadId/booking',
        operation: {
          operationId: 'getBooking',
          tags: ['leads'],
          summary: "The lead's booking workflow state (the `bookingState` query)",
          security: API_TOKEN,
          parameters: [leadId, ...queryParams(bookingQuerySchema)],
          responses: { '200': ok('Booking state'), ...errors('400', '401', '404', '500') },
        },
      },
    ],
    { OfferRequest: offerBodySchema, LeadUpsert: leadUpsertSchema },
  );
}
