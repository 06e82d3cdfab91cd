import { createSign } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, type Harness, type SeededWorkspace, startHarness } from '../support/harness';

let h: Harness;
let ws: SeededWorkspace;
beforeAll(async () => {
  h = await startHarness({ BODY_LIMIT: '2kb' });
  ws = await h.seedWorkspace();
  seeded.push(ws.clientId);
});
afterAll(async () => {
  await h?.close();
});

// Other test files share the database: count only this file's workspaces.
const mine = () => ({ clientId: { in: seeded } });
const seeded: string[] = [];
async function rowCounts() {
  const db = h.services.db;
  return {
    inbound: await db.inboundMessageLog.count({ where: mine() }),
    webhooks: await db.webhookEventLog.count({ where: mine() }),
    leads: await db.lead.count({ where: mine() }),
  };
}

async function workflowExists(): Promise<boolean> {
  try {
    await h.services.temporal.workflow.getHandle(ws.workflowId).describe();
    return true;
  } catch {
    return false;
  }
}

const validMessage = () => ({
  clientId: ws.clientId,
  leadId: ws.leadId,
  messageId: `m-${Math.random()}`,
  body: '1',
  channel: 'sms',
  receivedAt: new Date().toISOString(),
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  it.each([
    ['no token', undefined, 401, /missing bearer token/],
    ['wrong token', 'Bearer nope-nope-nope-nope', 401, /invalid bearer token/],
    ['wrong scheme', `Basic ${API_TOKEN}`, 401, /missing bearer token/],
  ])('inbound message with %s → %i', async (_name, auth, status, message) => {
    const before = await rowCounts();
    const req = request(h.apiUrl).post('/api/inbound-messages');
    if (auth) req.set('Authorization', auth);
    const res = await req.send(validMessage());
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe('unauthorized');
    expect(res.body.error.message).toMatch(message);
    expect(await rowCounts()).toEqual(before);
  });

  it('malformed JSON → 400 saying so', async () => {
    const before = await rowCounts();
    const res = await request(h.apiUrl)
      .post('/api/inbound-messages')
      .set('Authorization', `Bearer ${API_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send('{"clientId": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 'bad_request',
        message: 'request body is not valid JSON',
        details: { reason: 'invalid_json' },
      },
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('field errors name the fields', async () => {
    const res = await request(h.apiUrl)
      .post('/api/inbound-messages')
      .set('Authorization', `Bearer ${API_TOKEN}`)
      .send({ clientId: ws.clientId, messageId: '', body: 'hi', channel: 'pigeon', receivedAt: 'yesterday' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['messageId', 'channel', 'receivedAt']));
  });

  it('oversized body → 413', async () => {
    const before = await rowCounts();
    const res = await request(h.apiUrl)
      .post('/api/inbound-messages')
      .set('Authorization', `Bearer ${API_TOKEN}`)
      .send({ ...validMessage(), body: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await rowCounts()).toEqual(before);
  });

  it('unknown workspace or lead → 404, no workflow started', async () => {
    const a = await request(h.apiUrl)
      .post('/api/inbound-messages')
      .set('Authorization', `Bearer ${API_TOKEN}`)
      .send({ ...validMessage(), clientId: 'no-such-workspace' });
    expect(a.status).toBe(404);
    expect(a.body.error.message).toMatch(/unknown workspace/);
    const b = await request(h.apiUrl)
      .post(`/api/leads/no-such-lead/offers`)
      .set('Authorization', `Bearer ${API_TOKEN}`)
      .send({ clientId: ws.clientId });
    expect(b.status).toBe(404);
    expect(await workflowExists()).toBe(false);
  });

  it('a message for a lead without a booking workflow answers no_active_offer', async () => {
    const res = await request(h.apiUrl)
      .post('/api/inbound-messages')
      .set('Authorization', `Bearer ${API_TOKEN}`)
      .send(validMessage());
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('no_active_offer');
  });

  describe('GHL webhooks', () => {
    const event = () => ({
      type: 'AppointmentCreate',
      locationId: ws.locationId,
      timestamp: new Date().toISOString(),
      webhookId: `wh-${Math.random()}`,
      appointment: {
        id: 'appt-x',
        contactId: ws.contactId,
        startTime: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const post = (body: string, signature?: string, clientId = ws.clientId) => {
      const req = request(h.apiUrl)
        .post(`/api/webhooks/ghl/${clientId}`)
        .set('Content-Type', 'application/json');
      if (signature) req.set('x-wh-signature', signature);
      return req.send(body);
    };
    function signWith(privateKeyPem: string, body: string) {
      return createSign('sha256').update(body).sign(privateKeyPem, 'base64');
    }

    it('unsigned → 401, nothing stored, no workflow', async () => {
      const before = await rowCounts();
      const res = await post(JSON.stringify(event()));
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/missing x-wh-signature/);
      expect(await rowCounts()).toEqual(before);
      expect(await workflowExists()).toBe(false);
    });

    it('tampered body → 401', async () => {
      const before = await rowCounts();
      const body = JSON.stringify(event());
      const status = await h.ghl.sendWebhook(ws.locationId, JSON.parse(body)); // a genuine delivery works...
      expect(status).toBe(200);
      const genuine = await rowCounts();
      expect(genuine.webhooks).toBe(before.webhooks + 1);
      // ...but the same signature over a changed body does not.
      const { generateKeyPairSync } = await import('node:crypto');
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forged = signWith(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), body);
      const res = await post(body.replace('appt-x', 'appt-y'), forged);
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/does not match/);
      expect(await rowCounts()).toEqual(genuine);
    });

    it('oversized webhook body → 413 and unknown workspace → 404, nothing stored', async () => {
      const before = await rowCounts();
      const big = JSON.stringify({ ...event(), padding: 'x'.repeat(4000) });
      const tooBig = await post(big, 'c2lnbmF0dXJl');
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.error.code).toBe('payload_too_large');
      const calendlyTooBig = await request(h.apiUrl)
        .post(`/api/webhooks/calendly/${ws.clientId}`)
        .set('Content-Type', 'application/json')
        .send(big);
      expect([404, 413]).toContain(calendlyTooBig.status); // this workspace has no Calendly connection
      // Correctly signed by the GHL sandbox, but for a workspace that does not exist.
      h.ghl.setWebhookTarget(() => `${h.apiUrl}/api/webhooks/ghl/no-such-workspace`);
      try {
        expect(await h.ghl.sendWebhook(ws.locationId, event())).toBe(404);
      } finally {
        h.ghl.setWebhookTarget(h.ghlWebhookTarget);
      }
      expect(await rowCounts()).toEqual(before);
    });

    it('stale timestamp → 401; wrong workspace → 403/404; nothing stored', async () => {
      const before = await rowCounts();
      const stale = await h.ghl.sendWebhook(ws.locationId, {
        ...event(),
        timestamp: new Date(Date.now() - 3_600_000).toISOString(),
      });
      expect(stale).toBe(401);
      const other = await h.seedWorkspace();
      seeded.push(other.clientId);
      const before2 = await rowCounts();
      // signed correctly, but for another workspace's location
      const status = await h.ghl.sendWebhook(other.locationId, { ...event(), locationId: other.locationId });
      expect(status).toBe(200); // delivered to its own workspace
      const mismatch = await h.ghl.sendWebhook(ws.locationId, { ...event(), locationId: other.locationId });
      expect(mismatch).toBe(403);
      expect((await rowCounts()).webhooks).toBe(before2.webhooks + 1);
      expect(before.webhooks).toBe(before2.webhooks);
    });
  });
});
