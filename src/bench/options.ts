import os from 'node:os';
import path from 'node:path';

/** `npm run bench -- [--quick] [--engine dev|server] [--concurrency 20,50] [--workers 1,2] [--lifecycles N] ...` */
export interface BenchOptions {
  quick: boolean;
  /** The Temporal engine: the dev server on SQLite (`npm start`'s default) or the real server on PostgreSQL. */
  engine: 'dev' | 'server';
  /** Leads in flight at once, one measured phase per level. */
  concurrency: number[];
  /** Worker processes polling the task queue, one set of lifecycle phases per count. */
  workers: number[];
  /** Lifecycles per measured phase (service and baseline alike). */
  lifecycles: number;
  /** Leads left waiting for a reply for the memory measurement. */
  waiting: number;
  /** Seconds each webhook kind is sent for. */
  webhookSeconds: number;
  /** Concurrent webhook senders. */
  webhookSenders: number;
  /** Start-ups of each entry point (api, worker) under each runtime (tsx, compiled node); the median counts. */
  startupRuns: number;
  dataDir: string;
  keepData: boolean;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const quick = argv.includes('--quick');
  const positive = (name: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} expects positive integers, got ${raw}`);
    return n;
  };
  const number = (name: string, fallback: number) => {
    const raw = value(name);
    return raw === undefined ? fallback : positive(name, raw);
  };
  const list = (name: string, fallback: number[]) => {
    const raw = value(name);
    return raw === undefined ? fallback : raw.split(',').map((r) => positive(name, r.trim()));
  };
  const engine = value('--engine') ?? 'dev';
  if (engine !== 'dev' && engine !== 'server')
    throw new Error(`--engine expects dev or server, got ${engine}`);
  return {
    quick,
    engine,
    concurrency: list('--concurrency', quick ? [3] : [20, 50]),
    // The real server is where scaling out is the question: 1 and 2 worker processes by default.
    workers: list('--workers', engine === 'server' && !quick ? [1, 2] : [1]),
    lifecycles: number('--lifecycles', quick ? 6 : 200),
    waiting: number('--waiting', quick ? 50 : 2000),
    webhookSeconds: number('--webhook-seconds', quick ? 1 : 5),
    webhookSenders: number('--webhook-senders', 50),
    startupRuns: number('--startup-runs', quick ? 1 : 3),
    dataDir: path.resolve(value('--data-dir') ?? path.join(os.tmpdir(), `booking-bench-${process.pid}`)),
    keepData: argv.includes('--keep-data'),
  };
}
