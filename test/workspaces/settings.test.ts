import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API_TOKEN, type Harness, startHarness } from '../support/harness';

/** GET / PATCH /api/workspaces/:clientId/settings over HTTP against real PostgreSQL. */
const RUN = randomUUID().slice(0, 8);
let h: Harness;
let n = 0;

beforeAll(async () => {
  h = await startHarness({}, { worker: false });
});
afterAll(async () => {
  await h?.close();
});

async function newWorkspace(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await request(h.apiUrl)
    .post('/api/admin/workspaces')
    .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
    .send({ name: 'Settings', ghlLocationId: `wsset-${RUN}-${++n}`, ...extra });
  expect(res.status).toBe(201);
  return res.body.workspace.id;
}

const get = (clientId: string) =>
  request(h.apiUrl)
    .get(`/api/workspaces/${clientId}/settings`)
    .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`);
const patch = (clientId: string, body: unknown) =>
  request(h.apiUrl)
    .patch(`/api/workspaces/${clientId}/settings`)
    .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
    .send(body as object);

describe('workspace settings', () => {
  it('reads the settings a workspace was provisioned with', async () => {
    const clientId = await newWorkspace({
      ghlCalendarId: 'cal-9',
      timezone: 'Europe/Berlin',
      ghlAccessToken: 'tok-abc-123',
    });
    const res = await get(clientId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      settings: {
        clientId,
        meetingBookingProvider: 'ghl',
        ghlCalendarId: 'cal-9',
        timezone: 'Europe/Berlin',
        slotsToOffer: 3,
        offerExpiryHours: 72,
        reminderOffsetsMinutes: [1440, 60],
        meetingDurationMinutes: 30,
        confirmUncertainPicks: true,
        calendlyConnected: false,
        calendlyEventTypeUri: null,
        calendlySchedulingUrl: null,
        updatedAt: expect.any(String),
      },
    });
    expect(JSON.stringify(res.body)).not.toContain('tok-abc-123');
  });

  it('patches only the given fields; reminder offsets are de-duplicated (earliest first)', async () => {
    const clientId = await newWorkspace();
    const res = await patch(clientId, {
      slotsToOffer: 5,
      offerExpiryHours: 0.5,
      reminderOffsetsMinutes: [60, 1440, 60, 15],
      timezone: 'asia/tokyo',
      ghlCalendarId: 'cal-new',
      meetingDurationMinutes: 45,
      confirmUncertainPicks: false,
    });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({
      confirmUncertainPicks: false,
      meetingBookingProvider: 'ghl',
      slotsToOffer: 5,
      offerExpiryHours: 0.5,
      reminderOffsetsMinutes: [1440, 60, 15],
      timezone: 'Asia/Tokyo',
      ghlCalendarId: 'cal-new',
      meetingDurationMinutes: 45,
    });
    const row = await h.services.db.workspaceSettings.findUniqueOrThrow({ where: { clientId } });
    expect(row).toMatchObject({
      slotsToOffer: 5,
      confirmUncertainPicks: false,
      reminderOffsetsMinutes: [1440, 60, 15],
      timezone: 'Asia/Tokyo',
    });

    const partial = await patch(clientId, { slotsToOffer: 1, ghlCalendarId: null });
    expect(partial.status).toBe(200);
    expect(partial.body.settings).toMatchObject({
      slotsToOffer: 1,
      ghlCalendarId: null,
      offerExpiryHours: 0.5,
    });
    expect((await get(clientId)).body).toEqual(partial.body);
  });

  it.each<[string, unknown, string]>([
    ['slotsToOffer 0', { slotsToOffer: 0 }, 'slotsToOffer'],
    ['slotsToOffer 11', { slotsToOffer: 11 }, 'slotsToOffer'],
    ['slotsToOffer 2.5', { slotsToOffer: 2.5 }, 'slotsToOffer'],
    ['slotsToOffer as string', { slotsToOffer: '3' }, 'slotsToOffer'],
    ['offerExpiryHours 0', { offerExpiryHours: 0 }, 'offerExpiryHours'],
    ['offerExpiryHours 721', { offerExpiryHours: 721 }, 'offerExpiryHours'],
    ['negative reminder', { reminderOffsetsMinutes: [60, -5] }, 'reminderOffsetsMinutes.1'],
    ['fractional reminder', { reminderOffsetsMinutes: [1.5] }, 'reminderOffsetsMinutes.0'],
    [
      '11 reminders',
      { reminderOffsetsMinutes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] },
      'reminderOffsetsMinutes',
    ],
    ['invalid time zone', { timezone: 'Europe/Atlantis' }, 'timezone'],
    ['unknown provider', { meetingBookingProvider: 'zoom' }, 'meetingBookingProvider'],
    ['zero duration', { meetingDurationMinutes: 0 }, 'meetingDurationMinutes'],
    ['unknown field', { ghlAccessToken: 'should-not-be-here' }, '(body)'],
    ['empty patch', {}, '(body)'],
  ])('%s → 400 with a field error, nothing changed', async (_what, body, path) => {
    const clientId = await newWorkspace();
    const before = await h.services.db.workspaceSettings.findUniqueOrThrow({ where: { clientId } });
    const res = await patch(clientId, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual(expect.arrayContaining([{ path, message: expect.any(String) }]));
    expect(JSON.stringify(res.body)).not.toContain('should-not-be-here');
    expect(await h.services.db.workspaceSettings.findUniqueOrThrow({ where: { clientId } })).toEqual(before);
  });

  it('switching to Calendly requires a Calendly connection first (409), then works', async () => {
    const clientId = await newWorkspace();
    const refused = await patch(clientId, { meetingBookingProvider: 'calendly', slotsToOffer: 4 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect(refused.body.error.message).toContain(`PUT /api/workspaces/${clientId}/integrations/calendly`);
    const unchanged = await h.services.db.workspaceSettings.findUniqueOrThrow({ where: { clientId } });
    expect(unchanged).toMatchObject({ meetingBookingProvider: 'ghl', slotsToOffer: 3 });

    await h.services.db.calendlyConnection.create({
      data: {
        clientId,
        accessTokenEnc: h.services.apiDeps.secrets.encrypt('calendly-pat-secret'),
        userUri: 'https://api.calendly.com/users/U1',
        organizationUri: 'https://api.calendly.com/organizations/O1',
        eventTypeUri: 'https://api.calendly.com/event_types/E1',
      },
    });
    const ok = await patch(clientId, { meetingBookingProvider: 'calendly' });
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toMatchObject({ meetingBookingProvider: 'calendly', calendlyConnected: true });
    expect(JSON.stringify(ok.body)).not.toContain('calendly-pat-secret');

    const back = await patch(clientId, { meetingBookingProvider: 'ghl' });
    expect(back.body.settings.meetingBookingProvider).toBe('ghl');
  });

  it('unknown workspace → 404 for GET and PATCH', async () => {
    const g = await get('no-such-workspace');
    expect(g.status).toBe(404);
    expect(g.body.error.code).toBe('not_found');
    const p = await patch('no-such-workspace', { slotsToOffer: 2 });
    expect(p.status).toBe(404);
    const c = await patch('no-such-workspace', { meetingBookingProvider: 'calendly' });
    expect(c.status).toBe(404);
  });

  it('a workspace without a settings row reads the defaults and PATCH creates the row', async () => {
    const client = await h.services.db.client.create({
      data: { name: 'Bare', ghlLocationId: `wsset-${RUN}-bare` },
    });
    const g = await get(client.id);
    expect(g.status).toBe(200);
    expect(g.body.settings).toMatchObject({
      meetingBookingProvider: 'ghl',
      slotsToOffer: 3,
      updatedAt: null,
    });
    const p = await patch(client.id, { slotsToOffer: 2 });
    expect(p.status).toBe(200);
    expect(p.body.settings).toMatchObject({ slotsToOffer: 2, timezone: 'UTC' });
    expect(await h.services.db.workspaceSettings.count({ where: { clientId: client.id } })).toBe(1);
  });
});
