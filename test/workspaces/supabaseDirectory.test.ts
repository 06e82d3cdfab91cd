import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { createSupabaseDirectory } from '../../src/workspaces/supabaseDirectory';
import { ADMIN_API_TOKEN, type Harness, startHarness } from '../support/harness';
import { type SupabaseSandbox, startSupabaseSandbox } from '../support/supabaseSandbox';

/** Supabase Auth as the identity directory (SUPABASE_URL set), against the Supabase sandbox. */
const RUN = randomUUID().slice(0, 8);
const DOMAIN = `${RUN}.sb.example.com`;
const mail = (local: string) => `${local}@${DOMAIN}`;
const logLines: string[] = [];

let h: Harness;
let sb: SupabaseSandbox;
const ids: Record<string, string> = {};

beforeAll(async () => {
  sb = await startSupabaseSandbox();
  // More users than one page of the directory's default page size, mixed case as Supabase may store them.
  for (let i = 0; i < 230; i++) sb.addUser(mail(`filler${i}`));
  ids.sam = sb.addUser(mail('sam'));
  ids.ivy = sb.addUser(`Ivy@${DOMAIN.toUpperCase()}`);
  ids.clash = sb.addUser(mail('clash'));
  const logger = createLogger({
    level: 'trace',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  h = await startHarness(
    { SUPABASE_URL: sb.url, SUPABASE_SERVICE_ROLE_KEY: sb.serviceRoleKey },
    { worker: false, logger },
  );
  // A local User row holding an email Supabase knows under another id.
  await h.services.db.user.create({ data: { email: mail('clash') } });
});
afterAll(async () => {
  await h?.close();
  await sb?.close();
});

describe('Supabase identity directory', () => {
  it('resolves emails through the admin users API (paginated, case-insensitive) and mirrors the users', async () => {
    sb.requests.length = 0;
    const res = await request(h.apiUrl)
      .post('/api/admin/workspaces')
      .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
      .send({
        name: 'Supabase workspace',
        ghlLocationId: `wssb-${RUN}-1`,
        setterEmails: [mail('SAM'), mail('ghost')],
        inboxManagerEmails: [mail('ivy'), mail('sam'), mail('clash')],
      });
    expect(res.status).toBe(201);
    expect(res.body.members).toEqual([
      { email: mail('sam'), userId: ids.sam, role: 'SETTER' },
      { email: mail('ivy'), userId: ids.ivy, role: 'INBOX_MANAGER' },
      { email: mail('sam'), userId: ids.sam, role: 'INBOX_MANAGER' },
    ]);
    expect(res.body.unresolvedEmails).toEqual([
      { email: mail('clash'), roles: ['INBOX_MANAGER'], reason: 'user_id_conflict' },
      { email: mail('ghost'), roles: ['SETTER'], reason: 'no_matching_user' },
    ]);
    // Every page was authorised, and the whole list (2 pages of 200) was read because ghost is nowhere.
    expect(sb.requests.map((r) => [r.page, r.perPage, r.authorised])).toEqual([
      [1, 200, true],
      [2, 200, true],
    ]);
    const mirrored = await h.services.db.user.findMany({
      where: { id: { in: [ids.sam, ids.ivy] as string[] } },
    });
    expect(mirrored.map((u) => u.email).sort()).toEqual([mail('ivy'), mail('sam')]);

    const logs = logLines.join('');
    expect(logs).toContain('workspace provisioned');
    expect(logs).not.toContain(sb.serviceRoleKey);
    expect(JSON.stringify(res.body)).not.toContain(sb.serviceRoleKey);
  });

  it('PUT members works through Supabase too', async () => {
    const created = await request(h.apiUrl)
      .post('/api/admin/workspaces')
      .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
      .send({ name: 'Supabase 2', ghlLocationId: `wssb-${RUN}-2`, setterEmails: [mail('sam')] });
    expect(created.status).toBe(201);
    const res = await request(h.apiUrl)
      .put(`/api/admin/workspaces/${created.body.workspace.id}/members`)
      .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
      .send({ setterEmails: [mail('filler7')], inboxManagerEmails: [mail('ivy')] });
    expect(res.status).toBe(200);
    expect(res.body.members).toEqual([
      { email: mail('filler7'), userId: expect.any(String), role: 'SETTER' },
      { email: mail('ivy'), userId: ids.ivy, role: 'INBOX_MANAGER' },
    ]);
    expect(res.body.unresolvedEmails).toEqual([]);
  });

  it('pages through the list and stops as soon as every email is found', async () => {
    const dir = createSupabaseDirectory({ url: sb.url, serviceRoleKey: sb.serviceRoleKey, perPage: 50 });
    sb.requests.length = 0;
    const found = await dir.lookupUsersByEmail([mail('filler3'), mail('filler120')]);
    expect([...found.keys()].sort()).toEqual([mail('filler120'), mail('filler3')]);
    expect(sb.requests.map((r) => r.page)).toEqual([1, 2, 3]);
  });

  it('a wrong service-role key is an "unavailable" error that names neither key', async () => {
    const warnings: unknown[] = [];
    const wrongKey = `wrong-${randomUUID()}`;
    const dir = createSupabaseDirectory({
      url: sb.url,
      serviceRoleKey: wrongKey,
      logger: { warn: (obj: unknown) => void warnings.push(obj) } as never,
    });
    const err = await dir.lookupUsersByEmail([mail('sam')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'unavailable', status: 503 });
    expect((err as Error).message).toContain('HTTP 401');
    const text = `${(err as Error).message} ${JSON.stringify(warnings)}`;
    expect(text).not.toContain(wrongKey);
    expect(text).not.toContain(sb.serviceRoleKey);
    expect(sb.requests.at(-1)?.authorised).toBe(false);
  });

  it('an unreachable directory is an "unavailable" error', async () => {
    const dir = createSupabaseDirectory({
      url: 'http://127.0.0.1:9',
      serviceRoleKey: sb.serviceRoleKey,
      timeoutMs: 2000,
    });
    await expect(dir.lookupUsersByEmail([mail('sam')])).rejects.toMatchObject({ code: 'unavailable' });
  });
});
