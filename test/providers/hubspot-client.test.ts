import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError } from '../../src/errors';
import { HubspotClient } from '../../src/providers/hubspot/client';
import { hubspotErrorSchema, meetingLinkSlug } from '../../src/providers/hubspot/schemas';
import { type HubspotSandbox, startHubspotSandbox } from '../../src/sandboxes/hubspot';

// The HubSpot Meetings client against its sandbox (contract: shared/specs/hubspot/API-NOTES.md).
const ZONE = 'Europe/Berlin';
const TOKEN = 'pat-na1-test';
let sandbox: HubspotSandbox;
beforeAll(async () => {
  sandbox = await startHubspotSandbox({ rateLimitBurst: 8, rateLimitWindowMs: 60_000 });
  sandbox.seedMeetingLink({
    token: TOKEN,
    slug: 'sales/intro',
    timezone: ZONE,
    hours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '10:00', to: '12:00' }],
    durationsMinutes: [30, 60],
    weeksToAdvertise: 6,
  });
});
afterAll(async () => {
  await sandbox?.close();
});

const client = (token = TOKEN, apiVersion = 'v3') =>
  new HubspotClient({ baseUrl: sandbox.url, token, apiVersion, timeoutMs: 3000 });

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (isProviderError(err)) return err;
    throw err;
  }
  throw new Error('expected a ProviderError');
}

describe('HubSpot Meetings client', () => {
  it('reads free starts of the requested duration across months, inside the window', async () => {
    sandbox.clearTraffic();
    const from = new Date();
    const to = new Date(from.getTime() + 40 * 86_400_000); // always spans a month boundary
    const starts = await client().availableStarts('sales/intro', {
      timezone: ZONE,
      durationMinutes: 60,
      from,
      to,
    });
    expect(starts.length).toBeGreaterThan(30);
    for (const t of starts) {
      expect(t).toBeGreaterThanOrEqual(from.getTime());
      expect(t).toBeLessThan(to.getTime());
      const local = DateTime.fromMillis(t, { zone: ZONE });
      // 60-minute meetings between 10:00 and 12:00, every 30 minutes: 10:00, 10:30, 11:00.
      expect([600, 630, 660]).toContain(local.hour * 60 + local.minute);
    }
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    const traffic = sandbox.traffic();
    // Month by month from the current one (40 days cover two or three calendar months).
    const offsets = traffic.map((t) => Number(t.query.monthOffset));
    expect(offsets.slice(0, 2)).toEqual([0, 1]);
    expect(offsets).toEqual(offsets.map((_, i) => i));
    expect(
      traffic.every(
        (t) => t.path === '/scheduler/v3/meetings/meeting-links/book/availability-page/sales/intro',
      ),
    ).toBe(true);
  });

  it('uses the dated paths when configured', async () => {
    sandbox.clearTraffic();
    const page = await client(TOKEN, '2026-03').availabilityPage('sales/intro', ZONE, 0);
    expect(Object.keys(page.linkAvailability.linkAvailabilityByDuration).sort()).toEqual([
      '1800000',
      '3600000',
    ]);
    expect(sandbox.traffic()[0]?.path).toBe(
      '/scheduler/2026-03/meetings/meeting-links/book/availability-page/sales/intro',
    );
  });

  it('maps 401 (bad token), 404 (unknown or foreign slug) and 429 (burst limit) onto ProviderError kinds', async () => {
    expect((await failure(client('wrong').availabilityPage('sales/intro', ZONE, 0))).kind).toBe(
      'unauthorized',
    );
    expect((await failure(client().availabilityPage('nobody', ZONE, 0))).kind).toBe('not_found');
    sandbox.failNext(1, 429);
    const limited = await failure(client().availabilityPage('sales/intro', ZONE, 0));
    expect(limited).toMatchObject({ kind: 'rate_limited', httpStatus: 429, provider: 'hubspot' });
    expect(limited.retryable).toBe(true);
  });

  it('answers errors in HubSpot shape, and 429 once the burst is used up', async () => {
    const res = await fetch(`${sandbox.url}/scheduler/v3/meetings/meeting-links`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(res.status).toBe(401);
    expect(hubspotErrorSchema.parse(await res.json()).category).toBe('INVALID_AUTHENTICATION');
    const other = 'pat-burst';
    sandbox.seedMeetingLink({ token: other, slug: 'burst' });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await fetch(
        `${sandbox.url}/scheduler/v3/meetings/meeting-links/book/availability-page/burst?timezone=UTC`,
        {
          headers: { Authorization: `Bearer ${other}` },
        },
      );
      statuses.push(r.status);
      if (r.status === 429) expect(hubspotErrorSchema.parse(await r.json()).category).toBe('RATE_LIMITS');
    }
    expect(statuses).toEqual([...Array(8).fill(200), 429, 429]);
    const noZone = await fetch(
      `${sandbox.url}/scheduler/v3/meetings/meeting-links/book/availability-page/sales/intro`,
      {
        headers: { Authorization: `Bearer ${TOKEN}` },
      },
    );
    expect(noZone.status).toBe(400);
  });

  it('takes the slug from a meeting link URL only', () => {
    expect(meetingLinkSlug('https://meetings.hubspot.com/team-name/intro')).toBe('team-name/intro');
    expect(meetingLinkSlug('https://meetings-eu1.hubspot.com/ana')).toBe('ana');
    expect(meetingLinkSlug('https://meetings.hubspot.com.evil.example/ana')).toBeUndefined();
    expect(meetingLinkSlug('http://meetings.hubspot.com/ana')).toBeUndefined();
    expect(meetingLinkSlug('https://meetings.hubspot.com/')).toBeUndefined();
  });
});
