import os from 'node:os';
import path from 'node:path';

/**
 * `npm run chaos -- [--leads N] [--seed S] [--quick] [--worker-kills N] [--service-kills N]
 * [--temporal-kills N] [--data-dir DIR] [--keep-data]`
 */
export interface ChaosOptions {
  leads: number;
  seed: number;
  /** Leads whose journeys run at the same time. */
  concurrency: number;
  workerKills: number;
  serviceKills: number;
  /** SIGKILLs of the Temporal server alone, restarted on the same data after `temporalOutageMs`. */
  temporalKills: number;
  temporalOutageMs: number;
  /** Share of leads that send two texts at the same moment. */
  doubleTextShare: number;
  /** Share of leads that book through the Calendly demo workspace. */
  calendlyShare: number;
  dataDir: string;
  keepData: boolean;
}

export function parseChaosOptions(argv: readonly string[]): ChaosOptions {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i >= 0) return argv[i + 1];
    const inline = argv.find((a) => a.startsWith(`${name}=`));
    return inline?.slice(name.length + 1);
  };
  const quick = argv.includes('--quick');
  const number = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} expects a non-negative integer, got ${raw}`);
    return n;
  };
  const seed = number('--seed', Math.floor(Math.random() * 1_000_000));
  const leads = number('--leads', quick ? 20 : 200);
  return {
    leads,
    seed,
    concurrency: number('--concurrency', quick ? 10 : 16),
    workerKills: number('--worker-kills', quick ? 1 : 2),
    serviceKills: number('--service-kills', quick ? 1 : 2),
    temporalKills: number('--temporal-kills', 1),
    temporalOutageMs: number('--temporal-outage-ms', 6_000),
    doubleTextShare: 0.4,
    calendlyShare: quick ? 0.2 : 0.15,
    dataDir: path.resolve(
      value('--data-dir') ?? path.join(os.tmpdir(), `booking-chaos-${seed}-${process.pid}`),
    ),
    keepData: argv.includes('--keep-data'),
  };
}
