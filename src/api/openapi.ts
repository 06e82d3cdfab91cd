import { type ZodType, z } from 'zod';
import type { AppErrorCode } from '../errors';
import { type Json, json, jsonSchemaOf, type RouteDocs, ref } from './docs/registry';
import { calendarLinkDocs } from './routes/calendarLinks';
import { healthDocs } from './routes/health';
import { inboundMessageDocs } from './routes/inboundMessages';
import { integrationDocs } from './routes/integrations';
import { leadDocs } from './routes/leads';
import { observabilityDocs } from './routes/observability';
import { opsDocs } from './routes/ops';
import { webhookDocs } from './routes/webhooks';
import { workspaceDocs } from './routes/workspaces';

/**
 * The API's OpenAPI 3.1 document (`GET /openapi.json`), assembled from the entries each route module
 * declares next to its handlers (src/api/docs/registry.ts). Request bodies, query strings and path
 * parameters come from the zod schemas the routes validate with, so the document cannot drift from what
 * is enforced; test/observability/openapi.test.ts fails when a route is registered without an entry.
 */
/**
 * Every route module's entries, in the order the document lists them. A function, not a constant:
 * routes/observability.ts (which serves this document) is imported by this file and imports it back.
 */
const routeDocs = (): Array<() => RouteDocs> => [
  healthDocs,
  observabilityDocs,
  inboundMessageDocs,
  leadDocs,
  webhookDocs,
  workspaceDocs,
  calendarLinkDocs,
  integrationDocs,
  opsDocs,
];

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

export interface OpenApiOptions {
  /** Server URL advertised in the document (PUBLIC_BASE_URL); `/` (same origin) when unset. */
  serverUrl?: string;
}

export function buildOpenApiDocument(opts: OpenApiOptions = {}): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const schemas: Record<string, Json> = { Error: jsonSchemaOf(errorSchema) };
  const securitySchemes: Record<string, Json> = {
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
  };
  for (const describe of routeDocs()) {
    const d = describe();
    for (const route of d.routes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      paths[path] = { ...paths[path], [route.method]: route.operation };
    }
    for (const [name, schema] of Object.entries(d.schemas))
      schemas[name] = schema instanceof z.ZodType ? jsonSchemaOf(schema as ZodType) : (schema as Json);
    Object.assign(securitySchemes, d.securitySchemes);
  }

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
      securitySchemes,
    },
  };
}
