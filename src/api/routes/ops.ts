import { WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import {
  cancelBookingUpdate,
  type LeadBookingSnapshot,
  markBookedUpdate,
  reofferUpdate,
  retryBookingUpdate,
} from '../../../workflows/messages';
import { bookingSearchQuery } from '../../booking/bookingSearch';
import { AppError } from '../../errors';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import { parseOrThrow } from '../errors';

/** Bodies of the operator fix actions; each is a workflow Update whose validator checks the state. */
export const opsActionSchemas = {
  retry: z.object({ note: z.string().max(500).optional() }).strict(),
  cancel: z.object({ reason: z.string().min(1).max(500) }).strict(),
  reoffer: z.object({ reason: z.string().max(500).optional() }).strict(),
  'mark-booked': z
    .object({
      bookingId: z.string().min(1).max(500),
      startTime: z.iso.datetime({ offset: true }),
      scheduledEventUri: z.url().optional(),
      note: z.string().max(500).optional(),
    })
    .strict(),
} as const;

export type OpsAction = keyof typeof opsActionSchemas;

export const opsListQuerySchema = z
  .object({
    needsAttention: z.enum(['true', 'false']).optional(),
    clientId: z.string().min(1).max(100).optional(),
    status: z
      .enum([
        'new',
        'offered',
        'awaiting_reply',
        'booking',
        'booked',
        'canceled',
        'expired',
        'needs_attention',
        'completed',
      ])
      .optional(),
    provider: z.enum(['ghl', 'calendly']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

const workflowIdSchema = z.string().regex(/^lead-booking:[^:]+:[^:]+$/, 'not a lead booking workflow id');

/** Operators' endpoints (ADMIN_API_TOKEN): find stuck bookings and fix them without SQL. */
export function opsRoutes(deps: ApiDeps): Router {
  const r = Router();
  const admin = requireBearer(deps.config.ADMIN_API_TOKEN, 'ADMIN_API_TOKEN');

  r.get('/api/ops/bookings', admin, async (req, res) => {
    const q = parseOrThrow(opsListQuerySchema, req.query, 'query');
    const query = bookingSearchQuery({
      needsAttention: q.needsAttention === undefined ? undefined : q.needsAttention === 'true',
      clientId: q.clientId,
      status: q.status,
      provider: q.provider,
    });
    const bookings = [];
    for await (const wf of deps.temporal.workflow.list({ query })) {
      const sa = wf.typedSearchAttributes;
      const get = (name: string) => sa.getAll().find((p) => p.key.name === name)?.value;
      bookings.push({
        workflowId: wf.workflowId,
        runId: wf.runId,
        clientId: get('ClientId'),
        leadId: get('LeadId'),
        bookingStatus: get('BookingStatus'),
        provider: get('BookingProvider') ?? null,
        needsAttention: get('NeedsAttention') ?? false,
        attentionReason: get('AttentionReason') ?? null,
        meetingStartTime: get('MeetingStartTime') ?? null,
        startedAt: wf.startTime,
      });
      if (bookings.length >= q.limit) break;
    }
    res.json({ query, count: bookings.length, bookings });
  });

  r.post('/api/ops/bookings/:workflowId/:action', admin, async (req, res) => {
    const workflowId = parseOrThrow(workflowIdSchema, req.params.workflowId, 'workflow id');
    const action = req.params.action as string;
    if (!(action in opsActionSchemas))
      throw new AppError(
        'not_found',
        `unknown action ${action}; use one of ${Object.keys(opsActionSchemas).join(', ')}`,
      );
    const handle = deps.temporal.workflow.getHandle(workflowId);
    const body = req.body ?? {};
    let state: LeadBookingSnapshot;
    try {
      switch (action as OpsAction) {
        case 'retry':
          state = await handle.executeUpdate(retryBookingUpdate, {
            args: [parseOrThrow(opsActionSchemas.retry, body)],
          });
          break;
        case 'cancel':
          state = await handle.executeUpdate(cancelBookingUpdate, {
            args: [parseOrThrow(opsActionSchemas.cancel, body)],
          });
          break;
        case 'reoffer':
          state = await handle.executeUpdate(reofferUpdate, {
            args: [parseOrThrow(opsActionSchemas.reoffer, body)],
          });
          break;
        case 'mark-booked':
          state = await handle.executeUpdate(markBookedUpdate, {
            args: [parseOrThrow(opsActionSchemas['mark-booked'], body)],
          });
          break;
      }
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new AppError('not_found', `no running booking workflow ${workflowId}`);
      throw err;
    }
    deps.logger.info({ workflowId, action }, 'operator action applied');
    res.json({ action, state });
  });
  return r;
}
