import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CalendlySandbox, type SeedResult, startCalendlySandbox } from '../../src/sandboxes/calendly';

const DAY_MS = 86_400_000;
const EVERY_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
);
const slotAt = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * DAY_MS);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

let sandbox: CalendlySandbox;
let seed: SeedResult;
let eventTypeUri: string;
const api = () => request(sandbox.url);
const auth = () => ({ Authorization: `Bearer ${seed.token}` });

beforeAll(async () => {
  sandbox = await startCalendlySandbox({ port: 0, seed: false });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  seed = sandbox.reset({
    seed: { user: { timezone: 'UTC' }, eventTypes: [{ timezone: 'UTC', weeklyHours: EVERY_DAY }] },
  }) as SeedResult;
  eventTypeUri = seed.eventTypeUris[0] as string;
});

describe('Calendly sandbox API', () => {
  it('answers 401 in the Calendly error shape for a missing or unknown token', async () => {
    const missing = await api().get('/users/me');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ title: 'Unauthenticated', message: expect.any(String), details: [] });
    expect((await api().get('/users/me').set('Authorization', 'Bearer nope')).status).toBe(401);
  });

  it('serves the documented envelopes and paginates with count/page_token', async () => {
    sandbox.seed({ organizationUri: seed.organizationUri, eventTypes: [{ name: 'A' }, { name: 'B' }] });
    const first = await api()
      .get('/event_types')
      .query({ organization: seed.organizationUri, count: 2 })
      .set(auth());
    expect(first.status).toBe(200);
    expect(first.body.collection).toHaveLength(2);
    expect(first.body.pagination).toMatchObject({ count: 2, previous_page: null, previous_page_token: null });
    const token = first.body.pagination.next_page_token as string;
    expect(first.body.pagination.next_page).toContain(`page_token=${token}`);
    const second = await api()
      .get('/event_types')
      .query({ organization: seed.organizationUri, count: 2, page_token: token })
      .set(auth());
    expect(second.body.collection).toHaveLength(1);
    expect(second.body.pagination).toMatchObject({ count: 1, next_page: null, next_page_token: null });
    expect(
      (await api().get('/event_types').query({ organization: seed.organizationUri, count: 101 }).set(auth()))
        .status,
    ).toBe(400);
    expect((await api().get('/event_types').set(auth())).status).toBe(400);
  });

  it('refuses another organization (403) and unknown resources (404)', async () => {
    const other = sandbox.seed({});
    expect(
      (await api().get('/event_types').query({ organization: other.organizationUri }).set(auth())).status,
    ).toBe(403);
    const missing = await api().get('/scheduled_events/NOPE').set(auth());
    expect(missing.status).toBe(404);
    expect(missing.body.title).toBe('Resource Not Found');
  });

  it('applies the available-times window rules', async () => {
    const get = (start: number, end: number) =>
      api()
        .get('/event_type_available_times')
        .query({
          event_type: eventTypeUri,
          start_time: new Date(start).toISOString(),
          end_time: new Date(end).toISOString(),
        })
        .set(auth());
    const soon = Date.now() + 60_000;
    expect((await get(soon, soon + 7 * DAY_MS)).status).toBe(200);
    const tooLong = await get(soon, soon + 7 * DAY_MS + 1);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details[0].message).toMatch(/7 days/);
    expect((await get(Date.now() - 60_000, soon + DAY_MS)).status).toBe(400);
    expect((await get(soon + DAY_MS, soon)).status).toBe(400);
    const ok = await get(soon, soon + DAY_MS);
    expect(ok.body.collection[0]).toMatchObject({ status: 'available', invitees_remaining: 1 });
    expect(ok.body.collection[0].scheduling_url).toMatch(/^https:\/\/calendly\.com\//);
  });

  it('offers weekly hours in the event type time zone', async () => {
    const ny = sandbox.seed({
      organizationUri: seed.organizationUri,
      eventTypes: [{ timezone: 'America/New_York', duration: 60, weeklyHours: EVERY_DAY }],
    });
    const day = DateTime.now().setZone('America/New_York').plus({ days: 2 }).startOf('day');
    const res = await api()
      .get('/event_type_available_times')
      .query({
        event_type: ny.eventTypeUris[0],
        start_time: day.toUTC().toISO(),
        end_time: day.plus({ days: 1 }).toUTC().toISO(),
      })
      .set(auth());
    const local = (res.body.collection as Array<{ start_time: string }>).map((s) =>
      DateTime.fromISO(s.start_time).setZone('America/New_York').toFormat('HH:mm'),
    );
    expect(local).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
  });

  it('keeps group capacity in invitees_remaining', async () => {
    const group = sandbox.seed({
      organizationUri: seed.organizationUri,
      eventTypes: [{ name: 'Webinar', timezone: 'UTC', weeklyHours: EVERY_DAY, inviteesPerSlot: 2 }],
    });
    const etUri = group.eventTypeUris[0] as string;
    const start = slotAt(2);
    const remaining = async () => {
      const res = await api()
        .get('/event_type_available_times')
        .query({
          event_type: etUri,
          start_time: new Date(Date.parse(start) - 1).toISOString(),
          end_time: new Date(Date.parse(start) + 1).toISOString(),
        })
        .set({ Authorization: `Bearer ${group.token}` });
      return res.body.collection[0]?.invitees_remaining ?? 0;
    };
    expect(await remaining()).toBe(2);
    await sandbox.bookAsLead({
      eventTypeUri: etUri,
      startTime: start,
      email: 'a@example.com',
      name: 'A',
      timezone: 'UTC',
    });
    expect(await remaining()).toBe(1);
    await sandbox.bookAsLead({
      eventTypeUri: etUri,
      startTime: start,
      email: 'b@example.com',
      name: 'B',
      timezone: 'UTC',
    });
    expect(await remaining()).toBe(0);
    expect(sandbox.scheduledEvents().filter((e) => e.event_type === etUri)).toHaveLength(1);
  });

  it('validates POST /invitees and refuses a taken slot with a "no longer available" message', async () => {
    const bad = await api()
      .post('/invitees')
      .set(auth())
      .send({ event_type: eventTypeUri, start_time: slotAt(2), invitee: { name: 'X' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { parameter: string }) => d.parameter)).toEqual(
      expect.arrayContaining(['invitee.email', 'invitee.timezone']),
    );
    const body = {
      event_type: eventTypeUri,
      start_time: slotAt(2),
      invitee: { email: 'l@example.com', first_name: 'Lea', last_name: 'Lead', timezone: 'UTC' },
    };
    const created = await api().post('/invitees').set(auth()).send(body);
    expect(created.status).toBe(201);
    expect(created.body.resource).toMatchObject({
      name: 'Lea Lead',
      first_name: 'Lea',
      status: 'active',
      old_invitee: null,
    });
    const again = await api().post('/invitees').set(auth()).send(body);
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/no longer available/);
    const offGrid = await api()
      .post('/invitees')
      .set(auth())
      .send({ ...body, start_time: slotAt(2, 10).replace(':00:00', ':07:00') });
    expect(offGrid.status).toBe(400);
    const night = await api()
      .post('/invitees')
      .set(auth())
      .send({ ...body, start_time: slotAt(2, 3) });
    expect(night.status).toBe(400);
  });

  it('requires the location an event type asks for', async () => {
    const calls = sandbox.seed({
      organizationUri: seed.organizationUri,
      eventTypes: [{ timezone: 'UTC', weeklyHours: EVERY_DAY, locationKind: 'outbound_call' }],
    });
    const body = {
      event_type: calls.eventTypeUris[0],
      start_time: slotAt(2),
      invitee: { email: 'l@example.com', name: 'L', timezone: 'UTC' },
    };
    expect((await api().post('/invitees').set(auth()).send(body)).status).toBe(400);
    const ok = await api()
      .post('/invitees')
      .set(auth())
      .send({ ...body, location: { kind: 'outbound_call', location: '+15555550100' } });
    expect(ok.status).toBe(201);
  });

  it('answers 403 to a free plan and 403 to cancelling a canceled event', async () => {
    const body = {
      event_type: eventTypeUri,
      start_time: slotAt(2),
      invitee: { email: 'l@example.com', name: 'L', timezone: 'UTC' },
    };
    const invitee = (await api().post('/invitees').set(auth()).send(body)).body.resource;
    const eventPath = new URL(invitee.event).pathname;
    const cancel = await api().post(`${eventPath}/cancellation`).set(auth()).send({ reason: 'x' });
    expect(cancel.status).toBe(201);
    expect(cancel.body.resource).toMatchObject({ reason: 'x', canceler_type: 'host' });
    expect((await api().post(`${eventPath}/cancellation`).set(auth()).send({ reason: 'x' })).status).toBe(
      403,
    );

    sandbox.setPlan(seed.userUri, 'free');
    const free = await api().post('/invitees').set(auth()).send(body);
    expect(free.status).toBe(403);
    expect(free.body.title).toBe('Permission Denied');
  });

  it('filters scheduled events by invitee e-mail, status and start window', async () => {
    await sandbox.bookAsLead({
      eventTypeUri,
      startTime: slotAt(2),
      email: 'a@example.com',
      name: 'A',
      timezone: 'UTC',
    });
    await sandbox.bookAsLead({
      eventTypeUri,
      startTime: slotAt(3),
      email: 'b@example.com',
      name: 'B',
      timezone: 'UTC',
    });
    const list = (query: Record<string, string>) =>
      api()
        .get('/scheduled_events')
        .query({ organization: seed.organizationUri, ...query })
        .set(auth());
    expect((await list({})).body.collection).toHaveLength(2);
    expect((await list({ invitee_email: 'A@example.com' })).body.collection).toHaveLength(1);
    expect((await list({ min_start_time: slotAt(3) })).body.collection).toHaveLength(1);
    expect((await list({ max_start_time: slotAt(3) })).body.collection).toHaveLength(1);
    expect((await list({ status: 'canceled' })).body.collection).toHaveLength(0);
    expect((await api().get('/scheduled_events').set(auth())).status).toBe(400);
  });

  it('injects failures, latency limits, and records API calls but not control calls', async () => {
    sandbox.clearRequests();
    await request(sandbox.url)
      .patch('/_sandbox/knobs')
      .send({ failNext: { status: 503, count: 2, path: '/users' } })
      .expect(200);
    expect((await api().get('/event_types').query({ user: seed.userUri }).set(auth())).status).toBe(200);
    expect((await api().get('/users/me').set(auth())).status).toBe(503);
    expect((await api().get('/users/me').set(auth())).status).toBe(503);
    expect((await api().get('/users/me').set(auth())).status).toBe(200);
    const logged = (await request(sandbox.url).get('/_sandbox/requests')).body.collection as Array<{
      path: string;
      status: number;
    }>;
    expect(logged.map((r) => [r.path, r.status])).toEqual([
      ['/event_types', 200],
      ['/users/me', 503],
      ['/users/me', 503],
      ['/users/me', 200],
    ]);
    expect((await request(sandbox.url).patch('/_sandbox/knobs').send({ bogus: 1 })).status).toBe(400);
  });

  it('plays the lead through the HTTP control API', async () => {
    const booked = await request(sandbox.url)
      .post('/_sandbox/lead/book')
      .send({ eventTypeUri, startTime: slotAt(2), email: 'lead@example.com', name: 'Lea', timezone: 'UTC' })
      .expect(201);
    const moved = await request(sandbox.url)
      .post('/_sandbox/lead/reschedule')
      .send({ inviteeUri: booked.body.resource.uri, newStartTime: slotAt(2, 11), order: 'created-first' })
      .expect(200);
    expect(moved.body.newInvitee.old_invitee).toBe(booked.body.resource.uri);
    const invitees = (await request(sandbox.url).get('/_sandbox/invitees')).body.collection;
    expect(invitees.map((i: { status: string }) => i.status)).toEqual(['canceled', 'active']);
    const taken = await request(sandbox.url)
      .post('/_sandbox/lead/book')
      .send({ eventTypeUri, startTime: slotAt(2, 11), email: 'x@example.com', name: 'X', timezone: 'UTC' });
    expect(taken.status).toBe(400);
    const seeded = await request(sandbox.url).post('/_sandbox/seed').send({ plan: 'free' }).expect(201);
    expect(seeded.body).toMatchObject({ userUri: expect.any(String), eventTypeUris: [expect.any(String)] });
  });

  it('disables a subscription whose endpoint keeps failing past the give-up horizon', async () => {
    const quick = await startCalendlySandbox({
      port: 0,
      webhookRetry: { baseDelayMs: 10, maxDelayMs: 20, giveUpAfterMs: 1_000, attemptTimeoutMs: 500 },
    });
    try {
      const s = quick.defaultSeed as SeedResult;
      await request(quick.url)
        .post('/webhook_subscriptions')
        .set({ Authorization: `Bearer ${s.token}` })
        .send({
          url: 'http://127.0.0.1:9/unreachable',
          events: ['invitee.created'],
          organization: s.organizationUri,
          scope: 'organization',
        })
        .expect(201);
      const start = DateTime.now()
        .setZone('America/New_York')
        .plus({ days: 7 })
        .set({ weekday: 2, hour: 10, minute: 0, second: 0, millisecond: 0 });
      await quick.bookAsLead({
        eventTypeUri: s.eventTypeUris[0] as string,
        startTime: start.toUTC().toISO() as string,
        email: 'l@example.com',
        name: 'L',
        timezone: 'UTC',
      });
      await quick.webhooksSettled(20_000);
      const [delivery] = quick.webhookDeliveries();
      expect(delivery?.state).toBe('failed');
      expect(delivery?.attempt_count).toBeGreaterThan(1);
      expect(delivery?.last_status).toBeNull();
      expect(quick.webhookSubscriptions()[0]?.state).toBe('disabled');
    } finally {
      await quick.close();
    }
  });

  it('persists state to a JSON file across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calendly-sandbox-'));
    const stateFile = join(dir, 'state.json');
    try {
      const first = await startCalendlySandbox({
        port: 0,
        stateFile,
        seed: { token: 'persisted-token-123', eventTypes: [{ timezone: 'UTC', weeklyHours: EVERY_DAY }] },
      });
      const s = first.defaultSeed as SeedResult;
      const invitee = await first.bookAsLead({
        eventTypeUri: s.eventTypeUris[0] as string,
        startTime: slotAt(2),
        email: 'l@example.com',
        name: 'L',
        timezone: 'UTC',
      });
      await first.close();

      const second = await startCalendlySandbox({ port: 0, stateFile });
      try {
        expect(second.defaultSeed).toBeNull();
        expect(second.invitees().map((i) => i.uri)).toEqual([invitee.uri]);
        const me = await request(second.url)
          .get('/users/me')
          .set({ Authorization: 'Bearer persisted-token-123' });
        expect(me.body.resource.uri).toBe(s.userUri);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
