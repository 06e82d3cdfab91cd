import { existsSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { ActivityDeps } from '../../activities/deps';
import type { AppConfig } from '../config';
import { temporalConnectionOptions } from './connection';

/** Running the compiled build (`node dist/...`) rather than TypeScript through tsx or vitest. */
const COMPILED = __filename.endsWith('.js');

/** The workflow bundle's entry point, next to this file's own tree (source under tsx, compiled in dist/). */
export const WORKFLOWS_PATH = path.resolve(__dirname, '../../workflows', COMPILED ? 'index.js' : 'index.ts');

/** Where `npm run build` writes the workflow bundle: the root of its output directory. */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

/**
 * The bundle `npm run build` made, when this is the compiled build and it exists: the worker then
 * starts without running webpack (seconds of CPU and ~100 MiB at every start). Under tsx there is
 * never one, so development always bundles the workflow code as it is on disk.
 */
export function prebuiltWorkflowBundle(): { codePath: string } | undefined {
  if (!COMPILED) return undefined;
  const codePath = path.resolve(__dirname, '../..', WORKFLOW_BUNDLE_FILE);
  return existsSync(codePath) ? { codePath } : undefined;
}

/**
 * A worker for the lead booking task queue. Tests pass a pre-built `workflowBundle` so the workflow
 * code is bundled once per run rather than once per test file; the compiled build uses its own.
 */
export async function createBookingWorker(opts: {
  config: AppConfig;
  address: string;
  deps: ActivityDeps;
  taskQueue?: string;
  workflowBundle?: WorkerOptions['workflowBundle'];
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect(temporalConnectionOptions(opts.config, opts.address));
  const workflowBundle = opts.workflowBundle ?? prebuiltWorkflowBundle();
  const worker = await Worker.create({
    connection,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    taskQueue: opts.taskQueue ?? opts.config.TEMPORAL_TASK_QUEUE,
    activities: createActivities(opts.deps),
    maxCachedWorkflows: opts.config.WORKER_WORKFLOW_CACHE_SIZE,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
  return { worker, connection };
}
