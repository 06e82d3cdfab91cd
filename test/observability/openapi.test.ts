import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundMessageSchema } from '../../src/api/routes/inboundMessages';
import { opsActionSchemas } from '../../src/api/routes/ops';
import { api } from '../support/api';
import { type Harness, startHarness } from '../support/harness';

// biome-ignore lint/suspicious/noExplicitAny: walking a parsed JSON document
type Json = Record<string, any>;

let h: Harness;
let doc: Json;
beforeAll(async () => {
  h = await startHarness({}, { worker: false });
  const res = await api(h).http.get('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = JSON.parse(res.text);
});
afterAll(async () => {
  await h?.close();
});

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD /path` the Express 5 app really registered, in OpenAPI's `{param}` form. */
function registeredRoutes(stack: Layer[]): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths)
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== '_all') out.push(`${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
    } else if (layer.handle?.stack) {
      out.push(...registeredRoutes(layer.handle.stack));
    }
  }
  return out;
}

function documentedRoutes(d: Json): string[] {
  return Object.entries(d.paths as Record<string, Json>).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}

function ajv() {
  const a = new Ajv2020({ strict: false, allErrors: true });
  addFormats(a);
  a.addSchema({ $id: 'doc', components: doc.components } as never);
  return a;
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document with the security schemes and the one error shape', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'adminToken',
      'apiToken',
      'calendlyWebhookSignature',
      'ghlWebhookSignature',
    ]);
    expect(doc.components.securitySchemes.ghlWebhookSignature).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'x-wh-signature',
    });
    const error = ajv().getSchema('doc#/components/schemas/Error');
    expect(error?.({ error: { code: 'not_found', message: 'no such lead' } })).toBe(true);
    expect(
      error?.({ error: { code: 'validation_failed', message: 'x', details: [{ path: 'a', message: 'b' }] } }),
    ).toBe(true);
    expect(error?.({ message: 'not the shape' })).toBe(false);
  });

  it('documents every route the app registers, and nothing it does not', () => {
    const router = (h.services.app as unknown as { router: { stack: Layer[] } }).router;
    const registered = [...new Set(registeredRoutes(router.stack))].sort();
    const documented = documentedRoutes(doc).sort();
    expect(registered.length).toBeGreaterThan(15);
    expect(documented).toEqual(registered);
    for (const route of [
      'GET /healthz',
      'GET /readyz',
      'GET /metrics',
      'GET /openapi.json',
      'POST /api/inbound-messages',
      'POST /api/ops/bookings/{workflowId}/{action}',
      'GET /api/ops/bookings',
    ])
      expect(documented).toContain(route);
  });

  it('declares every path parameter its template names, and a security requirement per operation', () => {
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Json>)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops)) {
        const inPath = (op.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
        expect(inPath.sort(), `${method} ${path}`).toEqual(names);
        expect(op.security, `${method} ${path}`).toBeDefined();
        expect(op.responses, `${method} ${path}`).toBeDefined();
      }
    }
  });

  it('its inbound-message schema accepts and rejects what the zod schema does', () => {
    const op = doc.paths['/api/inbound-messages'].post;
    expect(op.security).toEqual([{ apiToken: [] }]);
    const ref = op.requestBody.content['application/json'].schema.$ref as string;
    const validate = ajv().getSchema(`doc${ref}`);
    if (!validate) throw new Error(`no schema at ${ref}`);
    expect(doc.components.schemas.InboundMessage.properties.channel.enum).toEqual(
      inboundMessageSchema.shape.channel.options,
    );

    const good = {
      clientId: 'c1',
      leadId: 'l1',
      messageId: 'm1',
      body: 'the 2nd one',
      channel: 'sms',
      receivedAt: '2026-05-01T10:00:00Z',
    };
    const examples: Json[] = [
      good,
      { ...good, channel: 'Live Chat' },
      { ...good, channel: 'WhatsApp', receivedAt: '2026-05-01T10:00:00.123+02:00' },
      { ...good, leadId: undefined, ghlContactId: 'contact-1' },
      { ...good, channel: 'telegram' },
      { ...good, channel: 'SMS ' },
      { ...good, receivedAt: 'yesterday' },
      { ...good, receivedAt: '2026-05-01T10:00:00' },
      { ...good, messageId: '' },
      { ...good, messageId: 'x'.repeat(201) },
      { ...good, body: 'x'.repeat(5001) },
      { ...good, extra: true },
      { ...good, ghlContactId: 'contact-1' },
      { ...good, leadId: undefined },
      { ...good, clientId: undefined },
      { ...good, clientId: 7 },
    ];
    for (const example of examples) {
      const body = JSON.parse(JSON.stringify(example));
      const zodSays = inboundMessageSchema.safeParse(body).success;
      expect(validate(body), JSON.stringify(body)).toBe(zodSays);
    }
    // Both verdicts occur, so the comparison means something.
    const verdicts = examples.map(
      (e) => inboundMessageSchema.safeParse(JSON.parse(JSON.stringify(e))).success,
    );
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });

  it('describes the ops action bodies from the schemas the ops routes validate with', () => {
    const op = doc.paths['/api/ops/bookings/{workflowId}/{action}'].post;
    expect(op.security).toEqual([{ adminToken: [] }]);
    const action = op.parameters.find((p: Json) => p.name === 'action');
    expect(action.schema.enum).toEqual(Object.keys(opsActionSchemas));
    const a = ajv();
    const markBooked = a.getSchema('doc#/components/schemas/OpsActionMarkBooked');
    const sample = { bookingId: 'b1', startTime: '2026-05-01T10:00:00Z' };
    expect(markBooked?.(sample)).toBe(opsActionSchemas['mark-booked'].safeParse(sample).success);
    expect(markBooked?.({ bookingId: 'b1' })).toBe(false);
  });
});
