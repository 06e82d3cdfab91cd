import os from 'node:os';
import path from 'node:path';
import { integerFlag, readFlags, UsageError } from '../lib/cliArgs';

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

export const BENCH_USAGE =
  'npm run bench -- [--quick] [--engine dev|server] [--concurrency 20,50] [--workers 1,2] [--lifecycles N] ' +
  '[--waiting N] [--webhook-seconds S] [--webhook-senders N] [--startup-runs N] [--data-dir D] [--keep-data]';

const VALUE_FLAGS = [
  'engine',
  'concurrency',
  'workers',
  'lifecycles',
  'waiting',
  'webhook-seconds',
  'webhook-senders',
  'startup-runs',
  'data-dir',
] as const;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const flags = readFlags(argv, { values: VALUE_FLAGS, switches: ['quick', 'keep-data'] }, BENCH_USAGE);
  const quick = flags.quick === true;
  const number = (name: string, fallback: number) => integerFlag(flags, name, fallback, 1);
  const list = (name: string, fallback: number[]) => {
    const raw = flags[name];
    if (typeof raw !== 'string') return fallback;
    return raw.split(',').map((r) => integerFlag({ [name]: r.trim() }, name, 0, 1));
  };
  const engine = (flags.engine as string | undefined) ?? 'dev';
  if (engine !== 'dev' && engine !== 'server')
    throw new UsageError(`--engine expects dev or server, got ${engine}`);
  return {
    quick,
    engine,
    concurrency: list('concurrency', quick ? [3] : [20, 50]),
    // The real server is where scaling out is the question: 1 and 2 worker processes by default.
    workers: list('workers', engine === 'server' && !quick ? [1, 2] : [1]),
    lifecycles: number('lifecycles', quick ? 6 : 200),
    waiting: number('waiting', quick ? 50 : 2000),
    webhookSeconds: number('webhook-seconds', quick ? 1 : 5),
    webhookSenders: number('webhook-senders', 50),
    startupRuns: number('startup-runs', quick ? 1 : 3),
    dataDir: path.resolve(
      (flags['data-dir'] as string | undefined) ?? path.join(os.tmpdir(), `booking-bench-${process.pid}`),
    ),
    keepData: flags['keep-data'] === true,
  };
}
