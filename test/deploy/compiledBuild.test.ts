import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api } from '../support/api';
import { ADMIN_API_TOKEN, API_TOKEN, type Harness, startHarness } from '../support/harness';
import { freePort } from '../support/ports';

const ROOT = path.resolve(__dirname, '..', '..');
const gitStatus = () => execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });

/** Starts `node <file>` and resolves once a stdout/stderr line contains `ready` (with everything printed). */
function startCompiled(
  file: string,
  env: NodeJS.ProcessEnv,
  ready: string,
): Promise<{ proc: ChildProcess; out: () => string }> {
  const proc = spawn(process.execPath, [file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} not ready after 45 s:\n${out}`)), 45_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready)) {
        clearTimeout(timer);
        resolve({ proc, out: () => out });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready:\n${out}`)));
  });
}

/**
 * `npm run build` makes a production build that runs on plain node (issue 13.4): compiled into a
 * temporary directory (never dist/ or anything tracked), then its API and worker, started as
 * `node <out>/src/main/api.js` / `worker.js` against the test PostgreSQL and Temporal server, answer
 * /readyz, offer slots and book a lead, the worker running the workflow bundle made at build time.
 */
describe('the compiled production build', () => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'booking-build-'));
  const children: ChildProcess[] = [];
  let h: Harness;
  let statusBefore = '';

  beforeAll(async () => {
    statusBefore = gitStatus();
    h = await startHarness({}, { worker: false });
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await h?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('builds into a temporary directory, then its node API and worker book a lead', async () => {
    // `--ignore-scripts` skips `prebuild` (db:generate, done by `pretest`): regenerating the client
    // under test files running in parallel would pull it from under them.
    execFileSync('npm', ['run', '-s', '--ignore-scripts', 'build', '--', '--out-dir', outDir], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    for (const file of [
      'src/main/api.js',
      'src/main/worker.js',
      'src/generated/prisma/client.js',
      'workflow-bundle.js',
    ])
      expect(existsSync(path.join(outDir, file)), file).toBe(true);
    expect(existsSync(path.join(outDir, 'src/main/api.ts'))).toBe(false);
    // Outside the project Node would not find its packages: the image has them next to dist/.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(outDir, 'node_modules'));

    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: h.taskQueue,
      SECRETS_ENCRYPTION_KEY: h.config.SECRETS_ENCRYPTION_KEY,
      GHL_API_BASE_URL: h.ghl.url,
      GHL_WEBHOOK_PUBLIC_KEY: h.ghl.publicKeyPem,
      HOST: '127.0.0.1',
    };
    // The image's one-shot jobs from the build: migrations (nothing pending: the setup applied them
    // from the same folders) and the namespace / search-attribute setup (idempotent).
    const job = (args: string[]) =>
      execFileSync(process.execPath, args, { cwd: outDir, env, encoding: 'utf8', timeout: 60_000 });
    expect(job(['--experimental-wasm-modules', '--no-warnings', 'src/db/migrate.mjs'])).toContain(
      'database is up to date',
    );
    expect(job(['src/main/setupTemporal.js'])).toContain('search attributes already registered');

    const worker = await startCompiled(
      path.join(outDir, 'src/main/worker.js'),
      { ...env, PORT: String(await freePort()) },
      'worker ready',
    );
    children.push(worker.proc);
    // The prebuilt bundle, not webpack at start.
    expect(worker.out()).toContain(path.join(outDir, 'workflow-bundle.js'));
    const apiPort = await freePort();
    const apiProc = await startCompiled(
      path.join(outDir, 'src/main/api.js'),
      { ...env, PORT: String(apiPort), API_TOKEN, ADMIN_API_TOKEN },
      'api ready',
    );
    children.push(apiProc.proc);
    const compiled = { ...h, apiUrl: `http://127.0.0.1:${apiPort}` };

    expect((await fetch(`${compiled.apiUrl}/readyz`)).status).toBe(200);
    const ws = await h.seedWorkspace();
    const offer = await api(compiled).offer(ws.clientId, ws.leadId);
    expect(offer.status, JSON.stringify(offer.body)).toBe(201);
    const slot = offer.body.offer.slots[0] as string;
    const reply = await api(compiled).reply(ws.clientId, ws.leadId, 'the first one works');
    expect(reply.body).toMatchObject({ result: 'slot_accepted', slot });
    const booked = await api(compiled).waitForState(ws, 'booked', (s) => s.status === 'booked', 30_000);
    expect(booked.booking?.bookingId).toBe(h.ghl.appointments(ws.locationId)[0]?.id);

    expect(gitStatus()).toBe(statusBefore);
  }, 180_000);
});
