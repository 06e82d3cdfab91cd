import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { ActivityDeps } from '../../activities/deps';
import type { AppConfig } from '../config';
import { temporalConnectionOptions } from './connection';

export const WORKFLOWS_PATH = path.resolve(__dirname, '../../workflows/index.ts');

/**
 * A worker for the lead booking task queue. Tests pass a pre-built `workflowBundle` so the workflow
 * code is bundled once per run rather than once per test file.
 */
export async function createBookingWorker(opts: {
  config: AppConfig;
  address: string;
  deps: ActivityDeps;
  taskQueue?: string;
  workflowBundle?: WorkerOptions['workflowBundle'];
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect(temporalConnectionOptions(opts.config, opts.address));
  const worker = await Worker.create({
    connection,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    taskQueue: opts.taskQueue ?? opts.config.TEMPORAL_TASK_QUEUE,
    activities: createActivities(opts.deps),
    maxCachedWorkflows: opts.config.WORKER_WORKFLOW_CACHE_SIZE,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
  return { worker, connection };
}
