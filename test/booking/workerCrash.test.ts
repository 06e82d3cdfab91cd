import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { eventually, type Harness, startHarness } from '../support/harness';
import { killWorkerProcess, startWorkerProcess } from '../support/workerProcess';

let h: Harness;
let child: ChildProcess | undefined;

beforeAll(async () => {
  // No in-process worker: the first worker is a separate OS process we can kill -9.
  h = await startHarness({ BOOKING_CALL_TIMEOUT_SECONDS: '4' }, { worker: false });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await h?.close();
});

async function killChild(): Promise<void> {
  await killWorkerProcess(child);
}

/** Another worker (in this process) picks the booking up once the dead one's attempt times out. */
async function bookedBySecondWorker(lead: { clientId: string; leadId: string }) {
  await h.startWorker();
  return api(h).waitForState(lead, 'booked by the second worker', (s) => s.status === 'booked', 40_000);
}

describe('a worker killed mid-booking', () => {
  it('leaves exactly one appointment at GHL once another worker finishes the booking', async () => {
    child = await startWorkerProcess(h);
    const ws = await h.seedWorkspace();
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    expect(offer.status).toBe(201);
    const slot = offer.body.offer.slots[0] as string;

    // GHL commits the appointment but the answer never comes back; then the worker dies.
    h.ghl.setKnobs({ hangAfterCommitNext: 1 });
    const reply = await api(h).reply(ws.clientId, ws.leadId, '1');
    expect(reply.body).toMatchObject({ result: 'slot_accepted', slot });
    await eventually(
      () => h.ghl.appointments(ws.locationId).length === 1,
      20_000,
      'appointment committed at GHL',
    );
    await killChild();

    const lead0 = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
    expect(lead0.ghlAppointmentId).toBeNull(); // the dead worker never recorded it

    const booked = await bookedBySecondWorker(ws);

    const appointments = h.ghl.appointments(ws.locationId);
    expect(appointments).toHaveLength(1);
    expect(booked.booking?.bookingId).toBe(appointments[0]?.id);
    const lead = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
    expect(lead.ghlAppointmentId).toBe(appointments[0]?.id);
    expect(lead.bookedSlot?.toISOString()).toBe(slot);
  });

  it('Calendly: exactly one invitee after the worker dies between POST /invitees and its answer', async () => {
    await h.stopWorker();
    child = await startWorkerProcess(h);
    const ws = await h.seedCalendlyWorkspace();
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    const slot = offer.body.offer.slots[0] as string;
    h.calendly.setKnobs({ hangAfterCommitNext: 1 });
    await api(h).reply(ws.clientId, ws.leadId, '1');
    await eventually(
      () => h.calendly.invitees().filter((i) => i.email === ws.leadEmail).length === 1,
      20_000,
      'invitee committed',
    );
    await killChild();

    const booked = await bookedBySecondWorker(ws);
    const invitees = h.calendly.invitees().filter((i) => i.email === ws.leadEmail);
    expect(invitees).toHaveLength(1);
    expect(booked.booking?.bookingId).toBe(invitees[0]?.uri);
    expect(booked.booking?.startTime).toBe(slot);
  });
});
