import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GHL_PUBLISHED_WEBHOOK_PUBLIC_KEY } from '../../src/config';
import { isFreshGhlWebhook, parseGhlWebhook, verifyGhlSignature } from '../../src/providers/ghl';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandboxes/ghl';

/** Captures what arrives on the wire: the exact body bytes and the signature header. */
let receiver: Server;
let received: Array<{ url: string; body: Buffer; signature: string | undefined }>;
let receiverStatus = 200;
let sandbox: GhlSandbox;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        url: req.url ?? '',
        body: Buffer.concat(chunks),
        signature: req.headers['x-wh-signature'] as string | undefined,
      });
      res.statusCode = receiverStatus;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as AddressInfo).port;
  sandbox = await startGhlSandbox({
    port: 0,
    webhookTargetUrl: (locationId) => `http://127.0.0.1:${port}/hooks/${locationId}`,
    logger: { info() {}, warn() {} },
  });
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});
beforeEach(() => {
  received = [];
  receiverStatus = 200;
});

const inbound = {
  type: 'InboundMessage',
  contactId: 'ct_1',
  body: 'Tuesday at 10 works',
  messageType: 'SMS',
  direction: 'inbound',
  conversationId: 'conv_1',
  messageId: 'msg_1',
};

async function deliverInbound(): Promise<{ body: Buffer; signature: string | undefined }> {
  expect(await sandbox.sendWebhook('loc_1', inbound)).toBe(200);
  const delivery = received[0];
  if (!delivery) throw new Error('no webhook received');
  return delivery;
}

describe('GHL webhook signatures', () => {
  it('accepts the body the sandbox signed, byte for byte', async () => {
    const { body, signature } = await deliverInbound();
    expect(signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(verifyGhlSignature(body, signature, sandbox.publicKeyPem)).toBe(true);
  });

  it('rejects a tampered body', async () => {
    const { body, signature } = await deliverInbound();
    const tampered = Buffer.from(body.toString('utf8').replace('Tuesday', 'Friday'));
    expect(verifyGhlSignature(tampered, signature, sandbox.publicKeyPem)).toBe(false);
    // Re-serialising changes bytes even when the JSON is "the same": verification needs the raw body.
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
    expect(verifyGhlSignature(reformatted, signature, sandbox.publicKeyPem)).toBe(false);
  });

  it('rejects a signature made with another key, including GHL’s published one', async () => {
    const { body, signature } = await deliverInbound();
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    expect(verifyGhlSignature(body, signature, other.publicKey)).toBe(false);
    expect(verifyGhlSignature(body, signature, GHL_PUBLISHED_WEBHOOK_PUBLIC_KEY)).toBe(false);
  });

  it('rejects missing or garbage signatures and keys without throwing', async () => {
    const { body, signature } = await deliverInbound();
    expect(verifyGhlSignature(body, undefined, sandbox.publicKeyPem)).toBe(false);
    expect(verifyGhlSignature(body, '', sandbox.publicKeyPem)).toBe(false);
    expect(verifyGhlSignature(body, 'not base64 at all!', sandbox.publicKeyPem)).toBe(false);
    expect(verifyGhlSignature(body, 'AAAA', sandbox.publicKeyPem)).toBe(false);
    expect(verifyGhlSignature(body, signature, 'not a pem')).toBe(false);
    expect(verifyGhlSignature(body, signature, '')).toBe(false);
    expect(verifyGhlSignature(undefined as unknown as Buffer, signature, sandbox.publicKeyPem)).toBe(false);
  });
});

describe('sandbox webhook delivery', () => {
  it('fills timestamp, webhookId and locationId and posts to the location’s target', async () => {
    const before = Date.now();
    const { body } = await deliverInbound();
    expect(received[0]?.url).toBe('/hooks/loc_1');
    const payload = JSON.parse(body.toString('utf8'));
    expect(payload).toMatchObject({ ...inbound, locationId: 'loc_1' });
    expect(payload.webhookId).toEqual(expect.any(String));
    expect(Date.parse(payload.timestamp)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('keeps given timestamp and webhookId, and returns the receiver’s status', async () => {
    receiverStatus = 401;
    const status = await sandbox.sendWebhook('loc_1', {
      ...inbound,
      timestamp: '2025-01-28T14:35:00Z',
      webhookId: 'abc123xyz',
    });
    expect(status).toBe(401);
    expect(JSON.parse(received[0]?.body.toString('utf8') ?? '{}')).toMatchObject({
      timestamp: '2025-01-28T14:35:00Z',
      webhookId: 'abc123xyz',
    });
  });

  it('can be triggered through the control API', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        locationId: 'loc_2',
        event: { type: 'AppointmentDelete', appointment: { id: 'appt_1', calendarId: 'cal_1' } },
      }),
    });
    expect(await res.json()).toEqual({ status: 200 });
    const delivery = received[0];
    expect(delivery && verifyGhlSignature(delivery.body, delivery.signature, sandbox.publicKeyPem)).toBe(
      true,
    );
    const bad = await fetch(`${sandbox.url}/_sandbox/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locationId: 'loc_2', event: { type: 'Nonsense' } }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('parseGhlWebhook', () => {
  const envelope = { timestamp: '2025-01-28T14:35:00Z', webhookId: 'wh_1', locationId: 'loc_1' };

  it('parses the four event types we act on', () => {
    const message = parseGhlWebhook({ ...envelope, ...inbound });
    expect(message).toMatchObject({
      kind: 'event',
      event: { type: 'InboundMessage', body: 'Tuesday at 10 works' },
    });
    for (const type of ['AppointmentCreate', 'AppointmentUpdate', 'AppointmentDelete']) {
      const parsed = parseGhlWebhook({
        ...envelope,
        type,
        appointment: { id: 'appt_1', appointmentStatus: 'confirmed', startTime: '2023-09-25T16:00:00+05:30' },
      });
      expect(parsed).toMatchObject({ kind: 'event', event: { type, appointment: { id: 'appt_1' } } });
    }
  });

  it('accepts the documented e-mail and call shapes', () => {
    const email = parseGhlWebhook({
      ...envelope,
      type: 'InboundMessage',
      contactId: 'ct_1',
      messageType: 'Email',
      body: '<div>Yes</div>',
      to: ['someone@example.test'],
      from: 'Lead <lead@example.test>',
    });
    expect(email.kind).toBe('event');
    const voicemail = parseGhlWebhook({
      ...envelope,
      type: 'InboundMessage',
      contactId: 'ct_1',
      messageType: 'CALL',
      attachments: ['voicemail url'],
      status: 'voicemail',
    });
    expect(voicemail.kind).toBe('event');
  });

  it('ignores types we do not handle and rejects malformed payloads', () => {
    expect(parseGhlWebhook({ ...envelope, type: 'ContactDelete' })).toEqual({
      kind: 'ignored',
      type: 'ContactDelete',
    });
    expect(parseGhlWebhook(null).kind).toBe('invalid');
    expect(parseGhlWebhook({ body: 'no type' }).kind).toBe('invalid');
    const noEnvelope = parseGhlWebhook({ ...inbound, locationId: 'loc_1' });
    expect(noEnvelope).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/timestamp/) });
    expect(parseGhlWebhook({ ...envelope, type: 'AppointmentCreate' }).kind).toBe('invalid');
  });
});

describe('isFreshGhlWebhook', () => {
  const now = Date.parse('2025-01-28T14:40:00Z');
  it('accepts recent timestamps and rejects old, future or garbage ones', () => {
    expect(isFreshGhlWebhook('2025-01-28T14:35:00Z', 300, now)).toBe(true);
    expect(isFreshGhlWebhook('2025-01-28T14:34:59Z', 300, now)).toBe(false);
    expect(isFreshGhlWebhook('2025-01-28T14:50:00Z', 300, now)).toBe(false);
    expect(isFreshGhlWebhook('yesterday', 300, now)).toBe(false);
  });
});

describe('parseGhlWebhook refuses what could not be stored or delivered', () => {
  const appointment = (over: Record<string, unknown> = {}, appt: Record<string, unknown> = {}) => ({
    type: 'AppointmentCreate',
    locationId: 'loc-1',
    timestamp: '2026-11-26T10:00:00.000Z',
    webhookId: 'wh-1',
    appointment: { id: 'appt-1', contactId: 'c-1', startTime: '2026-11-27T14:00:00-05:00', ...appt },
    ...over,
  });

  it('accepts the documented shapes (offset and Z instants)', () => {
    expect(parseGhlWebhook(appointment()).kind).toBe('event');
    expect(parseGhlWebhook(appointment({}, { startTime: '2026-11-27T19:00:00.000Z' })).kind).toBe('event');
  });

  it.each([
    ['a startTime that is not a date', appointment({}, { startTime: 'not a date' }), /startTime/],
    ['an impossible date', appointment({}, { startTime: '2026-13-45T99:99:99Z' }), /startTime/],
    ['a 201-character webhookId', appointment({ webhookId: 'w'.repeat(201) }), /webhookId.*200/],
    ['a control character in contactId', appointment({}, { contactId: 'c\u0001' }), /contactId.*control/],
    ['a NUL in the appointment id', appointment({}, { id: 'a\u0000' }), /appointment\.id.*NUL/],
    ['a lone surrogate in locationId', appointment({ locationId: 'l\ud800' }), /locationId.*surrogate/],
    [
      'an InboundMessage whose dateAdded is not a date',
      {
        type: 'InboundMessage',
        locationId: 'l',
        timestamp: 't',
        webhookId: 'w',
        contactId: 'c',
        dateAdded: 'soon',
      },
      /dateAdded/,
    ],
  ])('%s', (_name, json, message) => {
    const parsed = parseGhlWebhook(json);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.message).toMatch(message);
  });
});
