import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendlyClient } from '../../src/providers/calendly/client';
import { signCalendlyPayload } from '../../src/providers/calendly/webhooks';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import { api } from '../support/api';
import {
  ADMIN_API_TOKEN,
  eventually,
  type Harness,
  type SeededCalendlyWorkspace,
  startHarness,
} from '../support/harness';
import { recordHistory } from '../support/histories';

// No-shows (issue 12, item 5), end to end on real Temporal + PostgreSQL: the host marks the lead a
// no-show through the Calendly sandbox's real API (as they would in Calendly), the sandbox sends its
// signed invitee_no_show.* webhook to our service, and the lead's workflow, lead row and post-booking
// sequence follow.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const waitFor = (ws: SeededCalendlyWorkspace, what: string, ok: (s: LeadBookingSnapshot) => boolean) =>
  api(h).waitForState(ws, what, ok);

async function book(ws: SeededCalendlyWorkspace) {
  expect((await api(h).offer(ws.clientId, ws.leadId)).status).toBe(201);
  expect((await api(h).reply(ws.clientId, ws.leadId, '1')).body.result).toBe('slot_accepted');
  const booked = await waitFor(
    ws,
    'booked and confirmed',
    (s) => s.status === 'booked' && !!s.booking?.confirmed && !!s.postBookingWorkflowId,
  );
  return {
    inviteeUri: booked.booking?.bookingId as string,
    reminders: booked.postBookingWorkflowId as string,
  };
}

/** The host's Calendly API call (their personal access token), exactly as Calendly would take it. */
async function calendlyCall(
  ws: SeededCalendlyWorkspace,
  method: 'POST' | 'DELETE',
  path: string,
  body?: object,
) {
  const res = await fetch(`${h.calendly.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${ws.token}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.status === 204 ? undefined : ((await res.json()) as { resource: { uri: string } }).resource;
}
const markNoShow = async (ws: SeededCalendlyWorkspace, inviteeUri: string) =>
  (await calendlyCall(ws, 'POST', '/invitee_no_shows', { invitee: inviteeUri })) as { uri: string };
const removeNoShow = (ws: SeededCalendlyWorkspace, markUri: string) =>
  calendlyCall(ws, 'DELETE', new URL(markUri).pathname);

const leadRow = (ws: SeededCalendlyWorkspace) =>
  h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
const leadRowIs = (ws: SeededCalendlyWorkspace, status: string) =>
  eventually(
    async () => ((await leadRow(ws)).status === status ? leadRow(ws) : undefined),
    10_000,
    `lead ${status}`,
  );

async function isRunning(workflowId: string): Promise<boolean> {
  return (await h.services.temporal.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
}

/** What the Temporal UI shows operators (the search attributes of the workflow). */
async function searchAttributes(workflowId: string): Promise<Record<string, unknown>> {
  const d = await h.services.temporal.workflow.getHandle(workflowId).describe();
  return Object.fromEntries(d.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
}

/** Signals carrying a no-show mark that reached the workflow. */
async function noShowSignals(workflowId: string): Promise<number> {
  const history = await h.services.temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => {
    const data = e.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]?.data;
    return !!data && Buffer.from(data).toString().includes('"kind":"no_show"');
  }).length;
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

describe('Calendly no-shows, through the sandbox API and its signed webhooks', () => {
  it('a no-show flags the lead for a setter and stops the reminders; removing it undoes that', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const { inviteeUri, reminders } = await book(ws);
    expect(await isRunning(reminders)).toBe(true);

    const mark = await markNoShow(ws, inviteeUri);
    const noShow = await waitFor(ws, 'no-show', (s) => s.status === 'no_show');
    expect(noShow.attention).toMatchObject({ kind: 'no_show', reason: 'no-show' });
    expect(noShow.booking?.bookingId).toBe(inviteeUri);
    expect(noShow.postBookingWorkflowId).toBeUndefined();
    await eventually(async () => !(await isRunning(reminders)), 10_000, 'post-booking sequence stopped');
    expect(await leadRowIs(ws, 'meeting-no-show')).toMatchObject({
      needsAttentionReason: 'no-show',
      calendlyInviteeUri: inviteeUri,
    });
    await eventually(
      async () => {
        const attrs = await searchAttributes(ws.workflowId);
        return (
          attrs.BookingStatus === 'no_show' &&
          attrs.NeedsAttention === true &&
          attrs.AttentionReason === 'no-show'
        );
      },
      10_000,
      'search attributes say no-show',
    );
    // The README runbook's "no-shows to follow up" query finds it (Temporal visibility).
    const listed = await eventually(
      async () => {
        const res = await request(h.apiUrl)
          .get('/api/ops/bookings')
          .query({ needsAttention: 'true', clientId: ws.clientId, status: 'no_show' })
          .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`);
        return res.body.count === 1 ? res.body : undefined;
      },
      20_000,
      'listed as a no-show to follow up',
    );
    expect(listed.query).toContain('BookingStatus = "no_show"');
    expect(listed.bookings[0]).toMatchObject({ workflowId: ws.workflowId });

    await removeNoShow(ws, mark.uri);
    const back = await waitFor(ws, 'booked again', (s) => s.status === 'booked');
    expect(back.attention).toBeUndefined();
    expect(back.booking?.bookingId).toBe(inviteeUri);
    // The meeting is still ahead: its remaining reminders resume (sharing the stopped sequence's keys).
    const resumed = await waitFor(ws, 'reminders resumed', (s) => !!s.postBookingWorkflowId);
    expect(resumed.postBookingWorkflowId).toMatch(new RegExp(`^${reminders}:resumed-`));
    expect(await isRunning(resumed.postBookingWorkflowId as string)).toBe(true);
    expect(await leadRowIs(ws, 'meeting-booked')).toMatchObject({ needsAttentionReason: null });
    await eventually(
      async () => {
        const attrs = await searchAttributes(ws.workflowId);
        return attrs.BookingStatus === 'booked' && attrs.NeedsAttention === false;
      },
      10_000,
      'search attributes cleared',
    );
    await h.calendly.webhooksSettled(10_000);
    await recordHistory(h.services.temporal, ws.workflowId, 'calendly-no-show-and-undone');
  });

  it('a no-show delivered three times is acted on once', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const { inviteeUri } = await book(ws);
    await markNoShow(ws, inviteeUri);
    await waitFor(ws, 'no-show', (s) => s.status === 'no_show');
    await h.calendly.webhooksSettled(10_000);
    // Calendly retries: the same bytes again, freshly signed.
    const delivery = h.calendly
      .webhookDeliveries()
      .find((d) => d.event === 'invitee_no_show.created' && d.invitee === inviteeUri);
    const raw = JSON.stringify(delivery?.payload);
    const answers: boolean[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await request(h.apiUrl)
        .post(`/api/webhooks/calendly/${ws.clientId}`)
        .set('Content-Type', 'application/json')
        .set(
          'Calendly-Webhook-Signature',
          signCalendlyPayload(ws.signingKey, raw, Math.floor(Date.now() / 1000)),
        )
        .send(raw);
      expect(res.status).toBe(200);
      answers.push(res.body.duplicate);
    }
    expect(answers).toEqual([true, true]);
    expect(await noShowSignals(ws.workflowId)).toBe(1);
    const s = await api(h).state(ws);
    expect(s.status).toBe('no_show');
    expect(s.timeline.filter((t) => /→ no_show/.test(t.event))).toHaveLength(1);
    // A setter cancels the missed booking before offering new times; a re-offer now keeps the flag.
    const reoffer = await request(h.apiUrl)
      .post(`/api/ops/bookings/${encodeURIComponent(ws.workflowId)}/reoffer`)
      .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
      .send({ reason: 'lead missed it' });
    expect(reoffer.status).toBe(409);
    expect(reoffer.body.error.message).toMatch(/no_show; cancel it first/);
    expect((await api(h).state(ws)).attention).toMatchObject({ kind: 'no_show' });
  });

  it('a removal that arrives before its mark leaves the lead booked; a later new mark still counts', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const { inviteeUri, reminders } = await book(ws);
    await h.calendly.webhooksSettled(10_000);
    h.calendly.holdWebhooks();
    let released = false;
    try {
      const mark = await markNoShow(ws, inviteeUri);
      await removeNoShow(ws, mark.uri);
      await h.calendly.releaseWebhooks('reverse'); // invitee_no_show.deleted first, then .created
      released = true;
    } finally {
      if (!released) await h.calendly.releaseWebhooks();
    }
    await eventually(
      async () =>
        (await h.services.db.webhookEventLog.count({
          where: {
            clientId: ws.clientId,
            eventType: { startsWith: 'invitee_no_show.' },
            status: 'delivered',
          },
        })) === 2,
      15_000,
      'both no-show webhooks delivered',
    );
    const s = await waitFor(ws, 'stale mark ignored', (x) =>
      x.timeline.some((t) => /ignored no-show .* already removed/.test(t.event)),
    );
    expect(s.status).toBe('booked');
    expect(s.attention).toBeUndefined();
    expect(s.postBookingWorkflowId).toBe(reminders);
    expect(await isRunning(reminders)).toBe(true);
    expect((await leadRow(ws)).status).toBe('meeting-booked');

    // The host marks the lead again later: a new mark, a new fact.
    await markNoShow(ws, inviteeUri);
    const again = await waitFor(ws, 'no-show again', (x) => x.status === 'no_show');
    expect(again.attention).toMatchObject({ kind: 'no_show', reason: 'no-show' });
    await leadRowIs(ws, 'meeting-no-show');
  });

  it("a no-show for an invitee that is not the lead's current booking is stored and ignored", async () => {
    const ws = await h.seedCalendlyWorkspace();
    const { inviteeUri, reminders } = await book(ws);
    // The same person books a second meeting on the Calendly page; the host marks that one a no-show.
    const booked = (await api(h).state(ws)).booking?.startTime as string;
    const other = await h.calendly.bookAsLead({
      eventTypeUri: ws.eventTypeUri,
      startTime: await freeTimeNotIn(ws, [booked]),
      email: ws.leadEmail as string,
      name: 'Casey',
      timezone: 'America/New_York',
    });
    expect(other.uri).not.toBe(inviteeUri);
    await markNoShow(ws, other.uri);
    const row = await eventually(
      () =>
        h.services.db.webhookEventLog.findFirst({
          where: { clientId: ws.clientId, eventType: 'invitee_no_show.created', status: 'ignored' },
        }),
      15_000,
      'no-show stored as ignored',
    );
    expect(row?.lastError).toMatch(/not|no lead/);
    expect(row?.eventKey).toContain(other.uri);
    const s = await api(h).state(ws);
    expect(s.status).toBe('booked');
    expect(s.attention).toBeUndefined();
    expect(s.booking?.bookingId).toBe(inviteeUri);
    expect(await isRunning(reminders)).toBe(true);
    expect((await leadRow(ws)).status).toBe('meeting-booked');
  });
  it('a no-show removed after the meeting began does not restart its reminders', async () => {
    const ws = await h.seedCalendlyWorkspace();
    expect((await api(h).offer(ws.clientId, ws.leadId)).body.provider).toBe('calendly');
    // A meeting that began half an hour ago, recorded by an operator (the sandbox books future times only).
    const event = `https://api.calendly.com/scheduled_events/PAST${Date.now()}`;
    const inviteeUri = `${event}/invitees/INV${Date.now()}`;
    const startTime = new Date(Date.now() - 30 * 60_000).toISOString();
    const marked = await request(h.apiUrl)
      .post(`/api/ops/bookings/${ws.workflowId}/mark-booked`)
      .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
      .send({ bookingId: inviteeUri, startTime, scheduledEventUri: event });
    expect(marked.status).toBe(200);
    await leadRowIs(ws, 'meeting-booked');
    const markUri = `https://api.calendly.com/invitee_no_shows/NS${Date.now()}`;
    const deliver = async (name: string) => {
      const raw = JSON.stringify(noShowWebhook(ws, name, { inviteeUri, event, startTime, markUri }));
      const res = await request(h.apiUrl)
        .post(`/api/webhooks/calendly/${ws.clientId}`)
        .set('Content-Type', 'application/json')
        .set(
          'Calendly-Webhook-Signature',
          signCalendlyPayload(ws.signingKey, raw, Math.floor(Date.now() / 1000)),
        )
        .send(raw);
      expect(res.status).toBe(200);
    };
    await deliver('invitee_no_show.created');
    await waitFor(ws, 'no-show', (s) => s.status === 'no_show');
    await deliver('invitee_no_show.deleted');
    const back = await waitFor(ws, 'booked again', (s) => s.status === 'booked' && !s.attention);
    expect(back.postBookingWorkflowId).toBeUndefined();
    expect(back.timeline.some((t) => /resumed/.test(t.event))).toBe(false);
    expect(await leadRowIs(ws, 'meeting-booked')).toMatchObject({ needsAttentionReason: null });
  });
});

/** A Calendly invitee_no_show.* delivery for an invitee the sandbox does not hold (a past meeting). */
function noShowWebhook(
  ws: SeededCalendlyWorkspace,
  name: string,
  m: { inviteeUri: string; event: string; startTime: string; markUri: string },
) {
  const at = new Date().toISOString();
  return {
    event: name,
    created_at: at,
    created_by: ws.userUri,
    payload: {
      uri: m.inviteeUri,
      email: ws.leadEmail,
      name: 'Casey',
      status: 'active',
      timezone: 'America/New_York',
      event: m.event,
      created_at: at,
      updated_at: at,
      rescheduled: false,
      old_invitee: null,
      new_invitee: null,
      no_show: { uri: m.markUri, created_at: at },
      scheduled_event: {
        uri: m.event,
        name: 'Intro call',
        status: 'active',
        start_time: m.startTime,
        end_time: new Date(Date.parse(m.startTime) + 1_800_000).toISOString(),
        event_type: ws.eventTypeUri,
        created_at: at,
        updated_at: at,
      },
    },
  };
}
