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
import { calendlyScheduledEventUri, freeText, IdString } from '../../lib/safeText';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import { parseOrThrow } from '../errors';

/**
 * Bodies of the operator fix actions; each is a workflow Update whose validator checks the state.
 * `scheduledEventUri` must be an https Calendly scheduled event URI (http only for the configured local
 * Calendly sandbox): see opsActionSchemasFor.
 */
export function opsActionSchemasFor(calendlyHttpOrigins: readonly string[] = []) {
  return {
    retry: z.object({ note: freeText(500).optional() }).strict(),
    cancel: z.object({ reason: freeText(500).min(1) }).strict(),
    reoffer: z.object({ reason: freeText(500).optional() }).strict(),
    'mark-booked': z
      .object({
        bookingId: IdString,
        startTime: z.iso.datetime({ offset: true }),
        scheduledEventUri: calendlyScheduledEventUri(calendlyHttpOrigins).optional(),
        note: freeText(500).optional(),
      })
      .strict(),
  } as const;
}
export const opsActionSchemas = opsActionSchemasFor();

export type OpsAction = keyof typeof opsActionSchemas;

/** The action named in the path, looked up as an own key only: `__proto__`, `toString`... are unknown actions. */
export function opsActionNamed(name: string): OpsAction | undefined {
  return Object.hasOwn(opsActionSchemas, name) ? (name as OpsAction) : undefined;
}

export const opsListQuerySchema = z
  .object({
    needsAttention: z.enum(['true', 'false']).optional(),
    clientId: IdString.optional(),
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

const workflowIdSchema = z
  .string()
  .max(450, 'not a lead booking workflow id (too long)')
  .regex(/^lead-booking:[^:\s]{1,200}:[^:\s]{1,200}$/, 'not a lead booking workflow id');

/** Operators' endpoints (ADMIN_API_TOKEN): find stuck bookings and fix them without SQL. */
export function opsRoutes(deps: ApiDeps): Router {
  const r = Router();
  const admin = requireBearer(deps.config.ADMIN_API_TOKEN, 'ADMIN_API_TOKEN');
  const calendlyOrigin = deps.config.CALENDLY_API_BASE_URL
    ? new URL(deps.config.CALENDLY_API_BASE_URL).origin
    : undefined;
  const schemas = opsActionSchemasFor(calendlyOrigin?.startsWith('http:') ? [calendlyOrigin] : []);

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
    const action = opsActionNamed(req.params.action as string);
    if (!action)
      throw new AppError(
        'not_found',
        `unknown action; use one of ${Object.keys(opsActionSchemas).join(', ')}`,
      );
    const handle = deps.temporal.workflow.getHandle(workflowId);
    const body = req.body ?? {};
    let state: LeadBookingSnapshot;
    try {
      switch (action) {
        case 'retry':
          state = await handle.executeUpdate(retryBookingUpdate, {
            args: [parseOrThrow(schemas.retry, body)],
          });
          break;
        case 'cancel':
          state = await handle.executeUpdate(cancelBookingUpdate, {
            args: [parseOrThrow(schemas.cancel, body)],
          });
          break;
        case 'reoffer':
          state = await handle.executeUpdate(reofferUpdate, {
            args: [parseOrThrow(schemas.reoffer, body)],
          });
          break;
        case 'mark-booked':
          state = await handle.executeUpdate(markBookedUpdate, {
            args: [parseOrThrow(schemas['mark-booked'], body)],
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
