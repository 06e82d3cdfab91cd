import type { ChildProcess } from 'node:child_process';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GhlClient } from '../../src/providers/ghl/client';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import { api } from '../support/api';
import { eventually, type Harness, type SeededWorkspace, startHarness } from '../support/harness';
import { recordHistory } from '../support/histories';
import { killWorkerProcess, startWorkerProcess } from '../support/workerProcess';

// Leads double-text all the time: "2" and "2pm works!" a second apart. Both replies reach the workflow
// in ONE workflow task (no worker is polling while they are sent), the worker that handled them is then
// killed with SIGKILL and a fresh one must replay every history from the start. Before the handlers took
// turns through a real lock, that replay failed with a nondeterminism error and the lead was wedged.

let h: Harness;
let child: ChildProcess | undefined;
beforeAll(async () => {
  // The texts wait for a worker longer than the default per-call Temporal deadline (which answers 503).
  h = await startHarness({ TEMPORAL_RPC_TIMEOUT_MS: '60000' });
});
afterAll(async () => {
  await killWorkerProcess(child);
  await h?.close();
});

interface Scenario {
  name: string;
  /** Which offered slot (1-based) each text picks, and its message id. */
  texts: { body: string; messageId: string }[];
  ws?: SeededWorkspace;
  slots?: string[];
  answers?: Response[];
}

const id = () => `sms-${Math.random().toString(36).slice(2)}`;
const dup = id();
const scenarios: Scenario[] = [
  {
    name: 'same slot',
    texts: [
      { body: '1', messageId: id() },
      { body: 'the first one', messageId: id() },
    ],
  },
  {
    name: 'different slots',
    texts: [
      { body: '1', messageId: id() },
      { body: '2', messageId: id() },
    ],
  },
  {
    name: 'different slots, other order',
    texts: [
      { body: '2', messageId: id() },
      { body: '1', messageId: id() },
    ],
  },
  {
    name: 'duplicate messageId',
    texts: [
      { body: '2', messageId: dup },
      { body: '2', messageId: dup },
    ],
  },
];

const stateOf = (ws: SeededWorkspace): Promise<LeadBookingSnapshot> => api(h).state(ws);

async function historyOf(workflowId: string) {
  return h.services.temporal.workflow.getHandle(workflowId).fetchHistory();
}

describe('two texts at once', () => {
  it('take turns: one booking, consistent answers, and every history replays after the worker is killed', async () => {
    for (const s of scenarios) {
      s.ws = await h.seedWorkspace();
      const offer = await api(h).offer(s.ws.clientId, s.ws.leadId);
      expect(offer.status).toBe(201);
      s.slots = offer.body.offer.slots;
    }

    // No worker polls while the texts arrive, so each lead's two updates land in the same workflow task.
    await h.stopWorker();
    const sent = scenarios.map((s) =>
      Promise.all(
        s.texts.map((t) =>
          api(h)
            .reply(s.ws?.clientId as string, s.ws?.leadId as string, t.body, t.messageId)
            .then((r) => r),
        ),
      ),
    );
    await new Promise((r) => setTimeout(r, 1500));
    child = await startWorkerProcess(h);
    const answers = await Promise.all(sent);
    scenarios.forEach((s, i) => {
      s.answers = answers[i];
    });

    for (const s of scenarios) {
      const ws = s.ws as SeededWorkspace;
      const bodies = (s.answers as Response[]).map((r) => r.body);
      for (const r of s.answers as Response[])
        expect(r.status, `${s.name}: ${JSON.stringify(r.body)}`).toBe(200);
      const accepted = bodies.filter((b) => b.result === 'slot_accepted' && !b.duplicate);
      // Exactly one of the two texts books; the other is told the lead already has a slot, or that it was
      // the same message delivered twice.
      expect(accepted, `${s.name}: ${JSON.stringify(bodies)}`).toHaveLength(1);
      const other = bodies.find((b) => b !== accepted[0]);
      expect(['no_active_offer', 'duplicate']).toContain(other.result);
      const booked = await api(h).waitForState(ws, `${s.name} booked`, (st) => st.status === 'booked');
      expect(booked.booking?.startTime).toBe(accepted[0].slot);
      expect(h.ghl.appointments(ws.locationId)).toHaveLength(1);
    }

    // The worker that handled both texts dies; a fresh one must rebuild every workflow from its history.
    await killWorkerProcess(child);
    child = undefined;
    await h.startWorker();

    for (const s of scenarios) {
      const ws = s.ws as SeededWorkspace;
      // Queried: the new worker replays the whole history to answer.
      const queried = await api(h).booking(ws.clientId, ws.leadId);
      expect(queried.status, JSON.stringify(queried.body)).toBe(200);
      expect(queried.body.status).toBe('booked');

      // Signalled: the lead cancels in GHL; the signed webhook reaches the workflow, which moves on.
      const appointment = h.ghl.appointments(ws.locationId)[0];
      await new GhlClient({
        baseUrl: h.ghl.url,
        token: ws.ghlToken,
        apiVersion: '2021-04-15',
        timeoutMs: 3000,
      }).deleteAppointment(appointment?.id as string);
      await eventually(async () => (await stateOf(ws)).status === 'canceled', 20_000, `${s.name} canceled`);

      // No workflow task ever failed, and the recorded history replays on today's code.
      const history = await historyOf(ws.workflowId);
      const failed = (history.events ?? []).filter(
        (e) => e.eventType === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
      );
      expect(failed, s.name).toHaveLength(0);
      await Worker.runReplayHistory(
        { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: s.name },
        history,
        ws.workflowId,
      );
    }
    const different = scenarios[1]?.ws as SeededWorkspace;
    await recordHistory(h.services.temporal, different.workflowId, 'double-text-one-task');
  }, 240_000);
});
