import os from 'node:os';
import path from 'node:path';
import { integerFlag, readFlags } from '../lib/cliArgs';

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

export const CHAOS_USAGE =
  'npm run chaos -- [--leads N] [--seed S] [--quick] [--concurrency C] [--worker-kills N] [--service-kills N] ' +
  '[--temporal-kills N] [--temporal-outage-ms MS] [--data-dir DIR] [--keep-data]';

const VALUE_FLAGS = [
  'leads',
  'seed',
  'concurrency',
  'worker-kills',
  'service-kills',
  'temporal-kills',
  'temporal-outage-ms',
  'data-dir',
] as const;

export function parseChaosOptions(argv: readonly string[]): ChaosOptions {
  const flags = readFlags(argv, { values: VALUE_FLAGS, switches: ['quick', 'keep-data'] }, CHAOS_USAGE);
  const quick = flags.quick === true;
  const number = (name: string, fallback: number) => integerFlag(flags, name, fallback);
  const seed = number('seed', Math.floor(Math.random() * 1_000_000));
  return {
    leads: number('leads', quick ? 20 : 200),
    seed,
    concurrency: number('concurrency', quick ? 10 : 16),
    workerKills: number('worker-kills', quick ? 1 : 2),
    serviceKills: number('service-kills', quick ? 1 : 2),
    temporalKills: number('temporal-kills', 1),
    temporalOutageMs: number('temporal-outage-ms', 6_000),
    doubleTextShare: 0.4,
    calendlyShare: quick ? 0.2 : 0.15,
    dataDir: path.resolve(
      (flags['data-dir'] as string | undefined) ??
        path.join(os.tmpdir(), `booking-chaos-${seed}-${process.pid}`),
    ),
    keepData: flags['keep-data'] === true,
  };
}
