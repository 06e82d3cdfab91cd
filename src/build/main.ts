/**
 * `npm run build [-- --out-dir D]`: the production build, run with `node D/src/main/<entry>.js`.
 * 1. tsc (tsconfig.build.json) compiles src/ (the generated Prisma client included), workflows/ and
 *    activities/ to JavaScript under D (default dist/), keeping the source layout;
 * 2. the workflow code is bundled once, here, into D/workflow-bundle.js, which the compiled worker
 *    loads instead of running webpack at every start (src/temporal/worker.ts);
 * 3. the files the compiled code reads at run time are copied next to it: the migration scripts
 *    (src/db/*.mjs, run in their own Node process) and prisma/ (schema and migrations they apply).
 * node_modules is not copied: D is meant to sit inside the project (or the image) whose
 * node_modules Node finds by walking up; a D elsewhere needs a node_modules link at its root.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_FILE } from '../temporal/worker';

const ROOT = path.resolve(__dirname, '..', '..');

function outDirOf(argv: readonly string[]): string {
  const i = argv.indexOf('--out-dir');
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--out-dir='))?.slice(10);
  if (i >= 0 && !raw) throw new Error('--out-dir expects a directory');
  return path.resolve(ROOT, raw ?? 'dist');
}

const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function build(outDir: string): Promise<void> {
  const started = Date.now();
  // A clean output: compiled files of deleted sources must not linger.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  console.log(`compiled to ${outDir} (${elapsed(started)})`);

  const bundling = Date.now();
  // From the sources, like the development worker: the bundle is what `npm run worker` would run.
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(ROOT, 'workflows', 'index.ts'),
    logger: quietLogger,
  });
  writeFileSync(path.join(outDir, WORKFLOW_BUNDLE_FILE), bundle.code);
  console.log(
    `workflow bundle ${WORKFLOW_BUNDLE_FILE}: ${(bundle.code.length / 1024).toFixed(0)} KiB (${elapsed(bundling)})`,
  );

  const db = path.join(ROOT, 'src', 'db');
  for (const file of readdirSync(db).filter((f) => f.endsWith('.mjs')))
    cpSync(path.join(db, file), path.join(outDir, 'src', 'db', file));
  cpSync(path.join(ROOT, 'prisma'), path.join(outDir, 'prisma'), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || /\.(prisma|sql|toml)$/.test(src),
  });
  const shown = outDir.startsWith(`${ROOT}${path.sep}`) ? path.relative(ROOT, outDir) : outDir;
  console.log(
    `build done in ${elapsed(started)}: node ${shown}/src/main/api.js, node ${shown}/src/main/worker.js`,
  );
}

/** webpack's progress lines are noise in a build log; warnings and errors still show. */
const quietLogger = {
  info() {},
  debug() {},
  trace() {},
  log() {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

build(outDirOf(process.argv.slice(2))).catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
