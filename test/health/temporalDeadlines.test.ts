import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { unavailableDependency } from '../../src/lib/dependencyUnavailable';
import { connectTemporalClient } from '../../src/temporal/connection';
import { slowUpdate } from './slowUpdateWorkflow';

// The default gRPC deadline bounds calls to a Temporal that does not answer (test/health/readiness.test.ts),
// but must not cut short the calls that wait on the workflow by design: the server holds an Update call
// until the Update completes, however short the client's deadline.
const RPC_TIMEOUT_MS = 1_000;
const config = loadConfig({ NODE_ENV: 'test', TEMPORAL_RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS) });
const taskQueue = `deadlines-${Date.now()}`;
let client: Awaited<ReturnType<typeof connectTemporalClient>>;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  client = await connectTemporalClient(config, inject('temporalAddress'));
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
    taskQueue,
    workflowsPath: path.join(__dirname, 'slowUpdateWorkflow.ts'),
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await client?.connection.close();
});

describe('Temporal call deadlines', () => {
  it('an Update that takes several times the per-call deadline still answers', async () => {
    const handle = await client.workflow.start('slowUpdateWorkflow', {
      taskQueue,
      workflowId: `slow-update-${Date.now()}`,
    });
    const ms = 4 * RPC_TIMEOUT_MS;
    const started = performance.now();
    await expect(handle.executeUpdate(slowUpdate, { args: [ms] })).resolves.toBe(`answered after ${ms} ms`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(ms);
    // And the workflow's result, a history long poll, too.
    await expect(handle.result()).resolves.toBeUndefined();
  });

  it('an ordinary call still gets the short deadline', async () => {
    // A query to a workflow no worker polls for waits in the server: the deadline ends it.
    const handle = await client.workflow.start('slowUpdateWorkflow', {
      taskQueue: `${taskQueue}-nobody-polls`,
      workflowId: `unpolled-${Date.now()}`,
    });
    const started = performance.now();
    const err = await handle.query('__stack_trace').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(performance.now() - started).toBeLessThan(RPC_TIMEOUT_MS + 1_500);
    // The gRPC DEADLINE_EXCEEDED underneath (or CANCELLED, when a loaded server gives up first) is what
    // the API answers 503 `unavailable` for.
    const cause = (err as { cause?: { code?: number; details?: string } })?.cause;
    expect([1, 4], `gRPC status ${cause?.code}: ${cause?.details ?? String(err)}`).toContain(cause?.code);
    expect(unavailableDependency(err)).toBe('temporal');
    await handle.terminate();
  });
});
