import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateEmbeddedSecrets } from '../../src/main/embeddedSecrets';
import {
  embeddedEnv,
  freeServicePorts,
  groupProcesses,
  killGroup,
  ROOT,
  type StartedService,
  serviceNodePid,
  startService,
  waitGroupGone,
} from './support/embeddedService';

/**
 * Ctrl-C ends `npm start` (issue 14): the terminal signals the whole process group, so PostgreSQL and
 * the Temporal dev server die at the same moment as the service, which must still finish its own
 * shutdown in seconds; SIGTERM to the Node process alone stops the children it started; a second
 * Ctrl-C exits at once. Each case checks that every process of the group is gone within 15 s, and
 * the restarts prove the data survived.
 */
const GONE_WITHIN_MS = 15_000;

describe('stopping npm start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'booking-shutdown-'));
  // PostgreSQL runs as an unprivileged user when we are root: it must reach its folder in here.
  chmodSync(dataDir, 0o755);
  const started: StartedService[] = [];
  afterAll(() => {
    for (const s of started) killGroup(s.pgid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends on Ctrl-C after a booking, on SIGTERM to node alone, on a double Ctrl-C; the data stays', async () => {
    const ports = await freeServicePorts();
    const env = embeddedEnv(ports, dataDir);
    const api = `http://127.0.0.1:${ports.PORT}`;

    // 1. Start, book a lead the way a user does (npm run demo, through the public API).
    const first = await startService(env);
    started.push(first);
    const demo = spawnSync('npm', ['run', '-s', 'demo'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(demo.status, `${demo.stdout}\n${demo.stderr}`).toBe(0);
    const leadId = /^\S+\s+lead (\S+) /m.exec(demo.stdout)?.[1];
    const bookingId = /booked at ghl: (\S+)/.exec(demo.stdout)?.[1];
    expect(leadId && bookingId, demo.stdout).toBeTruthy();

    // Ctrl-C in the terminal: SIGINT to every process of the group at once.
    expect(groupProcesses(first.pgid).some((p) => p.args.includes('postgres'))).toBe(true);
    killGroup(first.pgid, 'SIGINT');
    const afterCtrlC = await waitGroupGone(first.pgid, GONE_WITHIN_MS);
    expect(afterCtrlC, `still running after Ctrl-C:\n${describeGroup(first)}`).toBeDefined();

    // 2. The next start reuses the data: the booked lead is still booked.
    const second = await startService(env);
    started.push(second);
    const { values } = loadOrCreateEmbeddedSecrets(dataDir, {});
    const res = await fetch(`${api}/api/leads/${leadId}/booking?clientId=${second.demoClientId}`, {
      headers: { Authorization: `Bearer ${values.API_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const booking = (await res.json()) as { status: string; booking?: { bookingId?: string } };
    expect(booking.status).toBe('booked');
    expect(booking.booking?.bookingId).toBe(bookingId);

    // SIGTERM to the Node process alone (a supervisor, `kill <pid>`): it stops the children itself.
    process.kill(serviceNodePid(second.pgid), 'SIGTERM');
    const afterTerm = await waitGroupGone(second.pgid, GONE_WITHIN_MS);
    expect(afterTerm, `still running after SIGTERM:\n${describeGroup(second)}`).toBeDefined();
    expect(second.output()).toContain('"msg":"stopped"');

    // 3. Ctrl-C twice: the second one exits at once (exit code 130) instead of waiting for the first.
    // Run without npm and tsx's launcher, which would themselves SIGKILL a child slow to acknowledge.
    const third = await startService(env, 'direct');
    started.push(third);
    const exited = new Promise<number | null>((resolve) => third.child.once('exit', (code) => resolve(code)));
    killGroup(third.pgid, 'SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    killGroup(third.pgid, 'SIGINT');
    const afterTwice = await waitGroupGone(third.pgid, GONE_WITHIN_MS);
    expect(afterTwice, `still running after a double Ctrl-C:\n${describeGroup(third)}`).toBeDefined();
    expect(await exited).toBe(130);
    expect(third.output()).toContain('second signal: exiting now');

    console.log(
      `group gone after: Ctrl-C ${afterCtrlC} ms, SIGTERM ${afterTerm} ms, double Ctrl-C ${afterTwice} ms`,
    );
  }, 600_000);
});

function describeGroup(s: StartedService): string {
  const procs = groupProcesses(s.pgid).map((p) => `  ${p.pid} ${p.args.slice(0, 160)}`);
  return `${procs.join('\n')}\n--- output (tail) ---\n${s.output().slice(-3000)}`;
}
