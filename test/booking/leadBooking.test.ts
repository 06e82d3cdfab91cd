import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GhlClient } from '../../src/providers/ghl/client';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import { api } from '../support/api';
import { API_TOKEN, eventually, type Harness, startHarness } from '../support/harness';
import { recordHistory } from '../support/histories';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ BOOKING_ATTENTION_AFTER_SECONDS: '6' });
});
afterAll(async () => {
  await h?.close();
});

const stateOf = (clientId: string, leadId: string): Promise<LeadBookingSnapshot> =>
  api(h).state({ clientId, leadId });

describe('lead booking workflow over the API, on real Temporal + PostgreSQL + GHL sandbox', () => {
  it('offers slots, books the accepted one at GHL exactly once, records it and starts reminders', async () => {
    const ws = await h.seedWorkspace();
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    expect(offer.status).toBe(201);
    expect(offer.body.result).toBe('offered');
    const slots: string[] = offer.body.offer.slots;
    expect(slots).toHaveLength(3);

    // Without clientId the lead's own workspace is used; with another workspace's id it is not found.
    const byLeadOnly = await api(h)
      .http.get(`/api/leads/${ws.leadId}/booking`)
      .set('Authorization', `Bearer ${API_TOKEN}`);
    expect(byLeadOnly.body.status).toBe('awaiting_reply');
    const other = await h.seedWorkspace();
    expect((await api(h).booking(other.clientId, ws.leadId)).status).toBe(404);

    // A second start attaches to the same workflow and returns the same offer.
    const again = await api(h).offer(ws.clientId, ws.leadId);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ result: 'already_offered', offer: { slots } });

    const lead0 = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
    expect(lead0.offeredSlots).toEqual(slots);

    // Reminder offset chosen so the first reminder is due right away (the meeting is hours away).
    const minutesToMeeting = Math.ceil((Date.parse(slots[1] as string) - Date.now()) / 60_000);
    await h.services.db.workspaceSettings.update({
      where: { clientId: ws.clientId },
      data: { reminderOffsetsMinutes: [minutesToMeeting, 1] },
    });

    const reply = await api(h).reply(ws.clientId, ws.leadId, 'the second one works for me');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ result: 'slot_accepted', slot: slots[1], duplicate: false });

    const booked = await api(h).waitForState(ws, 'booked', (s) => s.status === 'booked', 20_000);
    expect(booked.booking).toMatchObject({ provider: 'ghl', startTime: slots[1] });

    const appointments = h.ghl.appointments(ws.locationId).filter((a) => a.appointmentStatus !== 'cancelled');
    expect(appointments).toHaveLength(1);
    expect(appointments[0]).toMatchObject({ contactId: ws.contactId, startTime: slots[1] });

    const lead = await h.services.db.lead.findUniqueOrThrow({
      where: { id: ws.leadId },
      include: { followUps: true },
    });
    expect(lead).toMatchObject({
      status: 'meeting-booked',
      ghlAppointmentId: appointments[0]?.id,
      offeredSlots: null,
    });
    expect(lead.bookedSlot?.toISOString()).toBe(slots[1]);
    expect(lead.appointmentBookedAt).toBeInstanceOf(Date);
    const byTrigger = Object.fromEntries(
      lead.followUps.map((f) => [String(f.triggeredByMeetingSelection), f.status]),
    );
    expect(byTrigger).toEqual({ false: 'completed', true: 'active' });

    // GHL's AppointmentCreate webhook (signed by the sandbox) confirms the booking.
    await eventually(
      async () => (await stateOf(ws.clientId, ws.leadId)).booking?.confirmed,
      15_000,
      'confirmation',
    );

    // The post-booking sequence texts the first reminder through GHL conversations.
    const reminders = await eventually(
      () => {
        const m = h.ghl.messages(ws.locationId).filter((x) => x.contactId === ws.contactId);
        return m.length ? m : undefined;
      },
      20_000,
      'reminder',
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.message).toMatch(/reminder/i);
    // The sequence got the reminder plan from the booking activity (which read the settings changed
    // above): it ran no activity of its own to read them again.
    const sequenceId = (await stateOf(ws.clientId, ws.leadId)).postBookingWorkflowId as string;
    const sequence = await h.services.temporal.workflow.getHandle(sequenceId).fetchHistory();
    const activities = (sequence.events ?? []).map(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name,
    );
    expect(activities.filter(Boolean)).toEqual(['sendMeetingReminder']);
    await recordHistory(h.services.temporal, ws.workflowId, 'accept-and-book');
  });

  it('re-offers fresh slots when the accepted slot was taken meanwhile', async () => {
    const ws = await h.seedWorkspace();
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    const slots: string[] = offer.body.offer.slots;
    // Someone else books the first slot directly in GHL.
    const other = new GhlClient({
      baseUrl: h.ghl.url,
      token: ws.ghlToken,
      apiVersion: '2021-04-15',
      timeoutMs: 3000,
    });
    h.ghl.seedLocation({
      locationId: ws.locationId,
      token: ws.ghlToken,
      calendars: [
        {
          id: ws.calendarId,
          timezone: 'America/New_York',
          openHours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '08:00', to: '19:00' }],
        },
      ],
      contacts: [{ id: ws.contactId }, { id: 'someone-else' }],
    });
    await other.createAppointment({
      calendarId: ws.calendarId,
      locationId: ws.locationId,
      contactId: 'someone-else',
      startTime: slots[0] as string,
      endTime: new Date(Date.parse(slots[0] as string) + 30 * 60_000).toISOString(),
      title: 'taken',
    });

    const reply = await api(h).reply(ws.clientId, ws.leadId, '1');
    expect(reply.body).toMatchObject({ result: 'slot_accepted', slot: slots[0] });

    const reoffered = await eventually(
      async () => {
        const s = await stateOf(ws.clientId, ws.leadId);
        return s.status === 'awaiting_reply' && s.offer && !s.offer.slots.includes(slots[0] as string)
          ? s
          : undefined;
      },
      20_000,
      'fresh offer',
    );
    expect(reoffered.offer?.slots.length).toBeGreaterThan(0);
    expect(reoffered.timeline.map((t) => t.event).join('\n')).toMatch(/taken meanwhile/);
    const mine = h.ghl.appointments(ws.locationId).filter((a) => a.contactId === ws.contactId);
    expect(mine).toHaveLength(0);
    const lead = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
    expect(lead.offeredSlots).toEqual(reoffered.offer?.slots);
    await recordHistory(h.services.temporal, ws.workflowId, 'slot-taken-reoffer');
  });

  it('expires an unanswered offer, and an expired offer can be offered again', async () => {
    const ws = await h.seedWorkspace({ offerExpiryHours: 2 / 3600 }); // two seconds
    await api(h).offer(ws.clientId, ws.leadId);
    await eventually(
      async () => (await stateOf(ws.clientId, ws.leadId)).status === 'expired',
      20_000,
      'expiry',
    );
    const lead = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
    expect(lead.status).toBe('offer-expired');

    const late = await api(h).reply(ws.clientId, ws.leadId, '1');
    expect(late.body).toMatchObject({ result: 'no_active_offer' });

    await h.services.db.workspaceSettings.update({
      where: { clientId: ws.clientId },
      data: { offerExpiryHours: 72 },
    });
    const again = await api(h).offer(ws.clientId, ws.leadId);
    expect(again.status).toBe(201);
    expect(again.body.result).toBe('offered');
    await recordHistory(h.services.temporal, ws.workflowId, 'offer-expired');
  });

  it('keeps retrying a failing provider for a bounded time, then flags the booking for an operator', async () => {
    const ws = await h.seedWorkspace();
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    h.ghl.setKnobs({ failNext: { status: 503, count: 1000, match: 'POST /calendars/events/appointments' } });
    try {
      await api(h).reply(ws.clientId, ws.leadId, '1');
      const stuck = await api(h).waitForState(
        ws,
        'needs attention',
        (s) => s.status === 'needs_attention',
        30_000,
      );
      expect(stuck.attention?.reason).toMatch(/did not book within 6s/);
      // The lead row is written by an activity right after the state changes.
      const lead = await eventually(
        async () => {
          const l = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
          return l.needsAttentionReason ? l : undefined;
        },
        10_000,
        'lead flagged',
      );
      expect(lead.needsAttentionReason).toMatch(/did not book/);
      expect(h.ghl.appointments(ws.locationId)).toHaveLength(0);
      await recordHistory(h.services.temporal, ws.workflowId, 'provider-failure-needs-attention');
    } finally {
      h.ghl.setKnobs({ failNext: null });
    }
    expect(offer.body.offer.slots.length).toBe(3);
  });

  it('honours Retry-After on 429 and still books exactly once', async () => {
    const ws = await h.seedWorkspace();
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    h.ghl.setKnobs({
      failNext: { status: 429, count: 2, retryAfterSeconds: 1, match: 'POST /calendars/events/appointments' },
    });
    const t0 = Date.now();
    await api(h).reply(ws.clientId, ws.leadId, '3');
    await eventually(
      async () => (await stateOf(ws.clientId, ws.leadId)).status === 'booked',
      30_000,
      'booked',
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    const mine = h.ghl.appointments(ws.locationId).filter((a) => a.contactId === ws.contactId);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.startTime).toBe(offer.body.offer.slots[2]);
  });

  it('a booking cancelled in GHL cancels the workflow booking, stops reminders and makes the lead offerable again', async () => {
    const ws = await h.seedWorkspace({ reminderOffsetsMinutes: [60] });
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    await api(h).reply(ws.clientId, ws.leadId, '1');
    const booked = await api(h).waitForState(
      ws,
      'booked',
      (s) => s.status === 'booked' && s.postBookingWorkflowId,
      20_000,
    );
    const childId = booked.postBookingWorkflowId as string;

    const ghlApi = new GhlClient({
      baseUrl: h.ghl.url,
      token: ws.ghlToken,
      apiVersion: '2021-04-15',
      timeoutMs: 3000,
    });
    await ghlApi.deleteAppointment(booked.booking?.bookingId as string);

    const canceled = await api(h).waitForState(ws, 'canceled', (s) => s.status === 'canceled', 20_000);
    expect(canceled.booking).toBeUndefined();
    const child = await h.services.temporal.workflow.getHandle(childId).describe();
    await eventually(
      async () =>
        (await h.services.temporal.workflow.getHandle(childId).describe()).status.name !== 'RUNNING',
      10_000,
      'child stopped',
    );
    expect(child.type).toBe('PostBookingSequenceWorkflow');
    // The workflow's state changes first; its activity then records the cancel in the database (on the
    // real server an activity round trip takes long enough to see the gap), so the row is polled.
    const lead = await eventually(
      async () => {
        const row = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
        return row.status === 'meeting-canceled' ? row : undefined;
      },
      10_000,
      'the cancel recorded on the lead',
    );
    expect(lead).toMatchObject({ status: 'meeting-canceled', ghlAppointmentId: null, bookedSlot: null });

    const again = await api(h).offer(ws.clientId, ws.leadId);
    expect(again.body.result).toBe('offered');
    expect(offer.body.offer.slots.length).toBe(3);
    await recordHistory(h.services.temporal, ws.workflowId, 'canceled-in-ghl');
  });
});
