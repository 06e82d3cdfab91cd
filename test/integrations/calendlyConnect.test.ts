import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCalendly } from '../../src/providers/calendly/connect';
import { type CalendlySandbox, type SeedResult, startCalendlySandbox } from '../../src/sandboxes/calendly';
import { ADMIN_API_TOKEN, API_TOKEN, type Harness, startHarness } from '../support/harness';

/** PUT / GET / DELETE /api/workspaces/:clientId/integrations/calendly over HTTP, real PostgreSQL. */
const PUBLIC_BASE_URL = 'https://bookings.example.com';
const EVENTS = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted'];

let sandbox: CalendlySandbox;
let h: Harness;

beforeAll(async () => {
  sandbox = await startCalendlySandbox({ port: 0, seed: false });
  h = await startHarness({ CALENDLY_API_BASE_URL: sandbox.url, PUBLIC_BASE_URL }, { worker: false });
});
afterAll(async () => {
  await h?.close();
  await sandbox?.close();
});

const path = (clientId: string) => `/api/workspaces/${clientId}/integrations/calendly`;
const admin = { Authorization: `Bearer ${ADMIN_API_TOKEN}` };
const put = (clientId: string, body: unknown) =>
  request(h.apiUrl)
    .put(path(clientId))
    .set(admin)
    .send(body as object);
const get = (clientId: string) => request(h.apiUrl).get(path(clientId)).set(admin);
const del = (clientId: string) => request(h.apiUrl).delete(path(clientId)).set(admin);
const callbackUrl = (clientId: string) => `${PUBLIC_BASE_URL}/api/webhooks/calendly/${clientId}`;
const connectionRows = (clientId: string) =>
  h.services.db.calendlyConnection.findMany({ where: { clientId } });
const subscriptionsTo = (clientId: string) =>
  sandbox.webhookSubscriptions().filter((s) => s.callback_url === callbackUrl(clientId));

/** One Calendly account (its own organization) with the given event types. */
function calendlyAccount(
  eventTypes: Array<{ name: string; duration?: number; active?: boolean }>,
): SeedResult {
  return sandbox.seed({ eventTypes });
}

describe('connecting a workspace to Calendly', () => {
  it('validates the token, subscribes the webhook and stores only ciphertext', async () => {
    const { clientId } = await h.seedWorkspace();
    const account = calendlyAccount([{ name: 'Intro call', duration: 30 }]);

    const res = await put(clientId, { personalAccessToken: account.token });
    expect(res.status).toBe(200);
    const subscription = subscriptionsTo(clientId);
    expect(subscription).toHaveLength(1);
    expect(res.body).toEqual({
      connected: true,
      organizationUri: account.organizationUri,
      userUri: account.userUri,
      eventType: { uri: account.eventTypeUris[0], name: 'Intro call', duration: 30 },
      webhookSubscriptionUri: subscription[0]?.uri,
      webhookCallbackUrl: callbackUrl(clientId),
    });
    expect(subscription[0]).toMatchObject({
      scope: 'organization',
      organization: account.organizationUri,
      state: 'active',
    });
    expect([...(subscription[0]?.events ?? [])].sort()).toEqual([...EVENTS].sort());

    const rows = await connectionRows(clientId);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    if (!row) throw new Error('no connection row');
    expect(JSON.stringify(row)).not.toContain(account.token);
    expect(row.accessTokenEnc.startsWith('v1.')).toBe(true);
    expect(h.services.apiDeps.secrets.decrypt(row.accessTokenEnc)).toBe(account.token);
    const signingKey = h.services.apiDeps.secrets.decrypt(row.signingKeyEnc ?? '');
    expect(signingKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(row)).not.toContain(signingKey);
    expect(row).toMatchObject({
      userUri: account.userUri,
      organizationUri: account.organizationUri,
      eventTypeUri: account.eventTypeUris[0],
      webhookSubscriptionUri: subscription[0]?.uri,
    });
    // The event type's public page is kept as the workspace's display link.
    expect(row.eventTypeSchedulingUrl).toMatch(/^https:\/\/calendly\.com\/[^/]+\/intro-call$/);
    expect(res.text).not.toContain(account.token);
    expect(res.text).not.toContain(signingKey);
  });

  it('answers 422 with Calendly’s reason for a rejected token and stores nothing', async () => {
    const { clientId } = await h.seedWorkspace();
    const badToken = 'not-a-calendly-token-1234567890';
    const res = await put(clientId, { personalAccessToken: badToken });
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({
      code: 'unprocessable',
      message: 'Calendly rejected the personal access token: The access token is invalid',
    });
    expect(res.text).not.toContain(badToken);
    expect(await connectionRows(clientId)).toHaveLength(0);
    expect(subscriptionsTo(clientId)).toHaveLength(0);
  });

  it('answers 503 when Calendly is down, storing nothing', async () => {
    const { clientId } = await h.seedWorkspace();
    const account = calendlyAccount([{ name: 'Intro call' }]);
    sandbox.setKnobs({ failNext: { status: 500, count: 1, path: '/users/me' } });
    const res = await put(clientId, { personalAccessToken: account.token });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    expect(res.text).not.toContain(account.token);
    expect(await connectionRows(clientId)).toHaveLength(0);
  });

  it('asks the caller to choose when several event types are active', async () => {
    const { clientId } = await h.seedWorkspace();
    const account = calendlyAccount([
      { name: 'Discovery', duration: 45 },
      { name: 'Archived', duration: 15, active: false },
      { name: 'Quick chat', duration: 15 },
    ]);
    const [discovery, archived, quick] = account.eventTypeUris;
    const choices = [
      { uri: discovery, name: 'Discovery', duration: 45 },
      { uri: quick, name: 'Quick chat', duration: 15 },
    ];

    const several = await put(clientId, { personalAccessToken: account.token });
    expect(several.status).toBe(422);
    expect(several.body.error.code).toBe('unprocessable');
    expect(several.body.error.message).toMatch(/2 active event types.*eventTypeUri/);
    expect(several.body.error.details).toEqual(choices);

    const unknown = await put(clientId, {
      personalAccessToken: account.token,
      eventTypeUri: 'https://api.calendly.com/event_types/NOPE',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toMatch(/not an event type of this Calendly organization/);
    expect(unknown.body.error.details).toEqual(choices);

    const inactive = await put(clientId, { personalAccessToken: account.token, eventTypeUri: archived });
    expect(inactive.status).toBe(422);
    expect(inactive.body.error.message).toMatch(/not active/);
    expect(inactive.body.error.details).toEqual(choices);

    // Another organization's event type is not a valid choice either.
    const other = calendlyAccount([{ name: 'Elsewhere' }]);
    const foreign = await put(clientId, {
      personalAccessToken: account.token,
      eventTypeUri: other.eventTypeUris[0],
    });
    expect(foreign.status).toBe(422);

    for (const res of [several, unknown, inactive, foreign]) expect(res.text).not.toContain(account.token);
    expect(await connectionRows(clientId)).toHaveLength(0);
    expect(subscriptionsTo(clientId)).toHaveLength(0);

    const chosen = await put(clientId, { personalAccessToken: account.token, eventTypeUri: quick });
    expect(chosen.status).toBe(200);
    expect(chosen.body.eventType).toEqual({ uri: quick, name: 'Quick chat', duration: 15 });
  });

  it('answers 422 when the organization has no active event type', async () => {
    const { clientId } = await h.seedWorkspace();
    const account = calendlyAccount([{ name: 'Old', active: false }]);
    const res = await put(clientId, { personalAccessToken: account.token });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/no active event type/);
    expect(await connectionRows(clientId)).toHaveLength(0);
  });

  it('replaces a subscription that already exists for our callback URL (409 at Calendly)', async () => {
    const { clientId } = await h.seedWorkspace();
    const account = calendlyAccount([{ name: 'Intro call' }]);
    const existing = await request(sandbox.url)
      .post('/webhook_subscriptions')
      .set('Authorization', `Bearer ${account.token}`)
      .send({
        url: callbackUrl(clientId),
        events: ['invitee.created'],
        organization: account.organizationUri,
        scope: 'organization',
        signing_key: 'a-key-nobody-remembers',
      });
    expect(existing.status).toBe(201);

    const res = await put(clientId, { personalAccessToken: account.token });
    expect(res.status).toBe(200);
    const subs = subscriptionsTo(clientId);
    expect(subs).toHaveLength(1);
    expect(subs[0]?.uri).not.toBe(existing.body.resource.uri);
    expect(subs[0]?.uri).toBe(res.body.webhookSubscriptionUri);
    expect([...(subs[0]?.events ?? [])].sort()).toEqual([...EVENTS].sort());

    // Reconnecting (a new token of the same account) replaces the row and the subscription again.
    const row1 = (await connectionRows(clientId))[0];
    const again = await put(clientId, { personalAccessToken: account.token });
    expect(again.status).toBe(200);
    expect(subscriptionsTo(clientId)).toHaveLength(1);
    const rows = await connectionRows(clientId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.webhookSubscriptionUri).toBe(again.body.webhookSubscriptionUri);
    expect(rows[0]?.signingKeyEnc).not.toBe(row1?.signingKeyEnc);
  });

  it('reconnecting to another Calendly account removes the old account’s subscription', async () => {
    const { clientId } = await h.seedWorkspace();
    const first = calendlyAccount([{ name: 'First' }]);
    const second = calendlyAccount([{ name: 'Second' }]);
    expect((await put(clientId, { personalAccessToken: first.token })).status).toBe(200);
    const res = await put(clientId, { personalAccessToken: second.token });
    expect(res.status).toBe(200);
    const subs = subscriptionsTo(clientId);
    expect(subs).toHaveLength(1);
    expect(subs[0]?.organization).toBe(second.organizationUri);
    expect((await connectionRows(clientId))[0]?.organizationUri).toBe(second.organizationUri);
  });

  it('shows the connection without secrets', async () => {
    const { clientId } = await h.seedWorkspace();
    expect((await get(clientId)).body).toEqual({ connected: false });

    const account = calendlyAccount([{ name: 'Intro call', duration: 20 }]);
    const put1 = await put(clientId, { personalAccessToken: account.token });
    expect(put1.status).toBe(200);
    const row = (await connectionRows(clientId))[0];
    const signingKey = h.services.apiDeps.secrets.decrypt(row?.signingKeyEnc ?? '');

    const res = await get(clientId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(put1.body);
    for (const body of [put1.text, res.text]) {
      expect(body).not.toContain(account.token);
      expect(body).not.toContain(signingKey);
      expect(body).not.toContain(row?.accessTokenEnc);
      expect(body).not.toContain(row?.signingKeyEnc);
    }
  });

  it('disconnects: removes the subscription and the row, and puts booking back on GHL', async () => {
    const { clientId } = await h.seedWorkspace();
    const account = calendlyAccount([{ name: 'Intro call' }]);
    expect((await put(clientId, { personalAccessToken: account.token })).status).toBe(200);
    await h.services.db.workspaceSettings.update({
      where: { clientId },
      data: { meetingBookingProvider: 'calendly' },
    });

    const res = await del(clientId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connected: false, providerResetTo: 'ghl' });
    expect(subscriptionsTo(clientId)).toHaveLength(0);
    expect(await connectionRows(clientId)).toHaveLength(0);
    const settings = await h.services.db.workspaceSettings.findUnique({ where: { clientId } });
    expect(settings?.meetingBookingProvider).toBe('ghl');
    expect((await get(clientId)).body).toEqual({ connected: false });

    // Again: nothing left to remove, nothing to reset.
    const again = await del(clientId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ connected: false });
  });

  it('disconnects when the subscription is already gone at Calendly', async () => {
    const { clientId } = await h.seedWorkspace();
    const account = calendlyAccount([{ name: 'Intro call' }]);
    const connected = await put(clientId, { personalAccessToken: account.token });
    expect(connected.status).toBe(200);
    const uuid = String(connected.body.webhookSubscriptionUri).split('/').pop();
    const gone = await request(sandbox.url)
      .delete(`/webhook_subscriptions/${uuid}`)
      .set('Authorization', `Bearer ${account.token}`);
    expect(gone.status).toBe(204);

    const res = await del(clientId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connected: false });
    expect(await connectionRows(clientId)).toHaveLength(0);
  });

  it('refuses missing and wrong admin tokens, unknown workspaces and invalid bodies', async () => {
    const { clientId } = await h.seedWorkspace();
    const account = calendlyAccount([{ name: 'Intro call' }]);
    const body = { personalAccessToken: account.token };
    const url = path(clientId);

    for (const req of [
      request(h.apiUrl).put(url).send(body),
      request(h.apiUrl).put(url).set('Authorization', 'Bearer wrong-token-0123456789').send(body),
      request(h.apiUrl).put(url).set('Authorization', `Bearer ${API_TOKEN}`).send(body),
      request(h.apiUrl).get(url),
      request(h.apiUrl).delete(url).set('Authorization', 'Bearer nope'),
    ]) {
      const res = await req;
      expect(res.status).toBe(401);
    }

    const unknown = 'no-such-workspace';
    expect((await put(unknown, body)).status).toBe(404);
    expect((await get(unknown)).status).toBe(404);
    expect((await del(unknown)).status).toBe(404);

    for (const bad of [
      {},
      { personalAccessToken: '' },
      { personalAccessToken: 12345 },
      { personalAccessToken: `${account.token} extra` },
      { personalAccessToken: account.token, eventTypeUri: 'not a uri' },
      { personalAccessToken: account.token, extra: true },
    ]) {
      const res = await put(clientId, bad);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.text).not.toContain(account.token);
    }
    expect(await connectionRows(clientId)).toHaveLength(0);
    expect(subscriptionsTo(clientId)).toHaveLength(0);
  });

  it('refuses to connect while PUBLIC_BASE_URL is unset', async () => {
    const { clientId } = await h.seedWorkspace();
    const account = calendlyAccount([{ name: 'Intro call' }]);
    const deps = {
      db: h.services.db,
      secrets: h.services.apiDeps.secrets,
      config: { ...h.config, PUBLIC_BASE_URL: undefined },
    };
    await expect(
      connectCalendly(deps, clientId, { personalAccessToken: account.token }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('PUBLIC_BASE_URL'),
    });
    expect(await connectionRows(clientId)).toHaveLength(0);
    expect(
      sandbox.webhookSubscriptions().filter((s) => s.organization === account.organizationUri),
    ).toHaveLength(0);
  });
});
