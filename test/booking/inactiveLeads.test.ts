import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { eventually, type Harness, startHarness } from '../support/harness';
import { recordHistory } from '../support/histories';

// Nothing stays Running forever: a lead with no booking and no activity for LEAD_INACTIVE_AFTER_SECONDS
// (30 days by default; 3 s here) ends its workflow with its final state on the lead, and the next offer
// starts a fresh one.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ LEAD_INACTIVE_AFTER_SECONDS: '3' });
});
afterAll(async () => {
  await h?.close();
});

describe('an idle lead without a booking', () => {
  it('ends its workflow, records it on the lead, and a later offer starts afresh', async () => {
    const ws = await h.seedWorkspace({ offerExpiryHours: 1 / 3600 }); // the offer expires after a second
    const first = await api(h).offer(ws.clientId, ws.leadId);
    expect(first.status).toBe(201);
    const handle = h.services.temporal.workflow.getHandle(ws.workflowId);
    const firstRun = (await handle.describe()).runId;

    await eventually(
      async () => (await handle.describe()).status.name === 'COMPLETED',
      30_000,
      'the idle workflow to complete',
    );
    const ended = await api(h).state(ws);
    expect(ended.status).toBe('completed');
    expect(ended.timeline.at(-1)?.event).toMatch(/no booking and no activity/);
    const lead = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
    expect(lead.status).toBe('inactive');
    await recordHistory(h.services.temporal, ws.workflowId, 'idle-lead-ended');

    // The lead writes again later: told there is no offer; a new offer starts a fresh workflow.
    expect((await api(h).reply(ws.clientId, ws.leadId, '1')).body.result).toBe('no_active_offer');
    await h.services.db.workspaceSettings.update({
      where: { clientId: ws.clientId },
      data: { offerExpiryHours: 72 },
    });
    const again = await api(h).offer(ws.clientId, ws.leadId);
    expect(again.status).toBe(201);
    const fresh = await handle.describe();
    expect(fresh.runId).not.toBe(firstRun);
    expect(fresh.status.name).toBe('RUNNING');
  });

  it('a booked lead is never ended for inactivity', async () => {
    const ws = await h.seedWorkspace();
    await api(h).offer(ws.clientId, ws.leadId);
    await api(h).reply(ws.clientId, ws.leadId, '1');
    await api(h).waitForState(ws, 'booked', (s) => s.status === 'booked');
    await new Promise((r) => setTimeout(r, 5_000));
    const d = await h.services.temporal.workflow.getHandle(ws.workflowId).describe();
    expect(d.status.name).toBe('RUNNING');
    expect((await api(h).state(ws)).status).toBe('booked');
  });
});
