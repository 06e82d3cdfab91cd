import os from 'node:os';
import path from 'node:path';

/** `npm run bench -- [--quick] [--concurrency 20,50] [--workers 1,2] [--lifecycles N] [--waiting N] ...` */
export interface BenchOptions {
  quick: boolean;
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
  return {
    quick,
    concurrency: list('--concurrency', quick ? [3] : [20, 50]),
    workers: list('--workers', [1]),
    lifecycles: number('--lifecycles', quick ? 6 : 200),
    waiting: number('--waiting', quick ? 50 : 2000),
    webhookSeconds: number('--webhook-seconds', quick ? 1 : 5),
    webhookSenders: number('--webhook-senders', 50),
    dataDir: path.resolve(value('--data-dir') ?? path.join(os.tmpdir(), `booking-bench-${process.pid}`)),
    keepData: argv.includes('--keep-data'),
  };
}
