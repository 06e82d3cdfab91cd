import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendlyClient } from '../../src/providers/calendly/client';
import type { SeedEventTypeInput } from '../../src/sandboxes/calendly/store';
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

/**
 * The Calendly event type as a workspace setting (PATCH .../settings `calendlyEventTypeUri`), deliveries
 * for other event types, and the invitee location an event type asks for: real Temporal + PostgreSQL,
 * the Calendly sandbox over HTTP.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ BOOKING_ATTENTION_AFTER_SECONDS: '6' });
});
afterAll(async () => {
  await h?.close();
});

const TZ = 'America/New_York';
const admin = { Authorization: `Bearer ${ADMIN_API_TOKEN}` };
const patchSettings = (clientId: string, body: object) =>
  request(h.apiUrl).patch(`/api/workspaces/${clientId}/settings`).set(admin).send(body);
const calendlyAs = (ws: SeededCalendlyWorkspace) =>
  new CalendlyClient({ baseUrl: h.calendly.url, token: ws.token, timeoutMs: 3000 });
const waitFor = (ws: SeededCalendlyWorkspace, what: string, ok: (s: LeadBookingSnapshot) => boolean) =>
  api(h).waitForState(ws, what, ok);
const connection = (clientId: string) =>
  h.services.db.calendlyConnection.findUniqueOrThrow({ where: { clientId } });

/** Another host's event type in the workspace's Calendly organization. */
function addEventType(ws: SeededCalendlyWorkspace, eventType: SeedEventTypeInput): string {
  const seeded = h.calendly.seed({
    organizationUri: ws.organizationUri,
    plan: 'standard',
    eventTypes: [{ timezone: TZ, ...eventType }],
  });
  return seeded.eventTypeUris[0] as string;
}

async function offerAndAccept(ws: SeededCalendlyWorkspace) {
  const offer = await api(h).offer(ws.clientId, ws.leadId, { refresh: true });
  expect([200, 201]).toContain(offer.status);
  const reply = await api(h).reply(ws.clientId, ws.leadId, '1');
  expect(reply.body.result).toBe('slot_accepted');
  return offer.body.offer.slots as string[];
}

const scheduledEventOf = (inviteeUri: string) => {
  const invitee = h.calendly.invitees().find((i) => i.uri === inviteeUri);
  return h.calendly.scheduledEvents().find((e) => e.uri === invitee?.event);
};

describe('the Calendly event type is a workspace setting', () => {
  it('changes with PATCH settings without reconnecting: same signing key and subscription, signed deliveries still confirm, the next booking uses the new event type', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const demo = addEventType(ws, { name: 'Demo', duration: 45 });
    // A cached offer from the old event type exists before the change.
    expect((await api(h).offer(ws.clientId, ws.leadId)).status).toBe(201);
    expect(await h.services.db.workspaceAvailabilityCache.count({ where: { clientId: ws.clientId } })).toBe(
      1,
    );
    const before = await connection(ws.clientId);
    const subscriptionsBefore = h.calendly.webhookSubscriptions();

    const res = await patchSettings(ws.clientId, { calendlyEventTypeUri: demo });
    expect(res.status).toBe(200);
    const demoType = await calendlyAs(ws).getEventType(demo);
    expect(res.body.settings).toMatchObject({
      calendlyEventTypeUri: demo,
      calendlySchedulingUrl: demoType.scheduling_url,
      meetingBookingProvider: 'calendly',
    });
    expect(
      (await request(h.apiUrl).get(`/api/workspaces/${ws.clientId}/settings`).set(admin)).body,
    ).toMatchObject({
      settings: { calendlyEventTypeUri: demo, calendlySchedulingUrl: demoType.scheduling_url },
    });

    const after = await connection(ws.clientId);
    expect(after).toMatchObject({
      eventTypeUri: demo,
      eventTypeSchedulingUrl: demoType.scheduling_url,
      signingKeyEnc: before.signingKeyEnc,
      accessTokenEnc: before.accessTokenEnc,
      webhookSubscriptionUri: before.webhookSubscriptionUri,
    });
    expect(h.calendly.webhookSubscriptions()).toEqual(subscriptionsBefore);
    expect(await h.services.db.workspaceAvailabilityCache.count({ where: { clientId: ws.clientId } })).toBe(
      0,
    );

    const slots = await offerAndAccept(ws);
    // Confirmed = the invitee.created delivery passed the signature check with the unchanged key.
    const booked = await waitFor(
      ws,
      'booked and confirmed',
      (s) => s.status === 'booked' && !!s.booking?.confirmed,
    );
    expect(booked.booking?.startTime).toBe(slots[0]);
    const event = scheduledEventOf(booked.booking?.bookingId as string);
    expect(event?.event_type).toBe(demo);
    expect(Date.parse(event?.end_time ?? '') - Date.parse(event?.start_time ?? '')).toBe(45 * 60_000);
  });

  it('refuses an unknown, foreign, inactive or malformed event type with a clear 400 and writes nothing', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const inactive = addEventType(ws, { name: 'Archived', active: false });
    const foreign = h.calendly.seed({ eventTypes: [{ name: 'Elsewhere' }] }).eventTypeUris[0] as string;
    const before = await connection(ws.clientId);
    const settingsBefore = await h.services.db.workspaceSettings.findUniqueOrThrow({
      where: { clientId: ws.clientId },
    });
    h.calendly.clearRequests();

    const cases: Array<[string, RegExp]> = [
      ['https://api.calendly.com/event_types/NO-SUCH-TYPE', /knows no event type/],
      [foreign, /another Calendly organization/],
      [inactive, /not active/],
      ['https://api.calendly.com/scheduled_events/ABC', /must be a Calendly event type URI/],
      ['not a uri', /must be a Calendly event type URI/],
    ];
    for (const [uri, message] of cases) {
      // Another field in the same PATCH is not written either.
      const res = await patchSettings(ws.clientId, { calendlyEventTypeUri: uri, slotsToOffer: 7 });
      expect(res.status, uri).toBe(400);
      expect(res.body.error.details, uri).toEqual([
        { path: 'calendlyEventTypeUri', message: expect.stringMatching(message) },
      ]);
    }
    expect(await connection(ws.clientId)).toEqual(before);
    expect(
      await h.services.db.workspaceSettings.findUniqueOrThrow({ where: { clientId: ws.clientId } }),
    ).toEqual(settingsBefore);
    // The malformed URI never reached Calendly.
    expect(h.calendly.requests().filter((r) => r.path.startsWith('/scheduled_events'))).toHaveLength(0);

    const ghlOnly = await h.seedWorkspace();
    const notConnected = await patchSettings(ghlOnly.clientId, {
      calendlyEventTypeUri: 'https://api.calendly.com/event_types/ANY',
    });
    expect(notConnected.status).toBe(409);
    expect(notConnected.body.error.message).toMatch(/Calendly is not connected/);
  });

  it('moves a default calendly calendar link that showed the old event type’s page to the new one', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const demo = addEventType(ws, { name: 'Demo', duration: 45 });
    // Re-choosing the current event type stores its scheduling URL (the harness seeds without it).
    const intro = await patchSettings(ws.clientId, { calendlyEventTypeUri: ws.eventTypeUri });
    expect(intro.status).toBe(200);
    const introUrl = intro.body.settings.calendlySchedulingUrl as string;
    expect(introUrl).toBe((await calendlyAs(ws).getEventType(ws.eventTypeUri)).scheduling_url);
    const links = await request(h.apiUrl)
      .put(`/api/workspaces/${ws.clientId}/calendar-links`)
      .set(admin)
      .send({ links: [{ type: 'calendly', url: introUrl, isDefault: true }] });
    expect(links.status).toBe(200);

    const res = await patchSettings(ws.clientId, { calendlyEventTypeUri: demo });
    expect(res.status).toBe(200);
    const demoUrl = res.body.settings.calendlySchedulingUrl as string;
    expect(demoUrl).not.toBe(introUrl);
    const stored = await h.services.db.calendarLink.findMany({ where: { clientId: ws.clientId } });
    expect(stored.map((l) => [l.type, l.url, l.isDefault])).toEqual([['calendly', demoUrl, true]]);
  });
});

describe('deliveries for event types that are not the workspace’s', () => {
  it('are stored, answered 2xx and ignored with the reason; the lead is not booked and no workflow starts', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const other = addEventType(ws, { name: 'Team sync' });
    const [start] = (
      await calendlyAs(ws).listAvailableTimes(other, {
        from: new Date(Date.now() + 86_400_000),
        to: new Date(Date.now() + 6 * 86_400_000),
      })
    ).map((t) => t.start_time);
    const invitee = await h.calendly.bookAsLead({
      eventTypeUri: other,
      startTime: start as string,
      email: ws.leadEmail as string,
      name: 'Casey',
      timezone: TZ,
    });
    const settled = await eventually(
      async () => {
        const r = await h.services.db.webhookEventLog.findFirst({
          where: { clientId: ws.clientId, eventKey: `invitee.created:${invitee.uri}` },
        });
        return r?.status === 'ignored' ? r : undefined;
      },
      15_000,
      'the delivery stored and ignored',
    );
    expect(settled.lastError).toMatch(/is not the workspace's/);
    await h.calendly.webhooksSettled(10_000);
    // Answered 2xx: Calendly keeps no retry going for it.
    const delivery = h.calendly.webhookDeliveries().find((d) => d.invitee === invitee.uri);
    expect(delivery).toMatchObject({ state: 'delivered', last_status: 200 });
    const lead = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
    expect(lead.calendlyInviteeUri).toBeNull();
    await expect(h.services.temporal.workflow.getHandle(ws.workflowId).describe()).rejects.toThrow();
  });
});

describe('the location an event type asks the invitee for', () => {
  it('is filled from the lead’s phone on POST /invitees (outbound_call)', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const calls = addEventType(ws, { name: 'Phone call', locations: [{ kind: 'outbound_call' }] });
    expect((await patchSettings(ws.clientId, { calendlyEventTypeUri: calls })).status).toBe(200);
    await h.services.db.lead.update({ where: { id: ws.leadId }, data: { phone: '+15550109999' } });
    await offerAndAccept(ws);
    const booked = await waitFor(ws, 'booked', (s) => s.status === 'booked');
    expect(scheduledEventOf(booked.booking?.bookingId as string)?.location).toEqual({
      type: 'outbound_call',
      location: '+15550109999',
    });
    const post = h.calendly.requests().filter((r) => r.method === 'POST' && r.path === '/invitees');
    expect(post.at(-1)?.status).toBe(201);
  });

  it('that we cannot fill (outbound_call, lead without phone) makes the workflow need attention with the reason, without calling POST /invitees', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const calls = addEventType(ws, { name: 'Phone call', locations: [{ kind: 'outbound_call' }] });
    expect((await patchSettings(ws.clientId, { calendlyEventTypeUri: calls })).status).toBe(200);
    await offerAndAccept(ws);
    h.calendly.clearRequests();
    const s = await waitFor(ws, 'needs attention', (x) => x.status === 'needs_attention');
    expect(s.attention).toMatchObject({
      kind: 'lead_not_bookable',
      reason: expect.stringMatching(/asks the invitee for a location \(outbound_call\).*no phone number/),
    });
    expect(h.calendly.requests().filter((r) => r.method === 'POST' && r.path === '/invitees')).toHaveLength(
      0,
    );
    // The state changes first; the workflow's activity then writes the reason on the lead row (polled).
    const lead = await eventually(
      async () => {
        const row = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
        return row.needsAttentionReason ? row : undefined;
      },
      10_000,
      'the reason recorded on the lead',
    );
    expect(lead.needsAttentionReason).toMatch(/no phone number/);
    await recordHistory(h.services.temporal, ws.workflowId, 'calendly-location-unfillable');
  });
});
