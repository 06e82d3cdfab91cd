import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { API_TOKEN, eventually, type Harness, type SeededWorkspace, startHarness } from '../support/harness';

// Leads enter through the API: PUT /api/workspaces/:clientId/leads/:externalId (externalId = the GHL
// contact id). Then the same lead goes offer → booked → confirmed by GHL's webhook, all through the
// public entry points. A lead that arrives with a booking made elsewhere is never offered or booked again.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const put = (clientId: string, externalId: string, body: unknown, token = API_TOKEN) =>
  request(h.apiUrl)
    .put(`/api/workspaces/${clientId}/leads/${externalId}`)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);

/** A workspace whose GHL location also holds `contactId` (the contact the new lead is). */
async function workspaceWithContact(contactId: string): Promise<SeededWorkspace> {
  const ws = await h.seedWorkspace();
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
    contacts: [
      { id: ws.contactId, name: 'Lee Lead', email: 'lee@example.com', phone: '+15550100' },
      { id: contactId, name: 'Ana Api', email: 'ana@example.com', phone: '+15550111' },
    ],
  });
  return ws;
}

const leadCount = () => h.services.db.lead.count();

describe('PUT /api/workspaces/:clientId/leads/:externalId', () => {
  it('creates the lead (201), updates it idempotently (200), and the lead books end to end', async () => {
    const ws = await workspaceWithContact('contact-ana');
    const body = {
      name: 'Ana Api',
      email: 'Ana@Example.com',
      phone: '+1 555 0111',
      timezone: 'america/chicago',
    };
    const created = await put(ws.clientId, 'contact-ana', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      lead: {
        clientId: ws.clientId,
        externalId: 'contact-ana',
        name: 'Ana Api',
        timezone: 'America/Chicago',
      },
      booking: null,
    });
    const again = await put(ws.clientId, 'contact-ana', body);
    expect(again.status).toBe(200);
    expect(again.body.lead.id).toBe(created.body.lead.id);
    const renamed = await put(ws.clientId, 'contact-ana', { name: 'Ana B. Api' });
    expect(renamed.body.lead).toMatchObject({ name: 'Ana B. Api', timezone: 'America/Chicago' });

    const lead = { clientId: ws.clientId, leadId: created.body.lead.id as string };
    const offer = await api(h).offer(lead.clientId, lead.leadId);
    expect(offer.status).toBe(201);
    const slot = offer.body.offer.slots[0] as string;
    const reply = await api(h).reply(lead.clientId, lead.leadId, '1');
    expect(reply.body).toMatchObject({ result: 'slot_accepted', slot });
    const confirmed = await api(h).waitForState(lead, 'booked and confirmed', (s) => s.booking?.confirmed);
    expect(confirmed.booking).toMatchObject({ provider: 'ghl', startTime: slot });
    const appointments = h.ghl.appointments(ws.locationId).filter((a) => a.contactId === 'contact-ana');
    expect(appointments).toHaveLength(1);

    const withState = await put(ws.clientId, 'contact-ana', { name: 'Ana B. Api' });
    expect(withState.body.booking).toMatchObject({ status: 'booked' });
  });

  it('refuses bad input with field errors, unknown workspaces and missing auth, writing nothing', async () => {
    const ws = await h.seedWorkspace();
    const before = await leadCount();
    const bad = await put(ws.clientId, 'contact-x', { timezone: 'Mars/Olympus', email: 'not-an-email' });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['timezone', 'email']));
    expect((await put(ws.clientId, 'contact-x', { nickname: 'x' })).status).toBe(400);
    expect((await put('no-such-workspace', 'contact-x', { name: 'A' })).status).toBe(404);
    expect((await put(ws.clientId, 'contact-x', { name: 'A' }, 'wrong-token')).status).toBe(401);
    expect(await leadCount()).toBe(before);
  });
});

describe('a lead that already has a booking made elsewhere', () => {
  it.each([
    ['a GHL appointment id', { ghlAppointmentId: 'legacy-appt-1' }],
    [
      'a Calendly invitee',
      { calendlyInviteeUri: 'https://api.calendly.com/scheduled_events/E1/invitees/I1' },
    ],
  ])('with %s (no slot recorded) is never offered slots nor booked', async (_what, existingBooking) => {
    const ws = await h.seedWorkspace();
    const created = await put(ws.clientId, `contact-legacy-${Math.random().toString(36).slice(2)}`, {
      name: 'Lou Legacy',
      existingBooking,
    });
    expect(created.status).toBe(201);
    const lead = { clientId: ws.clientId, leadId: created.body.lead.id as string };

    const offer = await api(h).offer(lead.clientId, lead.leadId);
    expect(offer.status).toBe(409);
    expect(offer.body.error.message).toMatch(/already booked/);
    const reply = await api(h).reply(lead.clientId, lead.leadId, '1');
    expect(reply.body.result).toBe('no_active_offer');
    await eventually(async () => (await api(h).state(lead)).status === 'new', 10_000, 'no offer made');
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(0);
    const row = await h.services.db.lead.findUniqueOrThrow({ where: { id: lead.leadId } });
    expect(row).toMatchObject({ status: 'meeting-booked', offeredSlots: null });
  });
});
