import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from './searchAttributes';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  uiPort: number;
  /** Pin the HTTP API and metrics ports (tests pick free ones; otherwise the CLI picks its own). */
  httpPort?: number;
  metricsPort?: number;
  /** SQLite file so workflows survive restarts; omit for in-memory (tests). */
  dbFile?: string;
  namespace?: string;
  log?: (line: string) => void;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  /** False when an already running server on that port was reused. */
  owned: boolean;
  /** Current server process id (changes on restart; undefined when reused). */
  readonly pid: number | undefined;
  /** Sends a signal to the server process and waits until it exited (SIGKILL: a crash). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again with the same arguments (same SQLite file); resolves once it serves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `temporal server start-dev` with our search attributes, or reuses one already on the port. */
export async function startDevServer(opts: DevServerOptions): Promise<RunningDevServer> {
  const address = `127.0.0.1:${opts.port}`;
  const uiUrl = `http://127.0.0.1:${opts.uiPort}`;
  if (await isPortOpen(opts.port)) {
    await waitForTemporal(address, 10_000);
    return {
      address,
      uiUrl,
      owned: false,
      pid: undefined,
      kill: async () => {
        throw new Error('cannot kill a reused Temporal dev server');
      },
      restart: async () => {},
      stop: async () => {},
    };
  }
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    '--namespace',
    opts.namespace ?? 'default',
    '--log-level',
    'warn',
  ];
  if (opts.httpPort) args.push('--http-port', String(opts.httpPort));
  if (opts.metricsPort) args.push('--metrics-port', String(opts.metricsPort));
  if (opts.dbFile) {
    mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  // One partition per task queue: with the dev server's default of four, a task written to a partition
  // no poller happened to be on waited there (an offer's activity sat 32 s while the worker was idle).
  // One worker on one dev server is far below what needs partitions; clusters size them (docs/performance.md).
  args.push('--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1');
  args.push('--dynamic-config-value', 'matching.numTaskqueueWritePartitions=1');
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES))
    args.push('--search-attribute', `${name}=${type}`);

  const log = opts.log ?? (() => {});
  let current = await spawnUntilReady(opts.cliPath, args, address, log);
  return {
    address,
    uiUrl,
    owned: true,
    get pid() {
      return current.child.pid;
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (current.child.exitCode !== null || current.child.signalCode !== null) return;
      current.child.kill(signal);
      await current.exited;
    },
    async restart() {
      if (current.child.exitCode === null && current.child.signalCode === null)
        throw new Error('the Temporal dev server is still running');
      current = await spawnUntilReady(opts.cliPath, args, address, log);
    },
    async stop() {
      const { child, exited } = current;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface DevServerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
}

async function spawnUntilReady(
  cliPath: string,
  args: string[],
  address: string,
  log: (line: string) => void,
): Promise<DevServerProcess> {
  const child: ChildProcess = spawn(cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => log(String(d).trimEnd()));
  child.stderr?.on('data', (d) => log(String(d).trimEnd()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = waitForTemporal(address, 60_000);
  const output: string[] = [];
  child.stderr?.on('data', (d) => output.push(String(d)));
  const first = await Promise.race([ready.then(() => 'ready' as const), exited.then((c) => c)]);
  if (first !== 'ready')
    throw new Error(
      `temporal dev server exited with code ${first} before it was ready:\n${output.join('').slice(-2000)}`,
    );
  return { child, exited };
}

export async function waitForTemporal(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const conn = await Connection.connect({ address, connectTimeout: 2000 });
      await conn.healthService.check({});
      await conn.close();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal at ${address} not ready after ${timeoutMs} ms: ${(lastError as Error)?.message}`);
}
