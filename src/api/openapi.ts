import { type ZodType, z } from 'zod';
import type { AppErrorCode } from '../errors';
import { calendlyWebhookEventSchema } from '../providers/calendly/schemas';
import { CALENDLY_SIGNATURE_HEADER } from '../providers/calendly/webhooks';
import { ghlWebhookEventSchema } from '../providers/ghl/schemas';
import { GHL_SIGNATURE_HEADER } from '../providers/ghl/webhooks';
import {
  createWorkspaceSchema,
  idempotencyKeySchema,
  replaceMembersSchema,
  settingsPatchSchema,
  clientIdSchema as workspaceIdSchema,
} from '../workspaces/schemas';
import { connectBodySchema, clientIdSchema as integrationClientIdSchema } from './routes/calendlyIntegration';
import { inboundMessageSchema } from './routes/inboundMessages';
import { bookingQuerySchema, leadIdSchema, offerBodySchema } from './routes/leads';
import { opsActionSchemas, opsListQuerySchema } from './routes/ops';

/**
 * The API's OpenAPI 3.1 document (`GET /openapi.json`). Request bodies, query strings and path
 * parameters are generated from the same zod schemas the routes validate with (`z.toJSONSchema`, input
 * side), so the document cannot drift from what is enforced; test/observability/openapi.test.ts fails
 * when a route is registered without being documented here.
 */

type Json = Record<string, unknown>;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a zod schema accepts as input. */
export function jsonSchemaOf(schema: ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Json;
  return rest;
}

/** Every `error.code` the API answers with (src/errors.ts). */
const ERROR_CODES: readonly AppErrorCode[] = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable',
  'unavailable',
  'internal',
];

const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [AppErrorCode, ...AppErrorCode[]]),
      message: z.string(),
      details: z
        .union([
          z.array(z.object({ path: z.string(), message: z.string() })),
          z.record(z.string(), z.unknown()),
        ])
        .optional()
        .describe('zod field errors (`[{ path, message }]`) for validation_failed'),
    }),
  })
  .describe('The one error shape of every endpoint');

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });
const body = (name: string, required = true) => ({ required, content: json(ref(name)) });
const ok = (description: string, schema: Json = { type: 'object' }) => ({
  description,
  content: json(schema),
});

const ERROR_RESPONSES: Record<string, string> = {
  '400':
    'Malformed JSON or field errors (`validation_failed`, zod issues in `details`); NUL, lone surrogates, control characters, bad percent-encoding, over-long ids or JSON nested deeper than 32 levels (`bad_request`, `details.reason`)',
  '401': 'Missing or wrong credentials',
  '403': 'Authenticated, but not allowed for this resource',
  '404': 'Unknown workspace, lead, workflow or route',
  '409': 'The action does not fit the current state',
  '413': 'Body larger than BODY_LIMIT',
  '415': 'A body that is not application/json in UTF-8 (also where the body is optional; send none instead)',
  '500': 'Internal error',
  '503': 'A dependency (database, Temporal) or a required setting is unavailable',
};
const errors = (...codes: string[]) =>
  Object.fromEntries(codes.map((c) => [c, { $ref: `#/components/responses/Error${c}` }] as const)) as Record<
    string,
    Json
  >;

function pathParam(name: string, schema: ZodType | Json, description?: string): Json {
  return {
    name,
    in: 'path',
    required: true,
    ...(description ? { description } : {}),
    schema: schema instanceof z.ZodType ? jsonSchemaOf(schema) : schema,
  };
}

/** Query parameters from a zod object schema (one parameter per property). */
function queryParams(schema: ZodType): Json[] {
  const js = jsonSchemaOf(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    schema: s,
  }));
}

const API_TOKEN = [{ apiToken: [] }];
const ADMIN_TOKEN = [{ adminToken: [] }];
const NO_AUTH: Json[] = [];

const readyzSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    checks: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['status', 'checks'],
};

export interface OpenApiOptions {
  /** Server URL advertised in the document (PUBLIC_BASE_URL); `/` (same origin) when unset. */
  serverUrl?: string;
}

export function buildOpenApiDocument(opts: OpenApiOptions = {}): Json {
  const inbound = jsonSchemaOf(inboundMessageSchema);
  // The refinement zod cannot express in JSON Schema: exactly one of leadId / ghlContactId.
  inbound.oneOf = [{ required: ['leadId'] }, { required: ['ghlContactId'] }];

  const actions = Object.keys(opsActionSchemas) as (keyof typeof opsActionSchemas)[];
  const actionSchemaName = (a: string) =>
    `OpsAction${a.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`;

  const schemas: Record<string, Json> = {
    Error: jsonSchemaOf(errorSchema),
    InboundMessage: inbound,
    OfferRequest: jsonSchemaOf(offerBodySchema),
    CreateWorkspace: jsonSchemaOf(createWorkspaceSchema),
    ReplaceMembers: jsonSchemaOf(replaceMembersSchema),
    SettingsPatch: jsonSchemaOf(settingsPatchSchema),
    CalendlyConnect: jsonSchemaOf(connectBodySchema),
    GhlWebhookEvent: jsonSchemaOf(ghlWebhookEventSchema),
    CalendlyWebhookEvent: jsonSchemaOf(calendlyWebhookEventSchema),
    ...Object.fromEntries(actions.map((a) => [actionSchemaName(a), jsonSchemaOf(opsActionSchemas[a])])),
  };

  const workspaceId = pathParam('clientId', workspaceIdSchema, 'Workspace (client) id');
  const integrationClientId = pathParam('clientId', integrationClientIdSchema, 'Workspace (client) id');
  const leadId = pathParam('leadId', leadIdSchema, 'Lead id');
  const webhookClientId = pathParam(
    'clientId',
    { type: 'string', minLength: 1 },
    'Workspace the webhook belongs to',
  );

  const paths: Record<string, Record<string, Json>> = {
    '/healthz': {
      get: {
        operationId: 'healthz',
        tags: ['operations'],
        summary: 'Liveness',
        security: NO_AUTH,
        responses: {
          '200': ok('The process is up', {
            type: 'object',
            properties: { status: { const: 'ok' } },
            required: ['status'],
          }),
        },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readyz',
        tags: ['operations'],
        summary: 'Readiness: the database and Temporal answer',
        security: NO_AUTH,
        responses: {
          '200': ok('Ready', readyzSchema),
          '503': ok('Not ready; `checks` says which dependency failed', readyzSchema),
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        tags: ['operations'],
        summary: 'Prometheus metrics: the service counters, process metrics and the Temporal SDK metrics',
        description:
          'Prometheus text exposition format. No authentication: expose it only on a network Prometheus reaches (see docs/observability.md).',
        security: NO_AUTH,
        responses: {
          '200': {
            description: 'Metrics',
            content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        tags: ['operations'],
        summary: 'This document',
        security: NO_AUTH,
        responses: { '200': ok('OpenAPI 3.1 document') },
      },
    },
    '/api/inbound-messages': {
      post: {
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
    '/api/leads/{leadId}/offers': {
      post: {
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
    '/api/leads/{leadId}/booking': {
      get: {
        operationId: 'getBooking',
        tags: ['leads'],
        summary: "The lead's booking workflow state (the `bookingState` query)",
        security: API_TOKEN,
        parameters: [leadId, ...queryParams(bookingQuerySchema)],
        responses: { '200': ok('Booking state'), ...errors('400', '401', '404', '500') },
      },
    },
    '/api/webhooks/ghl/{clientId}': {
      post: {
        operationId: 'ghlWebhook',
        tags: ['webhooks'],
        summary: 'GHL InboundMessage / AppointmentCreate / AppointmentUpdate / AppointmentDelete',
        description: `RSA-SHA256 signature of the raw body in \`${GHL_SIGNATURE_HEADER}\`; stale \`timestamp\` rejected; deduplicated on \`webhookId\`; stored before the 2xx answer. Other event types are acknowledged and ignored.`,
        security: [{ ghlWebhookSignature: [] }],
        parameters: [webhookClientId],
        requestBody: body('GhlWebhookEvent'),
        responses: {
          '200': ok('Received (stored, duplicate or ignored)'),
          ...errors('400', '401', '403', '404', '413', '415', '500'),
        },
      },
    },
    '/api/webhooks/calendly/{clientId}': {
      post: {
        operationId: 'calendlyWebhook',
        tags: ['webhooks'],
        summary: 'Calendly invitee.created / invitee.canceled',
        description: `HMAC-SHA256 signature \`t=<unix seconds>,v1=<hex>\` in \`${CALENDLY_SIGNATURE_HEADER}\` with the workspace's signing key; deduplicated on event + invitee URI; stored before the 2xx answer.`,
        security: [{ calendlyWebhookSignature: [] }],
        parameters: [webhookClientId],
        requestBody: body('CalendlyWebhookEvent'),
        responses: {
          '200': ok('Received (stored, duplicate or ignored)'),
          ...errors('400', '401', '404', '413', '415', '500'),
        },
      },
    },
    '/api/admin/workspaces': {
      post: {
        operationId: 'createWorkspace',
        tags: ['workspaces'],
        summary: 'Provision a workspace with its setter and inbox-manager access lists',
        security: ADMIN_TOKEN,
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'Replays answer 200 with `Idempotent-Replayed: true`',
            schema: jsonSchemaOf(idempotencyKeySchema),
          },
        ],
        requestBody: body('CreateWorkspace'),
        responses: {
          '201': ok('Created'),
          '200': ok('Idempotent replay of an earlier create'),
          ...errors('400', '401', '409', '413', '415', '500'),
        },
      },
    },
    '/api/admin/workspaces/{clientId}/members': {
      put: {
        operationId: 'replaceMembers',
        tags: ['workspaces'],
        summary: "Replace the workspace's setter and inbox-manager access lists",
        security: ADMIN_TOKEN,
        parameters: [workspaceId],
        requestBody: body('ReplaceMembers'),
        responses: { '200': ok('The new access lists'), ...errors('400', '401', '404', '413', '415', '500') },
      },
    },
    '/api/workspaces/{clientId}/settings': {
      get: {
        operationId: 'getSettings',
        tags: ['workspaces'],
        summary: 'Booking settings of a workspace',
        security: ADMIN_TOKEN,
        parameters: [workspaceId],
        responses: { '200': ok('`{ settings }`'), ...errors('400', '401', '404', '500') },
      },
      patch: {
        operationId: 'patchSettings',
        tags: ['workspaces'],
        summary: 'Change booking settings',
        security: ADMIN_TOKEN,
        parameters: [workspaceId],
        requestBody: body('SettingsPatch'),
        responses: {
          '200': ok('`{ settings }` after the change'),
          ...errors('400', '401', '404', '413', '415', '500'),
        },
      },
    },
    '/api/workspaces/{clientId}/integrations/calendly': {
      put: {
        operationId: 'connectCalendly',
        tags: ['workspaces'],
        summary: 'Connect the workspace to Calendly (token stored encrypted, webhook subscription created)',
        security: ADMIN_TOKEN,
        parameters: [integrationClientId],
        requestBody: body('CalendlyConnect'),
        responses: {
          '200': ok('The connection (no secrets)'),
          ...errors('400', '401', '404', '413', '415', '500'),
        },
      },
      get: {
        operationId: 'getCalendlyConnection',
        tags: ['workspaces'],
        summary: "The workspace's Calendly connection (no secrets)",
        security: ADMIN_TOKEN,
        parameters: [integrationClientId],
        responses: { '200': ok('The connection'), ...errors('400', '401', '404', '500') },
      },
      delete: {
        operationId: 'disconnectCalendly',
        tags: ['workspaces'],
        summary: 'Disconnect Calendly (webhook subscription removed, secrets deleted)',
        security: ADMIN_TOKEN,
        parameters: [integrationClientId],
        responses: { '200': ok('Disconnected'), ...errors('400', '401', '404', '500') },
      },
    },
    '/api/ops/bookings': {
      get: {
        operationId: 'listBookings',
        tags: ['operations'],
        summary: 'Find booking workflows by state (e.g. `needsAttention=true`) through Temporal visibility',
        security: ADMIN_TOKEN,
        parameters: queryParams(opsListQuerySchema),
        responses: {
          '200': ok(
            '`{ query, count, bookings: [{ workflowId, runId, clientId, leadId, bookingStatus, ... }] }`',
          ),
          ...errors('400', '401', '500'),
        },
      },
    },
    '/api/ops/bookings/{workflowId}/{action}': {
      post: {
        operationId: 'bookingAction',
        tags: ['operations'],
        summary: 'Operator fix on one booking workflow: retry, cancel, reoffer or mark-booked',
        description: `A workflow Update whose validator checks the booking's state (409 when it does not fit). The body depends on the action: ${actions.map((a) => `\`${a}\` → ${actionSchemaName(a)}`).join(', ')}.`,
        security: ADMIN_TOKEN,
        parameters: [
          pathParam(
            'workflowId',
            { type: 'string', pattern: '^lead-booking:[^:]+:[^:]+$' },
            'Booking workflow id, `lead-booking:<clientId>:<leadId>`',
          ),
          pathParam('action', { type: 'string', enum: actions }),
        ],
        requestBody: {
          required: false,
          content: json({ anyOf: actions.map((a) => ref(actionSchemaName(a))) }),
        },
        responses: {
          '200': ok('`{ action, state }` with the workflow state after the Update'),
          ...errors('400', '401', '404', '409', '413', '415', '500'),
        },
      },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'booking-orchestrator',
      version: '0.1.0',
      description:
        'Turns "a lead said yes to a meeting time" into a booked meeting, exactly once, durably, on Temporal. Every error has one shape: `{ "error": { "code", "message", "details"? } }`.',
    },
    servers: [{ url: opts.serverUrl ?? '/' }],
    tags: [
      { name: 'leads', description: 'Offers, replies and booking state (API_TOKEN)' },
      { name: 'webhooks', description: 'Signed provider webhooks' },
      { name: 'workspaces', description: 'Workspace provisioning and settings (ADMIN_API_TOKEN)' },
      { name: 'operations', description: 'Health, metrics, this document, operator endpoints' },
    ],
    paths,
    components: {
      schemas,
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([code, description]) => [
          `Error${code}`,
          { description, content: json(ref('Error')) },
        ]),
      ),
      securitySchemes: {
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description: '`Authorization: Bearer <API_TOKEN>` (the inbound-message handler service)',
        },
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: '`Authorization: Bearer <ADMIN_API_TOKEN>` (provisioning and operators)',
        },
        ghlWebhookSignature: {
          type: 'apiKey',
          in: 'header',
          name: GHL_SIGNATURE_HEADER,
          description:
            "Base64 RSA-SHA256 signature of the raw body, verified with GHL's public key (GHL_WEBHOOK_PUBLIC_KEY)",
        },
        calendlyWebhookSignature: {
          type: 'apiKey',
          in: 'header',
          name: CALENDLY_SIGNATURE_HEADER,
          description: "`t=<unix seconds>,v1=<hex HMAC-SHA256>` with the workspace's Calendly signing key",
        },
      },
    },
  };
}
