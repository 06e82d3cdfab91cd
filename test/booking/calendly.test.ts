import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliverStoredEvent, persistWebhookEvent } from '../../src/booking/webhookInbox';
import { createLogger } from '../../src/logger';
import { buildServices } from '../../src/main/services';
import { CalendlyClient } from '../../src/providers/calendly/client';
import {
  calendlyEventKey,
  parseCalendlyWebhook,
  signCalendlyPayload,
} from '../../src/providers/calendly/webhooks';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import { api } from '../support/api';
import { eventually, type Harness, type SeededCalendlyWorkspace, startHarness } from '../support/harness';
import { recordHistory } from '../support/histories';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ BOOKING_ATTENTION_AFTER_SECONDS: '6' });
});
afterAll(async () => {
  await h?.close();
});

const stateOf = (ws: SeededCalendlyWorkspace) => api(h).state(ws);
const waitFor = (ws: SeededCalendlyWorkspace, what: string, ok: (s: LeadBookingSnapshot) => boolean) =>
  api(h).waitForState(ws, what, ok);

async function bookThroughOffer(ws: SeededCalendlyWorkspace, pick = '1') {
  const offer = await api(h).offer(ws.clientId, ws.leadId);
  expect(offer.status).toBe(201);
  expect(offer.body.provider).toBe('calendly');
  const slots: string[] = offer.body.offer.slots;
  const reply = await api(h).reply(ws.clientId, ws.leadId, pick);
  expect(reply.body.result).toBe('slot_accepted');
  const booked = await waitFor(
    ws,
    'booked and confirmed',
    (s) => s.status === 'booked' && !!s.booking?.confirmed,
  );
  return { slots, booked };
}

async function freeTimeNotIn(ws: SeededCalendlyWorkspace, taken: string[]): Promise<string> {
  const client = new CalendlyClient({ baseUrl: h.calendly.url, token: ws.token, timeoutMs: 3000 });
  const times = await client.listAvailableTimes(ws.eventTypeUri, {
    from: new Date(Date.now() + 86_400_000),
    to: new Date(Date.now() + 6 * 86_400_000),
  });
  const free = times.map((t) => new Date(t.start_time).toISOString()).find((t) => !taken.includes(t));
  if (!free) throw new Error('no free Calendly time');
  return free;
}

function postWebhook(clientId: string, body: string, signature?: string) {
  const req = request(h.apiUrl)
    .post(`/api/webhooks/calendly/${clientId}`)
    .set('Content-Type', 'application/json');
  if (signature) req.set('Calendly-Webhook-Signature', signature);
  return req.send(body);
}

describe('Calendly as the booking provider, on real Temporal + PostgreSQL + Calendly sandbox', () => {
  it('books through POST /invitees once, is confirmed by the signed invitee.created webhook, and records the URIs', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const { slots, booked } = await bookThroughOffer(ws, '2');
    const invitees = h.calendly.invitees().filter((i) => i.email === ws.leadEmail);
    expect(invitees).toHaveLength(1);
    expect(booked.booking).toMatchObject({
      provider: 'calendly',
      bookingId: invitees[0]?.uri,
      startTime: slots[1],
    });
    const lead = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
    expect(lead).toMatchObject({
      status: 'meeting-booked',
      calendlyInviteeUri: invitees[0]?.uri,
      calendlyScheduledEventUri: invitees[0]?.event,
    });
    expect(lead.bookedSlot?.toISOString()).toBe(slots[1]);
    await recordHistory(h.services.temporal, ws.workflowId, 'calendly-book-and-confirm');
  });

  it('a cancel from the lead on Calendly cancels the booking and the lead can be offered again', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const { booked } = await bookThroughOffer(ws);
    await h.calendly.cancelInvitee(booked.booking?.bookingId as string, 'something came up');
    const canceled = await waitFor(ws, 'canceled', (s) => s.status === 'canceled');
    expect(canceled.timeline.at(-1)?.event).toMatch(/something came up/);
    const lead = await eventually(
      async () => {
        const l = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
        return l.status === 'meeting-canceled' ? l : undefined;
      },
      10_000,
      'lead row canceled',
    );
    expect(lead).toMatchObject({ calendlyInviteeUri: null, bookedSlot: null });
    expect((await api(h).offer(ws.clientId, ws.leadId)).body.result).toBe('offered');
  });

  it.each(['canceled-first', 'created-first'] as const)(
    'a reschedule (%s) moves the booking without flapping to canceled',
    async (order) => {
      const ws = await h.seedCalendlyWorkspace();
      const { slots, booked } = await bookThroughOffer(ws);
      const newStart = await freeTimeNotIn(ws, slots);
      const { newInvitee } = await h.calendly.rescheduleInvitee(
        booked.booking?.bookingId as string,
        newStart,
        { order },
      );
      const moved = await waitFor(
        ws,
        'moved',
        (s) => s.booking?.bookingId === newInvitee.uri && !!s.postBookingWorkflowId?.includes(newStart),
      );
      await h.calendly.webhooksSettled(10_000);
      const after = await stateOf(ws);
      expect(after.status).toBe('booked');
      expect(after.booking).toMatchObject({ startTime: newStart, bookingId: newInvitee.uri });
      expect(after.timeline.map((t) => t.event).join('\n')).not.toMatch(/→ canceled/);
      expect(moved.postBookingWorkflowId).toContain(newStart);
      await eventually(
        async () => {
          const lead = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
          return lead.calendlyInviteeUri === newInvitee.uri && lead.bookedSlot?.toISOString() === newStart;
        },
        10_000,
        'lead row moved',
      );
      await recordHistory(h.services.temporal, ws.workflowId, `calendly-reschedule-${order}`);
    },
  );

  it('a lead who booked on the Calendly page without an offer gets a workflow that records the booking', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const start = await freeTimeNotIn(ws, []);
    const invitee = await h.calendly.bookAsLead({
      eventTypeUri: ws.eventTypeUri,
      startTime: start,
      email: (ws.leadEmail as string).toUpperCase(),
      name: 'Casey',
      timezone: 'America/New_York',
    });
    const s = await waitFor(ws, 'self-booked', (x) => x.status === 'booked');
    expect(s.booking).toMatchObject({ bookingId: invitee.uri, selfBooked: true, startTime: start });
    await eventually(
      async () =>
        (await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } })).calendlyInviteeUri ===
        invitee.uri,
      10_000,
      'recorded',
    );
    await recordHistory(h.services.temporal, ws.workflowId, 'calendly-self-booked');
  });

  it('a lead without an email needs attention and Calendly is never called', async () => {
    const ws = await h.seedCalendlyWorkspace({ leadEmail: null });
    await api(h).offer(ws.clientId, ws.leadId);
    h.calendly.clearRequests();
    await api(h).reply(ws.clientId, ws.leadId, '1');
    const s = await waitFor(ws, 'needs attention', (x) => x.status === 'needs_attention');
    expect(s.attention?.reason).toMatch(/no email/);
    expect(
      h.calendly.requests().filter((r) => r.method === 'POST' && r.path.startsWith('/invitees')),
    ).toHaveLength(0);
  });

  it('a plan without the Scheduling API (403) needs attention with the reason', async () => {
    const ws = await h.seedCalendlyWorkspace({ plan: 'free' });
    await api(h).offer(ws.clientId, ws.leadId);
    await api(h).reply(ws.clientId, ws.leadId, '1');
    const s = await waitFor(ws, 'needs attention', (x) => x.status === 'needs_attention');
    expect(s.attention?.reason).toMatch(/403/);
    expect(h.calendly.invitees().filter((i) => i.email === ws.leadEmail)).toHaveLength(0);
  });

  describe('webhook authenticity and idempotency', () => {
    const body = (
      ws: SeededCalendlyWorkspace,
      uri = `https://api.calendly.com/scheduled_events/E1/invitees/${Math.random()}`,
    ) =>
      JSON.stringify({
        event: 'invitee.canceled',
        created_at: new Date().toISOString(),
        created_by: ws.userUri,
        payload: {
          uri,
          email: ws.leadEmail,
          name: 'Casey',
          status: 'canceled',
          timezone: 'America/New_York',
          event: 'https://api.calendly.com/scheduled_events/E1',
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
          rescheduled: false,
          old_invitee: null,
          new_invitee: null,
          scheduled_event: {
            uri: 'https://api.calendly.com/scheduled_events/E1',
            name: 'Intro call',
            status: 'canceled',
            start_time: new Date(Date.now() + 86_400_000).toISOString(),
            end_time: new Date(Date.now() + 86_400_000 + 1_800_000).toISOString(),
            event_type: ws.eventTypeUri,
            created_at: new Date().toISOString(),
            updated_at: new Date().toISOString(),
          },
        },
      });
    const now = () => Math.floor(Date.now() / 1000);
    const stored = (clientId: string) => h.services.db.webhookEventLog.count({ where: { clientId } });

    it('tampered, expired, unsigned and wrong-workspace signatures → 401, nothing stored, no signal', async () => {
      const ws = await h.seedCalendlyWorkspace();
      const other = await h.seedCalendlyWorkspace();
      const { booked } = await bookThroughOffer(ws);
      const raw = body(ws, booked.booking?.bookingId);
      const signalsBefore = await signalCount(ws.workflowId);
      const storedBefore = await stored(ws.clientId);
      const cases = [
        ['unsigned', undefined, /missing/],
        [
          'tampered',
          signCalendlyPayload(ws.signingKey, raw.replace('Casey', 'Mallory'), now()),
          /does not match/,
        ],
        ['expired', signCalendlyPayload(ws.signingKey, raw, now() - 3600), /outside the allowed window/],
        ['wrong workspace key', signCalendlyPayload(other.signingKey, raw, now()), /does not match/],
        ['garbage', 'v1=zzz', /malformed/],
      ] as const;
      for (const [, sig, message] of cases) {
        const res = await postWebhook(ws.clientId, raw, sig);
        expect(res.status).toBe(401);
        expect(res.body.error.message).toMatch(message);
      }
      const unknown = await postWebhook(
        'no-such-workspace',
        raw,
        signCalendlyPayload(ws.signingKey, raw, now()),
      );
      expect(unknown.status).toBe(404);
      expect(await stored(ws.clientId)).toBe(storedBefore);
      expect(await signalCount(ws.workflowId)).toBe(signalsBefore);
      expect((await stateOf(ws)).status).toBe('booked');
    });

    it('unsigned deliveries pass only where the per-workspace switch is on and no signing key exists', async () => {
      const ws = await h.seedCalendlyWorkspace();
      const raw = body(ws);
      const db = h.services.db;
      await db.calendlyConnection.update({
        where: { clientId: ws.clientId },
        data: { allowUnsignedWebhooks: true },
      });
      expect((await postWebhook(ws.clientId, raw)).status).toBe(401); // a signing key exists: the switch is ignored
      await db.calendlyConnection.update({
        where: { clientId: ws.clientId },
        data: { signingKeyEnc: null, allowUnsignedWebhooks: false },
      });
      const off = await postWebhook(ws.clientId, raw);
      expect(off.status).toBe(401);
      expect(off.body.error.message).toMatch(/unsigned webhooks are refused/);
      expect(await stored(ws.clientId)).toBe(0);
      await db.calendlyConnection.update({
        where: { clientId: ws.clientId },
        data: { allowUnsignedWebhooks: true },
      });
      const on = await postWebhook(ws.clientId, raw);
      expect(on.status).toBe(200);
      expect(await stored(ws.clientId)).toBe(1);
    });

    it('a delivery retried three times is stored once and acted on once', async () => {
      const ws = await h.seedCalendlyWorkspace();
      const { booked } = await bookThroughOffer(ws);
      const raw = body(ws, booked.booking?.bookingId);
      const signalsBefore = await signalCount(ws.workflowId);
      const answers = [];
      for (let i = 0; i < 3; i++)
        answers.push(
          (await postWebhook(ws.clientId, raw, signCalendlyPayload(ws.signingKey, raw, now()))).body,
        );
      expect(answers.map((a) => a.duplicate)).toEqual([false, true, true]);
      await waitFor(ws, 'canceled', (s) => s.status === 'canceled');
      expect((await signalCount(ws.workflowId)) - signalsBefore).toBe(1);
    });

    it('an event stored while Temporal was unreachable is delivered later by the redelivery loop', async () => {
      const ws = await h.seedCalendlyWorkspace();
      const { booked } = await bookThroughOffer(ws);
      // Temporal "down": deliveries through a client whose connection is closed fail after the event is stored.
      const broken = await buildServices(h.config, {
        temporalAddress: inject('temporalAddress'),
        databaseUrl: inject('databaseUrl'),
        logger: createLogger({ level: 'silent' }),
      });
      await broken.temporal.connection.close();
      await broken.redelivery.stop();
      const raw = body(ws, booked.booking?.bookingId);
      const parsed = parseCalendlyWebhook(JSON.parse(raw));
      if (parsed.kind !== 'event') throw new Error('bad fixture');
      const row = await persistWebhookEvent(broken.db, {
        provider: 'calendly',
        clientId: ws.clientId,
        eventKey: calendlyEventKey(parsed.event),
        eventType: parsed.event.event,
        payload: parsed.event as object,
      });
      expect(
        await deliverStoredEvent(broken.db, broken.apiDeps.deliverers.calendly, row.id, broken.logger),
      ).toBeUndefined();
      expect((await h.services.db.webhookEventLog.findUniqueOrThrow({ where: { id: row.id } })).status).toBe(
        'failed',
      );
      await broken.db.$disconnect();
      expect((await stateOf(ws)).status).toBe('booked');

      await new Promise((r) => setTimeout(r, 50));
      const delivered = await eventually(
        async () =>
          (await h.services.redelivery.runOnce()) >= 0 &&
          (await h.services.db.webhookEventLog.findUniqueOrThrow({ where: { id: row.id } })).status ===
            'delivered',
        15_000,
        'redelivered',
      );
      expect(delivered).toBe(true);
      await waitFor(ws, 'canceled', (s) => s.status === 'canceled');
    });
  });
});

async function signalCount(workflowId: string): Promise<number> {
  const history = await h.services.temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
}
