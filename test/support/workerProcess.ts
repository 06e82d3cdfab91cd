import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';
import type { Harness } from './harness';
import { freePort } from './ports';

const ROOT = path.resolve(__dirname, '../..');

/**
 * A booking worker as a separate OS process on the harness's task queue, so a test can kill it with
 * SIGKILL the way a crashed container dies (no graceful shutdown, nothing flushed).
 */
export async function startWorkerProcess(
  h: Harness,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const metricsPort = await freePort();
  // node itself (not the tsx wrapper, which would leave its child running when killed).
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: h.taskQueue,
      SECRETS_ENCRYPTION_KEY: h.config.SECRETS_ENCRYPTION_KEY,
      GHL_API_BASE_URL: h.ghl.url,
      CALENDLY_API_BASE_URL: h.calendly.url,
      PROVIDER_TIMEOUT_MS: '60000',
      LOG_LEVEL: 'info',
      PORT: String(metricsPort), // the worker's own /metrics
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`worker process not ready:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker ready')) {
        clearTimeout(timer);
        resolve(proc);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`worker process exited early (${code}):\n${out}`)));
  });
}

/** SIGKILL, then wait until the OS reaped it. */
export async function killWorkerProcess(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGKILL');
  await exited;
}
