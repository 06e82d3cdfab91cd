import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { ADMIN_API_TOKEN, type Harness, type SeededWorkspace, startHarness } from '../support/harness';

// Availability comes from the workspace's default CalendarLink, whatever books the meeting: every
// workspace here books on GHL (its calendar open 08:00-19:00 every day), while the link's source is
// open only one hour a day, so an offered slot shows which source it came from.
const ZONE = 'America/New_York';
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ AVAILABILITY_CACHE_TTL_SECONDS: '3600' });
});
afterAll(async () => {
  await h?.close();
});

const localHours = (slots: string[]) => new Set(slots.map((s) => DateTime.fromISO(s, { zone: ZONE }).hour));

async function putLinks(clientId: string, links: unknown[]) {
  return request(h.apiUrl)
    .put(`/api/workspaces/${clientId}/calendar-links`)
    .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
    .send({ links });
}

/** Another lead of the workspace, so a second offer is a new offer (not the first lead's current one). */
async function anotherLead(ws: SeededWorkspace) {
  const lead = await h.services.db.lead.create({
    data: { clientId: ws.clientId, name: 'Second Lead', timezone: ZONE, ghlContactId: `c-${randomUUID()}` },
  });
  return lead.id;
}

async function offerSlots(ws: SeededWorkspace, leadId: string): Promise<string[]> {
  const res = await api(h).offer(ws.clientId, leadId);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const slots = res.body.offer.slots as string[];
  expect(slots.length).toBeGreaterThan(0);
  return slots;
}

const ghlFreeSlotCalls = (calendarId: string) =>
  h.ghl.traffic().filter((t) => t.method === 'GET' && t.path === `/calendars/${calendarId}/free-slots`);

describe('availability from the default calendar link', () => {
  it('ghl: the free slots of the linked calendar, cached, re-read when the default link changes', async () => {
    const ws = await h.seedWorkspace({ timezone: ZONE });
    const linked = `cal-linked-${randomUUID().slice(0, 8)}`;
    // The same location with a second calendar (the booking calendar stays as seeded).
    h.ghl.seedLocation({
      locationId: ws.locationId,
      token: ws.ghlToken,
      calendars: [
        { id: ws.calendarId, timezone: ZONE, openHours: [{ days: EVERY_DAY, from: '08:00', to: '19:00' }] },
        { id: linked, timezone: ZONE, openHours: [{ days: EVERY_DAY, from: '14:00', to: '15:00' }] },
      ],
      contacts: [{ id: ws.contactId, name: 'Lee Lead', email: 'lee@example.com', phone: '+15550100' }],
    });
    const put = await putLinks(ws.clientId, [
      { type: 'ghl', url: `https://api.leadconnectorhq.com/widget/booking/${linked}`, isDefault: true },
    ]);
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    h.ghl.clearTraffic();
    const first = await offerSlots(ws, ws.leadId);
    expect(localHours(first)).toEqual(new Set([14]));
    expect(ghlFreeSlotCalls(linked).length).toBeGreaterThan(0);
    expect(ghlFreeSlotCalls(ws.calendarId)).toHaveLength(0);

    h.ghl.clearTraffic();
    const second = await offerSlots(ws, await anotherLead(ws));
    expect(localHours(second)).toEqual(new Set([14]));
    expect(ghlFreeSlotCalls(linked)).toHaveLength(0); // served from WorkspaceAvailabilityCache

    // The default link now points at the booking calendar: read again, not served from the cache.
    await putLinks(ws.clientId, [
      { type: 'ghl', url: `https://api.leadconnectorhq.com/widget/booking/${linked}` },
      {
        type: 'ghl',
        url: `https://api.leadconnectorhq.com/widget/booking/${ws.calendarId}`,
        isDefault: true,
      },
    ]);
    const third = await offerSlots(ws, await anotherLead(ws));
    expect(ghlFreeSlotCalls(ws.calendarId).length).toBeGreaterThan(0);
    expect([...localHours(third)].some((hour) => hour !== 14)).toBe(true);
  });

  it('calendly: event_type_available_times of the event type behind the link (booking stays on GHL)', async () => {
    const ws = await h.seedWorkspace({ timezone: ZONE });
    const suffix = randomUUID().slice(0, 8);
    const account = h.calendly.seed({
      user: {
        name: `Host ${suffix}`,
        email: `host-${suffix}@example.com`,
        timezone: ZONE,
        slug: `host-${suffix}`,
      },
      eventTypes: [
        {
          name: 'Long hours',
          slug: 'long',
          duration: 30,
          timezone: ZONE,
          weeklyHours: allWeek('08:00', '19:00'),
        },
        {
          name: 'Intro',
          slug: 'intro',
          duration: 30,
          timezone: ZONE,
          weeklyHours: allWeek('16:00', '17:00'),
        },
      ],
    });
    const [longType, introType] = account.eventTypes;
    await h.services.db.calendlyConnection.create({
      data: {
        clientId: ws.clientId,
        accessTokenEnc: h.services.apiDeps.secrets.encrypt(account.token),
        signingKeyEnc: h.services.apiDeps.secrets.encrypt('unused'),
        userUri: account.userUri,
        organizationUri: account.organizationUri,
        eventTypeUri: longType?.uri as string,
      },
    });
    const put = await putLinks(ws.clientId, [
      { type: 'calendly', url: introType?.scheduling_url, isDefault: true },
      { type: 'calendly', url: longType?.scheduling_url },
    ]);
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    const availabilityCalls = () =>
      h.calendly.requests().filter((r) => r.path.startsWith('/event_type_available_times'));
    h.ghl.clearTraffic();
    h.calendly.clearRequests();
    const first = await offerSlots(ws, ws.leadId);
    expect(localHours(first)).toEqual(new Set([16]));
    expect(availabilityCalls().length).toBeGreaterThan(0);
    expect(ghlFreeSlotCalls(ws.calendarId)).toHaveLength(0);

    h.calendly.clearRequests();
    await offerSlots(ws, await anotherLead(ws));
    expect(availabilityCalls()).toHaveLength(0);

    await putLinks(ws.clientId, [
      { type: 'calendly', url: introType?.scheduling_url },
      { type: 'calendly', url: longType?.scheduling_url, isDefault: true },
    ]);
    const third = await offerSlots(ws, await anotherLead(ws));
    expect(availabilityCalls().length).toBeGreaterThan(0);
    expect([...localHours(third)].some((hour) => hour !== 16)).toBe(true);
  });

  it('hubspot: HubSpot Meetings availability of the meeting link, read with its token', async () => {
    const ws = await h.seedWorkspace({ timezone: ZONE });
    const suffix = randomUUID().slice(0, 8);
    const token = `pat-na1-${suffix}`;
    h.hubspot.seedMeetingLink({
      token,
      slug: `team-${suffix}/intro`,
      timezone: ZONE,
      hours: [{ days: EVERY_DAY, from: '11:00', to: '12:00' }],
      durationsMinutes: [30, 60],
      weeksToAdvertise: 3,
    });
    h.hubspot.seedMeetingLink({
      token,
      slug: `late-${suffix}`,
      timezone: ZONE,
      hours: [{ days: EVERY_DAY, from: '17:00', to: '18:00' }],
    });
    const put = await putLinks(ws.clientId, [
      {
        type: 'hubspot',
        url: `https://meetings.hubspot.com/team-${suffix}/intro`,
        isDefault: true,
        accessToken: token,
      },
      { type: 'hubspot', url: `https://meetings.hubspot.com/late-${suffix}`, accessToken: token },
    ]);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(JSON.stringify(put.body)).not.toContain(token);

    const hubspotCalls = (slug: string) =>
      h.hubspot.traffic().filter((t) => t.path.endsWith(`/book/availability-page/${slug}`));
    h.hubspot.clearTraffic();
    h.ghl.clearTraffic();
    const first = await offerSlots(ws, ws.leadId);
    expect(localHours(first)).toEqual(new Set([11]));
    const calls = hubspotCalls(`team-${suffix}/intro`);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.status === 200 && c.query.timezone === ZONE)).toBe(true);
    expect(ghlFreeSlotCalls(ws.calendarId)).toHaveLength(0);

    h.hubspot.clearTraffic();
    await offerSlots(ws, await anotherLead(ws));
    expect(h.hubspot.traffic()).toHaveLength(0);

    // Re-sent without the token: the stored one is kept; the other link becomes the default.
    const moved = await putLinks(ws.clientId, [
      { type: 'hubspot', url: `https://meetings.hubspot.com/team-${suffix}/intro` },
      { type: 'hubspot', url: `https://meetings.hubspot.com/late-${suffix}`, isDefault: true },
    ]);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const third = await offerSlots(ws, await anotherLead(ws));
    expect(hubspotCalls(`late-${suffix}`).length).toBeGreaterThan(0);
    expect(localHours(third)).toEqual(new Set([17]));
  });

  it('hubspot: a 429 (RATE_LIMITS) is retried, and the offer still comes from the meeting link', async () => {
    const ws = await h.seedWorkspace({ timezone: ZONE });
    const suffix = randomUUID().slice(0, 8);
    const token = `pat-na1-${suffix}`;
    h.hubspot.seedMeetingLink({
      token,
      slug: `busy-${suffix}`,
      timezone: ZONE,
      hours: [{ days: EVERY_DAY, from: '10:00', to: '11:00' }],
    });
    const url = `https://meetings.hubspot.com/busy-${suffix}`;
    expect(
      (await putLinks(ws.clientId, [{ type: 'hubspot', url, isDefault: true, accessToken: token }])).status,
    ).toBe(200);
    h.hubspot.clearTraffic();
    h.hubspot.failNext(1, 429);
    const slots = await offerSlots(ws, ws.leadId);
    expect(localHours(slots)).toEqual(new Set([10]));
    const statuses = h.hubspot.traffic().map((t) => t.status);
    expect(statuses[0]).toBe(429);
    expect(statuses.slice(1).every((s) => s === 200)).toBe(true);
  });

  it('without a default link: the booking calendar, cached, re-read when the calendar changes', async () => {
    const ws = await h.seedWorkspace({ timezone: ZONE });
    const other = `cal-other-${randomUUID().slice(0, 8)}`;
    h.ghl.seedLocation({
      locationId: ws.locationId,
      token: ws.ghlToken,
      calendars: [
        { id: ws.calendarId, timezone: ZONE, openHours: [{ days: EVERY_DAY, from: '08:00', to: '19:00' }] },
        { id: other, timezone: ZONE, openHours: [{ days: EVERY_DAY, from: '12:00', to: '13:00' }] },
      ],
      contacts: [{ id: ws.contactId, name: 'Lee Lead', email: 'lee@example.com', phone: '+15550100' }],
    });
    h.ghl.clearTraffic();
    await offerSlots(ws, ws.leadId);
    expect(ghlFreeSlotCalls(ws.calendarId).length).toBeGreaterThan(0);

    h.ghl.clearTraffic();
    await offerSlots(ws, await anotherLead(ws));
    expect(ghlFreeSlotCalls(ws.calendarId)).toHaveLength(0);

    // A new booking calendar is a new source: its slots, not the cached ones of the old calendar.
    await h.services.db.workspaceSettings.update({
      where: { clientId: ws.clientId },
      data: { ghlCalendarId: other },
    });
    const slots = await offerSlots(ws, await anotherLead(ws));
    expect(ghlFreeSlotCalls(other).length).toBeGreaterThan(0);
    expect(localHours(slots)).toEqual(new Set([12]));
  });
});

function allWeek(start: string, end: string) {
  const day = [{ start, end }];
  return { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };
}
