import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { type Harness, type SeededWorkspace, startHarness } from '../support/harness';
import { recordHistory } from '../support/histories';

// A reply that points at one slot with a doubt ("probably the 1st one": a hedge) is not booked outright
// and not left for a person either: the lead is asked "Just to confirm: ...? Reply YES to book it." on
// the channel they wrote from, and only a plain yes books. On a real Temporal server and the GHL sandbox.

const UNCERTAIN = 'probably the 1st one';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ PICK_CONFIRMATION_TIMEOUT_SECONDS: '4' });
});
afterAll(async () => {
  await h?.close();
});

async function offered(): Promise<{ ws: SeededWorkspace; slots: string[] }> {
  const ws = await h.seedWorkspace();
  const offer = await api(h).offer(ws.clientId, ws.leadId);
  expect(offer.status).toBe(201);
  return { ws, slots: offer.body.offer.slots };
}

const textsTo = (ws: SeededWorkspace) =>
  h.ghl.messages(ws.locationId).filter((m) => m.contactId === ws.contactId);

async function currentDetails(ws: SeededWorkspace): Promise<string> {
  const meta = await h.services.temporal.workflow
    .getHandle(ws.workflowId)
    .query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  return meta.currentDetails ?? '';
}

describe('confirm-back instead of guessing', () => {
  it('asks once on the reply channel, books on YES, and a duplicate or late yes books nothing twice', async () => {
    const { ws, slots } = await offered();
    const asked = await api(h).reply(ws.clientId, ws.leadId, UNCERTAIN, 'sms-uncertain');
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ result: 'confirmation_requested', slot: slots[0] });
    expect(asked.body.message).toMatch(/^Just to confirm: .+\? Reply YES to book it\.$/);
    expect(asked.body.evidence.join('\n')).toMatch(/doubt hedge/);

    const sent = textsTo(ws);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'SMS', message: asked.body.message });
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(0);

    const waiting = await api(h).state(ws);
    expect(waiting.status).toBe('awaiting_reply');
    expect(waiting.confirmation).toMatchObject({ slot: slots[0], doubts: ['hedge'] });
    expect(await currentDetails(ws)).toContain(`Waiting for the lead to confirm ${slots[0]}`);

    const yes = await api(h).reply(ws.clientId, ws.leadId, 'YES', 'sms-yes');
    expect(yes.body).toMatchObject({ result: 'slot_accepted', slot: slots[0] });
    const again = await api(h).reply(ws.clientId, ws.leadId, 'YES', 'sms-yes');
    expect(again.body.result).toBe('duplicate');
    const late = await api(h).reply(ws.clientId, ws.leadId, 'yes!', 'sms-yes-2');
    expect(late.body.result).toBe('no_active_offer');

    const booked = await api(h).waitForState(ws, 'booked', (s) => s.status === 'booked');
    expect(booked.booking?.startTime).toBe(slots[0]);
    expect(booked.confirmation).toBeUndefined();
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(1);
    expect(textsTo(ws)).toHaveLength(1); // no second confirmation question
    await recordHistory(h.services.temporal, ws.workflowId, 'confirm-back-yes');
  });

  it('on "no" books nothing and flags the lead for a person', async () => {
    const { ws } = await offered();
    await api(h).reply(ws.clientId, ws.leadId, UNCERTAIN);
    const no = await api(h).reply(ws.clientId, ws.leadId, 'no');
    expect(no.body.result).toBe('declined');
    const s = await api(h).state(ws);
    expect(s.status).toBe('awaiting_reply');
    expect(s.confirmation).toBeUndefined();
    expect(s.attention?.reason).toMatch(/did not confirm/);
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(0);
  });

  it('on an answer that is not a plain yes, asks a person instead of booking', async () => {
    const { ws } = await offered();
    await api(h).reply(ws.clientId, ws.leadId, UNCERTAIN);
    const unclear = await api(h).reply(ws.clientId, ws.leadId, 'yes but can we make it later?');
    expect(unclear.body.result).toBe('not_understood');
    expect((await api(h).state(ws)).attention?.reason).toMatch(/not understood/);
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(0);
  });

  it('after the timeout without an answer, flags the lead and keeps the offer open', async () => {
    const { ws } = await offered();
    await api(h).reply(ws.clientId, ws.leadId, UNCERTAIN);
    const flagged = await api(h).waitForState(ws, 'confirmation timed out', (s) => !!s.attention, 20_000);
    expect(flagged.attention?.reason).toMatch(/did not answer the confirmation/);
    expect(flagged.status).toBe('awaiting_reply');
    expect(flagged.offer).toBeDefined();
    expect(flagged.confirmation).toBeUndefined();
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(0);
  });

  it('with the workspace setting off, asks a person instead of booking a doubtful pick', async () => {
    const { ws } = await offered();
    await h.services.db.workspaceSettings.update({
      where: { clientId: ws.clientId },
      data: { confirmUncertainPicks: false },
    });
    const r = await api(h).reply(ws.clientId, ws.leadId, UNCERTAIN);
    expect(r.body.result).toBe('not_understood');
    const s = await api(h).state(ws);
    expect(s.attention?.reason).toMatch(/confirmUncertainPicks is off/);
    expect(s.status).toBe('awaiting_reply');
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(0);
    expect(textsTo(ws)).toHaveLength(0);
  });
});
