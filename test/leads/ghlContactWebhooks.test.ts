import { randomUUID, sign } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceWebhookTargets } from '../../src/main/ghlWebhookTargets';
import { GHL_SIGNATURE_HEADER } from '../../src/providers/ghl';
import { generateSigningKeyPair } from '../../src/sandboxes/ghl';
import { api } from '../support/api';
import { API_TOKEN, type Harness, type SeededWorkspace, startHarness } from '../support/harness';
import { GhlOpenApi } from '../support/openapi';

// GHL's contact webhooks put leads in the same way PUT .../leads/:externalId does (externalId = contact
// id), through the one signed, deduplicated GHL webhook route; a message from a contact we have no lead
// for makes the lead from GHL's contacts API; and the GHL sandbox sends every location's webhooks to the
// workspace holding it.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Sends through the sandbox, then waits for the delivery the API runs after its 2xx answer. */
async function sendWebhook(...args: Parameters<Harness['ghl']['sendWebhook']>): Promise<number> {
  const status = await h.ghl.sendWebhook(...args);
  await h.services.apiDeps.webhookDeliveries.idle();
  return status;
}
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const leadOf = (clientId: string, externalId: string) =>
  h.services.db.lead.findUnique({ where: { clientId_ghlContactId: { clientId, ghlContactId: externalId } } });
const logRows = (clientId: string, eventKey: string) =>
  h.services.db.webhookEventLog.findMany({ where: { provider: 'ghl', clientId, eventKey } });

/** Re-seeds the workspace's GHL location with extra contacts (the seeded lead's contact kept). */
function addContacts(
  ws: SeededWorkspace,
  contacts: Array<{ id: string; name?: string; email?: string; phone?: string; timezone?: string }>,
) {
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
    contacts: [{ id: ws.contactId, name: 'Lee Lead', phone: '+15550100' }, ...contacts],
  });
}

describe('GHL ContactCreate / ContactUpdate webhooks', () => {
  it('create the lead, ignore a redelivery, update it, and leave unusable fields out', async () => {
    const ws = await h.seedWorkspace();
    const contactId = unique('ct-new');
    const createId = unique('wh-create');
    const create = {
      type: 'ContactCreate',
      webhookId: createId,
      id: contactId,
      firstName: 'Cora',
      lastName: 'Contact',
      email: 'Cora@Example.com',
      phone: '+1 555 0123',
      timezone: 'Europe/Berlin',
      dateAdded: new Date().toISOString(),
    };
    expect(await sendWebhook(ws.locationId, create)).toBe(200);
    const created = await leadOf(ws.clientId, contactId);
    expect(created).toMatchObject({
      name: 'Cora Contact',
      email: 'cora@example.com',
      phone: '+1 555 0123',
      timezone: 'Europe/Berlin',
    });
    expect(await logRows(ws.clientId, createId)).toMatchObject([
      { status: 'delivered', leadId: created?.id, lastError: 'lead created from contact' },
    ]);

    // GHL redelivers the same webhookId (new timestamp, other bytes): stored once, the lead untouched.
    const leadsBefore = await h.services.db.lead.count({ where: { clientId: ws.clientId } });
    expect(await sendWebhook(ws.locationId, { ...create, firstName: 'Changed' })).toBe(200);
    expect(await leadOf(ws.clientId, contactId)).toEqual(created);
    expect(await logRows(ws.clientId, createId)).toHaveLength(1);
    expect(await h.services.db.lead.count({ where: { clientId: ws.clientId } })).toBe(leadsBefore);

    const updateId = unique('wh-update');
    expect(
      await sendWebhook(ws.locationId, {
        type: 'ContactUpdate',
        webhookId: updateId,
        id: contactId,
        name: 'Cora B. Contact',
        email: 'cora.b@example.com',
      }),
    ).toBe(200);
    const updated = await leadOf(ws.clientId, contactId);
    expect(updated).toMatchObject({
      id: created?.id,
      name: 'Cora B. Contact',
      email: 'cora.b@example.com',
      // Fields the update does not carry are kept.
      phone: '+1 555 0123',
      timezone: 'Europe/Berlin',
    });
    expect(await logRows(ws.clientId, updateId)).toMatchObject([
      { status: 'delivered', leadId: created?.id },
    ]);

    // A field GHL accepted and our lead rules do not is left out (named in the log); the lead still comes in.
    const odd = unique('ct-odd');
    const oddHook = unique('wh-odd');
    const status = await sendWebhook(ws.locationId, {
      type: 'ContactCreate',
      webhookId: oddHook,
      id: odd,
      name: 'Otto Odd',
      email: 'not-an-email',
      timezone: 'Mars/Olympus',
    });
    expect(status).toBe(200);
    expect(await leadOf(ws.clientId, odd)).toMatchObject({ name: 'Otto Odd', email: null, timezone: null });
    expect((await logRows(ws.clientId, oddHook))[0]?.lastError).toMatch(/left out: email, timezone/);
  });

  it('writes nothing for a badly signed, malformed or foreign-location contact webhook', async () => {
    const ws = await h.seedWorkspace();
    const other = await h.seedWorkspace();
    const contactId = unique('ct-rejected');
    const webhookId = unique('wh-rejected');
    const event = {
      type: 'ContactCreate',
      locationId: ws.locationId,
      timestamp: new Date().toISOString(),
      webhookId,
      id: contactId,
      name: 'Rita Rejected',
    };
    const body = Buffer.from(JSON.stringify(event));
    const post = (raw: Buffer, signature: string, clientId = ws.clientId) =>
      request(h.apiUrl)
        .post(`/api/webhooks/ghl/${clientId}`)
        .set('Content-Type', 'application/json')
        .set(GHL_SIGNATURE_HEADER, signature)
        .send(raw);
    // Signed with a key that is not the sandbox's (GHL's).
    const stranger = generateSigningKeyPair();
    const forged = sign('sha256', body, stranger.privateKeyPem).toString('base64');
    expect((await post(body, forged)).status).toBe(401);
    expect((await post(body, 'not base64 at all!')).status).toBe(401);
    // Correctly signed by the sandbox but without the contact id: refused before storing.
    expect(await sendWebhook(ws.locationId, { type: 'ContactCreate', webhookId, name: 'No Id' })).toBe(400);
    // Correctly signed, for a location that is not this workspace's.
    h.ghl.setLocationWebhookTarget(other.locationId, `${h.apiUrl}/api/webhooks/ghl/${ws.clientId}`);
    try {
      expect(await sendWebhook(other.locationId, { type: 'ContactCreate', webhookId, id: contactId })).toBe(
        403,
      );
    } finally {
      h.ghl.setLocationWebhookTarget(other.locationId, undefined);
    }
    expect(await leadOf(ws.clientId, contactId)).toBeNull();
    expect(await logRows(ws.clientId, webhookId)).toEqual([]);
  });
});

describe('an inbound message from a contact with no lead yet', () => {
  it('makes the lead from GHL’s contact (webhook and API), then hands the message on', async () => {
    const ws = await h.seedWorkspace();
    const viaWebhook = unique('ct-webhook');
    const viaApi = unique('ct-api');
    addContacts(ws, [
      {
        id: viaWebhook,
        name: 'Wes Webhook',
        email: 'wes@example.com',
        phone: '+15550131',
        timezone: 'Asia/Tokyo',
      },
      { id: viaApi, name: 'Ada Api', email: 'ada@example.com', phone: '+15550132' },
    ]);
    h.ghl.clearTraffic();

    const webhookId = unique('wh-inbound');
    const status = await sendWebhook(ws.locationId, {
      type: 'InboundMessage',
      webhookId,
      contactId: viaWebhook,
      body: 'Hi, can we talk Tuesday?',
      messageType: 'SMS',
      direction: 'inbound',
      messageId: unique('msg'),
    });
    expect(status).toBe(200);
    const lead = await leadOf(ws.clientId, viaWebhook);
    expect(lead).toMatchObject({
      name: 'Wes Webhook',
      email: 'wes@example.com',
      phone: '+15550131',
      timezone: 'Asia/Tokyo',
    });
    // The message reached the new lead's workflow, which has no offer yet.
    expect(await logRows(ws.clientId, webhookId)).toMatchObject([
      { status: 'delivered', leadId: lead?.id, lastError: 'no_active_offer' },
    ]);

    const inbound = (ghlContactId: string) =>
      request(h.apiUrl)
        .post('/api/inbound-messages')
        .set('Authorization', `Bearer ${API_TOKEN}`)
        .send({
          clientId: ws.clientId,
          ghlContactId,
          messageId: unique('msg'),
          body: 'Is there a slot this week?',
          channel: 'sms',
          receivedAt: new Date().toISOString(),
        });
    const answered = await inbound(viaApi);
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ duplicate: false, result: 'no_active_offer' });
    const apiLead = await leadOf(ws.clientId, viaApi);
    expect(apiLead).toMatchObject({ id: answered.body.leadId, name: 'Ada Api', email: 'ada@example.com' });
    // A real lead: it can be offered slots.
    expect((await api(h).offer(ws.clientId, answered.body.leadId)).status).toBe(201);

    // A contact GHL does not know either: 404 as before, and no lead; the webhook is ignored, not retried.
    const ghost = unique('ct-ghost');
    expect((await inbound(ghost)).status).toBe(404);
    const ghostHook = unique('wh-ghost');
    expect(
      await sendWebhook(ws.locationId, {
        type: 'InboundMessage',
        webhookId: ghostHook,
        contactId: ghost,
        body: 'hello?',
        messageType: 'SMS',
      }),
    ).toBe(200);
    expect(await leadOf(ws.clientId, ghost)).toBeNull();
    expect(await logRows(ws.clientId, ghostHook)).toMatchObject([{ status: 'ignored' }]);

    // What went over the wire to GHL's contacts API matches the official contract.
    const spec = new GhlOpenApi();
    const contactCalls = h.ghl.traffic().filter((t) => t.path.startsWith('/contacts/'));
    expect(contactCalls.map((t) => [t.path, t.status])).toEqual([
      [`/contacts/${viaWebhook}`, 200],
      [`/contacts/${viaApi}`, 200],
      [`/contacts/${ghost}`, 400],
      [`/contacts/${ghost}`, 400],
    ]);
    const problems = contactCalls.flatMap((t) => [
      ...spec.validateRequest({
        method: t.method,
        path: t.path,
        query: t.query,
        headers: { Version: t.headers.version },
      }).errors,
      ...spec.validateResponse(t, t.status, t.responseBody).errors,
    ]);
    expect(problems).toEqual([]);
    // The checker is not vacuous: the calendars API's Version is refused by the contacts contract.
    expect(
      spec.validateRequest({ method: 'GET', path: `/contacts/${viaApi}`, headers: { Version: '2021-04-15' } })
        .ok,
    ).toBe(false);
  });
});

describe('GHL sandbox webhook targets per location', () => {
  it('sends every location’s webhooks to the workspace holding it (embedded lookup), or to its own target', async () => {
    // A workspace the harness does not route webhooks for: only the database knows its location.
    const suffix = randomUUID().slice(0, 8);
    const locationId = `loc-elsewhere-${suffix}`;
    const token = `tok-${suffix}`;
    h.ghl.seedLocation({ locationId, token, calendars: [], contacts: [] });
    const client = await h.services.db.client.create({
      data: {
        name: `Elsewhere ${suffix}`,
        ghlLocationId: locationId,
        ghlAccessTokenEnc: h.services.apiDeps.secrets.encrypt(token),
        settings: { create: { timezone: 'UTC' } },
      },
    });
    expect(await h.ghl.webhookTargetFor(locationId)).toBeUndefined();

    const targets = workspaceWebhookTargets();
    h.ghl.setWebhookTarget(targets.target);
    try {
      // Not attached yet (embedded start, before the database is up): no target.
      expect(await h.ghl.webhookTargetFor(locationId)).toBeUndefined();
      targets.attach(h.services.db, h.apiUrl);
      expect(await h.ghl.webhookTargetFor(locationId)).toBe(`${h.apiUrl}/api/webhooks/ghl/${client.id}`);
      expect(await h.ghl.webhookTargetFor('loc-nobody-holds')).toBeUndefined();
      const contactId = unique('ct-elsewhere');
      expect(await sendWebhook(locationId, { type: 'ContactCreate', id: contactId, name: 'Eli' })).toBe(200);
      expect(await leadOf(client.id, contactId)).toMatchObject({ name: 'Eli' });
    } finally {
      h.ghl.setWebhookTarget(h.ghlWebhookTarget);
    }

    // The control API sets one location's own target, which wins over the default, and removes it.
    const control = request(h.ghl.url);
    const path = `/_sandbox/locations/${locationId}/webhook-target`;
    const url = `${h.apiUrl}/api/webhooks/ghl/${client.id}`;
    expect((await control.put(path).send({ url })).body).toEqual({ locationId, url });
    expect((await control.get(path)).body).toEqual({ locationId, url });
    const viaControl = unique('ct-control');
    expect(await sendWebhook(locationId, { type: 'ContactCreate', id: viaControl, name: 'Cy' })).toBe(200);
    expect(await leadOf(client.id, viaControl)).toMatchObject({ name: 'Cy' });
    expect((await control.put(path).send({ url: 'ftp://nope' })).status).toBe(400);
    expect(
      (await control.put('/_sandbox/locations/no-such-location/webhook-target').send({ url })).status,
    ).toBe(404);
    expect((await control.delete(path)).status).toBe(204);
    expect((await control.get(path)).body).toEqual({ locationId, url: null });
  });
});
