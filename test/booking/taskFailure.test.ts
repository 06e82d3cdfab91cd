import path from 'node:path';
import { Writable } from 'node:stream';
import { bundleWorkflowCode, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { createBookingWorker } from '../../src/temporal/worker';
import { api } from '../support/api';
import { eventually, type Harness, startHarness } from '../support/harness';

// A deploy that breaks determinism wedges every lead workflow it touches: the worker fails the workflow
// task again and again, and the workflow's own code (which would flag it) is what fails. Operators must
// still see it: a metric, an error log line naming the run, and a booking endpoint answering 503 with
// the workflow id instead of 500.

const logLines: string[] = [];
let h: Harness;
beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(chunk.toString());
      cb();
    },
  });
  h = await startHarness({}, { logger: createLogger({ level: 'info', destination }) });
});
afterAll(async () => {
  await h?.close();
});

async function startBrokenWorker(): Promise<{ worker: Worker; running: Promise<void> }> {
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../support/brokenWorkflows/index.ts'),
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never,
  });
  const { worker } = await createBookingWorker({
    config: h.config,
    address: inject('temporalAddress'),
    deps: h.services.activityDeps,
    taskQueue: h.taskQueue,
    workflowBundle: bundle,
  });
  return { worker, running: worker.run() };
}

const failuresMetric = async (): Promise<number> => {
  const text = await h.services.metrics.registry.metrics();
  const m = text.match(/^booking_workflow_task_failures_total\{cause="nondeterminism"\} (\d+)/m);
  return Number(m?.[1] ?? 0);
};

describe('a workflow whose task keeps failing', () => {
  it('answers 503 with the workflow id, is counted and logged, and recovers once good code runs it', async () => {
    const ws = await h.seedWorkspace();
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    expect(offer.status).toBe(201);
    expect(await failuresMetric()).toBe(0);

    await h.stopWorker();
    const broken = await startBrokenWorker();

    const answer = await api(h).booking(ws.clientId, ws.leadId);
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({
      code: 'unavailable',
      details: { workflowId: ws.workflowId, cause: 'nondeterminism' },
    });
    expect(answer.body.error.message).toContain(ws.workflowId);

    // A webhook arrives: the worker must run a workflow task for it, and fails it.
    await h.services.workflows.providerEvent(
      ws.clientId,
      ws.leadId,
      { kind: 'canceled', eventKey: 'ghl:unknown-appointment', provider: 'ghl', bookingId: 'unknown' },
      false,
    );
    await eventually(async () => (await failuresMetric()) > 0, 20_000, 'task failure counted');
    const alert = logLines.find((l) => l.includes('"alert":"workflow_task_failed"'));
    expect(alert).toBeDefined();
    expect(JSON.parse(alert as string)).toMatchObject({ level: 50, cause: 'nondeterminism' });
    // A lead's message for it: the sender is told to retry later (503 naming the workflow), not 500.
    const reply = await api(h).reply(ws.clientId, ws.leadId, '1');
    expect(reply.status).toBe(503);
    expect(reply.body.error.details).toMatchObject({ workflowId: ws.workflowId });
    expect(reply.body.error.details.cause).toMatch(/nondeterminism|workflow_task_failing/);
    const described = await h.services.temporal.workflow.getHandle(ws.workflowId).describe();
    expect(described.raw.pendingWorkflowTask?.attempt ?? 0).toBeGreaterThanOrEqual(2);

    // Fix forward: the good code runs again; the workflow replays, applies the signal and answers.
    broken.worker.shutdown();
    await broken.running;
    await h.startWorker();
    const recovered = await api(h).waitForState(ws, 'recovered', (s) =>
      s.timeline.some((t) => t.event.includes('unknown')),
    );
    expect(recovered.status).toBe('awaiting_reply');
  }, 180_000);
});
