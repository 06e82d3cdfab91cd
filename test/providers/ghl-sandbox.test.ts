import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseGhlWebhook, verifyGhlSignature } from '../../src/providers/ghl';
import { type GhlSandbox, type LocationSeed, startGhlSandbox } from '../../src/sandboxes/ghl';

// Monday 2030-01-07, 08:00 in New York (EST, UTC-5).
const NOW = Date.parse('2030-01-07T13:00:00Z');
const DAY = 24 * 3_600_000;
const quiet = { info() {}, warn() {} };
const SEED: LocationSeed = {
  locationId: 'loc_sb',
  token: 'tok_sb',
  calendars: [
    { id: 'cal_ny', timezone: 'America/New_York' },
    {
      id: 'cal_short',
      timezone: 'Europe/Berlin',
      openHours: [{ days: [1], from: '10:00', to: '11:00' }],
      slotMinutes: 20,
      slotIntervalMinutes: 15,
    },
  ],
  contacts: [{ id: 'ct_1', phone: '+1555', email: 'one@example.test' }, { id: 'ct_2' }],
};

let sandbox: GhlSandbox;
beforeAll(async () => {
  sandbox = await startGhlSandbox({ port: 0, now: () => NOW, logger: quiet });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset();
  sandbox.seedLocation(SEED);
});

/** A raw GHL call, so the tests see exactly what the sandbox answers. */
async function ghl(
  method: string,
  pathAndQuery: string,
  options: { body?: unknown; token?: string | null; version?: string | null; signal?: AbortSignal } = {},
) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? 'tok_sb'}`;
  if (options.version !== null) headers.Version = options.version ?? '2021-04-15';
  const res = await fetch(`${sandbox.url}${pathAndQuery}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const freeSlots = (calendarId = 'cal_ny', from = NOW, to = NOW + DAY, extra = '') =>
  ghl('GET', `/calendars/${calendarId}/free-slots?startDate=${from}&endDate=${to}${extra}`);

const create = (startTime: string, contactId = 'ct_1', calendarId = 'cal_ny') =>
  ghl('POST', '/calendars/events/appointments', {
    body: { calendarId, locationId: 'loc_sb', contactId, startTime },
  });

async function control(method: string, route: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}/_sandbox${route}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('GHL sandbox: free slots', () => {
  it('answers day -> slots in the calendar zone, future open hours only', async () => {
    const res = await freeSlots('cal_ny', NOW, NOW + 7 * DAY);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual([
      '2030-01-07',
      '2030-01-08',
      '2030-01-09',
      '2030-01-10',
      '2030-01-11',
    ]);
    expect(res.body['2030-01-07'].slots[0]).toBe('2030-01-07T09:00:00-05:00');
    expect(res.body['2030-01-07'].slots).toHaveLength(16);
    expect(res.body['2030-01-07'].slots.at(-1)).toBe('2030-01-07T16:30:00-05:00');
  });

  it('renders the days in the requested timezone', async () => {
    const res = await freeSlots('cal_ny', NOW, NOW + DAY, '&timezone=Asia/Tokyo');
    // 09:00 in New York is 23:00 in Tokyo: Monday's slots straddle two Tokyo days.
    expect(res.body['2030-01-07'].slots).toEqual(['2030-01-07T23:00:00+09:00', '2030-01-07T23:30:00+09:00']);
    expect(res.body['2030-01-08'].slots[0]).toBe('2030-01-08T00:00:00+09:00');
  });

  it('never offers past slots', async () => {
    const res = await freeSlots('cal_ny', NOW - 7 * DAY, NOW + 3_600_000 * 2);
    // From a week ago to now + 2 h (10:00 New York): only today's first three slots.
    expect(Object.values(res.body).flatMap((d) => (d as { slots: string[] }).slots)).toEqual([
      '2030-01-07T09:00:00-05:00',
      '2030-01-07T09:30:00-05:00',
      '2030-01-07T10:00:00-05:00',
    ]);
  });

  it('honours slot length and interval separately', async () => {
    // Today's Berlin hours are over; next Monday 10:00-11:00 with 20-minute slots every 15 minutes:
    // 10:00, 10:15, 10:30 (10:45 would end at 11:05).
    const res = await freeSlots('cal_short', NOW, NOW + 8 * DAY);
    expect(res.body).toEqual({
      '2030-01-14': {
        slots: ['2030-01-14T10:00:00+01:00', '2030-01-14T10:15:00+01:00', '2030-01-14T10:30:00+01:00'],
      },
    });
  });

  it('validates the query the way GHL does', async () => {
    expect((await ghl('GET', '/calendars/cal_ny/free-slots?startDate=1')).status).toBe(400);
    expect((await freeSlots('cal_ny', NOW, NOW + 32 * DAY)).body.message).toMatch(/31 days/);
    expect((await freeSlots('cal_ny', NOW, NOW + DAY, '&timezone=Mars/Olympus')).status).toBe(400);
    expect((await freeSlots('cal_missing')).status).toBe(404);
  });
});

describe('GHL sandbox: auth', () => {
  it('requires the location token and the Version header', async () => {
    const noToken = await ghl('GET', `/calendars/cal_ny/free-slots?startDate=${NOW}&endDate=${NOW + DAY}`, {
      token: null,
    });
    expect(noToken).toMatchObject({ status: 401, body: { statusCode: 401 } });
    const wrong = await ghl('GET', `/calendars/cal_ny/free-slots?startDate=${NOW}&endDate=${NOW + DAY}`, {
      token: 'tok_wrong',
    });
    expect(wrong.status).toBe(401);
    const noVersion = await ghl('GET', `/calendars/cal_ny/free-slots?startDate=${NOW}&endDate=${NOW + DAY}`, {
      version: null,
    });
    expect(noVersion).toMatchObject({ status: 400, body: { message: 'Version header was not found' } });
  });

  it('keeps one location’s token out of another location', async () => {
    sandbox.seedLocation({ locationId: 'loc_b', token: 'tok_b', calendars: [{ id: 'cal_b' }], contacts: [] });
    const res = await ghl('GET', `/calendars/cal_b/free-slots?startDate=${NOW}&endDate=${NOW + DAY}`);
    expect(res.status).toBe(401);
    const cross = await ghl('POST', '/calendars/events/appointments', {
      token: 'tok_b',
      body: {
        calendarId: 'cal_ny',
        locationId: 'loc_sb',
        contactId: 'ct_1',
        startTime: '2030-01-07T15:00:00Z',
      },
    });
    expect(cross.status).toBe(401);
  });
});

describe('GHL sandbox: appointments', () => {
  it('books a free slot once and refuses it afterwards', async () => {
    const first = await create('2030-01-07T10:00:00-05:00');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      calendarId: 'cal_ny',
      contactId: 'ct_1',
      startTime: '2030-01-07T10:00:00-05:00',
      endTime: '2030-01-07T10:30:00-05:00',
    });
    const again = await create('2030-01-07T15:00:00Z', 'ct_2');
    expect(again).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/no longer available/) },
    });
    const slots = (await freeSlots()).body['2030-01-07'].slots;
    expect(slots).not.toContain('2030-01-07T10:00:00-05:00');
    expect(slots).toHaveLength(15);
  });

  it('blocks every slot a longer meeting overlaps', async () => {
    const res = await ghl('POST', '/calendars/events/appointments', {
      body: {
        calendarId: 'cal_ny',
        locationId: 'loc_sb',
        contactId: 'ct_1',
        startTime: '2030-01-07T10:00:00-05:00',
        endTime: '2030-01-07T11:00:00-05:00',
      },
    });
    expect(res.status).toBe(200);
    const slots = (await freeSlots()).body['2030-01-07'].slots;
    expect(slots).not.toContain('2030-01-07T10:30:00-05:00');
    expect(slots).toContain('2030-01-07T11:00:00-05:00');
  });

  it('refuses times outside open hours, in the past, or off the slot grid', async () => {
    expect((await create('2030-01-07T07:00:00-05:00')).status).toBe(400); // before opening
    expect((await create('2030-01-05T10:00:00-05:00')).status).toBe(400); // Saturday (and past)
    expect((await create('2030-01-07T10:10:00-05:00')).status).toBe(400); // not a slot start
  });

  it('validates the body and its references', async () => {
    const missing = await ghl('POST', '/calendars/events/appointments', { body: { calendarId: 'cal_ny' } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^contactId/)]));
    expect((await create('2030-01-07T15:00:00Z', 'ct_unknown')).body.message).toBe('Contact not found');
    expect((await create('2030-01-07T15:00:00Z', 'ct_1', 'cal_unknown')).body.message).toBe(
      'Calendar not found',
    );
    expect((await create('tomorrow at ten')).status).toBe(400);
  });

  it('lists events overlapping a window, cancelled ones included', async () => {
    const a = (await create('2030-01-07T15:00:00Z')).body;
    await create('2030-01-08T15:00:00Z', 'ct_2');
    await ghl('PUT', `/calendars/events/appointments/${a.id}`, { body: { appointmentStatus: 'cancelled' } });
    const res = await ghl(
      'GET',
      `/calendars/events?locationId=loc_sb&calendarId=cal_ny&startTime=${NOW}&endTime=${NOW + DAY}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.events).toEqual([expect.objectContaining({ id: a.id, appointmentStatus: 'cancelled' })]);
    const bad = await ghl('GET', `/calendars/events?locationId=loc_sb&startTime=${NOW}&endTime=${NOW + DAY}`);
    expect(bad.status).toBe(400);
  });

  it('deletes with 201 and frees the slot', async () => {
    const a = (await create('2030-01-07T15:00:00Z')).body;
    const res = await ghl('DELETE', `/calendars/events/${a.id}`, { body: {} });
    expect(res).toMatchObject({ status: 201, body: { succeeded: true } });
    expect((await ghl('DELETE', `/calendars/events/${a.id}`, { body: {} })).status).toBe(404);
    expect((await create('2030-01-07T15:00:00Z', 'ct_2')).status).toBe(200);
  });
});

describe('GHL sandbox: knobs', () => {
  it('fails the next N requests, optionally only matching ones', async () => {
    sandbox.setKnobs({ failNext: { status: 503, count: 2, match: 'free-slots' } });
    expect((await create('2030-01-07T15:00:00Z')).status).toBe(200);
    expect((await freeSlots()).status).toBe(503);
    expect((await freeSlots()).status).toBe(503);
    expect((await freeSlots()).status).toBe(200);
    expect(sandbox.knobs().failNext).toBeNull();
  });

  it('sends Retry-After with an injected 429', async () => {
    sandbox.setKnobs({ failNext: { status: 429, count: 1, retryAfterSeconds: 3 } });
    const res = await freeSlots();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
  });

  it('draws random 500s from a seeded, reproducible sequence', async () => {
    const run = async () => {
      sandbox.setKnobs({ errorRate: 0.5, randomSeed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await freeSlots()).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('adds latency', async () => {
    sandbox.setKnobs({ latencyMs: 120 });
    const started = Date.now();
    await freeSlots();
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('hangs before or after committing', async () => {
    sandbox.setKnobs({ hangNext: 1 });
    await expect(
      ghl('GET', `/calendars/cal_ny/free-slots?startDate=${NOW}&endDate=${NOW + DAY}`, {
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow();
    expect((await freeSlots()).status).toBe(200);

    sandbox.setKnobs({ hangAfterCommitNext: 1 });
    await expect(
      ghl('POST', '/calendars/events/appointments', {
        body: {
          calendarId: 'cal_ny',
          locationId: 'loc_sb',
          contactId: 'ct_1',
          startTime: '2030-01-07T15:00:00Z',
        },
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow();
    expect(sandbox.appointments()).toHaveLength(1); // committed although never answered
  });
});

describe('GHL sandbox: control API', () => {
  it('seeds, lists, sets knobs and resets over HTTP', async () => {
    const seeded = await control('POST', '/locations', {
      locationId: 'loc_http',
      token: 'tok_http',
      calendars: [
        {
          id: 'cal_http',
          timezone: 'UTC',
          openHours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }],
        },
      ],
      contacts: [{ id: 'ct_http', phone: '+1' }],
    });
    expect(seeded.status).toBe(201);
    expect(JSON.stringify(seeded.body)).not.toContain('tok_http');
    const booked = await ghl('POST', '/calendars/events/appointments', {
      token: 'tok_http',
      body: {
        calendarId: 'cal_http',
        locationId: 'loc_http',
        contactId: 'ct_http',
        startTime: '2030-01-07T23:30:00Z',
      },
    });
    expect(booked.status).toBe(200);
    await ghl('POST', '/conversations/messages', {
      token: 'tok_http',
      body: { type: 'SMS', contactId: 'ct_http', message: 'hello' },
    });

    expect((await control('GET', '/appointments?locationId=loc_http')).body.appointments).toHaveLength(1);
    expect((await control('GET', '/appointments?locationId=loc_sb')).body.appointments).toHaveLength(0);
    expect((await control('GET', '/messages')).body.messages).toEqual([
      expect.objectContaining({ contactId: 'ct_http', message: 'hello', type: 'SMS' }),
    ]);

    const knobs = await control('PATCH', '/knobs', { latencyMs: 5, failNext: { status: 500, count: 1 } });
    expect(knobs.body).toMatchObject({ latencyMs: 5, failNext: { status: 500, count: 1 } });
    expect((await control('PATCH', '/knobs', { errorRate: 2 })).status).toBe(400);

    const traffic = (await control('GET', '/traffic')).body.traffic;
    expect(traffic.length).toBeGreaterThan(0);
    expect(JSON.stringify(traffic)).not.toContain('tok_http');

    expect((await control('POST', '/reset')).status).toBe(204);
    expect((await control('GET', '/appointments')).body.appointments).toEqual([]);
    expect((await control('GET', '/knobs')).body).toMatchObject({ latencyMs: 0, failNext: null });
    expect((await control('POST', '/locations', { locationId: 'x' })).status).toBe(400);
  });
});

describe('GHL sandbox: webhooks and persistence', () => {
  let receiver: Server;
  let received: Array<{ body: Buffer; signature: string | undefined }>;
  let receiverUrl: string;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks),
          signature: req.headers['x-wh-signature'] as string | undefined,
        });
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/ghl`;
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
  beforeEach(() => {
    received = [];
  });

  it('announces created, updated and deleted appointments with signed webhooks', async () => {
    sandbox.setWebhookTarget((locationId) => `${receiverUrl}?location=${locationId}`);
    try {
      const created = (await create('2030-01-07T15:00:00Z')).body;
      await ghl('PUT', `/calendars/events/appointments/${created.id}`, { body: { title: 'Renamed' } });
      await ghl('DELETE', `/calendars/events/${created.id}`, { body: {} });
      await sandbox.flushWebhooks();
    } finally {
      sandbox.setWebhookTarget(undefined);
    }
    const events = received.map((r) => {
      expect(verifyGhlSignature(r.body, r.signature, sandbox.publicKeyPem)).toBe(true);
      const parsed = parseGhlWebhook(JSON.parse(r.body.toString('utf8')));
      if (parsed.kind !== 'event') throw new Error(`unexpected ${JSON.stringify(parsed)}`);
      return parsed.event;
    });
    expect(events.map((e) => e.type)).toEqual([
      'AppointmentCreate',
      'AppointmentUpdate',
      'AppointmentDelete',
    ]);
    expect(events[1]).toMatchObject({
      locationId: 'loc_sb',
      appointment: { title: 'Renamed', contactId: 'ct_1' },
    });
    expect(new Set(events.map((e) => e.webhookId)).size).toBe(3);
  });

  it('keeps working when the webhook target is down', async () => {
    const warnings: string[] = [];
    const isolated = await startGhlSandbox({
      now: () => NOW,
      locations: [SEED],
      webhookTargetUrl: 'http://127.0.0.1:9/unreachable',
      logger: { info() {}, warn: (m) => warnings.push(m) },
    });
    try {
      const res = await fetch(`${isolated.url}/calendars/events/appointments`, {
        method: 'POST',
        headers: {
          Authorization: 'Bearer tok_sb',
          Version: '2021-04-15',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          calendarId: 'cal_ny',
          locationId: 'loc_sb',
          contactId: 'ct_1',
          startTime: '2030-01-07T15:00:00Z',
        }),
      });
      expect(res.status).toBe(200);
      await isolated.flushWebhooks();
      expect(warnings.join()).toMatch(/AppointmentCreate webhook for loc_sb failed/);
    } finally {
      await isolated.close();
    }
  });

  it('keeps bookings across restarts with a state file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ghl-sandbox-'));
    const stateFile = path.join(dir, 'nested', 'state.json');
    try {
      const first = await startGhlSandbox({ now: () => NOW, stateFile, locations: [SEED], logger: quiet });
      const booked = await fetch(`${first.url}/calendars/events/appointments`, {
        method: 'POST',
        headers: {
          Authorization: 'Bearer tok_sb',
          Version: '2021-04-15',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          calendarId: 'cal_ny',
          locationId: 'loc_sb',
          contactId: 'ct_1',
          startTime: '2030-01-07T15:00:00Z',
        }),
      });
      expect(booked.status).toBe(200);
      await first.close();

      const second = await startGhlSandbox({ now: () => NOW, stateFile, logger: quiet });
      try {
        expect(second.appointments('loc_sb')).toHaveLength(1);
        const again = await fetch(`${second.url}/calendars/events/appointments`, {
          method: 'POST',
          headers: {
            Authorization: 'Bearer tok_sb',
            Version: '2021-04-15',
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({
            calendarId: 'cal_ny',
            locationId: 'loc_sb',
            contactId: 'ct_2',
            startTime: '2030-01-07T15:00:00Z',
          }),
        });
        expect(again.status).toBe(400);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
