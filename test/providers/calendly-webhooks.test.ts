import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CalendlyClient } from '../../src/providers/calendly/client';
import {
  CALENDLY_SIGNATURE_HEADER,
  calendlyEventKey,
  parseCalendlyWebhook,
  signCalendlyPayload,
  verifyCalendlySignature,
} from '../../src/providers/calendly/webhooks';
import { type CalendlySandbox, type SeedResult, startCalendlySandbox } from '../../src/sandboxes/calendly';

const KEY = 'test-signing-key-0123456789';
const NOW_MS = 1_760_000_000_000;
const NOW_S = NOW_MS / 1000;

describe('Calendly webhook signatures', () => {
  const body = Buffer.from(JSON.stringify({ event: 'invitee.created', payload: { uri: 'x' } }));
  const verify = (
    header: string | undefined,
    overrides: { rawBody?: Buffer; signingKey?: string; now?: number } = {},
  ) => verifyCalendlySignature({ header, rawBody: body, signingKey: KEY, now: NOW_MS, ...overrides });

  it('accepts a valid signature', () => {
    const header = signCalendlyPayload(KEY, body, NOW_S - 10);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(header)).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    const header = signCalendlyPayload(KEY, body, NOW_S);
    const tampered = Buffer.from(body.toString().replace('invitee.created', 'invitee.canceled'));
    expect(verify(header, { rawBody: tampered })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a wrong key', () => {
    expect(verify(signCalendlyPayload('another-key', body, NOW_S))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects a tampered timestamp', () => {
    const header = signCalendlyPayload(KEY, body, NOW_S).replace(/^t=\d+/, `t=${NOW_S - 1}`);
    expect(verify(header)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects an old (replayed) delivery, honouring the tolerance', () => {
    const header = signCalendlyPayload(KEY, body, NOW_S - 181);
    expect(verify(header)).toEqual({ ok: false, reason: 'expired' });
    expect(
      verifyCalendlySignature({ header, rawBody: body, signingKey: KEY, now: NOW_MS, toleranceSeconds: 300 }),
    ).toEqual({
      ok: true,
    });
    expect(verify(signCalendlyPayload(KEY, body, NOW_S + 3600))).toEqual({ ok: false, reason: 'expired' });
  });

  it('reports a missing header', () => {
    expect(verify(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(verify('')).toEqual({ ok: false, reason: 'missing' });
  });

  it.each([
    'garbage',
    't=123',
    'v1=abcdef',
    `t=abc,v1=${'a'.repeat(64)}`,
    `t=${NOW_S},v1=zz${'a'.repeat(62)}`,
    `t=${NOW_S},v1=${'a'.repeat(63)}`,
    `t=${NOW_S},,v1=${'a'.repeat(64)}`,
  ])('reports a malformed header: %s', (header) => {
    expect(verify(header)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never throws on odd input', () => {
    expect(
      verifyCalendlySignature({
        header: 't=1,v1=2',
        rawBody: 'not a buffer' as unknown as Buffer,
        signingKey: KEY,
      }),
    ).toMatchObject({ ok: false });
    expect(verifyCalendlySignature({ header: ['x'], rawBody: body, signingKey: '' })).toMatchObject({
      ok: false,
    });
  });
});

/** A webhook endpoint that answers from a script of statuses (then 200) and records what arrived. */
interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json: { event: string; payload: Record<string, unknown> & { uri: string } };
}

async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  script: number[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ headers: req.headers, raw, json: JSON.parse(raw.toString()) });
      res.statusCode = script.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/calendly`,
    received,
    script,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('Calendly sandbox webhook delivery', () => {
  let sandbox: CalendlySandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let seed: SeedResult;
  let eventTypeUri: string;
  const EVERY_DAY = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
  );
  const slotAt = (days: number, hour = 10) => {
    const d = new Date(Date.now() + days * 86_400_000);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };

  beforeAll(async () => {
    sandbox = await startCalendlySandbox({
      port: 0,
      seed: false,
      webhookRetry: { baseDelayMs: 20, maxDelayMs: 80, attemptTimeoutMs: 1_000 },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.script.length = 0;
    seed = sandbox.reset({
      seed: { user: { timezone: 'UTC' }, eventTypes: [{ timezone: 'UTC', weeklyHours: EVERY_DAY }] },
    }) as SeedResult;
    eventTypeUri = seed.eventTypeUris[0] as string;
    const client = new CalendlyClient({ baseUrl: sandbox.url, token: seed.token, timeoutMs: 2_000 });
    await client.createWebhookSubscription({
      url: receiver.url,
      events: ['invitee.created', 'invitee.canceled'],
      organization: seed.organizationUri,
      scope: 'organization',
      signingKey: KEY,
    });
  });

  const book = (startTime = slotAt(2)) =>
    sandbox.bookAsLead({
      eventTypeUri,
      startTime,
      email: 'lead@example.com',
      name: 'Lea Lead',
      timezone: 'UTC',
    });

  it('delivers a signed invitee.created that parses and verifies', async () => {
    const invitee = await book();
    await sandbox.webhooksSettled();
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    if (!delivery) throw new Error('no delivery');
    const check = verifyCalendlySignature({
      header: delivery.headers[CALENDLY_SIGNATURE_HEADER],
      rawBody: delivery.raw,
      signingKey: KEY,
    });
    expect(check).toEqual({ ok: true });
    const parsed = parseCalendlyWebhook(delivery.json);
    if (parsed.kind !== 'event') throw new Error(`not an event: ${JSON.stringify(parsed)}`);
    expect(parsed.event.event).toBe('invitee.created');
    expect(parsed.event.created_by).toBe(seed.userUri);
    expect(parsed.event.payload.uri).toBe(invitee.uri);
    expect(parsed.event.payload.scheduled_event.uri).toBe(invitee.event);
    expect(calendlyEventKey(parsed.event)).toBe(`invitee.created:${invitee.uri}`);
  });

  it('also fires for bookings made through POST /invitees', async () => {
    const client = new CalendlyClient({ baseUrl: sandbox.url, token: seed.token, timeoutMs: 2_000 });
    const invitee = await client.createInvitee({
      eventTypeUri,
      startTime: slotAt(2),
      invitee: { email: 'lead@example.com', name: 'Lea', timezone: 'UTC' },
    });
    await sandbox.webhooksSettled();
    expect(receiver.received.map((r) => [r.json.event, r.json.payload.uri])).toEqual([
      ['invitee.created', invitee.uri],
    ]);
  });

  it('retries a non-2xx answer with back-off until a 2xx', async () => {
    receiver.script.push(500, 503, 302);
    await book();
    await sandbox.webhooksSettled(3_000);
    expect(receiver.received).toHaveLength(4);
    // Every attempt is signed afresh and verifies.
    for (const r of receiver.received) {
      expect(
        verifyCalendlySignature({
          header: r.headers[CALENDLY_SIGNATURE_HEADER],
          rawBody: r.raw,
          signingKey: KEY,
        }),
      ).toEqual({ ok: true });
    }
    const [delivery] = sandbox.webhookDeliveries();
    expect(delivery).toMatchObject({ state: 'delivered', attempt_count: 4, last_status: 200 });
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 503, 302, 200]);
    const gaps = delivery?.attempts
      .slice(1)
      .map((a, i) => Date.parse(a.at) - Date.parse(delivery.attempts[i]?.at ?? ''));
    expect(gaps?.every((g) => g >= 15)).toBe(true);
    expect(sandbox.webhookSubscriptions()[0]).toMatchObject({ state: 'active', retry_started_at: null });
  });

  it.each(['canceled-first', 'created-first'] as const)(
    'reschedule fires both events (%s)',
    async (order) => {
      const original = await book(slotAt(2));
      await sandbox.webhooksSettled();
      receiver.received.length = 0;

      const { oldInvitee, newInvitee } = await sandbox.rescheduleInvitee(original.uri, slotAt(3), { order });
      await sandbox.webhooksSettled();
      const events = receiver.received.map((r) => r.json.event);
      expect(events).toEqual(
        order === 'canceled-first'
          ? ['invitee.canceled', 'invitee.created']
          : ['invitee.created', 'invitee.canceled'],
      );

      const canceled = receiver.received.find((r) => r.json.event === 'invitee.canceled')?.json.payload;
      const created = receiver.received.find((r) => r.json.event === 'invitee.created')?.json.payload;
      expect(canceled).toMatchObject({
        uri: original.uri,
        status: 'canceled',
        rescheduled: true,
        new_invitee: newInvitee.uri,
      });
      expect(created).toMatchObject({
        uri: newInvitee.uri,
        status: 'active',
        rescheduled: false,
        old_invitee: original.uri,
      });
      expect(oldInvitee.new_invitee).toBe(newInvitee.uri);
      // The old time is free again, the new one is taken.
      const statuses = sandbox.scheduledEvents().map((e) => [e.start_time, e.status]);
      expect(statuses).toEqual([
        [slotAt(2), 'canceled'],
        [slotAt(3), 'active'],
      ]);
    },
  );

  it('fires invitee.canceled when the lead cancels', async () => {
    const invitee = await book();
    await sandbox.cancelInvitee(invitee.uri, 'changed my mind');
    await sandbox.webhooksSettled();
    const last = receiver.received.at(-1)?.json;
    expect(last?.event).toBe('invitee.canceled');
    expect(last?.payload).toMatchObject({
      uri: invitee.uri,
      rescheduled: false,
      cancellation: { canceler_type: 'invitee' },
    });
  });
});
