import { type ZodType, z } from 'zod';

/**
 * Our small OpenAPI registry. Each route module declares, next to its handlers, the entries of the
 * routes it registers (`RouteDocs`), with request schemas taken from the zod schemas it validates with;
 * src/api/openapi.ts only assembles them. (`@asteasolutions/zod-to-openapi` would need its own schema
 * wrappers; zod 4's `z.toJSONSchema` already gives the input-side JSON Schema, which is all we need.)
 */

export type Json = Record<string, unknown>;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteDoc {
  method: HttpMethod;
  /** The Express pattern the route registers (`/api/leads/:leadId/offers`). */
  path: string;
  operation: Json;
}

export interface RouteDocs {
  routes: RouteDoc[];
  /** Named request schemas (components/schemas), referenced with `body(name)`. */
  schemas: Record<string, ZodType | Json>;
  securitySchemes: Record<string, Json>;
}

export const docs = (routes: RouteDoc[], schemas: RouteDocs['schemas'] = {}): RouteDocs => ({
  routes,
  schemas,
  securitySchemes: {},
});

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a zod schema accepts as input. */
export function jsonSchemaOf(schema: ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Json;
  return rest;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: Json) => ({ 'application/json': { schema } });
export const body = (name: string, required = true) => ({ required, content: json(ref(name)) });
export const ok = (description: string, schema: Json = { type: 'object' }) => ({
  description,
  content: json(schema),
});

/** References to the shared error responses (components/responses/Error<code>, see src/api/openapi.ts). */
export const errors = (...codes: string[]) =>
  Object.fromEntries(codes.map((c) => [c, { $ref: `#/components/responses/Error${c}` }] as const)) as Record<
    string,
    Json
  >;

export function pathParam(name: string, schema: ZodType | Json, description?: string): Json {
  return {
    name,
    in: 'path',
    required: true,
    ...(description ? { description } : {}),
    schema: schema instanceof z.ZodType ? jsonSchemaOf(schema) : schema,
  };
}

/** Query parameters from a zod object schema (one parameter per property). */
export function queryParams(schema: ZodType): Json[] {
  const js = jsonSchemaOf(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    schema: s,
  }));
}

export const API_TOKEN = [{ apiToken: [] }];
export const ADMIN_TOKEN = [{ adminToken: [] }];
export const NO_AUTH: Json[] = [];
