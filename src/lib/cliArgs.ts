import { parseArgs } from 'node:util';

/**
 * The flags of a command-line tool of ours (`npm run bench`, `npm run chaos`), read strictly with Node's
 * own `util.parseArgs`: an unknown or misspelt flag is an error naming it, never a silent default run
 * (a `--help` that started a full 20-minute bench taught us that). `--help` prints the usage and exits.
 */
/** The flags a tool takes: those with a value (`--leads 20`) and switches (`--quick`). */
export interface FlagSpec {
  values: readonly string[];
  switches: readonly string[];
}
export type Flags = Record<string, string | boolean | undefined>;

export class UsageError extends Error {}

export function readFlags(argv: readonly string[], spec: FlagSpec, usage: string): Flags {
  let values: Flags;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(spec.values.map((name) => [name, { type: 'string' as const }])),
        ...Object.fromEntries(spec.switches.map((name) => [name, { type: 'boolean' as const }])),
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }) as { values: Flags });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nusage: ${usage}`);
  }
  if (values.help) {
    process.stdout.write(`usage: ${usage}\n`);
    process.exit(0);
  }
  return values;
}

/** A flag's value as a whole number of at least `min`, or `fallback` when the flag is absent. */
export function integerFlag(flags: Flags, name: string, fallback: number, min = 0): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} expects an integer ≥ ${min}, got ${String(raw)}`);
  return n;
}
