import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from '../../src/errors';
import { createGhlAdapter, createGhlMessenger, GhlClient } from '../../src/providers/ghl';
import type { GhlCredentials } from '../../src/providers/ghl/credentials';
import type { WorkspaceProviderContext } from '../../src/providers/types';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandboxes/ghl';
import { GhlOpenApi } from '../support/openapi';

// Monday 2030-01-07, 08:00 in New York: the calendar opens at 09:00 (14:00Z), 30-minute slots until 17:00.
const NOW = Date.parse('2030-01-07T13:00:00Z');
const HOUR = 3_600_000;
const LOCATION = 'loc_client';
const TOKEN = 'tok_client_secret';
const CALENDAR = 'cal_sales';
const VERSION = '2021-04-15';

let sandbox: GhlSandbox;

beforeAll(async () => {
  sandbox = await startGhlSandbox({ port: 0, now: () => NOW, logger: { info() {}, warn() {} } });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset();
  sandbox.seedLocation({
    locationId: LOCATION,
    token: TOKEN,
    calendars: [{ id: CALENDAR, timezone: 'America/New_York', slotMinutes: 30 }],
    contacts: [
      { id: 'ct_ada', name: 'Ada', email: 'ada@example.test', phone: '+15550001' },
      { id: 'ct_bob', name: 'Bob', email: 'bob@example.test', phone: '+15550002' },
    ],
  });
  sandbox.seedLocation({ locationId: 'loc_other', token: 'tok_other', calendars: [{ id: 'cal_other' }] });
});

const client = (overrides: Partial<ConstructorParameters<typeof GhlClient>[0]> = {}) =>
  new GhlClient({ baseUrl: sandbox.url, token: TOKEN, apiVersion: VERSION, timeoutMs: 2_000, ...overrides });

const workspace: WorkspaceProviderContext<GhlCredentials> = {
  clientId: 'client_1',
  timezone: 'America/New_York',
  meetingDurationMinutes: 30,
  credentials: { locationId: LOCATION, accessToken: TOKEN, calendarId: CALENDAR },
};
const lead = {
  id: 'lead_1',
  name: 'Ada',
  email: 'ada@example.test',
  phone: '+15550001',
  timezone: 'America/New_York',
  ghlContactId: 'ct_ada',
};
const adapter = (timeoutMs = 2_000) =>
  createGhlAdapter({
    GHL_API_BASE_URL: sandbox.url,
    GHL_API_VERSION: VERSION,
    GHL_SANDBOX_PORT: 4010,
    PROVIDER_TIMEOUT_MS: timeoutMs,
  });

const window = { from: new Date(NOW), to: new Date(NOW + 24 * HOUR) };
const booking = (startTime: string, contactId = 'ct_ada') => ({
  calendarId: CALENDAR,
  locationId: LOCATION,
  contactId,
  startTime,
  endTime: new Date(Date.parse(startTime) + 30 * 60_000).toISOString(),
  title: 'Intro call',
});

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(err)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

describe('GhlClient against the sandbox', () => {
  it('lists free slots as ascending ISO UTC strings within the window', async () => {
    const slots = await client().getFreeSlots(CALENDAR, { ...window, timezone: 'America/New_York' });
    expect(slots).toHaveLength(16);
    expect(slots[0]).toBe('2030-01-07T14:00:00.000Z');
    expect(slots.at(-1)).toBe('2030-01-07T21:30:00.000Z');
    expect([...slots].sort()).toEqual(slots);
  });

  it('fetches windows longer than GHL’s 31-day limit in chunks', async () => {
    const slots = await client().getFreeSlots(CALENDAR, {
      from: new Date(NOW),
      to: new Date(NOW + 40 * 24 * HOUR),
    });
    // Mon 2030-01-07 to Fri 2030-02-15: 6 working weeks of 16 slots a day.
    expect(new Set(slots.map((s) => s.slice(0, 10))).size).toBe(30);
    expect(slots).toHaveLength(30 * 16);
  });

  it('maps a bad token to unauthorized', async () => {
    const err = await providerError(client({ token: 'nope' }).getFreeSlots(CALENDAR, window));
    expect(err.kind).toBe('unauthorized');
    expect(err.httpStatus).toBe(401);
    expect(err.message).not.toContain('nope');
  });

  it('refuses a token of another location with unauthorized', async () => {
    const err = await providerError(client({ token: 'tok_other' }).getFreeSlots(CALENDAR, window));
    expect(err.kind).toBe('unauthorized');
  });

  it('removes a booked slot from the free slots, and a delete gives it back', async () => {
    const before = await client().getFreeSlots(CALENDAR, window);
    const created = await client().createAppointment(booking('2030-01-07T15:00:00.000Z'));
    const after = await client().getFreeSlots(CALENDAR, window);
    expect(after).toHaveLength(before.length - 1);
    expect(after).not.toContain('2030-01-07T15:00:00.000Z');

    await client().deleteAppointment(created.id);
    expect(await client().getFreeSlots(CALENDAR, window)).toEqual(before);
  });

  it('maps a double booking to slot_unavailable', async () => {
    await client().createAppointment(booking('2030-01-07T15:00:00.000Z', 'ct_bob'));
    const err = await providerError(client().createAppointment(booking('2030-01-07T15:00:00.000Z')));
    expect(err.kind).toBe('slot_unavailable');
    expect(err.retryable).toBe(false);
    expect(sandbox.appointments(LOCATION)).toHaveLength(1);
  });

  it('maps 429 with Retry-After to rate_limited with retryAfterMs', async () => {
    sandbox.setKnobs({ failNext: { status: 429, count: 1, retryAfterSeconds: 7 } });
    const err = await providerError(client().getFreeSlots(CALENDAR, window));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(7_000);
    expect(err.retryable).toBe(true);
    await expect(client().getFreeSlots(CALENDAR, window)).resolves.toHaveLength(16);
  });

  it('maps 500 and 503 to unavailable', async () => {
    sandbox.setKnobs({ failNext: { status: 503, count: 1 } });
    expect((await providerError(client().getFreeSlots(CALENDAR, window))).kind).toBe('unavailable');
    sandbox.setKnobs({ failNext: { status: 500, count: 1 } });
    expect((await providerError(client().getFreeSlots(CALENDAR, window))).kind).toBe('unavailable');
  });

  it('maps a request the sandbox never answers to timeout', async () => {
    sandbox.setKnobs({ hangNext: 1 });
    const started = Date.now();
    const err = await providerError(client({ timeoutMs: 150 }).getFreeSlots(CALENDAR, window));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reads, moves and cancels an appointment', async () => {
    const created = await client().createAppointment(booking('2030-01-07T15:00:00.000Z'));
    const read = await client().getAppointment(created.id);
    expect(read).toMatchObject({ id: created.id, contactId: 'ct_ada', appointmentStatus: 'confirmed' });
    expect(Date.parse(String(read.startTime))).toBe(Date.parse('2030-01-07T15:00:00Z'));

    const moved = await client().updateAppointment(created.id, { startTime: '2030-01-07T16:00:00.000Z' });
    expect(Date.parse(String(moved.endTime))).toBe(Date.parse('2030-01-07T16:30:00Z'));
    const free = await client().getFreeSlots(CALENDAR, window);
    expect(free).toContain('2030-01-07T15:00:00.000Z');
    expect(free).not.toContain('2030-01-07T16:00:00.000Z');

    await client().updateAppointment(created.id, { appointmentStatus: 'cancelled' });
    expect(await client().getFreeSlots(CALENDAR, window)).toContain('2030-01-07T16:00:00.000Z');
  });

  it('maps an unknown appointment to not_found', async () => {
    expect((await providerError(client().getAppointment('missing'))).kind).toBe('not_found');
    expect((await providerError(client().deleteAppointment('missing'))).kind).toBe('not_found');
  });

  it('finds only the contact’s live appointment at that exact start', async () => {
    const find = (contactId: string, startTime: string) =>
      client().findContactAppointmentAt({ locationId: LOCATION, calendarId: CALENDAR, contactId, startTime });
    const ada = await client().createAppointment(booking('2030-01-07T15:00:00.000Z'));
    await client().createAppointment(booking('2030-01-07T15:30:00.000Z', 'ct_bob'));

    expect((await find('ct_ada', '2030-01-07T15:00:00.000Z'))?.id).toBe(ada.id);
    expect(await find('ct_ada', '2030-01-07T15:30:00.000Z')).toBeNull();
    expect(await find('ct_bob', '2030-01-07T15:00:00.000Z')).toBeNull();

    await client().updateAppointment(ada.id, { appointmentStatus: 'cancelled' });
    expect(await find('ct_ada', '2030-01-07T15:00:00.000Z')).toBeNull();
  });

  it('sends SMS and e-mail messages through conversations', async () => {
    const sms = await client().sendMessage({ type: 'SMS', contactId: 'ct_ada', message: 'See you at 10' });
    const mail = await client().sendMessage({
      type: 'Email',
      contactId: 'ct_ada',
      message: 'See you',
      subject: 'Reminder',
    });
    expect(sms.messageId).toBeTruthy();
    expect(mail.conversationId).toBe(sms.conversationId);
    expect(sandbox.messages(LOCATION).map((m) => [m.type, m.message])).toEqual([
      ['SMS', 'See you at 10'],
      ['Email', 'See you'],
    ]);
    const err = await providerError(
      client().sendMessage({ type: 'SMS', contactId: 'ct_nobody', message: 'x' }),
    );
    expect(err.kind).toBe('invalid_request');
  });
});

describe('GHL booking adapter', () => {
  const request = { lead, startTime: '2030-01-07T15:00:00.000Z', title: 'Intro call' };

  it('lists slots and books one', async () => {
    const slots = await adapter().listAvailableSlots(workspace, window);
    expect(slots).toContain('2030-01-07T15:00:00.000Z');
    const booked = await adapter().bookSlot(workspace, request);
    expect(booked).toMatchObject({
      provider: 'ghl',
      startTime: '2030-01-07T15:00:00.000Z',
      endTime: '2030-01-07T15:30:00.000Z',
      alreadyExisted: false,
    });
    expect(sandbox.appointments(LOCATION)).toEqual([
      expect.objectContaining({ id: booked.bookingId, contactId: 'ct_ada', title: 'Intro call' }),
    ]);
  });

  it('is idempotent after a create that committed but never answered', async () => {
    sandbox.setKnobs({ hangAfterCommitNext: 1 });
    const first = await providerError(adapter(200).bookSlot(workspace, request));
    expect(first.kind).toBe('timeout');
    expect(sandbox.appointments(LOCATION)).toHaveLength(1);

    const retry = await adapter(200).bookSlot(workspace, request);
    expect(retry.alreadyExisted).toBe(true);
    expect(retry.bookingId).toBe(sandbox.appointments(LOCATION)[0]?.id);
    expect(retry.endTime).toBe('2030-01-07T15:30:00.000Z');
    expect(sandbox.appointments(LOCATION)).toHaveLength(1);
  });

  it('reports a slot taken by someone else as slot_unavailable', async () => {
    await adapter().bookSlot(workspace, {
      ...request,
      lead: { ...lead, id: 'lead_2', ghlContactId: 'ct_bob' },
    });
    const err = await providerError(adapter().bookSlot(workspace, request));
    expect(err.kind).toBe('slot_unavailable');
  });

  it('needs a GHL connection and a contact id', async () => {
    const noGhl = await providerError(adapter().bookSlot({ ...workspace, credentials: undefined }, request));
    expect(noGhl.kind).toBe('invalid_request');
    expect(noGhl.message).toMatch(/GoHighLevel connection/);
    const noContact = await providerError(
      adapter().bookSlot(workspace, { ...request, lead: { ...lead, ghlContactId: null } }),
    );
    expect(noContact.kind).toBe('invalid_request');
    expect(noContact.message).toMatch(/contact id/);
    expect(sandbox.appointments()).toHaveLength(0);
  });

  it('cancels, and cancelling again is not an error', async () => {
    const booked = await adapter().bookSlot(workspace, request);
    await adapter().cancelBooking(workspace, booked.bookingId, 'lead asked');
    await adapter().cancelBooking(workspace, booked.bookingId, 'lead asked');
    expect(sandbox.appointments(LOCATION)).toHaveLength(0);
    expect(await adapter().listAvailableSlots(workspace, window)).toContain(request.startTime);
  });

  it('sends reminders through the messenger', async () => {
    const sent = await createGhlMessenger({
      GHL_API_BASE_URL: sandbox.url,
      GHL_API_VERSION: VERSION,
      GHL_SANDBOX_PORT: 4010,
      PROVIDER_TIMEOUT_MS: 2_000,
    }).sendMessage(workspace.credentials as GhlCredentials, {
      type: 'SMS',
      contactId: 'ct_ada',
      message: 'Reminder',
    });
    expect(sandbox.messages(LOCATION)).toEqual([expect.objectContaining({ messageId: sent.messageId })]);
  });
});

describe('traffic conforms to the official GHL OpenAPI documents', () => {
  const spec = new GhlOpenApi();

  it('rejects off-contract traffic (the checker is not vacuous)', () => {
    const noContact = spec.validateRequest({
      method: 'POST',
      path: '/calendars/events/appointments',
      headers: { Version: VERSION },
      body: { calendarId: 'c', locationId: 'l', startTime: 'x' },
    });
    expect(noContact.ok).toBe(false);
    expect(noContact.errors.join()).toMatch(/contactId/);
    expect(
      spec.validateRequest({ method: 'GET', path: '/calendars/c/free-slots', query: { startDate: '1' } })
        .errors,
    ).toHaveLength(2); // endDate and Version missing
    const badSlots = spec.validateResponse({ method: 'GET', path: '/calendars/c/free-slots' }, 200, {
      '2030-01-07': { slot: [] },
    });
    expect(badSlots.ok).toBe(false);
    expect(spec.validateResponse({ method: 'DELETE', path: '/calendars/events/e1' }, 200, {}).ok).toBe(false);
    const eventWithoutUsers = spec.validateResponse({ method: 'GET', path: '/calendars/events' }, 200, {
      events: [{ id: 'e', title: 't', calendarId: 'c', locationId: 'l', contactId: 'ct', startTime: 'x' }],
    });
    expect(eventWithoutUsers.errors.join()).toMatch(/users/);
  });

  it('every operation the client uses: requests and sandbox answers match the spec', async () => {
    const c = client();
    await c.getFreeSlots(CALENDAR, { ...window, timezone: 'America/New_York' });
    const created = await c.createAppointment(booking('2030-01-07T15:00:00.000Z'));
    await c.findContactAppointmentAt({
      locationId: LOCATION,
      calendarId: CALENDAR,
      contactId: 'ct_ada',
      startTime: '2030-01-07T15:00:00.000Z',
    });
    await c.getAppointment(created.id);
    await c.updateAppointment(created.id, { startTime: '2030-01-07T16:00:00.000Z', title: 'Moved' });
    await c.sendMessage({ type: 'SMS', contactId: 'ct_ada', message: 'Hi' });
    await c.sendMessage({ type: 'Email', contactId: 'ct_ada', message: 'Hi', subject: 'Hello' });
    await c.deleteAppointment(created.id);
    // Documented error answers too.
    await c.createAppointment(booking('2030-01-07T16:00:00.000Z')).catch(() => undefined);
    await c.createAppointment(booking('2030-01-07T16:00:00.000Z')).catch(() => undefined); // 400 slot taken
    await client({ token: 'bad' })
      .getFreeSlots(CALENDAR, window)
      .catch(() => undefined); // 401

    const traffic = sandbox.traffic();
    const seen = new Set(traffic.map((t) => `${t.method} ${spec.operation(t.method, t.path)?.template}`));
    expect(seen).toEqual(
      new Set([
        'GET /calendars/{calendarId}/free-slots',
        'POST /calendars/events/appointments',
        'GET /calendars/events',
        'GET /calendars/events/appointments/{eventId}',
        'PUT /calendars/events/appointments/{eventId}',
        'POST /conversations/messages',
        'DELETE /calendars/events/{eventId}',
      ]),
    );
    expect(new Set(traffic.map((t) => t.status))).toEqual(new Set([200, 201, 400, 401]));

    const problems = traffic.flatMap((t) => [
      ...spec.validateRequest({
        method: t.method,
        path: t.path,
        query: t.query,
        headers: { Version: t.headers.version },
        body: t.requestBody,
      }).errors,
      ...spec.validateResponse(t, t.status, t.responseBody).errors,
    ]);
    expect(problems).toEqual([]);
  });
});
