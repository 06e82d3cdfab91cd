import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validates real HTTP traffic against the official GHL OpenAPI 3.0 documents in shared/specs/ghl.
 *
 * Each spec's `components` is registered with ajv under an $id, so `#/components/schemas/X` references
 * resolve against that document; operation schemas get their local references rewritten to that id.
 * The documents point at `../common/common-schemas.json` (error DTOs) which is not shipped with them;
 * a minimal stand-in of the NestJS error body is registered at that address.
 */

/**
 * SPECS_DIR, else the shared contracts beside the project (../shared/specs/ghl), else the copy kept in
 * test/fixtures/ghl-openapi (same CC0 files, commit in SOURCE-COMMIT) so a clone anywhere can run.
 */
export function defaultSpecsDir(): string {
  if (process.env.SPECS_DIR) return process.env.SPECS_DIR;
  const shared = path.resolve(__dirname, '../../../shared/specs/ghl');
  return existsSync(shared) ? shared : path.resolve(__dirname, '../fixtures/ghl-openapi');
}

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json = Record<string, unknown>;

interface Operation {
  spec: string;
  method: HttpMethod;
  template: string;
  matcher: RegExp;
  parameters: Array<{ name: string; in: string; required?: boolean; schema?: Json }>;
  requestSchema?: Json;
  requestRequired: boolean;
  responses: Record<string, Json | undefined>;
}

export interface ValidationResult {
  ok: boolean;
  errors: string[];
}

export interface HttpExchangeRequest {
  method: string;
  /** Actual path (no query string), e.g. /calendars/abc/free-slots. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

const BASE_ID = 'https://specs.local/ghl/';

/** NestJS error body as GHL returns it; stands in for the unshipped common-schemas.json. */
const NEST_ERROR = {
  type: 'object',
  properties: {
    statusCode: { type: 'number' },
    message: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    error: { type: 'string' },
  },
  required: ['statusCode', 'message'],
};
const COMMON_SCHEMAS = {
  $id: 'https://specs.local/common/common-schemas.json',
  components: {
    schemas: { BadRequestDTO: NEST_ERROR, UnauthorizedDTO: NEST_ERROR, UnprocessableDTO: NEST_ERROR },
  },
};

/**
 * Known errors in the published documents, corrected here so they do not mask real deviations.
 * Keep each one justified; anything not listed is validated as published.
 */
const ERRATA: Array<{ spec: string; why: string; apply(components: Json): void }> = [
  {
    spec: 'calendars',
    why: 'CalendarEventDTO types its times as `object` while its own examples (and live GHL) are ISO strings',
    apply(components) {
      const props = schemaAt(components, 'CalendarEventDTO').properties as Record<string, Json>;
      for (const field of ['startTime', 'endTime', 'dateAdded', 'dateUpdated']) {
        if (props[field]) props[field].type = ['string', 'object'];
      }
    },
  },
  {
    spec: 'conversations',
    why:
      'SendMessageBodyDto lists `subType` (typed object, example "Email") and `status` (a delivery status) ' +
      'as required; neither is an input of an outbound SMS/Email send, and GHL examples omit them',
    apply(components) {
      const dto = schemaAt(components, 'SendMessageBodyDto');
      dto.required = (dto.required as string[]).filter((f) => f !== 'subType' && f !== 'status');
    },
  },
];

function schemaAt(components: Json, name: string): Json {
  const schema = (components.schemas as Record<string, Json>)[name];
  if (!schema) throw new Error(`spec errata: component ${name} not found`);
  return schema;
}

export class GhlOpenApi {
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<Json, ValidateFunction>();
  readonly errata = ERRATA.map((e) => `${e.spec}: ${e.why}`);

  constructor(specsDir = defaultSpecsDir()) {
    this.ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(this.ajv);
    this.ajv.addSchema(COMMON_SCHEMAS);
    for (const file of readdirSync(specsDir).filter((f) => f.endsWith('.json'))) {
      const name = path.basename(file, '.json');
      const doc = JSON.parse(readFileSync(path.join(specsDir, file), 'utf8')) as Json;
      const components = (doc.components ?? {}) as Json;
      for (const erratum of ERRATA.filter((e) => e.spec === name)) erratum.apply(components);
      const id = `${BASE_ID}${file}`;
      this.ajv.addSchema({ $id: id, components: rebase(components, id) });
      this.collectOperations(name, id, doc.paths as Record<string, Record<string, Json>>);
    }
  }

  /** The operation a method + concrete path hits, preferring literal segments over parameters. */
  operation(method: string, actualPath: string): Operation | undefined {
    const m = method.toLowerCase();
    const clean = actualPath.replace(/\/+$/, '') || '/';
    return this.operations
      .filter((op) => op.method === m && op.matcher.test(clean))
      .sort((a, b) => paramCount(a.template) - paramCount(b.template))[0];
  }

  validateRequest(req: HttpExchangeRequest): ValidationResult {
    const op = this.operation(req.method, req.path);
    if (!op) return fail(`${req.method} ${req.path}: no such operation in the GHL specs`);
    const errors: string[] = [];
    const headers = lowerKeys(req.headers ?? {});
    for (const p of op.parameters) {
      const value =
        p.in === 'query' ? req.query?.[p.name] : p.in === 'header' ? headers[p.name.toLowerCase()] : 'path';
      if (value === undefined) {
        if (p.required) errors.push(`missing required ${p.in} parameter ${p.name}`);
        continue;
      }
      if (p.in === 'path' || !p.schema) continue;
      const problem = this.checkParameter(p.schema, value);
      if (problem) errors.push(`${p.in} parameter ${p.name}: ${problem}`);
    }
    if (op.requestSchema) {
      if (req.body === undefined) {
        if (op.requestRequired) errors.push('missing required request body');
      } else {
        errors.push(...this.check(op.requestSchema, req.body).map((e) => `request body ${e}`));
      }
    }
    return {
      ok: errors.length === 0,
      errors: errors.map((e) => `${op.method.toUpperCase()} ${op.template}: ${e}`),
    };
  }

  validateResponse(req: { method: string; path: string }, status: number, body: unknown): ValidationResult {
    const op = this.operation(req.method, req.path);
    if (!op) return fail(`${req.method} ${req.path}: no such operation in the GHL specs`);
    const label = `${op.method.toUpperCase()} ${op.template} -> ${status}`;
    if (!(String(status) in op.responses)) {
      return fail(`${label}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`);
    }
    const schema = op.responses[String(status)];
    if (!schema) return { ok: true, errors: [] };
    const errors = this.check(schema, body).map((e) => `${label}: response body ${e}`);
    return { ok: errors.length === 0, errors };
  }

  private collectOperations(spec: string, id: string, paths: Record<string, Record<string, Json>>): void {
    for (const [template, item] of Object.entries(paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const op = item[method];
        if (!op) continue;
        const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
        const responses: Record<string, Json | undefined> = {};
        for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
          const content = response.content as Record<string, Json> | undefined;
          const schema = content?.['application/json']?.schema as Json | undefined;
          responses[status] = schema ? rebase(schema, id) : undefined;
        }
        const requestSchema = body?.['application/json']?.schema as Json | undefined;
        this.operations.push({
          spec,
          method,
          template,
          matcher: templateMatcher(template),
          parameters: (op.parameters ?? []) as Operation['parameters'],
          requestSchema: requestSchema ? rebase(requestSchema, id) : undefined,
          requestRequired: (op.requestBody as Json | undefined)?.required === true,
          responses,
        });
      }
    }
  }

  private check(schema: Json, data: unknown): string[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate(data) ? [] : (validate.errors ?? []).map(describe);
  }

  /** Query and header values are strings on the wire; coerce numbers before checking the schema. */
  private checkParameter(schema: Json, value: string): string | undefined {
    const wanted = schema.type;
    const coerced = wanted === 'number' || wanted === 'integer' ? Number(value) : value;
    if (typeof coerced === 'number' && Number.isNaN(coerced)) return `"${value}" is not a number`;
    if (wanted === 'array') return undefined;
    const errors = this.check(schema, coerced);
    return errors.length ? errors.join('; ') : undefined;
  }
}

/** Rewrites `#/...` and relative references so they resolve inside the document registered at `id`. */
function rebase<T>(node: T, id: string): T {
  if (Array.isArray(node)) return node.map((n) => rebase(n, id)) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === '$ref' && typeof value === 'string') out[key] = new URL(value, id).toString();
    else out[key] = rebase(value, id);
  }
  return out as T;
}

function templateMatcher(template: string): RegExp {
  const pattern = template
    .replace(/\/+$/, '')
    .split('/')
    .map((seg) => (/^\{.+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern || ''}/?$`);
}

function paramCount(template: string): number {
  return (template.match(/\{/g) ?? []).length;
}

function lowerKeys(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function describe(e: ErrorObject): string {
  return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`;
}

function fail(message: string): ValidationResult {
  return { ok: false, errors: [message] };
}
