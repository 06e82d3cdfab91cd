import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API_TOKEN, API_TOKEN, type Harness, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { worker: false });
});
afterAll(async () => {
  await h?.close();
});

const path = (clientId: string) => `/api/workspaces/${clientId}/calendar-links`;
const put = (clientId: string, body: unknown, token = ADMIN_API_TOKEN) =>
  request(h.apiUrl)
    .put(path(clientId))
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
const get = (clientId: string) =>
  request(h.apiUrl).get(path(clientId)).set('Authorization', `Bearer ${ADMIN_API_TOKEN}`);

const ghlLink = (id: string, isDefault = false) => ({
  type: 'ghl',
  url: `https://api.leadconnectorhq.com/widget/booking/${id}`,
  isDefault,
});

async function workspace() {
  const ws = await h.seedWorkspace();
  const valid = [ghlLink('cal-a', true), ghlLink('cal-b')];
  expect((await put(ws.clientId, { links: valid })).status).toBe(200);
  return ws;
}

describe('GET/PUT /api/workspaces/:clientId/calendar-links', () => {
  it('replaces the list and returns it in order, one default, tokens never shown', async () => {
    const ws = await h.seedWorkspace();
    const token = `pat-${randomUUID()}`;
    const res = await put(ws.clientId, {
      links: [
        ghlLink('cal-a'),
        {
          type: 'hubspot',
          url: 'https://meetings.hubspot.com/team/intro',
          isDefault: true,
          accessToken: token,
        },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const read = await get(ws.clientId);
    expect(read.status).toBe(200);
    expect(read.body.links).toMatchObject([
      { type: 'ghl', isDefault: false, hasAccessToken: false },
      {
        type: 'hubspot',
        url: 'https://meetings.hubspot.com/team/intro',
        isDefault: true,
        hasAccessToken: true,
      },
    ]);
    expect(JSON.stringify(read.body)).not.toContain(token);
    const stored = await h.services.db.calendarLink.findMany({ where: { clientId: ws.clientId } });
    expect(stored.find((l) => l.type === 'hubspot')?.accessTokenEnc).not.toContain(token);

    expect((await put(ws.clientId, { links: [] })).body).toEqual({ links: [] });
    expect(await h.services.db.calendarLink.count({ where: { clientId: ws.clientId } })).toBe(0);
  });

  it.each([
    ['two defaults', { links: [ghlLink('x', true), ghlLink('y', true)] }, 'links.1.isDefault'],
    ['unknown type', { links: [{ type: 'outlook', url: 'https://x.example/a' }] }, 'links.0.type'],
    ['not a URL', { links: [{ type: 'ghl', url: 'nope' }] }, 'links.0.url'],
    [
      'a ghl URL that names no calendar',
      { links: [{ type: 'ghl', url: 'https://example.com/a' }] },
      'links.0.url',
    ],
    [
      'a calendly URL that is not an event type',
      { links: [{ type: 'calendly', url: 'https://calendly.com/x' }] },
      'links.0.url',
    ],
    [
      'not a HubSpot meeting link',
      { links: [{ type: 'hubspot', url: 'https://evil.example/x', accessToken: 't' }] },
      'links.0.url',
    ],
    [
      'a hubspot link without a token',
      { links: [{ type: 'hubspot', url: 'https://meetings.hubspot.com/a' }] },
      'links.0.accessToken',
    ],
    [
      'a token on a ghl link',
      { links: [{ ...ghlLink('z'), accessToken: 'secret-tok' }] },
      'links.0.accessToken',
    ],
    ['the same link twice', { links: [ghlLink('d'), ghlLink('d')] }, 'links.1.url'],
    ['an unknown field', { links: [{ ...ghlLink('e'), color: 'red' }] }, 'links.0'],
    ['no list', {}, 'links'],
  ])('400 with the field for %s, and nothing written', async (_name, body, field) => {
    const ws = await workspace();
    const before = await get(ws.clientId);
    const res = await put(ws.clientId, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(JSON.stringify(res.body)).not.toContain('secret-tok');
    expect((await get(ws.clientId)).body).toEqual(before.body);
  });

  it('404 for an unknown workspace, 401 without the admin token (the API token is not enough)', async () => {
    expect((await put(`ws-${randomUUID()}`, { links: [] })).status).toBe(404);
    expect((await get(`ws-${randomUUID()}`)).status).toBe(404);
    const ws = await workspace();
    expect((await put(ws.clientId, { links: [] }, API_TOKEN)).status).toBe(401);
    expect((await request(h.apiUrl).get(path(ws.clientId))).status).toBe(401);
    expect((await get(ws.clientId)).body.links).toHaveLength(2);
  });

  it('a new list drops the cached availability', async () => {
    const ws = await workspace();
    await h.services.db.workspaceAvailabilityCache.create({
      data: { clientId: ws.clientId, source: 'link:ghl:old', slots: [], fetchedAt: new Date() },
    });
    expect((await put(ws.clientId, { links: [ghlLink('cal-c', true)] })).status).toBe(200);
    expect(await h.services.db.workspaceAvailabilityCache.count({ where: { clientId: ws.clientId } })).toBe(
      0,
    );
  });
});
