import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { eventually, type Harness, type SeededWorkspace, startHarness } from '../support/harness';

// GHL has no no-show webhook of its own: a setter sets the appointment's status to `noshow` (and back to
// `showed` or `confirmed`), and GHL sends an AppointmentUpdate. Same outcome as Calendly's no-show.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The setter's edit in GHL, through the (sandbox's) GHL API; GHL then sends its AppointmentUpdate. */
async function setAppointmentStatus(ws: SeededWorkspace, appointmentId: string, appointmentStatus: string) {
  const res = await fetch(`${h.ghl.url}/calendars/events/appointments/${appointmentId}`, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${ws.ghlToken}`,
      Version: '2021-04-15',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ appointmentStatus }),
  });
  expect(res.status).toBe(200);
  await h.ghl.flushWebhooks();
}

const leadRow = (ws: SeededWorkspace) => h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });

describe('GHL no-shows, marked on the appointment', () => {
  it('noshow flags the lead and stops the reminders; showed takes it back', async () => {
    const ws = await h.seedWorkspace();
    await api(h).offer(ws.clientId, ws.leadId);
    await api(h).reply(ws.clientId, ws.leadId, '1');
    const booked = await api(h).waitForState(
      ws,
      'booked',
      (s) => s.status === 'booked' && !!s.postBookingWorkflowId,
      20_000,
    );
    await h.ghl.flushWebhooks();
    const appointmentId = booked.booking?.bookingId as string;
    const reminders = booked.postBookingWorkflowId as string;

    await setAppointmentStatus(ws, appointmentId, 'noshow');
    const noShow = await api(h).waitForState(ws, 'no-show', (s) => s.status === 'no_show', 20_000);
    expect(noShow.attention).toMatchObject({ kind: 'no_show', reason: 'no-show' });
    expect(noShow.postBookingWorkflowId).toBeUndefined();
    await eventually(
      async () =>
        (await h.services.temporal.workflow.getHandle(reminders).describe()).status.name !== 'RUNNING',
      10_000,
      'reminders stopped',
    );
    await eventually(
      async () => (await leadRow(ws)).status === 'meeting-no-show',
      10_000,
      'lead row says no-show',
    );

    await setAppointmentStatus(ws, appointmentId, 'showed');
    const back = await api(h).waitForState(ws, 'booked again', (s) => s.status === 'booked', 20_000);
    expect(back.attention).toBeUndefined();
    expect(back.booking?.bookingId).toBe(appointmentId);
    await eventually(
      async () => (await leadRow(ws)).status === 'meeting-booked',
      10_000,
      'lead row booked again',
    );
  });

  it('a status update of a lead that is not a no-show changes nothing', async () => {
    const ws = await h.seedWorkspace();
    await api(h).offer(ws.clientId, ws.leadId);
    await api(h).reply(ws.clientId, ws.leadId, '1');
    const booked = await api(h).waitForState(ws, 'booked', (s) => s.status === 'booked', 20_000);
    await h.ghl.flushWebhooks();
    await setAppointmentStatus(ws, booked.booking?.bookingId as string, 'showed');
    await h.services.apiDeps.webhookDeliveries.idle();
    const after = await api(h).state({ clientId: ws.clientId, leadId: ws.leadId });
    expect(after.status).toBe('booked');
    expect(after.attention).toBeUndefined();
    expect(after.timeline.map((t) => t.event).join('\n')).not.toMatch(/no-show/);
  });
});
