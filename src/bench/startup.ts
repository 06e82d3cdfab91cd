import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, symlinkSync } from 'node:fs';
import path from 'node:path';
import { freePort, PROJECT_ROOT, sleep } from '../chaos/processes';
import { groupUsage } from './procStats';
import { percentile, ratio, round } from './stats';

export type Runtime = 'tsx' | 'node';

/** Start-up of one production entry point under one runtime (median of the runs). */
export interface StartupFigure {
  process: 'api' | 'worker';
  runtime: Runtime;
  /** Spawn → the API's /readyz answers 200; spawn → the worker's `worker ready` (its poll loop runs). */
  startupMs: number;
  /** RSS of the process group a few seconds after it was ready, nothing to do. */
  idleRssMiB: number;
  runs: number;
}

export interface StartupResult {
  /** `npm run build` (tsc + workflow bundle) into the data dir. */
  buildSeconds: number;
  figures: StartupFigure[];
  /** node ÷ tsx, per process: start-up time and idle RSS. */
  ratios: { process: 'api' | 'worker'; startup: number | undefined; idleRss: number | undefined }[];
}

const READY_TIMEOUT_MS = 240_000;
const SETTLE_MS = 3_000;

/** Compiles the service the way `npm run build` does (without its db:generate: the bench ran it). */
function build(outDir: string): number {
  const started = Date.now();
  execFileSync(
    path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
    ['src/build/main.ts', '--out-dir', outDir],
    { cwd: PROJECT_ROOT, stdio: 'ignore' },
  );
  // The build sits outside the project: its code finds the project's packages through this link.
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(outDir, 'node_modules'));
  return (Date.now() - started) / 1000;
}

/**
 * The API and worker entry points started the way production ran them before the build
 * (`node --import tsx src/main/<entry>.ts`) and the way it runs them now (`node dist/src/main/<entry>.js`),
 * one at a time, alternating, each measured from spawn to ready and then idle; `runs` of each.
 */
export async function measureStartup(opts: {
  dataDir: string;
  /** The service's configuration (database, Temporal, tokens), as the bench's API gets it. */
  env: NodeJS.ProcessEnv;
  runs: number;
  log: (line: string) => void;
}): Promise<StartupResult> {
  const outDir = path.join(opts.dataDir, 'build');
  const buildSeconds = build(outDir);
  opts.log(`compiled build in ${round(buildSeconds, 1)} s; start-up of api and worker, tsx and node`);
  const samples = new Map<string, { startupMs: number[]; rss: number[] }>();
  for (let run = 0; run < opts.runs; run++) {
    for (const processName of ['api', 'worker'] as const) {
      for (const runtime of ['tsx', 'node'] as const) {
        const args =
          runtime === 'tsx'
            ? ['--import', 'tsx', `src/main/${processName}.ts`]
            : [path.join(outDir, 'src', 'main', `${processName}.js`)];
        const s = await startOnce(processName, args, opts, `${processName}-${runtime}-${run}`);
        const key = `${processName}/${runtime}`;
        const entry = samples.get(key) ?? { startupMs: [], rss: [] };
        entry.startupMs.push(s.startupMs);
        entry.rss.push(s.rssBytes);
        samples.set(key, entry);
      }
    }
  }
  const figures: StartupFigure[] = [...samples.entries()].map(([key, s]) => {
    const [processName, runtime] = key.split('/') as [StartupFigure['process'], Runtime];
    return {
      process: processName,
      runtime,
      startupMs: round(percentile(s.startupMs, 50) ?? 0, 0),
      idleRssMiB: round((percentile(s.rss, 50) ?? 0) / 1024 / 1024, 1),
      runs: s.startupMs.length,
    };
  });
  const of = (p: string, r: Runtime) => figures.find((f) => f.process === p && f.runtime === r);
  const ratios = (['api', 'worker'] as const).map((p) => ({
    process: p,
    startup: ratio(of(p, 'node')?.startupMs, of(p, 'tsx')?.startupMs),
    idleRss: ratio(of(p, 'node')?.idleRssMiB, of(p, 'tsx')?.idleRssMiB),
  }));
  return { buildSeconds: round(buildSeconds, 1), figures, ratios };
}

async function startOnce(
  processName: 'api' | 'worker',
  args: string[],
  opts: { dataDir: string; env: NodeJS.ProcessEnv },
  logName: string,
): Promise<{ startupMs: number; rssBytes: number }> {
  const port = await freePort();
  const env = {
    ...opts.env,
    PORT: String(port),
    // Its own task queue: a worker measured here must not take the bench's workflow tasks.
    TEMPORAL_TASK_QUEUE: 'bench-startup',
    TEMPORAL_METRICS_PORT: '0',
    LOG_LEVEL: 'info',
  };
  const log = createWriteStream(path.join(opts.dataDir, `startup-${logName}.log`));
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  try {
    if (processName === 'api') await apiReady(child, `http://127.0.0.1:${port}/readyz`);
    else await lineReady(child, 'worker ready');
    const startupMs = Date.now() - started;
    await sleep(SETTLE_MS);
    return { startupMs, rssBytes: groupUsage(child.pid ?? 0).rssBytes };
  } finally {
    await stopGroup(child);
  }
}

async function apiReady(child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the api exited with ${child.exitCode} before /readyz`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(25);
  }
  throw new Error(`no 200 from ${url} within ${READY_TIMEOUT_MS} ms`);
}

function lineReady(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before "${text}"`));
    });
  });
}

/** SIGTERM to the group (graceful, as `docker stop`), SIGKILL after 15 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (!pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
  kill('SIGKILL'); // anything of the group left behind
}
