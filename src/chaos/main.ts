/**
 * `npm run chaos -- [--leads N] [--seed S] [--quick] [--keep-data] [--data-dir D] [--concurrency C]
 *  [--worker-kills K] [--service-kills K]`: runs the service on embedded
 * defaults as a child process, drives N leads through its public API while provider faults, double
 * texts, duplicated/reordered webhooks and SIGKILLs (the extra worker, and the whole service) happen,
 * then checks every lead against the workflow, the provider sandbox and the database.
 * The last stdout line is the JSON summary; the exit code is 0 only when it says ok.
 */
import { parseChaosOptions } from './options';
import { type ChaosSummary, cleanUp, runChaos } from './run';

async function main() {
  const options = parseChaosOptions(process.argv.slice(2));
  const log = (line: string) =>
    process.stderr.write(`${new Date().toISOString().slice(11, 19)}  chaos: ${line}\n`);
  log(`seed ${options.seed}, ${options.leads} leads (replay with --seed ${options.seed})`);
  let summary: ChaosSummary | undefined;
  try {
    summary = await runChaos(options, log);
  } finally {
    cleanUp(options, summary, log);
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(summary.ok ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`chaos run failed: ${err instanceof Error ? (err.stack ?? err.message) : err}\n`);
  process.stdout.write(
    `${JSON.stringify({ ok: false, error: String(err instanceof Error ? err.message : err) })}\n`,
  );
  process.exit(1);
});
