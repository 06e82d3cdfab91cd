import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import {
  ADMIN_API_TOKEN,
  API_TOKEN,
  eventually,
  type Harness,
  type SeededWorkspace,
  startHarness,
} from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ BOOKING_ATTENTION_AFTER_SECONDS: '4', BOOKING_CONFIRMATION_TIMEOUT_SECONDS: '3' });
});
afterAll(async () => {
  await h?.close();
});

const admin = () => ({ Authorization: `Bearer ${ADMIN_API_TOKEN}` });
const stateOf = (ws: SeededWorkspace) => api(h).state(ws);
const act = (workflowId: string, action: string, body: object = {}) =>
  request(h.apiUrl)
    .post(`/api/ops/bookings/${encodeURIComponent(workflowId)}/${action}`)
    .set(admin())
    .send(body);

async function stuckBooking(): Promise<SeededWorkspace> {
  const ws = await h.seedWorkspace();
  await api(h).offer(ws.clientId, ws.leadId);
  h.ghl.setKnobs({ failNext: { status: 503, count: 10_000, match: 'POST /calendars/events/appointments' } });
  await api(h).reply(ws.clientId, ws.leadId, '1');
  await eventually(async () => (await stateOf(ws)).status === 'needs_attention', 30_000, 'stuck');
  h.ghl.setKnobs({ failNext: null });
  return ws;
}

describe('operators find and fix stuck bookings', () => {
  it('lists stuck bookings of a workspace through visibility and fixes one with retry', async () => {
    const ws = await stuckBooking();
    const listed = await eventually(
      async () => {
        const res = await request(h.apiUrl)
          .get('/api/ops/bookings')
          .query({ needsAttention: 'true', clientId: ws.clientId })
          .set(admin());
        return res.body.count === 1 ? res.body : undefined;
      },
      20_000,
      'visible in the stuck list',
    );
    expect(listed.query).toBe(
      `WorkflowType = 'LeadBookingWorkflow' AND ExecutionStatus = 'Running' AND NeedsAttention = true AND ClientId = "${ws.clientId}"`,
    );
    expect(listed.bookings[0]).toMatchObject({
      workflowId: ws.workflowId,
      clientId: ws.clientId,
      leadId: ws.leadId,
      bookingStatus: 'needs_attention',
      needsAttention: true,
      provider: 'ghl',
    });
    expect(listed.bookings[0].attentionReason).toMatch(/did not book within 4s/);

    // An action that does not fit the state answers 409 with why, and changes nothing.
    const wrong = await act(ws.workflowId, 'cancel', {});
    expect(wrong.status).toBe(400);
    const res = await act(ws.workflowId, 'retry', { note: 'GHL is back' });
    expect(res.status).toBe(200);
    expect(res.body.state.status).toBe('booking');
    await eventually(async () => (await stateOf(ws)).status === 'booked', 20_000, 'booked after retry');
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(1);
    const again = await act(ws.workflowId, 'retry');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/retry fits only a stuck booking.*booked/);
    const reoffer = await act(ws.workflowId, 'reoffer');
    expect(reoffer.status).toBe(409);
    expect(reoffer.body.error.message).toMatch(/cancel it first/);

    // Search attributes follow the state.
    await eventually(
      async () => {
        const d = await h.services.temporal.workflow.getHandle(ws.workflowId).describe();
        const attrs = Object.fromEntries(d.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
        return (
          attrs.BookingStatus === 'booked' &&
          attrs.NeedsAttention === false &&
          attrs.MeetingStartTime instanceof Date
        );
      },
      10_000,
      'search attributes updated',
    );
  });

  it('mark-booked records a booking made by hand; cancel cancels it at the provider', async () => {
    const ws = await stuckBooking();
    const startTime = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const marked = await act(ws.workflowId, 'mark-booked', {
      bookingId: 'manual-appt-1',
      startTime,
      note: 'booked by phone',
    });
    expect(marked.status).toBe(200);
    expect(marked.body.state).toMatchObject({
      status: 'booked',
      booking: { bookingId: 'manual-appt-1', startTime },
    });
    const lead = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
    expect(lead).toMatchObject({ ghlAppointmentId: 'manual-appt-1', status: 'meeting-booked' });

    const canceled = await act(ws.workflowId, 'cancel', { reason: 'lead asked by phone' });
    expect(canceled.status).toBe(200);
    expect(canceled.body.state.status).toBe('canceled');
    const twice = await act(ws.workflowId, 'cancel', { reason: 'again' });
    expect(twice.status).toBe(409);
  });

  it('a booking GHL never confirms is flagged, and the late confirmation clears the flag', async () => {
    const ws = await h.seedWorkspace();
    h.ghl.setWebhookTarget(undefined); // GHL's AppointmentCreate webhook never arrives
    try {
      await api(h).offer(ws.clientId, ws.leadId);
      await api(h).reply(ws.clientId, ws.leadId, '1');
      const flagged = await api(h).waitForState(
        ws,
        'unconfirmed flagged',
        (s) => s.status === 'booked' && s.attention,
        20_000,
      );
      expect(flagged.attention?.reason).toMatch(/never confirmed/);
    } finally {
      h.ghl.setWebhookTarget(h.ghlWebhookTarget);
    }
    const s = await stateOf(ws);
    const status = await h.ghl.sendWebhook(ws.locationId, {
      type: 'AppointmentCreate',
      locationId: ws.locationId,
      appointment: {
        id: s.booking?.bookingId,
        contactId: ws.contactId,
        startTime: s.booking?.startTime,
        appointmentStatus: 'confirmed',
      },
    });
    expect(status).toBe(200);
    const cleared = await api(h).waitForState(
      ws,
      'cleared',
      (st) => st.booking?.confirmed && !st.attention,
      10_000,
    );
    expect(cleared.status).toBe('booked');
  });

  it('guards: admin token only, known actions, valid bodies, existing workflows', async () => {
    const ws = await h.seedWorkspace();
    const id = encodeURIComponent(ws.workflowId);
    expect((await request(h.apiUrl).get('/api/ops/bookings')).status).toBe(401);
    expect(
      (await request(h.apiUrl).get('/api/ops/bookings').set('Authorization', `Bearer ${API_TOKEN}`)).status,
    ).toBe(401);
    expect(
      (await request(h.apiUrl).get('/api/ops/bookings').query({ status: 'weird' }).set(admin())).status,
    ).toBe(400);
    expect(
      (await request(h.apiUrl).post(`/api/ops/bookings/${id}/explode`).set(admin()).send({})).status,
    ).toBe(404);
    expect(
      (await request(h.apiUrl).post('/api/ops/bookings/not-a-workflow/retry').set(admin()).send({})).status,
    ).toBe(400);
    const missing = await request(h.apiUrl).post(`/api/ops/bookings/${id}/retry`).set(admin()).send({});
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/no running booking workflow/);
    const bad = await request(h.apiUrl)
      .post(`/api/ops/bookings/${id}/mark-booked`)
      .set(admin())
      .send({ bookingId: 'x', startTime: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('startTime');
  });
});
