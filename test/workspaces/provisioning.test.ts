import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { ADMIN_API_TOKEN, API_TOKEN, type Harness, startHarness } from '../support/harness';

/**
 * Workspace provisioning over HTTP against real PostgreSQL, local `User` table as the identity directory.
 * Every row this file creates carries RUN in its location id / email domain, so row counts are scoped to
 * this file even when other test files write to the same database concurrently.
 */
const RUN = randomUUID().slice(0, 8);
const LOC_PREFIX = `wsprov-${RUN}-`;
const DOMAIN = `${RUN}.example.com`;
const logLines: string[] = [];

let h: Harness;
let n = 0;
const loc = () => `${LOC_PREFIX}${++n}`;
const mail = (local: string) => `${local}@${DOMAIN}`;
const secretToken = () => `ghl-secret-${randomUUID()}`;

beforeAll(async () => {
  const logger = createLogger({
    level: 'trace',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  h = await startHarness({}, { worker: false, logger });
  await h.services.db.user.createMany({
    data: ['alice', 'bob', 'carol', 'dave', 'erin'].map((name) => ({ email: mail(name), name })),
  });
  // Stored with upper-case letters: matching must still work.
  await h.services.db.user.create({ data: { email: `Frank.Mixed@${DOMAIN.toUpperCase()}`, name: 'frank' } });
});
afterAll(async () => {
  await h?.close();
});

async function userId(local: string): Promise<string> {
  const u = await h.services.db.user.findFirstOrThrow({
    where: { email: { equals: mail(local), mode: 'insensitive' } },
  });
  return u.id;
}

function post(body: unknown, opts: { token?: string | null; key?: string } = {}) {
  const req = request(h.apiUrl).post('/api/admin/workspaces');
  if (opts.token !== null) req.set('Authorization', `Bearer ${opts.token ?? ADMIN_API_TOKEN}`);
  if (opts.key) req.set('Idempotency-Key', opts.key);
  return req.send(body as object);
}

async function rowCounts() {
  const db = h.services.db;
  const mine = { client: { ghlLocationId: { startsWith: LOC_PREFIX } } };
  return {
    clients: await db.client.count({ where: { ghlLocationId: { startsWith: LOC_PREFIX } } }),
    settings: await db.workspaceSettings.count({ where: mine }),
    members: await db.clientMember.count({ where: mine }),
    membersByEmail: await db.clientMember.count({
      where: { email: { endsWith: DOMAIN, mode: 'insensitive' } },
    }),
  };
}

describe('POST /api/admin/workspaces', () => {
  it('creates the workspace, its settings and members in one go, and never returns the token', async () => {
    const token = secretToken();
    const ghlLocationId = loc();
    const res = await post({
      name: '  Acme Dental  ',
      ghlLocationId,
      ghlAccessToken: token,
      ghlCalendarId: 'cal-1',
      timezone: 'america/new_york',
      setterEmails: [` ${mail('Alice').toUpperCase()} `, mail('bob')],
      inboxManagerEmails: [mail('carol')],
    });
    expect(res.status).toBe(201);
    const [alice, bob, carol] = [await userId('alice'), await userId('bob'), await userId('carol')];
    expect(res.body).toEqual({
      workspace: { id: expect.any(String), name: 'Acme Dental', ghlLocationId, ghlConnected: true },
      settings: expect.objectContaining({
        clientId: res.body.workspace.id,
        meetingBookingProvider: 'ghl',
        ghlCalendarId: 'cal-1',
        timezone: 'America/New_York',
        slotsToOffer: 3,
        offerExpiryHours: 72,
        reminderOffsetsMinutes: [1440, 60],
        meetingDurationMinutes: 30,
        calendlyConnected: false,
      }),
      members: [
        { email: mail('alice'), userId: alice, role: 'SETTER' },
        { email: mail('bob'), userId: bob, role: 'SETTER' },
        { email: mail('carol'), userId: carol, role: 'INBOX_MANAGER' },
      ],
      unresolvedEmails: [],
    });
    expect(JSON.stringify(res.body)).not.toContain(token);

    const client = await h.services.db.client.findUniqueOrThrow({
      where: { id: res.body.workspace.id },
      include: { settings: true, members: true },
    });
    expect(client.ghlAccessTokenEnc).not.toContain(token);
    expect(h.services.apiDeps.secrets.decrypt(client.ghlAccessTokenEnc as string)).toBe(token);
    expect(client.provisioningHash).toMatch(/^v1:/);
    expect(client.provisioningHash).not.toContain(token);
    expect(client.provisioningKey).toBeNull();
    expect(client.settings).toMatchObject({ ghlCalendarId: 'cal-1', timezone: 'America/New_York' });
    expect(client.members).toHaveLength(3);
  });

  it('works without a token (ghlConnected false) and with defaults', async () => {
    const res = await post({ name: 'No token yet', ghlLocationId: loc() });
    expect(res.status).toBe(201);
    expect(res.body.workspace.ghlConnected).toBe(false);
    expect(res.body.settings).toMatchObject({
      meetingBookingProvider: 'ghl',
      timezone: 'UTC',
      ghlCalendarId: null,
    });
    expect(res.body.members).toEqual([]);
    expect(res.body.unresolvedEmails).toEqual([]);
  });

  it('accepts the legacy single inboxManagerEmail and merges it into the list', async () => {
    const res = await post({
      name: 'Legacy',
      ghlLocationId: loc(),
      setterEmails: [mail('alice')],
      inboxManagerEmail: mail('Dave'),
      inboxManagerEmails: [mail('erin'), mail('dave')],
    });
    expect(res.status).toBe(201);
    expect(res.body.members).toEqual([
      { email: mail('alice'), userId: await userId('alice'), role: 'SETTER' },
      { email: mail('dave'), userId: await userId('dave'), role: 'INBOX_MANAGER' },
      { email: mail('erin'), userId: await userId('erin'), role: 'INBOX_MANAGER' },
    ]);

    const legacyOnly = await post({
      name: 'Legacy only',
      ghlLocationId: loc(),
      inboxManagerEmail: mail('carol'),
    });
    expect(legacyOnly.status).toBe(201);
    expect(legacyOnly.body.members).toEqual([
      { email: mail('carol'), userId: await userId('carol'), role: 'INBOX_MANAGER' },
    ]);
  });

  it('de-duplicates within and across lists; one person may hold both roles', async () => {
    const res = await post({
      name: 'Dupes',
      ghlLocationId: loc(),
      setterEmails: [mail('bob'), ` ${mail('BOB')}`, mail('bob').toUpperCase(), mail('frank.mixed')],
      inboxManagerEmails: [mail('bob'), mail('Bob')],
      inboxManagerEmail: mail('bob'),
    });
    expect(res.status).toBe(201);
    const bob = await userId('bob');
    expect(res.body.members).toEqual([
      { email: mail('bob'), userId: bob, role: 'SETTER' },
      { email: mail('frank.mixed'), userId: await userId('frank.mixed'), role: 'SETTER' },
      { email: mail('bob'), userId: bob, role: 'INBOX_MANAGER' },
    ]);
    expect(await h.services.db.clientMember.count({ where: { clientId: res.body.workspace.id } })).toBe(3);
  });

  it('reports emails without a user per email (with their roles) and does not store them', async () => {
    const res = await post({
      name: 'Unknowns',
      ghlLocationId: loc(),
      setterEmails: [mail('alice'), mail('ghost'), mail('zed')],
      inboxManagerEmails: [mail('ghost'), mail('nobody')],
    });
    expect(res.status).toBe(201);
    expect(res.body.members).toEqual([
      { email: mail('alice'), userId: await userId('alice'), role: 'SETTER' },
    ]);
    expect(res.body.unresolvedEmails).toEqual([
      { email: mail('ghost'), roles: ['SETTER', 'INBOX_MANAGER'], reason: 'no_matching_user' },
      { email: mail('nobody'), roles: ['INBOX_MANAGER'], reason: 'no_matching_user' },
      { email: mail('zed'), roles: ['SETTER'], reason: 'no_matching_user' },
    ]);
    const stored = await h.services.db.clientMember.findMany({ where: { clientId: res.body.workspace.id } });
    expect(stored.map((m) => m.email)).toEqual([mail('alice')]);
  });

  it('refuses meetingBookingProvider calendly at creation (409) and writes nothing', async () => {
    const before = await rowCounts();
    const res = await post({ name: 'Calendly', ghlLocationId: loc(), meetingBookingProvider: 'calendly' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.message).toMatch(/Calendly is not connected/);
    expect(res.body.error.message).toMatch(/integrations\/calendly/);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('idempotency', () => {
  it('re-posting the same (or an equivalently written) payload returns the same workspace, 200, and creates nothing', async () => {
    const ghlLocationId = loc();
    const token = secretToken();
    const payload = {
      name: 'Replay',
      ghlLocationId,
      ghlAccessToken: token,
      setterEmails: [mail('alice'), mail('ghost2')],
      inboxManagerEmails: [mail('bob')],
    };
    const first = await post(payload);
    expect(first.status).toBe(201);
    const before = await rowCounts();

    const again = await post(payload);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);

    // Same after normalisation: order, case, whitespace, legacy field.
    const rewritten = await post({
      inboxManagerEmail: ` ${mail('BOB')}`,
      setterEmails: [mail('ghost2').toUpperCase(), mail('alice'), mail('alice')],
      ghlAccessToken: token,
      ghlLocationId,
      name: 'Replay',
    });
    expect(rewritten.status).toBe(200);
    expect(rewritten.body).toEqual(first.body);
    expect(JSON.stringify([again.body, rewritten.body])).not.toContain(token);
    expect(await rowCounts()).toEqual(before);
  });

  it('the same Idempotency-Key returns the same workspace even with a different payload', async () => {
    const key = `idem-${randomUUID()}`;
    const first = await post({ name: 'Keyed', ghlLocationId: loc(), setterEmails: [mail('alice')] }, { key });
    expect(first.status).toBe(201);
    const before = await rowCounts();
    const second = await post(
      {
        name: 'Keyed but renamed',
        ghlLocationId: loc(),
        setterEmails: [mail('carol')],
        inboxManagerEmails: [mail('nobody2')],
      },
      { key },
    );
    expect(second.status).toBe(200);
    expect(second.body.workspace).toEqual(first.body.workspace);
    expect(second.body.members).toEqual(first.body.members);
    // What this request asked for but the existing workspace does not have is reported, not silently dropped.
    expect(second.body.unresolvedEmails).toEqual([
      { email: mail('carol'), roles: ['SETTER'], reason: 'not_applied_on_replay' },
      { email: mail('nobody2'), roles: ['INBOX_MANAGER'], reason: 'no_matching_user' },
    ]);
    expect(await rowCounts()).toEqual(before);
    const stored = await h.services.db.client.findUniqueOrThrow({ where: { id: first.body.workspace.id } });
    expect(stored).toMatchObject({ name: 'Keyed', provisioningKey: key });
  });

  it('a different payload for an existing ghlLocationId is a 409 and changes nothing', async () => {
    const ghlLocationId = loc();
    const token = secretToken();
    const first = await post({ name: 'Original', ghlLocationId, ghlAccessToken: token });
    expect(first.status).toBe(201);
    const before = await rowCounts();
    const res = await post({ name: 'Impostor', ghlLocationId, ghlAccessToken: `${token}-other` });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'conflict',
      details: { clientId: first.body.workspace.id },
    });
    expect(JSON.stringify(res.body)).not.toContain(token);
    expect(await rowCounts()).toEqual(before);
  });

  it('10 concurrent identical posts create exactly one workspace', async () => {
    const ghlLocationId = loc();
    const payload = {
      name: 'Stampede',
      ghlLocationId,
      setterEmails: [mail('alice'), mail('bob')],
      inboxManagerEmails: [mail('bob')],
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => post(payload)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(results.map((r) => r.body.workspace.id));
    expect(ids.size).toBe(1);
    for (const r of results) expect(r.body.members).toHaveLength(3);
    expect(await h.services.db.client.count({ where: { ghlLocationId } })).toBe(1);
    const [id] = [...ids] as [string];
    expect(await h.services.db.workspaceSettings.count({ where: { clientId: id } })).toBe(1);
    expect(await h.services.db.clientMember.count({ where: { clientId: id } })).toBe(3);
  });

  it('10 concurrent posts with one Idempotency-Key and different payloads create exactly one workspace', async () => {
    const key = `idem-${randomUUID()}`;
    const locations = Array.from({ length: 10 }, () => loc());
    const results = await Promise.all(
      locations.map((l, i) => post({ name: `Race ${i}`, ghlLocationId: l }, { key })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(results.map((r) => r.body.workspace.id)).size).toBe(1);
    expect(await h.services.db.client.count({ where: { ghlLocationId: { in: locations } } })).toBe(1);
  });
});

describe('invalid input: 400 with field-level errors, nothing written', () => {
  const base = () => ({ name: 'Valid', ghlLocationId: loc() });
  it.each<[string, () => unknown, string[]]>([
    ['missing name', () => ({ ghlLocationId: loc() }), ['name']],
    ['blank name', () => ({ ...base(), name: '   ' }), ['name']],
    ['missing ghlLocationId', () => ({ name: 'x' }), ['ghlLocationId']],
    ['unknown field', () => ({ ...base(), slotsToOffer: 3 }), ['(body)']],
    [
      'invalid setter email',
      () => ({ ...base(), setterEmails: [mail('alice'), 'not-an-email'] }),
      ['setterEmails.1'],
    ],
    ['invalid legacy email', () => ({ ...base(), inboxManagerEmail: 'nope' }), ['inboxManagerEmail']],
    [
      'list is not an array',
      () => ({ ...base(), inboxManagerEmails: mail('alice') }),
      ['inboxManagerEmails'],
    ],
    ['unknown provider', () => ({ ...base(), meetingBookingProvider: 'zoom' }), ['meetingBookingProvider']],
    ['fixed offset is not an IANA zone', () => ({ ...base(), timezone: '+05:00' }), ['timezone']],
    ['unknown time zone', () => ({ ...base(), timezone: 'Mars/Olympus_Mons' }), ['timezone']],
    ['token of the wrong type', () => ({ ...base(), ghlAccessToken: 12345 }), ['ghlAccessToken']],
    [
      'several at once',
      () => ({ name: '', ghlLocationId: '', setterEmails: ['x'] }),
      ['name', 'ghlLocationId', 'setterEmails.0'],
    ],
    ['array body', () => [base()], ['(body)']],
  ])('%s', async (_what, body, paths) => {
    const before = await rowCounts();
    const res = await post(body());
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const got = (res.body.error.details as Array<{ path: string; message: string }>).map((d) => d.path);
    expect(got).toEqual(expect.arrayContaining(paths));
    for (const d of res.body.error.details) expect(d.message).toEqual(expect.any(String));
    expect(await rowCounts()).toEqual(before);
  });

  it('a body that is not JSON is a 400', async () => {
    const before = await rowCounts();
    const res = await request(h.apiUrl)
      .post('/api/admin/workspaces')
      .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(res.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it('an invalid Idempotency-Key header is a 400', async () => {
    const res = await post(base(), { key: 'has spaces in it' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Idempotency-Key/);
  });

  it('validation errors never echo the received values (the token above all)', async () => {
    const token = secretToken();
    const before = await rowCounts();
    const res = await post({
      name: 'Echo',
      ghlLocationId: loc(),
      ghlAccessToken: token,
      timezone: token,
      setterEmails: [token],
      inboxManagerEmail: token,
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain(token);
    expect(JSON.stringify(res.body)).not.toContain(token.slice(11));
    expect(await rowCounts()).toEqual(before);
  });
});

describe('authentication', () => {
  it.each([
    ['no token', null],
    ['wrong token', 'definitely-not-the-admin-token'],
    ['the non-admin API token', API_TOKEN],
  ])('%s → 401 on every workspace endpoint, nothing written', async (_what, token) => {
    const before = await rowCounts();
    const auth = (req: request.Test) => (token === null ? req : req.set('Authorization', `Bearer ${token}`));
    const http = request(h.apiUrl);
    const responses = [
      await auth(http.post('/api/admin/workspaces')).send({ name: 'x', ghlLocationId: loc() }),
      await auth(http.put('/api/admin/workspaces/any/members')).send({
        setterEmails: [],
        inboxManagerEmails: [],
      }),
      await auth(http.get('/api/workspaces/any/settings')),
      await auth(http.patch('/api/workspaces/any/settings')).send({ slotsToOffer: 2 }),
    ];
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe('PUT /api/admin/workspaces/:clientId/members', () => {
  function put(clientId: string, body: unknown) {
    return request(h.apiUrl)
      .put(`/api/admin/workspaces/${clientId}/members`)
      .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
      .send(body as object);
  }

  it('sets the access lists to exactly what is given', async () => {
    const created = await post({
      name: 'Members',
      ghlLocationId: loc(),
      setterEmails: [mail('alice'), mail('bob')],
      inboxManagerEmails: [mail('carol')],
    });
    expect(created.status).toBe(201);
    const clientId: string = created.body.workspace.id;
    const bob = await userId('bob');
    const before = await h.services.db.clientMember.findMany({ where: { clientId } });
    const bobSetterBefore = before.find((r) => r.userId === bob && r.role === 'SETTER');
    expect(bobSetterBefore).toBeDefined();

    const res = await put(clientId, {
      setterEmails: [mail('BOB'), mail('dave'), mail('ghost3')],
      inboxManagerEmails: [mail('bob')],
      inboxManagerEmail: mail('erin'),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      members: [
        { email: mail('bob'), userId: bob, role: 'SETTER' },
        { email: mail('dave'), userId: await userId('dave'), role: 'SETTER' },
        { email: mail('bob'), userId: bob, role: 'INBOX_MANAGER' },
        { email: mail('erin'), userId: await userId('erin'), role: 'INBOX_MANAGER' },
      ],
      unresolvedEmails: [{ email: mail('ghost3'), roles: ['SETTER'], reason: 'no_matching_user' }],
    });
    const rows = await h.services.db.clientMember.findMany({ where: { clientId } });
    expect(rows).toHaveLength(4);
    // Bob's setter row survived (the same row, not deleted and re-created).
    expect(rows.find((r) => r.userId === bob && r.role === 'SETTER')?.id).toBe(bobSetterBefore?.id);

    const emptied = await put(clientId, { setterEmails: [], inboxManagerEmails: [] });
    expect(emptied.status).toBe(200);
    expect(emptied.body).toEqual({ members: [], unresolvedEmails: [] });
    expect(await h.services.db.clientMember.count({ where: { clientId } })).toBe(0);
  });

  it('validates the body (both lists stated) and 404s an unknown workspace', async () => {
    const created = await post({ name: 'Members 2', ghlLocationId: loc(), setterEmails: [mail('alice')] });
    const clientId: string = created.body.workspace.id;
    const missing = await put(clientId, { setterEmails: [mail('bob')] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ path: 'inboxManagerEmails', message: expect.any(String) }]);
    const bad = await put(clientId, { setterEmails: ['bad'], inboxManagerEmails: [], extra: true });
    expect(bad.status).toBe(400);
    expect(await h.services.db.clientMember.count({ where: { clientId } })).toBe(1);

    const unknown = await put('no-such-workspace', { setterEmails: [], inboxManagerEmails: [] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });
});

describe('secrets in logs', () => {
  it('the GHL token never appears in log lines, while provisioning is logged', async () => {
    const token = secretToken();
    const ghlLocationId = loc();
    await post({ name: 'Logged', ghlLocationId, ghlAccessToken: token, setterEmails: [mail('alice')] });
    await post({ name: 'Logged', ghlLocationId, ghlAccessToken: token, setterEmails: [mail('alice')] });
    await post({ name: 'Logged again', ghlLocationId, ghlAccessToken: token });
    await post({ name: 'Logged', ghlLocationId: loc(), ghlAccessToken: token, timezone: 'nowhere' });
    const all = logLines.join('');
    expect(all).toContain('workspace provisioned');
    expect(all).toContain(ghlLocationId);
    expect(all).not.toContain(token);
    expect(all).not.toContain(ADMIN_API_TOKEN);
  });
});
