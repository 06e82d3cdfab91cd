import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from '../../src/errors';
import { createCalendlyAdapter } from '../../src/providers/calendly/adapter';
import { CalendlyClient } from '../../src/providers/calendly/client';
import type { CalendlyCredentials } from '../../src/providers/calendly/credentials';
import type { BookingLead, WorkspaceProviderContext } from '../../src/providers/types';
import { type CalendlySandbox, type SeedResult, startCalendlySandbox } from '../../src/sandboxes/calendly';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Every day 09:00–17:00 UTC, so the suite does not depend on the weekday it runs on. */
const EVERY_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
);

let sandbox: CalendlySandbox;
let seed: SeedResult;
let client: CalendlyClient;
let eventTypeUri: string;

/** 10:00 UTC `days` from today. */
function slotAt(days: number, hour = 10): string {
  const d = new Date(Date.now() + days * DAY_MS);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(err)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

const apiCalls = (path: string) => sandbox.requests().filter((r) => r.path === path);

beforeAll(async () => {
  sandbox = await startCalendlySandbox({ port: 0, seed: false });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  const result = sandbox.reset({
    seed: {
      plan: 'standard',
      user: { timezone: 'UTC' },
      eventTypes: [{ duration: 30, timezone: 'UTC', weeklyHours: EVERY_DAY }],
    },
  });
  if (!result) throw new Error('seed failed');
  seed = result;
  eventTypeUri = seed.eventTypeUris[0] as string;
  client = new CalendlyClient({ baseUrl: sandbox.url, token: seed.token, timeoutMs: 2_000 });
});

describe('CalendlyClient', () => {
  it('reads the current user', async () => {
    const user = await client.getCurrentUser();
    expect(user.uri).toBe(seed.userUri);
    expect(user.current_organization).toBe(seed.organizationUri);
  });

  it('maps a bad token to unauthorized', async () => {
    const bad = new CalendlyClient({ baseUrl: sandbox.url, token: 'not-a-token', timeoutMs: 2_000 });
    const err = await rejection(bad.getCurrentUser());
    expect(err.kind).toBe('unauthorized');
    expect(err.httpStatus).toBe(401);
  });

  it('follows pagination when listing event types', async () => {
    const many = sandbox.seed({
      organizationUri: seed.organizationUri,
      eventTypes: Array.from({ length: 102 }, (_, i) => ({ name: `Type ${String(i).padStart(3, '0')}` })),
    });
    const types = await client.listEventTypes({ user: many.userUri });
    expect(types).toHaveLength(102);
    expect(new Set(types.map((t) => t.uri)).size).toBe(102);
    expect(apiCalls('/event_types')).toHaveLength(2);
    const orgWide = await client.listEventTypes({ organization: seed.organizationUri });
    expect(orgWide).toHaveLength(103);
  });

  it('splits a 10-day range into 7-day windows', async () => {
    const from = new Date(Date.now() + 60 * 60 * 1000);
    const to = new Date(from.getTime() + 10 * DAY_MS);
    const slots = await client.listAvailableTimes(eventTypeUri, { from, to });
    expect(apiCalls('/event_type_available_times')).toHaveLength(2);
    // 16 half-hour starts a day over 10 days, minus what falls outside the range's edges.
    expect(slots.length).toBeGreaterThan(16 * 9);
    const starts = slots.map((s) => Date.parse(s.start_time));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(starts.length);
    expect(starts.every((t) => t >= from.getTime() && t < to.getTime())).toBe(true);

    // The same range in one raw call is refused by the (sandboxed) API.
    const url = new URL('/event_type_available_times', sandbox.url);
    url.searchParams.set('event_type', eventTypeUri);
    url.searchParams.set('start_time', from.toISOString());
    url.searchParams.set('end_time', to.toISOString());
    const raw = await fetch(url, { headers: { Authorization: `Bearer ${seed.token}` } });
    expect(raw.status).toBe(400);
    const body = (await raw.json()) as { title: string; details: Array<{ parameter: string }> };
    expect(body.title).toBe('Invalid Argument');
    expect(body.details[0]?.parameter).toBe('end_time');
  });

  it('clamps a range that starts in the past to the future', async () => {
    const slots = await client.listAvailableTimes(eventTypeUri, {
      from: new Date(Date.now() - 3 * DAY_MS),
      to: new Date(Date.now() + 2 * DAY_MS),
    });
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((s) => Date.parse(s.start_time) > Date.now())).toBe(true);
  });

  it('booking removes the time from availability, and a second booking is slot_unavailable', async () => {
    const start = slotAt(2);
    const window = {
      from: new Date(Date.parse(start) - DAY_MS / 2),
      to: new Date(Date.parse(start) + DAY_MS / 2),
    };
    const before = await client.listAvailableTimes(eventTypeUri, window);
    expect(before.map((s) => s.start_time)).toContain(start);

    const invitee = await client.createInvitee({
      eventTypeUri,
      startTime: start,
      invitee: { email: 'lead@example.com', name: 'Lea Lead', timezone: 'Europe/Berlin' },
    });
    expect(invitee.status).toBe('active');
    expect(invitee.scheduling_method).toBe('instant_book');
    const event = await client.getScheduledEvent(invitee.event);
    expect(event.start_time).toBe(start);
    expect(Date.parse(event.end_time) - Date.parse(start)).toBe(30 * 60_000);

    const after = await client.listAvailableTimes(eventTypeUri, window);
    expect(after.map((s) => s.start_time)).not.toContain(start);
    expect(after).toHaveLength(before.length - 1);

    const err = await rejection(
      client.createInvitee({
        eventTypeUri,
        startTime: start,
        invitee: { email: 'other@example.com', name: 'Other', timezone: 'UTC' },
      }),
    );
    expect(err.kind).toBe('slot_unavailable');
    expect(err.retryable).toBe(false);
  });

  it('maps the free plan to forbidden', async () => {
    sandbox.setPlan(seed.userUri, 'free');
    const err = await rejection(
      client.createInvitee({
        eventTypeUri,
        startTime: slotAt(2),
        invitee: { email: 'lead@example.com', name: 'Lea', timezone: 'UTC' },
      }),
    );
    expect(err.kind).toBe('forbidden');
    expect(sandbox.invitees()).toHaveLength(0);
  });

  it('maps 429 to rate_limited with Retry-After', async () => {
    sandbox.setKnobs({ failNext: { status: 429, count: 1, retryAfterSeconds: 7 } });
    const err = await rejection(client.getCurrentUser());
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(7_000);
    expect(err.retryable).toBe(true);
    await expect(client.getCurrentUser()).resolves.toMatchObject({ uri: seed.userUri });
  });

  it('enforces the per-minute POST /invitees limit', async () => {
    sandbox.setKnobs({ inviteesPerMinute: 1 });
    const invitee = { email: 'lead@example.com', name: 'Lea', timezone: 'UTC' };
    await client.createInvitee({ eventTypeUri, startTime: slotAt(2, 10), invitee });
    const err = await rejection(client.createInvitee({ eventTypeUri, startTime: slotAt(2, 11), invitee }));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('finds the active booking at a start time, and cancels it', async () => {
    const start = slotAt(3);
    const invitee = await client.createInvitee({
      eventTypeUri,
      startTime: start,
      invitee: { email: 'Lead@Example.com', name: 'Lea', timezone: 'UTC' },
    });
    const lookup = {
      organizationUri: seed.organizationUri,
      inviteeEmail: 'lead@example.com',
      startTime: start,
    };
    await expect(client.findActiveEventAt(lookup)).resolves.toEqual({
      scheduledEventUri: invitee.event,
      inviteeUri: invitee.uri,
    });
    await expect(
      client.findActiveEventAt({ ...lookup, inviteeEmail: 'else@example.com' }),
    ).resolves.toBeNull();
    await expect(client.findActiveEventAt({ ...lookup, startTime: slotAt(3, 11) })).resolves.toBeNull();

    await client.cancelEvent(invitee.event, 'lead asked');
    const event = await client.getScheduledEvent(invitee.event);
    expect(event.status).toBe('canceled');
    expect(event.cancellation).toMatchObject({ reason: 'lead asked', canceler_type: 'host' });
    expect((await client.getInvitee(invitee.uri)).status).toBe('canceled');
    await expect(client.findActiveEventAt(lookup)).resolves.toBeNull();
  });

  it('manages webhook subscriptions (409 on a duplicate url+scope)', async () => {
    const input = {
      url: 'http://127.0.0.1:9/hooks/calendly',
      events: ['invitee.created' as const, 'invitee.canceled' as const],
      organization: seed.organizationUri,
      scope: 'organization' as const,
      signingKey: 'whsec-test-key',
    };
    const sub = await client.createWebhookSubscription(input);
    expect(sub).toMatchObject({ callback_url: input.url, state: 'active', scope: 'organization' });
    expect(JSON.stringify(sub)).not.toContain('whsec-test-key');
    const dup = await rejection(client.createWebhookSubscription(input));
    expect(dup.httpStatus).toBe(409);

    const listed = await client.listWebhookSubscriptions({
      organization: seed.organizationUri,
      scope: 'organization',
    });
    expect(listed.map((s) => s.uri)).toEqual([sub.uri]);
    await client.deleteWebhookSubscription(sub.uri);
    expect(
      await client.listWebhookSubscriptions({ organization: seed.organizationUri, scope: 'organization' }),
    ).toEqual([]);
    expect((await rejection(client.deleteWebhookSubscription(sub.uri))).kind).toBe('not_found');
  });

  it('refuses resource URIs of an unexpected shape without calling out', async () => {
    sandbox.clearRequests();
    const err = await rejection(client.getInvitee('https://api.calendly.com/users/ME/../../admin'));
    expect(err.kind).toBe('invalid_request');
    expect(sandbox.requests()).toHaveLength(0);
  });
});

describe('Calendly adapter', () => {
  const lead = (overrides: Partial<BookingLead> = {}): BookingLead => ({
    id: 'lead-1',
    name: 'Lea Lead',
    email: 'lea@example.com',
    phone: null,
    timezone: 'Europe/Berlin',
    ghlContactId: null,
    ...overrides,
  });
  const ctx = (): WorkspaceProviderContext<CalendlyCredentials> => ({
    clientId: 'client-1',
    timezone: 'UTC',
    meetingDurationMinutes: 30,
    credentials: {
      accessToken: seed.token,
      eventTypeUri,
      organizationUri: seed.organizationUri,
      userUri: seed.userUri,
    },
  });
  const adapter = (timeoutMs = 2_000) =>
    createCalendlyAdapter({
      CALENDLY_API_BASE_URL: sandbox.url,
      CALENDLY_SANDBOX_PORT: 4020,
      PROVIDER_TIMEOUT_MS: timeoutMs,
    });

  it('lists slots as ISO UTC strings', async () => {
    const from = new Date(Date.now() + DAY_MS);
    const slots = await adapter().listAvailableSlots(ctx(), { from, to: new Date(from.getTime() + DAY_MS) });
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((s) => s.endsWith('Z') && Date.parse(s) >= from.getTime())).toBe(true);
  });

  it('books a slot and reports the event', async () => {
    const start = slotAt(2);
    const booking = await adapter().bookSlot(ctx(), { lead: lead(), startTime: start, title: 'Intro call' });
    expect(booking).toMatchObject({ provider: 'calendly', startTime: start, alreadyExisted: false });
    expect(booking.endTime).toBe(new Date(Date.parse(start) + 30 * 60_000).toISOString());
    const [invitee] = sandbox.invitees();
    expect(booking.bookingId).toBe(invitee?.uri);
    expect(booking.scheduledEventUri).toBe(invitee?.event);
    expect(invitee).toMatchObject({ email: 'lea@example.com', name: 'Lea Lead', timezone: 'Europe/Berlin' });
  });

  it('is idempotent when the first attempt committed but never answered', async () => {
    sandbox.setKnobs({ hangAfterCommitNext: 1 });
    const start = slotAt(2);
    const request = { lead: lead(), startTime: start, title: 'Intro call' };
    const first = await rejection(adapter(300).bookSlot(ctx(), request));
    expect(first.kind).toBe('timeout');
    const retry = await adapter(300).bookSlot(ctx(), request);
    expect(retry.alreadyExisted).toBe(true);
    expect(sandbox.invitees()).toHaveLength(1);
    expect(retry.bookingId).toBe(sandbox.invitees()[0]?.uri);
    expect(apiCalls('/invitees')).toHaveLength(1);
  });

  it('refuses a lead without email before any HTTP call', async () => {
    sandbox.clearRequests();
    const err = await rejection(
      adapter().bookSlot(ctx(), { lead: lead({ email: null }), startTime: slotAt(2), title: 'x' }),
    );
    expect(err.kind).toBe('invalid_request');
    expect(err.message).toBe('lead has no email address');
    expect(sandbox.requests()).toHaveLength(0);
  });

  it('reports slot_unavailable when someone else took the time', async () => {
    const start = slotAt(2);
    await sandbox.bookAsLead({
      eventTypeUri,
      startTime: start,
      email: 'first@example.com',
      name: 'First',
      timezone: 'UTC',
    });
    const err = await rejection(adapter().bookSlot(ctx(), { lead: lead(), startTime: start, title: 'x' }));
    expect(err.kind).toBe('slot_unavailable');
  });

  it('cancels, and cancelling again (or after the lead canceled) is fine', async () => {
    const a = adapter();
    const booking = await a.bookSlot(ctx(), { lead: lead(), startTime: slotAt(2), title: 'x' });
    await a.cancelBooking(ctx(), booking.bookingId, 'no longer needed');
    expect(sandbox.scheduledEvents()[0]?.status).toBe('canceled');
    await a.cancelBooking(ctx(), booking.bookingId, 'again');

    const other = await a.bookSlot(ctx(), { lead: lead(), startTime: slotAt(3), title: 'x' });
    await sandbox.cancelInvitee(other.bookingId, 'lead canceled');
    await a.cancelBooking(ctx(), other.bookingId, 'workflow cleanup');
  });

  it('names the missing connection', async () => {
    const err = await rejection(
      adapter().bookSlot(
        { ...ctx(), credentials: undefined },
        { lead: lead(), startTime: slotAt(2), title: 'x' },
      ),
    );
    expect(err.kind).toBe('invalid_request');
  });
});
