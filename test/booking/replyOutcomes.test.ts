import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { type Harness, type SeededWorkspace, startHarness } from '../support/harness';

// Each interpreter outcome as the workflow acts on it (issue 5 wiring). Calendar: 08:00–19:00 daily.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const ZONE = 'America/New_York';
const stateOf = (ws: SeededWorkspace) => api(h).state(ws);

async function offered(): Promise<{ ws: SeededWorkspace; slots: string[] }> {
  const ws = await h.seedWorkspace({ timezone: ZONE });
  const res = await api(h).offer(ws.clientId, ws.leadId);
  expect(res.status).toBe(201);
  return { ws, slots: res.body.offer.slots };
}

const weekdayOf = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('cccc');

describe('what the workflow does with each kind of reply', () => {
  it('counter-proposal of a free time → booked at that time', async () => {
    const { ws, slots } = await offered();
    const day = DateTime.fromISO(slots[1] as string, { zone: ZONE });
    const proposed = day.set({ hour: 15, minute: 0 }).toUTC().toJSDate().toISOString();
    const res = await api(h).reply(
      ws.clientId,
      ws.leadId,
      `none of those times work, could we do ${weekdayOf(slots[1] as string)} at 3pm instead?`,
    );
    expect(res.body).toMatchObject({ result: 'slot_accepted', slot: proposed });
    const s = await api(h).waitForState(ws, 'booked', (st) => st.status === 'booked', 20_000);
    expect(s.booking?.startTime).toBe(proposed);
    expect(h.ghl.appointments(ws.locationId).map((a) => a.startTime)).toEqual([proposed]);
  });

  it('counter-proposal of a busy time → the nearest free slots are offered instead', async () => {
    const { ws, slots } = await offered();
    const res = await api(h).reply(
      ws.clientId,
      ws.leadId,
      `can we do ${weekdayOf(slots[1] as string)} at 10pm?`,
    );
    expect(res.body.result).toBe('counter_offered');
    const fresh: string[] = res.body.offer.slots;
    expect(fresh.length).toBeGreaterThan(0);
    const target = DateTime.fromISO(slots[1] as string, { zone: ZONE })
      .set({ hour: 22 })
      .toMillis();
    // nearest to 10pm that day: the evening slot 18:30 of that day comes first in distance
    const nearest = Math.min(...fresh.map((f) => Math.abs(Date.parse(f) - target)));
    expect(nearest).toBeLessThanOrEqual(4 * 3_600_000);
    const s = await stateOf(ws);
    expect(s.status).toBe('awaiting_reply');
    expect(s.offer?.slots).toEqual(fresh);
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(0);
  });

  it('decline → nothing booked, the offer stays open', async () => {
    const { ws, slots } = await offered();
    const res = await api(h).reply(ws.clientId, ws.leadId, 'sorry, none of those work for me');
    expect(res.body.result).toBe('declined');
    const s = await stateOf(ws);
    expect(s).toMatchObject({ status: 'awaiting_reply', offer: { slots } });
    expect(s.attention).toBeUndefined();
  });

  it('question → waits, flagged for a person', async () => {
    const { ws } = await offered();
    const res = await api(h).reply(ws.clientId, ws.leadId, 'what time zone are those in?');
    expect(res.body.result).toBe('question');
    const s = await stateOf(ws);
    expect(s.status).toBe('awaiting_reply');
    expect(s.attention?.reason).toMatch(/question/);
    const lead = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
    expect(lead.needsAttentionReason).toMatch(/question/);
  });

  it('unclear (two offered slots fit) → never books on a guess, flagged with the reason', async () => {
    const { ws, slots } = await offered();
    // A local time that two offered slots share (on different days): the time alone fits both. Taken
    // from the slots, not assumed: the first day's slot depends on the hour the test runs at (offered
    // after a notice period, e.g. 14:30 in the afternoon, 08:00 at night), the later days open at 08:00.
    const localTime = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('h:mma').toLowerCase();
    const times = slots.map(localTime);
    const shared = times.find((t, i) => times.indexOf(t) !== i);
    expect(shared, `two offered slots at the same local time in ${times.join(', ')}`).toBeDefined();
    const res = await api(h).reply(ws.clientId, ws.leadId, `${shared} works`);
    expect(res.body.result).toBe('not_understood');
    const s = await stateOf(ws);
    expect(s.status).toBe('awaiting_reply');
    expect(s.attention?.reason).toMatch(/not understood/);
    expect(h.ghl.appointments(ws.locationId)).toHaveLength(0);

    // A clear answer afterwards books and clears the flag.
    const clear = await api(h).reply(ws.clientId, ws.leadId, 'the first one');
    expect(clear.body).toMatchObject({ result: 'slot_accepted', slot: slots[0] });
    const booked = await api(h).waitForState(ws, 'booked', (st) => st.status === 'booked', 20_000);
    expect(booked.attention).toBeUndefined();
  });
});
