import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CalendlyClient } from '../../src/providers/calendly/client';
import { calendlyErrorSchema, inviteeNoShowResponseSchema } from '../../src/providers/calendly/schemas';
import {
  CALENDLY_SIGNATURE_HEADER,
  calendlyEventKey,
  parseCalendlyWebhook,
  verifyCalendlySignature,
} from '../../src/providers/calendly/webhooks';
import { type CalendlySandbox, type SeedResult, startCalendlySandbox } from '../../src/sandboxes/calendly';

// The sandbox's invitee no-show endpoints and webhooks, against the contract our service relies on:
// Calendly's "Create / Get / Delete Invitee No Show" (bearer auth, organization scope, Calendly error
// bodies) and signed invitee_no_show.created / .deleted deliveries carrying the invitee and the mark.

const KEY = 'no-show-signing-key-0123456789';
const EVERY_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
);

interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json: { event: string; payload: { uri: string; no_show: { uri: string } | null } };
}

let sandbox: CalendlySandbox;
let server: Server;
let receiverUrl: string;
const received: Received[] = [];
let seed: SeedResult;

beforeAll(async () => {
  sandbox = await startCalendlySandbox({ port: 0, seed: false });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ headers: req.headers, raw, json: JSON.parse(raw.toString()) });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(async () => {
  received.length = 0;
  seed = sandbox.reset({
    seed: { user: { timezone: 'UTC' }, eventTypes: [{ timezone: 'UTC', weeklyHours: EVERY_DAY }] },
  }) as SeedResult;
  await new CalendlyClient({
    baseUrl: sandbox.url,
    token: seed.token,
    timeoutMs: 2_000,
  }).createWebhookSubscription({
    url: receiverUrl,
    events: ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted'],
    organization: seed.organizationUri,
    scope: 'organization',
    signingKey: KEY,
  });
});

const call = (method: string, path: string, body?: unknown, token: string | null = seed.token) =>
  fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const pathOf = (uri: string) => new URL(uri).pathname;
const markOf = async (res: Response) => inviteeNoShowResponseSchema.parse(await res.json()).resource;

async function bookedInvitee() {
  const start = new Date(Date.now() + 2 * 86_400_000);
  start.setUTCHours(10, 0, 0, 0);
  const invitee = await sandbox.bookAsLead({
    eventTypeUri: seed.eventTypeUris[0] as string,
    startTime: start.toISOString(),
    email: 'lead@example.com',
    name: 'Lea Lead',
    timezone: 'UTC',
  });
  await sandbox.webhooksSettled();
  received.length = 0;
  return invitee;
}

async function expectCalendlyError(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  const body = calendlyErrorSchema.parse(await res.json());
  expect(body.message).toMatch(message);
  return body;
}

describe('Calendly sandbox: invitee no-shows', () => {
  it('marks, reads and removes a no-show; each change fires a signed webhook naming the mark', async () => {
    const invitee = await bookedInvitee();
    const created = await call('POST', '/invitee_no_shows', { invitee: invitee.uri });
    expect(created.status).toBe(201);
    const mark = inviteeNoShowResponseSchema.parse(await created.json()).resource;
    expect(mark).toMatchObject({
      invitee: invitee.uri,
      uri: expect.stringMatching(/\/invitee_no_shows\/\w+$/),
    });

    const read = await call('GET', pathOf(mark.uri));
    expect(read.status).toBe(200);
    expect(((await read.json()) as { resource: unknown }).resource).toEqual(mark);
    const inviteeNow = sandbox.invitees().find((i) => i.uri === invitee.uri);
    expect(inviteeNow?.no_show).toEqual({ uri: mark.uri, created_at: mark.created_at });

    const removed = await call('DELETE', pathOf(mark.uri));
    expect(removed.status).toBe(204);
    await expectCalendlyError(await call('GET', pathOf(mark.uri)), 404, /could not find/);
    await expectCalendlyError(await call('DELETE', pathOf(mark.uri)), 404, /could not find/);
    expect(sandbox.invitees().find((i) => i.uri === invitee.uri)?.no_show).toBeNull();

    await sandbox.webhooksSettled();
    expect(received.map((r) => r.json.event)).toEqual(['invitee_no_show.created', 'invitee_no_show.deleted']);
    for (const r of received) {
      expect(
        verifyCalendlySignature({
          header: r.headers[CALENDLY_SIGNATURE_HEADER],
          rawBody: r.raw,
          signingKey: KEY,
        }),
      ).toEqual({ ok: true });
      const parsed = parseCalendlyWebhook(r.json);
      if (parsed.kind !== 'event') throw new Error(`not an event: ${JSON.stringify(parsed)}`);
      expect(parsed.event.payload.uri).toBe(invitee.uri);
      // Both carry the mark they are about, so a removal can be matched to its mark in any order.
      expect(parsed.event.payload.no_show?.uri).toBe(mark.uri);
      expect(calendlyEventKey(parsed.event)).toBe(
        `${parsed.event.event}:${invitee.uri}:${mark.uri.split('/').pop()}`,
      );
    }
  });

  it('refuses without a token (401), with a bad body (400), for an unknown invitee (404) and for another organization (403)', async () => {
    const invitee = await bookedInvitee();
    await expectCalendlyError(
      await call('POST', '/invitee_no_shows', { invitee: invitee.uri }, null),
      401,
      /token/,
    );
    const bad = await expectCalendlyError(
      await call('POST', '/invitee_no_shows', { nope: 1 }),
      400,
      /invalid/,
    );
    expect(bad.details?.[0]?.parameter).toBe('invitee');
    await expectCalendlyError(
      await call('POST', '/invitee_no_shows', { invitee: `${invitee.uri.replace(/\w+$/, 'NOSUCHINVITEE')}` }),
      404,
      /could not find/,
    );
    const stranger = sandbox.seed({ user: { email: 'stranger@example.com' } });
    await expectCalendlyError(
      await call('POST', '/invitee_no_shows', { invitee: invitee.uri }, stranger.token),
      403,
      /permission/,
    );
    const mark = await markOf(await call('POST', '/invitee_no_shows', { invitee: invitee.uri }));
    await expectCalendlyError(
      await call('GET', pathOf(mark.uri), undefined, stranger.token),
      403,
      /permission/,
    );
    await expectCalendlyError(
      await call('DELETE', pathOf(mark.uri), undefined, stranger.token),
      403,
      /permission/,
    );
    await expectCalendlyError(
      await call('POST', '/invitee_no_shows', { invitee: invitee.uri }),
      400,
      /already marked/,
    );
    await sandbox.webhooksSettled();
    expect(received.map((r) => r.json.event)).toEqual(['invitee_no_show.created']);
  });

  it('a canceled invitee cannot be marked', async () => {
    const invitee = await bookedInvitee();
    await sandbox.cancelInvitee(invitee.uri, 'changed plans');
    await expectCalendlyError(
      await call('POST', '/invitee_no_shows', { invitee: invitee.uri }),
      400,
      /canceled/,
    );
  });

  it('held deliveries go out only on release, in the order asked', async () => {
    const invitee = await bookedInvitee();
    sandbox.holdWebhooks();
    const mark = await markOf(await call('POST', '/invitee_no_shows', { invitee: invitee.uri }));
    expect((await call('DELETE', pathOf(mark.uri))).status).toBe(204);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toHaveLength(0);
    await sandbox.releaseWebhooks('reverse');
    expect(received.map((r) => r.json.event)).toEqual(['invitee_no_show.deleted', 'invitee_no_show.created']);
  });
});
