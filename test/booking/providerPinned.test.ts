import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { type Harness, startHarness } from '../support/harness';

// The workflow records the provider its slots were offered on and books there: a workspace switching
// its booking provider between the offer and the lead's answer must not book on the other provider
// (whose calendar never offered that slot).
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the provider a booking is made on', () => {
  it('is the one the slots were offered on, even if the workspace switched since', async () => {
    const ws = await h.seedCalendlyWorkspace();
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    expect(offer.body.provider).toBe('calendly');
    const slot = offer.body.offer.slots[0] as string;

    await h.services.db.workspaceSettings.update({
      where: { clientId: ws.clientId },
      data: { meetingBookingProvider: 'ghl' },
    });
    const reply = await api(h).reply(ws.clientId, ws.leadId, '1');
    expect(reply.body).toMatchObject({ result: 'slot_accepted', slot });

    const booked = await api(h).waitForState(ws, 'booked', (s) => s.status === 'booked' || !!s.attention);
    expect(booked.attention).toBeUndefined();
    expect(booked.booking).toMatchObject({ provider: 'calendly', startTime: slot });
    expect(h.calendly.invitees().filter((i) => i.email === ws.leadEmail)).toHaveLength(1);
  });
});
