// Over 250 lines on purpose: one generator per class of hostile input, kept together so the classes the fuzz
// covers can be read in one place.
import { createSign } from 'node:crypto';
import fc from 'fast-check';
import type { RegisteredRoute } from '../api/routeTable';
import { signCalendlyPayload } from '../providers/calendly/webhooks';
import type { RawRequest } from './send';
import type { FuzzTarget } from './target';

/** One generated request and the class of hostility it carries (every one must be refused with a 4xx). */
export interface HostileCase {
  kind: string;
  route: string;
  req: RawRequest;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
  'prototype',
];
const BAD_URIS = [
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:alert(1)//https://api.calendly.com/scheduled_events/x',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'ftp://api.calendly.com/scheduled_events/abc',
  'http://evil.example/scheduled_events/abc',
  'https://api.calendly.com/users/abc',
  'https://api.calendly.com/scheduled_events/abc?x=1',
  'https://user:pw@api.calendly.com/scheduled_events/abc',
  'https://api.calendly.com/scheduled_events/../../admin',
  '//api.calendly.com/scheduled_events/abc',
  'not a uri',
  'https://api.calendly.com/scheduled_events/abc\u0001',
];
const CONTROL_CHARS = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f'];
const NON_JSON_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'text/html',
  'application/octet-stream',
  '', // no Content-Type at all
];

const isAuthed = (path: string) => path.startsWith('/api/') && !path.startsWith('/api/webhooks/');
const isAdmin = (path: string) =>
  /^\/api\/(admin|workspaces|ops)\//.test(path) || path === '/api/ops/bookings';

/** A short printable text for padding hostile values. */
const word = fc
  .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 })
  .map((s) => s.replace(/[^A-Za-z0-9_-]/g, 'a') || 'a');

export function hostileCases(target: FuzzTarget, count: number, seed: number): HostileCase[] {
  const routes = target.routes;
  const has = (method: string, path: string) => routes.some((r) => r.method === method && r.path === path);
  const route = fc.constantFrom(...routes);

  const tokenFor = (path: string) => (isAdmin(path) ? target.adminToken : target.apiToken);
  const authHeaders = (path: string): Array<[string, string]> =>
    isAuthed(path) ? [['Authorization', `Bearer ${tokenFor(path)}`]] : [];
  const paramValue = (r: RegisteredRoute, name: string): string => {
    if (name === 'clientId')
      return r.path.includes('/calendly/') && r.path.includes('webhooks')
        ? target.calendly.clientId
        : target.ghl.clientId;
    if (name === 'leadId') return target.ghl.leadId;
    if (name === 'workflowId') return target.ghl.workflowId;
    if (name === 'action') return 'retry';
    return 'x';
  };
  /** The route's path with real ids, one param (or the last segment) replaced by `hostile` (already encoded). */
  const pathWith = (r: RegisteredRoute, hostile?: string, which = 0): string => {
    const segments = r.path.split('/');
    const params = segments.map((s, i) => (s.startsWith(':') ? i : -1)).filter((i) => i >= 0);
    const target =
      hostile === undefined
        ? -1
        : params.length > 0
          ? (params[which % params.length] as number)
          : segments.length - 1;
    return segments
      .map((s, i) => {
        if (i === target) return params.length > 0 ? (hostile as string) : `${s}${hostile}`;
        return s.startsWith(':') ? encodeURIComponent(paramValue(r, s.slice(1))) : s;
      })
      .join('/');
  };
  const jsonBody = (text: string): { headers: Array<[string, string]>; body: Buffer } => ({
    headers: [['Content-Type', 'application/json']],
    body: Buffer.from(text, 'utf8'),
  });
  const mk = (
    kind: string,
    r: RegisteredRoute,
    req: Omit<RawRequest, 'headers'> & { headers?: Array<[string, string]> },
  ): HostileCase => ({
    kind,
    route: `${r.method} ${r.path}`,
    req: { ...req, headers: [...authHeaders(r.path), ...(req.headers ?? [])] },
  });
  const routeWith = (method: string, path: string): RegisteredRoute => ({ method, path });

  const generic: Array<fc.Arbitrary<HostileCase>> = [
    fc
      .tuple(route, word, fc.nat())
      .map(([r, w, i]) => mk('nul_in_path', r, { method: r.method, path: pathWith(r, `${w}%00${w}`, i) })),
    fc
      .tuple(route, word)
      .map(([r, w]) => mk('nul_in_query', r, { method: r.method, path: `${pathWith(r)}?clientId=${w}%00` })),
    fc
      .tuple(route, fc.constantFrom('%ED%A0%80', '%ED%B0%80', '%ED%BF%BF'), fc.nat())
      .map(([r, s, i]) =>
        mk('lone_surrogate_in_path', r, { method: r.method, path: pathWith(r, `a${s}b`, i) }),
      ),
    fc
      .tuple(route, fc.constantFrom('%ED%A0%80', '%ED%B0%80'))
      .map(([r, s]) =>
        mk('lone_surrogate_in_query', r, { method: r.method, path: `${pathWith(r)}?clientId=${s}` }),
      ),
    fc
      .tuple(route, fc.constantFrom(...CONTROL_CHARS.filter((c) => c !== '\u0000')), fc.nat())
      .map(([r, c, i]) =>
        mk('control_char_in_path', r, {
          method: r.method,
          path: pathWith(r, `id${encodeURIComponent(c)}x`, i),
        }),
      ),
    fc
      .tuple(route, fc.integer({ min: 451, max: 6000 }), fc.nat())
      .map(([r, n, i]) =>
        mk('huge_path_segment', r, { method: r.method, path: pathWith(r, 'i'.repeat(n), i) }),
      ),
    fc
      .tuple(route, fc.integer({ min: 1001, max: 6000 }))
      .map(([r, n]) =>
        mk('huge_query_value', r, { method: r.method, path: `${pathWith(r)}?clientId=${'c'.repeat(n)}` }),
      ),
    fc
      .tuple(route, fc.constantFrom('%', '%G1', '%E0%A4', '%C3%28', '%FF'), fc.nat())
      .map(([r, s, i]) => mk('bad_percent_encoding', r, { method: r.method, path: pathWith(r, `x${s}`, i) })),
    fc.tuple(route, fc.integer({ min: 33, max: 200_000 }), fc.boolean()).map(([r, depth, arrays]) => {
      const text = arrays
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      return mk('deep_json', r, {
        method: BODY_METHODS.has(r.method) ? r.method : 'POST',
        path: pathWith(r),
        ...jsonBody(text),
      });
    }),
    fc.tuple(route, word, fc.boolean()).map(([r, w, raw]) =>
      mk('nul_in_json', r, {
        method: r.method,
        path: pathWith(r),
        ...jsonBody(
          raw ? `{"clientId":"${w}\u0000${w}"}` : JSON.stringify({ clientId: `${w}\u0000`, body: w }),
        ),
      }),
    ),
    fc
      .tuple(route, word, fc.constantFrom('\\ud800', '\\udc00', '\\udbff\\u0041'), fc.boolean())
      .map(([r, w, s, inKey]) =>
        mk('lone_surrogate_in_json', r, {
          method: r.method,
          path: pathWith(r),
          ...jsonBody(inKey ? `{"${w}${s}":"x"}` : `{"clientId":"${w}${s}"}`),
        }),
      ),
    fc.tuple(route, fc.constantFrom('__proto__', 'constructor', 'prototype'), word).map(([r, key, w]) =>
      mk('prototype_key_in_json', r, {
        method: r.method,
        path: pathWith(r),
        ...jsonBody(`{"${key}":{"isAdmin":true,"${w}":1}}`),
      }),
    ),
    fc
      .tuple(route, fc.constantFrom(...NON_JSON_TYPES), fc.string({ minLength: 1, maxLength: 200 }))
      .map(([r, type, text]) =>
        mk('non_json_body', r, {
          method: BODY_METHODS.has(r.method) ? r.method : r.method,
          path: pathWith(r),
          headers: type ? [['Content-Type', type]] : [],
          body: Buffer.from(
            type.startsWith('application/x-www')
              ? `clientId=${encodeURIComponent(text)}&refresh=true`
              : text || 'x',
            'utf8',
          ),
        }),
      ),
    fc.tuple(route, fc.integer({ min: 1, max: 64 * 1024 })).map(([r, extra]) => {
      const pad = 'x'.repeat(target.bodyLimitBytes + extra);
      return mk('oversized_body', r, {
        method: BODY_METHODS.has(r.method) ? r.method : 'POST',
        path: pathWith(r),
        ...jsonBody(`{"pad":"${pad}"}`),
      });
    }),
    fc
      .tuple(
        route,
        fc.constantFrom(
          '{"clientId": ',
          '{',
          '[1,',
          '"just a string"',
          '42',
          'null',
          'true',
          '{"a":1}}',
          "{'a':1}",
          '{"a":undefined}',
        ),
      )
      .map(([r, text]) =>
        mk('invalid_json', r, {
          method: BODY_METHODS.has(r.method) ? r.method : 'POST',
          path: pathWith(r),
          ...jsonBody(text),
        }),
      ),
    fc
      .tuple(route, fc.constantFrom([0xc3, 0x28], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0xe2, 0x82]))
      .map(([r, bytes]) =>
        mk('invalid_utf8_body', r, {
          method: BODY_METHODS.has(r.method) ? r.method : 'POST',
          path: pathWith(r),
          headers: [['Content-Type', 'application/json']],
          body: Buffer.concat([Buffer.from('{"clientId":"'), Buffer.from(bytes), Buffer.from('"}')]),
        }),
      ),
    fc.tuple(route, fc.constantFrom('latin1', 'utf-16', 'iso-8859-1', 'ascii-x')).map(([r, cs]) =>
      mk('unsupported_charset', r, {
        method: BODY_METHODS.has(r.method) ? r.method : 'POST',
        path: pathWith(r),
        headers: [['Content-Type', `application/json; charset=${cs}`]],
        body: Buffer.from('{"clientId":"x"}'),
      }),
    ),
    fc
      .tuple(route, fc.constantFrom(...CONTROL_CHARS.filter((c) => c !== '\t' && c !== '\n' && c !== '\r')))
      .map(([r, c]) => ({
        kind: 'control_char_in_header',
        route: `${r.method} ${r.path}`,
        req: {
          method: r.method,
          path: pathWith(r),
          headers: [['Authorization', `Bearer ${tokenFor(r.path)}${c}x`]] as Array<[string, string]>,
        },
      })),
  ];

  const authedRoutes = routes.filter((r) => isAuthed(r.path));
  const auth: Array<fc.Arbitrary<HostileCase>> = authedRoutes.length
    ? [
        fc
          .tuple(
            fc.constantFrom(...authedRoutes),
            fc.constantFrom('none', 'wrong', 'basic', 'empty', 'api-on-admin'),
            word,
          )
          .map(([r, how, w]) => {
            const headers: Array<[string, string]> =
              how === 'none'
                ? []
                : how === 'wrong'
                  ? [['Authorization', `Bearer ${w}-not-the-token`]]
                  : how === 'basic'
                    ? [['Authorization', `Basic ${tokenFor(r.path)}`]]
                    : how === 'empty'
                      ? [['Authorization', 'Bearer ']]
                      : [
                          [
                            'Authorization',
                            `Bearer ${isAdmin(r.path) ? target.apiToken : `${target.apiToken}x`}`,
                          ],
                        ];
            return {
              kind: 'wrong_auth',
              route: `${r.method} ${r.path}`,
              req: {
                method: r.method,
                path: pathWith(r),
                headers: [...headers, ['Content-Type', 'application/json']],
                body: BODY_METHODS.has(r.method)
                  ? Buffer.from(JSON.stringify({ clientId: target.ghl.clientId }))
                  : undefined,
              },
            };
          }),
      ]
    : [];

  const specific: Array<fc.Arbitrary<HostileCase>> = [];
  const ops = '/api/ops/bookings/:workflowId/:action';
  if (has('POST', ops)) {
    const r = routeWith('POST', ops);
    specific.push(
      fc.tuple(fc.constantFrom(...PROTO_NAMES), fc.boolean()).map(([name, withBody]) =>
        mk('prototype_name_action', r, {
          method: 'POST',
          path: `/api/ops/bookings/${encodeURIComponent(target.ghl.workflowId)}/${name}`,
          ...(withBody ? jsonBody('{}') : {}),
        }),
      ),
      fc.tuple(fc.constantFrom(...BAD_URIS), word).map(([uri, w]) =>
        mk('bad_provider_uri', r, {
          method: 'POST',
          path: `/api/ops/bookings/${encodeURIComponent(target.ghl.workflowId)}/mark-booked`,
          ...jsonBody(
            JSON.stringify({
              bookingId: `b-${w}`,
              startTime: new Date(Date.now() + 86_400_000).toISOString(),
              scheduledEventUri: uri,
            }),
          ),
        }),
      ),
      fc
        .tuple(fc.constantFrom('retry', 'reoffer', 'cancel'), fc.constantFrom(...NON_JSON_TYPES))
        .map(([action, type]) =>
          mk('non_json_body', r, {
            method: 'POST',
            path: `/api/ops/bookings/${encodeURIComponent(target.ghl.workflowId)}/${action}`,
            headers: type ? [['Content-Type', type]] : [],
            body: Buffer.from(type.startsWith('application/x-www') ? 'reason=because' : 'reason: because'),
          }),
        ),
    );
  }
  const offers = '/api/leads/:leadId/offers';
  if (has('POST', offers)) {
    const r = routeWith('POST', offers);
    specific.push(
      fc
        .constantFrom(...PROTO_NAMES)
        .map((name) => mk('prototype_name_id', r, { method: 'POST', path: `/api/leads/${name}/offers` })),
      fc.constantFrom(...NON_JSON_TYPES).map((type) =>
        mk('non_json_body', r, {
          method: 'POST',
          path: `/api/leads/${encodeURIComponent(target.ghl.leadId)}/offers`,
          headers: type ? [['Content-Type', type]] : [],
          body: Buffer.from(
            type.startsWith('application/x-www')
              ? `clientId=${target.ghl.clientId}&refresh=true`
              : 'refresh=true',
          ),
        }),
      ),
      fc.integer({ min: 201, max: 4000 }).map((n) =>
        mk('huge_id_in_body', r, {
          method: 'POST',
          path: `/api/leads/${encodeURIComponent(target.ghl.leadId)}/offers`,
          ...jsonBody(JSON.stringify({ clientId: 'c'.repeat(n) })),
        }),
      ),
      word.map((w) =>
        mk('unknown_workspace', r, {
          method: 'POST',
          path: `/api/leads/${encodeURIComponent(target.ghl.leadId)}/offers`,
          ...jsonBody(JSON.stringify({ clientId: `no-such-${w}` })),
        }),
      ),
    );
  }
  const booking = '/api/leads/:leadId/booking';
  if (has('GET', booking)) {
    const r = routeWith('GET', booking);
    specific.push(
      fc
        .constantFrom(...PROTO_NAMES)
        .map((name) => mk('prototype_name_id', r, { method: 'GET', path: `/api/leads/${name}/booking` })),
      fc.constantFrom(...PROTO_NAMES).map((name) =>
        mk('prototype_name_query', r, {
          method: 'GET',
          path: `/api/leads/${encodeURIComponent(target.ghl.leadId)}/booking?${name}=1`,
        }),
      ),
      fc.integer({ min: 201, max: 1000 }).map((n) =>
        mk('huge_id_in_query', r, {
          method: 'GET',
          path: `/api/leads/${encodeURIComponent(target.ghl.leadId)}/booking?clientId=${'c'.repeat(n)}`,
        }),
      ),
    );
  }
  const inbound = '/api/inbound-messages';
  if (has('POST', inbound)) {
    const r = routeWith('POST', inbound);
    const valid = () => ({
      clientId: target.ghl.clientId,
      leadId: target.ghl.leadId,
      messageId: `fuzz-${Math.random()}`,
      body: 'the first one works',
      channel: 'sms',
      receivedAt: new Date().toISOString(),
    });
    specific.push(
      fc
        .tuple(
          fc.constantFrom('clientId', 'leadId', 'messageId', 'ghlContactId'),
          fc.integer({ min: 201, max: 4000 }),
        )
        .map(([field, n]) => {
          const body: Record<string, unknown> = { ...valid(), [field]: 'i'.repeat(n) };
          if (field === 'ghlContactId') delete body.leadId;
          return mk('huge_id_in_body', r, {
            method: 'POST',
            path: inbound,
            ...jsonBody(JSON.stringify(body)),
          });
        }),
      fc
        .tuple(fc.constantFrom('clientId', 'leadId', 'messageId'), fc.constantFrom(...CONTROL_CHARS))
        .map(([field, c]) =>
          mk('control_char_in_id', r, {
            method: 'POST',
            path: inbound,
            ...jsonBody(JSON.stringify({ ...valid(), [field]: `id${c}x` })),
          }),
        ),
      fc
        .tuple(
          fc.constantFrom('clientId', 'leadId', 'receivedAt', 'body', 'channel'),
          fc.constantFrom<unknown>(1, true, null, [], {}, ['a']),
        )
        .map(([field, v]) =>
          mk('wrong_types', r, {
            method: 'POST',
            path: inbound,
            ...jsonBody(JSON.stringify({ ...valid(), [field]: v })),
          }),
        ),
      word.map((w) =>
        mk('unknown_workspace', r, {
          method: 'POST',
          path: inbound,
          ...jsonBody(JSON.stringify({ ...valid(), clientId: `no-such-${w}` })),
        }),
      ),
      fc.constantFrom(...NON_JSON_TYPES).map((type) =>
        mk('non_json_body', r, {
          method: 'POST',
          path: inbound,
          headers: type ? [['Content-Type', type]] : [],
          body: Buffer.from(new URLSearchParams(valid()).toString()),
        }),
      ),
    );
  }
  const provision = '/api/admin/workspaces';
  if (has('POST', provision)) {
    const r = routeWith('POST', provision);
    specific.push(
      fc
        .tuple(word, fc.constantFrom(...CONTROL_CHARS.filter((c) => c !== ' ')), fc.nat(20))
        .map(([w, c, at]) => {
          const token = `pit-${w}${w}`;
          return mk('control_char_in_token', r, {
            method: 'POST',
            path: provision,
            ...jsonBody(
              JSON.stringify({
                name: `Fuzz ${w}`,
                ghlLocationId: `fuzz-loc-${w}-${at}`,
                ghlAccessToken: `${token.slice(0, at % token.length)}${c}${token.slice(at % token.length)}`,
              }),
            ),
          });
        }),
    );
  }
  const connect = '/api/workspaces/:clientId/integrations/calendly';
  if (has('PUT', connect)) {
    const r = routeWith('PUT', connect);
    specific.push(
      fc
        .tuple(word, fc.constantFrom(...CONTROL_CHARS), fc.constantFrom('start', 'middle', 'end'))
        .map(([w, c, at]) =>
          mk('control_char_in_token', r, {
            method: 'PUT',
            path: `/api/workspaces/${encodeURIComponent(target.calendly.clientId)}/integrations/calendly`,
            ...jsonBody(
              JSON.stringify({
                personalAccessToken:
                  at === 'start' ? `${c}tok${w}` : at === 'end' ? `tok${w}${c}` : `tok${c}${w}`,
              }),
            ),
          }),
        ),
    );
  }
  const settings = '/api/workspaces/:clientId/settings';
  if (has('GET', settings))
    specific.push(
      fc.constantFrom(...PROTO_NAMES).map((name) =>
        mk('prototype_name_id', routeWith('GET', settings), {
          method: 'GET',
          path: `/api/workspaces/${name}/settings`,
        }),
      ),
      word.map((w) =>
        mk('unknown_workspace', routeWith('GET', settings), {
          method: 'GET',
          path: `/api/workspaces/no-such-${w}/settings`,
        }),
      ),
    );

  const ghlHook = '/api/webhooks/ghl/:clientId';
  if (has('POST', ghlHook)) {
    const r = routeWith('POST', ghlHook);
    const sign = (body: string) => createSign('sha256').update(body).sign(target.ghl.privateKeyPem, 'base64');
    const appointment = (over: Record<string, unknown> = {}, appt: Record<string, unknown> = {}) => ({
      type: 'AppointmentCreate',
      locationId: target.ghl.locationId,
      timestamp: new Date().toISOString(),
      webhookId: `fuzz-wh-${Math.random()}`,
      appointment: {
        id: `fuzz-appt-${Math.random()}`,
        contactId: target.ghl.contactId,
        startTime: new Date(Date.now() + 86_400_000).toISOString(),
        ...appt,
      },
      ...over,
    });
    const signed = (kind: string, clientId: string, body: string, signature = sign(body)) =>
      mk(kind, r, {
        method: 'POST',
        path: `/api/webhooks/ghl/${encodeURIComponent(clientId)}`,
        headers: [
          ['Content-Type', 'application/json'],
          ['x-wh-signature', signature],
        ],
        body: Buffer.from(body),
      });
    specific.push(
      fc
        .tuple(
          fc.constantFrom('random', 'not-base64', 'empty', 'other-body', 'missing'),
          fc.base64String({ minLength: 4, maxLength: 400 }),
        )
        .map(([how, b64]) => {
          const body = JSON.stringify(appointment());
          if (how === 'missing')
            return mk('bad_signature', r, {
              method: 'POST',
              path: `/api/webhooks/ghl/${target.ghl.clientId}`,
              ...jsonBody(body),
            });
          const signature =
            how === 'random'
              ? b64 || 'AAAA'
              : how === 'not-base64'
                ? `${b64}!*`
                : how === 'empty'
                  ? ' '
                  : sign(`${body} `);
          return signed('bad_signature', target.ghl.clientId, body, signature);
        }),
      fc.tuple(fc.integer({ min: 600, max: 30 * 86_400 }), fc.boolean()).map(([ageSeconds, future]) =>
        signed(
          'expired_timestamp',
          target.ghl.clientId,
          JSON.stringify(
            appointment({
              timestamp: new Date(Date.now() + (future ? 1 : -1) * ageSeconds * 1000).toISOString(),
            }),
          ),
        ),
      ),
      fc
        .constantFrom('not a date', '', '2026-13-45T99:99:99Z', 'yesterday', '1e400', '   ')
        .map((startTime) =>
          signed(
            'signed_invalid_payload',
            target.ghl.clientId,
            JSON.stringify(appointment({}, { startTime })),
          ),
        ),
      fc
        .integer({ min: 201, max: 4000 })
        .map((n) =>
          signed(
            'signed_huge_id',
            target.ghl.clientId,
            JSON.stringify(appointment({ webhookId: 'w'.repeat(n) })),
          ),
        ),
      fc
        .constantFrom(...CONTROL_CHARS)
        .map((c) =>
          signed(
            'signed_invalid_payload',
            target.ghl.clientId,
            JSON.stringify(appointment({}, { contactId: `c${c}` })),
          ),
        ),
      fc.constantFrom('webhookId', 'locationId', 'timestamp', 'type', 'appointment').map((field) => {
        const body: Record<string, unknown> = appointment();
        delete body[field];
        return signed('signed_invalid_payload', target.ghl.clientId, JSON.stringify(body));
      }),
      word.map((w) => signed('unknown_workspace', `no-such-${w}`, JSON.stringify(appointment()))),
      word.map((w) =>
        signed(
          'wrong_location',
          target.ghl.clientId,
          JSON.stringify(appointment({ locationId: `other-${w}` })),
        ),
      ),
    );
  }
  const calendlyHook = '/api/webhooks/calendly/:clientId';
  if (has('POST', calendlyHook)) {
    const r = routeWith('POST', calendlyHook);
    const event = (over: Record<string, unknown> = {}) => ({
      event: 'invitee.created',
      created_at: new Date().toISOString(),
      created_by: 'https://api.calendly.com/users/fuzz',
      payload: { uri: `https://api.calendly.com/scheduled_events/e/invitees/${Math.random()}` },
      ...over,
    });
    const now = () => Math.floor(Date.now() / 1000);
    const post = (kind: string, clientId: string, body: string, header?: string) =>
      mk(kind, r, {
        method: 'POST',
        path: `/api/webhooks/calendly/${encodeURIComponent(clientId)}`,
        headers: [
          ['Content-Type', 'application/json'],
          ...(header === undefined
            ? []
            : ([['Calendly-Webhook-Signature', header]] as Array<[string, string]>)),
        ],
        body: Buffer.from(body),
      });
    specific.push(
      fc
        .tuple(
          fc.constantFrom('missing', 'malformed', 'mismatch', 'other-key'),
          fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
        )
        .map(([how, hex]) => {
          const body = JSON.stringify(event());
          const header =
            how === 'missing'
              ? undefined
              : how === 'malformed'
                ? `v1=${hex}`
                : how === 'mismatch'
                  ? `t=${now()},v1=${hex.padEnd(64, '0')}`
                  : signCalendlyPayload('not-the-key', body, now());
          return post('bad_signature', target.calendly.clientId, body, header);
        }),
      fc.integer({ min: 240, max: 30 * 86_400 }).map((age) => {
        const body = JSON.stringify(event());
        return post(
          'expired_timestamp',
          target.calendly.clientId,
          body,
          signCalendlyPayload(target.calendly.signingKey, body, now() - age),
        );
      }),
      fc
        .constantFrom<Record<string, unknown>>(
          { created_at: 'not a date' },
          { payload: 'x' },
          { payload: { uri: 'u'.repeat(3000) } },
          { created_by: 1 },
        )
        .map((over) => {
          const body = JSON.stringify(event(over));
          return post(
            'signed_invalid_payload',
            target.calendly.clientId,
            body,
            signCalendlyPayload(target.calendly.signingKey, body, now()),
          );
        }),
      word.map((w) => {
        const body = JSON.stringify(event());
        return post(
          'unknown_workspace',
          `no-such-${w}`,
          body,
          signCalendlyPayload(target.calendly.signingKey, body, now()),
        );
      }),
    );
  }

  // Generic classes go to every route; route-specific ones weigh the same as a whole generic class.
  const arb = fc.oneof(
    ...generic.map((a) => ({ arbitrary: a, weight: 3 })),
    ...auth.map((a) => ({ arbitrary: a, weight: 3 })),
    ...specific.map((a) => ({ arbitrary: a, weight: 2 })),
  );
  return fc.sample(arb, { seed, numRuns: count });
}
