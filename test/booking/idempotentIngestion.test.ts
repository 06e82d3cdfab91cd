import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import { api } from '../support/api';
import { API_TOKEN, eventually, type Harness, startHarness } from '../support/harness';
import { recordHistory } from '../support/histories';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const stateOf = (clientId: string, leadId: string): Promise<LeadBookingSnapshot> =>
  api(h).state({ clientId, leadId });

async function updatesIn(workflowId: string, name: string): Promise<number> {
  const history = await h.services.temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter(
    (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === name,
  ).length;
}

describe('duplicated deliveries change nothing the second time', () => {
  it('the same inbound message three times books once, logs once, and says duplicate', async () => {
    const ws = await h.seedWorkspace();
    await api(h).offer(ws.clientId, ws.leadId);
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push((await api(h).reply(ws.clientId, ws.leadId, '2', 'same-message-id')).body);
    expect(answers[0]).toMatchObject({ result: 'slot_accepted', duplicate: false });
    expect(answers[1]).toMatchObject({ result: 'duplicate', duplicate: true });
    expect(answers[2]).toMatchObject({ result: 'duplicate', duplicate: true });
    await eventually(
      async () => (await stateOf(ws.clientId, ws.leadId)).status === 'booked',
      20_000,
      'booked',
    );
    expect(await h.services.db.inboundMessageLog.count({ where: { clientId: ws.clientId } })).toBe(1);
    expect(await updatesIn(ws.workflowId, 'submitReply')).toBe(1);
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(1);
  });

  it('the same GHL webhook three times is stored once and signalled once', async () => {
    const ws = await h.seedWorkspace();
    await api(h).offer(ws.clientId, ws.leadId);
    await api(h).reply(ws.clientId, ws.leadId, '1');
    const booked = await api(h).waitForState(ws, 'booked', (s) => s.status === 'booked', 20_000);
    await h.ghl.flushWebhooks();
    const bookingId = booked.booking?.bookingId as string;
    const signalsBefore = await countSignals(ws.workflowId);
    const event = {
      type: 'AppointmentDelete',
      locationId: ws.locationId,
      webhookId: 'the-one-webhook',
      appointment: {
        id: bookingId,
        contactId: ws.contactId,
        startTime: booked.booking?.startTime,
        appointmentStatus: 'cancelled',
      },
    };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await h.ghl.sendWebhook(ws.locationId, { ...event }));
    expect(statuses).toEqual([200, 200, 200]);
    expect(
      await h.services.db.webhookEventLog.count({
        where: { clientId: ws.clientId, eventKey: 'the-one-webhook' },
      }),
    ).toBe(1);
    await eventually(
      async () => (await stateOf(ws.clientId, ws.leadId)).status === 'canceled',
      20_000,
      'canceled',
    );
    expect((await countSignals(ws.workflowId)) - signalsBefore).toBe(1);
    await recordHistory(h.services.temporal, ws.workflowId, 'duplicate-webhooks-cancel');
  });

  it("a lead's SMS arriving as GHL's InboundMessage webhook is the same message as through the API", async () => {
    const ws = await h.seedWorkspace();
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    const status = await h.ghl.sendWebhook(ws.locationId, {
      type: 'InboundMessage',
      locationId: ws.locationId,
      contactId: ws.contactId,
      messageId: 'ghl-msg-1',
      body: 'option 2 please',
      messageType: 'SMS',
      direction: 'inbound',
      dateAdded: new Date().toISOString(),
    });
    expect(status).toBe(200);
    const booked = await api(h).waitForState(ws, 'booked', (s) => s.status === 'booked');
    expect(booked.booking?.startTime).toBe(offer.body.offer.slots[1]);
    // The inbound-message handler relays the same SMS through the API: recognised as a duplicate.
    const relayed = await api(h)
      .http.post('/api/inbound-messages')
      .set('Authorization', `Bearer ${API_TOKEN}`)
      .send({
        clientId: ws.clientId,
        ghlContactId: ws.contactId,
        messageId: 'ghl-msg-1',
        body: 'option 2 please',
        channel: 'SMS',
        receivedAt: new Date().toISOString(),
      });
    expect(relayed.body).toMatchObject({ result: 'duplicate', duplicate: true });
    expect(await h.services.db.inboundMessageLog.count({ where: { clientId: ws.clientId } })).toBe(1);
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(1);
  });

  it('an appointment booked directly in GHL for a lead with no workflow starts one that records it', async () => {
    const ws = await h.seedWorkspace();
    const startTime = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const status = await h.ghl.sendWebhook(ws.locationId, {
      type: 'AppointmentCreate',
      locationId: ws.locationId,
      appointment: {
        id: 'booked-in-ghl',
        contactId: ws.contactId,
        startTime,
        appointmentStatus: 'confirmed',
      },
    });
    expect(status).toBe(200);
    const s = await eventually(
      async () => {
        const st = await stateOf(ws.clientId, ws.leadId);
        return st?.status === 'booked' ? st : undefined;
      },
      20_000,
      'self-booked',
    );
    expect(s.booking).toMatchObject({
      bookingId: 'booked-in-ghl',
      selfBooked: true,
      confirmed: true,
      startTime,
    });
    const lead = await eventually(
      async () => {
        const l = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
        return l.ghlAppointmentId ? l : undefined;
      },
      10_000,
      'lead recorded',
    );
    expect(lead).toMatchObject({ status: 'meeting-booked', ghlAppointmentId: 'booked-in-ghl' });
    await recordHistory(h.services.temporal, ws.workflowId, 'self-booked-in-ghl');
  });
});

async function countSignals(workflowId: string): Promise<number> {
  const history = await h.services.temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
}
