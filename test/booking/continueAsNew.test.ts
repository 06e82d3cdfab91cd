import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import { api } from '../support/api';
import { eventually, type Harness, startHarness } from '../support/harness';

// A long-lived lead (many re-offers and replies) continues-as-new; its state, its deduplication of
// messages and its ability to book must survive the hand-over.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS: '50' });
});
afterAll(async () => {
  await h?.close();
});

describe('continue-as-new', () => {
  it('carries the offer, timeline and seen messages into the next run, which then books', async () => {
    const ws = await h.seedWorkspace();
    const handle = () => h.services.temporal.workflow.getHandle(ws.workflowId);
    await api(h).offer(ws.clientId, ws.leadId);
    const firstRunId = (await handle().describe()).runId;

    // Chatter that fills the history: questions and re-offers.
    for (let i = 0; i < 6; i++) {
      await api(h).reply(ws.clientId, ws.leadId, 'what time zone is that?', `q-${i}`);
      await api(h).offer(ws.clientId, ws.leadId, { refresh: true });
    }
    const newRun = await eventually(
      async () => {
        const d = await handle().describe();
        return d.runId !== firstRunId ? d : undefined;
      },
      20_000,
      'a new run',
    );
    expect(newRun.status.name).toBe('RUNNING');

    const s: LeadBookingSnapshot = (await api(h).booking(ws.clientId, ws.leadId)).body;
    expect(s.status).toBe('awaiting_reply');
    expect(s.seenMessageIds).toEqual(expect.arrayContaining(['q-0', 'q-5']));
    expect(s.timeline.length).toBeGreaterThan(10);

    // A message the previous run already handled is still a duplicate.
    const dup = await api(h).reply(ws.clientId, ws.leadId, 'the first one', 'q-0');
    expect(dup.body.result).toBe('duplicate');

    const accepted = await api(h).reply(ws.clientId, ws.leadId, 'the first one', 'final');
    expect(accepted.body).toMatchObject({ result: 'slot_accepted', slot: s.offer?.slots[0] });
    await eventually(
      async () => (await api(h).booking(ws.clientId, ws.leadId)).body.status === 'booked',
      20_000,
      'booked',
    );
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(1);
  });
});
