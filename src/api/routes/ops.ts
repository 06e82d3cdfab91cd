import type { UpdateDefinition } from '@temporalio/common';
import { Router } from 'express';
import { type ZodType, z } from 'zod';
import {
  cancelBookingUpdate,
  type LeadBookingSnapshot,
  leadBookingWorkflowId,
  markBookedUpdate,
  reofferUpdate,
  retryBookingUpdate,
} from '../../../workflows/messages';
import { BOOKING_STATUSES } from '../../booking/bookingSearch';
import { AppError } from '../../errors';
import { calendlyScheduledEventUri, freeText, IdString } from '../../lib/safeText';
import { PROVIDER_NAMES } from '../../providers/names';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import {
  ADMIN_TOKEN,
  docs,
  errors,
  json,
  ok,
  pathParam,
  queryParams,
  type RouteDocs,
  ref,
} from '../docs/registry';
import { parseOrThrow } from '../errors';

/** One fix action: the body it takes and the workflow Update it becomes. */
const action = <S extends ZodType>(
  schema: S,
  update: UpdateDefinition<LeadBookingSnapshot, [z.infer<S>]>,
) => ({
  schema,
  update,
});

/**
 * The operator fix actions, action → body schema → workflow Update (whose validator checks the state).
 * `scheduledEventUri` must be an https Calendly scheduled event URI (http only for the configured local
 * Calendly sandbox).
 */
export function opsActionsFor(calendlyHttpOrigins: readonly string[] = []) {
  return {
    retry: action(z.object({ note: freeText(500).optional() }).strict(), retryBookingUpdate),
    cancel: action(z.object({ reason: freeText(500).min(1) }).strict(), cancelBookingUpdate),
    reoffer: action(z.object({ reason: freeText(500).optional() }).strict(), reofferUpdate),
    'mark-booked': action(
      z
        .object({
          bookingId: IdString,
          startTime: z.iso.datetime({ offset: true }),
          scheduledEventUri: calendlyScheduledEventUri(calendlyHttpOrigins).optional(),
          note: freeText(500).optional(),
        })
        .strict(),
      markBookedUpdate,
    ),
  } as const;
}
const OPS_ACTIONS = opsActionsFor();
export type OpsAction = keyof typeof OPS_ACTIONS;
/** The bodies alone (the API document and the tests read them). */
export const opsActionSchemas = Object.fromEntries(
  Object.entries(OPS_ACTIONS).map(([name, a]) => [name, a.schema]),
) as { [A in OpsAction]: (typeof OPS_ACTIONS)[A]['schema'] };

/** The action named in the path, looked up as an own key only: `__proto__`, `toString`... are unknown actions. */
export function opsActionNamed(name: string): OpsAction | undefined {
  return Object.hasOwn(OPS_ACTIONS, name) ? (name as OpsAction) : undefined;
}

export const opsListQuerySchema = z
  .object({
    needsAttention: z.enum(['true', 'false']).optional(),
    clientId: IdString.optional(),
    status: z.enum(BOOKING_STATUSES).optional(),
    provider: z.enum(PROVIDER_NAMES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** `lead-booking:<clientId>:<leadId>`, its prefix taken from the workflow's own id function. */
export const WORKFLOW_ID_PREFIX = leadBookingWorkflowId('', '').split(':')[0] ?? '';
export const workflowIdSchema = z
  .string()
  .max(450, 'not a lead booking workflow id (too long)')
  .regex(
    new RegExp(`^${WORKFLOW_ID_PREFIX}:[^:\\s]{1,200}:[^:\\s]{1,200}$`),
    'not a lead booking workflow id',
  );

/** Operators' endpoints (ADMIN_API_TOKEN): find stuck bookings and fix them without SQL. */
export function opsRoutes(deps: ApiDeps): Router {
  const r = Router();
  const admin = requireBearer(deps.config.ADMIN_API_TOKEN, 'ADMIN_API_TOKEN');
  const calendlyOrigin = deps.config.CALENDLY_API_BASE_URL
    ? new URL(deps.config.CALENDLY_API_BASE_URL).origin
    : undefined;
  const actions = opsActionsFor(calendlyOrigin?.startsWith('http:') ? [calendlyOrigin] : []);

  r.get('/api/ops/bookings', admin, async (req, res) => {
    const q = parseOrThrow(opsListQuerySchema, req.query, 'query');
    const { query, bookings } = await deps.workflows.search(
      {
        needsAttention: q.needsAttention === undefined ? undefined : q.needsAttention === 'true',
        clientId: q.clientId,
        status: q.status,
        provider: q.provider,
      },
      q.limit,
    );
    res.json({ query, count: bookings.length, bookings });
  });

  r.post('/api/ops/bookings/:workflowId/:action', admin, async (req, res) => {
    const workflowId = parseOrThrow(workflowIdSchema, req.params.workflowId, 'workflow id');
    const name = opsActionNamed(req.params.action as string);
    if (!name)
      throw new AppError('not_found', `unknown action; use one of ${Object.keys(OPS_ACTIONS).join(', ')}`);
    const { schema, update } = actions[name] as {
      schema: ZodType;
      update: UpdateDefinition<LeadBookingSnapshot, [unknown]>;
    };
    const state = await deps.workflows.fix(workflowId, update, parseOrThrow(schema, req.body ?? {}));
    deps.logger.info({ workflowId, action: name }, 'operator action applied');
    res.json({ action: name, state });
  });
  return r;
}

const actionSchemaName = (a: string) =>
  `OpsAction${a.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`;

export function opsDocs(): RouteDocs {
  const names = Object.keys(opsActionSchemas) as OpsAction[];
  const admin = { tags: ['operations'], security: ADMIN_TOKEN };
  return docs(
    [
      {
        method: 'get',
        path: '/api/ops/bookings',
        operation: {
          ...admin,
          operationId: 'listBookings',
          summary: 'Find booking workflows by state (e.g. `needsAttention=true`) through Temporal visibility',
          parameters: queryParams(opsListQuerySchema),
          responses: {
            '200': ok(
              '`{ query, count, bookings: [{ workflowId, runId, clientId, leadId, bookingStatus, ... }] }`',
            ),
            ...errors('400', '401', '500'),
          },
        },
      },
      {
        method: 'post',
        path: '/api/ops/bookings/:workflowId/:action',
        operation: {
          ...admin,
          operationId: 'bookingAction',
          summary: `Operator fix on one booking workflow: ${names.join(', ')}`,
          description: `A workflow Update whose validator checks the booking's state (409 when it does not fit). The body depends on the action: ${names.map((a) => `\`${a}\` → ${actionSchemaName(a)}`).join(', ')}.`,
          parameters: [
            pathParam(
              'workflowId',
              { type: 'string', pattern: `^${WORKFLOW_ID_PREFIX}:[^:]+:[^:]+$` },
              `Booking workflow id, \`${leadBookingWorkflowId('<clientId>', '<leadId>')}\``,
            ),
            pathParam('action', { type: 'string', enum: names }),
          ],
          requestBody: {
            required: false,
            content: json({ anyOf: names.map((a) => ref(actionSchemaName(a))) }),
          },
          responses: {
            '200': ok('`{ action, state }` with the workflow state after the Update'),
            ...errors('400', '401', '404', '409', '413', '415', '500'),
          },
        },
      },
    ],
    Object.fromEntries(names.map((a) => [actionSchemaName(a), opsActionSchemas[a]])),
  );
}
