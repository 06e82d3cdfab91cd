/**
 * `npm run fuzz [-- --requests N --seed S]`: starts the whole service in this process on embedded
 * defaults (its own PostgreSQL and Temporal dev server, the provider sandboxes, API and worker), sends
 * N generated hostile requests over every route (default 5,000) and checks: 0 answers ≥ 500, 0 hostile
 * requests accepted (2xx/3xx), 0 rows written, 0 workflows started/signalled/updated. Prints a JSON
 * summary as its last line; exits 1 when any of those fails.
 */
import { parseArgs } from 'node:util';
import { fuzzPassed, runFuzz } from './run';
import { startFuzzStack } from './stack';

async function main() {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '5000' }, seed: { type: 'string' } },
  });
  const requests = Number(values.requests);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(seed))
    throw new Error('usage: npm run fuzz -- [--requests N] [--seed S]');
  const started = Date.now();
  console.error(
    `fuzz: starting the service (embedded PostgreSQL, Temporal dev server, sandboxes, API, worker)...`,
  );
  const stack = await startFuzzStack();
  try {
    console.error(
      `fuzz: ${stack.target.routes.length} routes; sending ${requests} hostile requests (seed ${seed})`,
    );
    const summary = await runFuzz({
      target: stack.target,
      db: stack.services.db,
      temporal: stack.services.temporal,
      requests,
      seed,
      onProgress: (n) => console.error(`fuzz: ${n}/${requests}`),
    });
    const ok = fuzzPassed(summary);
    console.error(`fuzz: ${ok ? 'PASSED' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
    if (summary.failures.length) console.error(JSON.stringify(summary.failures, null, 2));
    const { failures: _f, ...rest } = summary;
    process.stdout.write(`${JSON.stringify(rest)}\n`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await stack.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
