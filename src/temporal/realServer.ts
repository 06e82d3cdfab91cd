// Over 250 lines on purpose: the real Temporal server's whole start sequence (databases, schema, config,
// server, namespace, search attributes, UI) in order.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { AppConfig } from '../config';
import { ensureNamespace, registerSearchAttributes } from '../main/setupTemporal';
import { isPortOpen } from './devServer';
import { type RealServerBinaries, resolveRealServerBinaries } from './realServerBinaries';
import {
  dynamicConfigYaml,
  type PostgresTarget,
  type RealServerPorts,
  serverConfigYaml,
  standardPorts,
  uiServerConfigYaml,
} from './realServerConfig';
import { SEARCH_ATTRIBUTES } from './searchAttributes';

/**
 * The real multi-service Temporal server (engine `server`) on a PostgreSQL we were given, with SQL
 * visibility, the way a production cluster runs it: databases created and schema applied with
 * Temporal's own SQL tool (idempotent), a generated config, the namespace created and our search
 * attributes registered through the operator API (a real cluster does neither by itself), then the
 * Web UI server. Used by `npm start` (TEMPORAL_ENGINE=server), the test global setup and the
 * server-crash test, which kills and restarts it on the same data.
 */
export interface RealServerOptions {
  binaries: RealServerBinaries;
  /** Holds the generated config and the logs. */
  dataDir: string;
  postgres: PostgresTarget;
  /** Database names (default `temporal` and `temporal_visibility`). */
  databases?: { persistence: string; visibility: string };
  ports: RealServerPorts;
  /** Web UI server port; omit to run without the UI. */
  uiPort?: number;
  namespace?: string;
  numHistoryShards?: number;
  log?: (msg: string) => void;
}

export interface RunningRealServer {
  address: string;
  uiUrl?: string;
  /** The server's combined stdout/stderr. */
  logFile: string;
  /** False when a server already answering on the frontend port was reused. */
  owned: boolean;
  /** Current server process id (changes on restart). */
  readonly pid: number | undefined;
  /** Sends a signal to the server process and waits until it exited (SIGKILL: a crash). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same config and data; resolves once it serves the namespace. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const ENV_NAME = 'embedded';

export async function startRealServer(opts: RealServerOptions): Promise<RunningRealServer> {
  const log = opts.log ?? (() => {});
  const namespace = opts.namespace ?? 'default';
  const databases = opts.databases ?? { persistence: 'temporal', visibility: 'temporal_visibility' };
  const dataDir = path.resolve(opts.dataDir);
  const address = `127.0.0.1:${opts.ports.frontend}`;
  const logFile = path.join(dataDir, 'temporal-server.log');
  mkdirSync(path.join(dataDir, 'config', 'dynamicconfig'), { recursive: true });

  if (await isPortOpen(opts.ports.frontend)) {
    // Like the dev server: a server already on the port (an earlier `npm start`) is reused as it is.
    await waitForFrontend(address, START_TIMEOUT_MS, () => undefined, logFile);
    await ensureNamespaceAndSearchAttributes(address, namespace);
    return {
      address,
      uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined,
      logFile,
      owned: false,
      pid: undefined,
      kill: async () => {
        throw new Error('cannot kill a reused Temporal server');
      },
      restart: async () => {},
      stop: async () => {},
    };
  }

  const schemaStarted = Date.now();
  await applySchema(opts.binaries, opts.postgres, databases, path.join(dataDir, 'schema.log'));
  log(
    `Temporal schema applied to ${databases.persistence} and ${databases.visibility} in ${Date.now() - schemaStarted} ms`,
  );

  const dynamicConfigFile = path.join(dataDir, 'config', 'dynamicconfig', 'embedded.yaml');
  writeFileSync(dynamicConfigFile, dynamicConfigYaml());
  writeFileSync(
    path.join(dataDir, 'config', `${ENV_NAME}.yaml`),
    serverConfigYaml({
      postgres: opts.postgres,
      databases,
      ports: opts.ports,
      dynamicConfigFile,
      numHistoryShards: opts.numHistoryShards ?? 4,
    }),
    { mode: 0o600 }, // it holds the database password
  );

  let server: ManagedProcess | undefined;
  const launch = async () => {
    const started = Date.now();
    // `--config` is joined to `--root`: an absolute --config with the default root breaks (recipe §4).
    server = spawnLogged(
      opts.binaries.server,
      ['--root', dataDir, '--config', 'config', '--env', ENV_NAME, '--allow-no-auth', 'start'],
      logFile,
    );
    await waitForFrontend(address, START_TIMEOUT_MS, () => server?.exitCode(), logFile);
    await ensureNamespaceAndSearchAttributes(address, namespace);
    log(`Temporal server ${address} serving namespace ${namespace} ${Date.now() - started} ms after start`);
  };
  await launch();

  let ui: ManagedProcess | undefined;
  let uiUrl: string | undefined;
  if (opts.uiPort) {
    const uiRoot = path.join(dataDir, 'ui');
    mkdirSync(path.join(uiRoot, 'config'), { recursive: true });
    writeFileSync(
      path.join(uiRoot, 'config', 'base.yaml'),
      uiServerConfigYaml({ frontend: address, port: opts.uiPort, namespace }),
    );
    const uiLog = path.join(dataDir, 'temporal-ui-server.log');
    ui = spawnLogged(
      opts.binaries.uiServer,
      ['--root', uiRoot, '--config', 'config', '--env', ENV_NAME, 'start'],
      uiLog,
    );
    uiUrl = `http://127.0.0.1:${opts.uiPort}`;
    await waitForHttp(uiUrl, START_TIMEOUT_MS, () => ui?.exitCode(), uiLog);
  }

  return {
    address,
    uiUrl,
    logFile,
    owned: true,
    get pid() {
      return server?.pid;
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      await server?.stop(signal, 0);
    },
    async restart() {
      if (server && server.exitCode() === undefined) throw new Error('the Temporal server is still running');
      await launch();
    },
    async stop() {
      await ui?.stop('SIGTERM', STOP_GRACE_MS);
      await server?.stop('SIGTERM', STOP_GRACE_MS);
    },
  };
}

/** Creates both databases and brings their schema to the release's version; a no-op when it is there. */
async function applySchema(
  binaries: RealServerBinaries,
  pg: PostgresTarget,
  databases: { persistence: string; visibility: string },
  logFile: string,
): Promise<void> {
  const env = {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: pg.host,
    SQL_PORT: String(pg.port),
    SQL_USER: pg.user,
    SQL_PASSWORD: pg.password,
  };
  for (const [db, folder] of [
    [databases.persistence, 'temporal'],
    [databases.visibility, 'visibility'],
  ] as const) {
    const steps = [
      ['--db', db, 'create-database'],
      ['--db', db, 'setup-schema', '-v', '0.0'],
      ['--db', db, 'update-schema', '-d', path.join(binaries.schemaDir, folder, 'versioned')],
    ];
    for (const args of steps) {
      const code = await runLogged(binaries.sqlTool, args, logFile, env);
      if (code !== 0) {
        throw new Error(
          `Temporal schema step \`${path.basename(binaries.sqlTool)} ${args.join(' ')}\` failed (exit ${code}); see ${logFile}:\n${tail(logFile)}`,
        );
      }
    }
  }
}

/**
 * Creates the namespace (a real cluster starts without one) and registers our search attributes on it
 * (with SQL visibility they belong to one namespace), then waits until a visibility query using every
 * attribute is accepted: only then can the service start workflows that upsert them.
 */
export async function ensureNamespaceAndSearchAttributes(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 5_000 });
  try {
    await retryUntil(() => ensureNamespace(connection, namespace, '1 day'), `namespace ${namespace}`);
    await retryUntil(
      () => connection.workflowService.describeNamespace({ namespace }),
      `namespace ${namespace} on ${address}`,
    );
    await retryUntil(
      () => registerSearchAttributes(connection, namespace),
      `search attributes on ${namespace}`,
    );
    const query = Object.keys(SEARCH_ATTRIBUTES)
      .map((name) => `${name} IS NULL`)
      .join(' AND ');
    await retryUntil(
      () => connection.workflowService.listWorkflowExecutions({ namespace, query, pageSize: 1 }),
      `a visibility query on ${namespace} using every search attribute`,
    );
  } finally {
    await connection.close();
  }
}

async function retryUntil<T>(fn: () => Promise<T>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`Temporal: ${what} not ready after ${timeoutMs} ms: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Waits until the frontend answers a real call (not only its port): system info needs the services up. */
async function waitForFrontend(
  address: string,
  timeoutMs: number,
  exitCode: () => number | null | undefined,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const code = exitCode();
    if (code !== undefined) {
      throw new Error(
        `Temporal server exited (code ${code}) before serving; see ${logFile}:\n${tail(logFile)}`,
      );
    }
    try {
      const conn = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await conn.workflowService.getSystemInfo({});
        return;
      } finally {
        await conn.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(
    `Temporal server at ${address} not serving after ${timeoutMs} ms (${(lastError as Error)?.message}); see ${logFile}:\n${tail(logFile)}`,
  );
}

async function waitForHttp(
  url: string,
  timeoutMs: number,
  exitCode: () => number | null | undefined,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const code = exitCode();
    if (code !== undefined)
      throw new Error(
        `Temporal UI server exited (code ${code}) before serving; see ${logFile}:\n${tail(logFile)}`,
      );
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `Temporal UI server at ${url} not serving after ${timeoutMs} ms; see ${logFile}:\n${tail(logFile)}`,
  );
}

interface ManagedProcess {
  readonly pid: number | undefined;
  /** undefined while running; the exit code (null when killed by a signal) once exited. */
  exitCode(): number | null | undefined;
  /** Sends `signal`, then SIGKILL after `graceMs`; resolves once the process exited. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
}

// Children still running when this process exits (a crash, process.exit) are killed with it: a
// leftover server would keep the ports and the database busy for the next start.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function spawnLogged(command: string, args: string[], logFile: string): ManagedProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  live.add(child);
  let code: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (c) => {
      code = c;
      live.delete(child);
      resolve();
    });
    child.once('error', (err) => {
      code = -1;
      live.delete(child);
      writeFileSync(logFile, `\nspawn ${command} failed: ${err.message}\n`, { flag: 'a' });
      resolve();
    });
  });
  return {
    pid: child.pid,
    exitCode: () => code,
    async stop(signal, graceMs) {
      if (code !== undefined) return;
      child.kill(signal);
      const timer = graceMs > 0 ? setTimeout(() => child.kill('SIGKILL'), graceMs) : undefined;
      await exited;
      clearTimeout(timer);
    },
  };
}

async function runLogged(
  command: string,
  args: string[],
  logFile: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  writeFileSync(logFile, `$ ${path.basename(command)} ${args.join(' ')}\n`, { flag: 'a' });
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  return new Promise((resolve) => {
    child.once('exit', (c) => resolve(c ?? -1));
    child.once('error', () => resolve(-1));
  });
}

function tail(file: string, chars = 2_000): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').slice(-chars);
}

/** host/port/user/password of a postgresql:// URL, for the server config and the SQL tool. */
export function postgresTargetOf(url: string): PostgresTarget {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

/**
 * `npm start` with TEMPORAL_ENGINE=server: binaries resolved (built once), databases in the PostgreSQL
 * the service uses, Temporal's standard port layout around TEMPORAL_PORT, the UI on TEMPORAL_UI_PORT,
 * config and logs under `<DATA_DIR>/temporal-server`.
 */
export async function startConfiguredRealServer(
  config: AppConfig,
  opts: { dataDir: string; databaseUrl: string; log: (msg: string) => void },
): Promise<RunningRealServer> {
  const binaries = resolveRealServerBinaries(
    {
      serverPath: config.TEMPORAL_SERVER_PATH,
      sqlToolPath: config.TEMPORAL_SQL_TOOL_PATH,
      uiServerPath: config.TEMPORAL_UI_SERVER_PATH,
    },
    opts.log,
  );
  return startRealServer({
    binaries,
    dataDir: path.join(opts.dataDir, 'temporal-server'),
    postgres: postgresTargetOf(opts.databaseUrl),
    ports: standardPorts(config.TEMPORAL_PORT),
    uiPort: config.TEMPORAL_UI_PORT,
    namespace: config.TEMPORAL_NAMESPACE,
    log: opts.log,
  });
}
