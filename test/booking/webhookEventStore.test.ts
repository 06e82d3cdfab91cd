import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebhookEventStore } from '../../src/booking/webhookEventStore';
import { createDb, type Db } from '../../src/db/prisma';
import { PrismaClient } from '../../src/generated/prisma/client';

// The store writes a burst of webhooks in one INSERT; what a provider sees must not change: every
// acknowledged event is stored once, a repeated event key is a duplicate pointing at the stored row.
let db: Db;
let clientId: string;
beforeAll(async () => {
  db = createDb(inject('databaseUrl'));
  clientId = `store-${randomUUID()}`;
  await db.client.create({ data: { id: clientId, name: 'store test', ghlLocationId: `loc-${clientId}` } });
});
afterAll(async () => {
  await db?.$disconnect();
});

const event = (eventKey: string, owner = clientId) => ({
  provider: 'ghl' as const,
  clientId: owner,
  eventKey,
  eventType: 'AppointmentUpdate',
  payload: { type: 'AppointmentUpdate', webhookId: eventKey },
});

/** A client of the same database that counts the statements matching `pattern` (Prisma's query log). */
function countingDb(pattern: RegExp): { db: Db; statements: () => number } {
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: inject('databaseUrl') }),
    log: [{ emit: 'event', level: 'query' }],
  });
  let count = 0;
  client.$on('query', (e) => {
    if (pattern.test(e.query)) count++;
  });
  return { db: client as unknown as Db, statements: () => count };
}

const rowsOf = (keys: string[]) =>
  db.webhookEventLog.findMany({
    where: { clientId, eventKey: { in: keys } },
    select: { id: true, eventKey: true },
  });

describe('storing a burst of verified webhooks', () => {
  it('stores each of 300 concurrent events once, each caller getting its own row', async () => {
    const store = new WebhookEventStore(db);
    const keys = Array.from({ length: 300 }, (_, i) => `burst-${i}-${randomUUID()}`);
    const stored = await Promise.all(keys.map((k) => store.persist(event(k))));
    const rows = await rowsOf(keys);
    expect(rows).toHaveLength(300);
    const idByKey = new Map(rows.map((r) => [r.eventKey, r.id]));
    keys.forEach((k, i) => {
      expect(stored[i]).toEqual({ id: idByKey.get(k), duplicate: false });
    });
  });

  it('writes a burst in a few statements, not one per webhook (what makes intake cheaper under load)', async () => {
    const counted = countingDb(/INSERT INTO "WebhookEventLog"/);
    try {
      const store = new WebhookEventStore(counted.db);
      const keys = Array.from({ length: 200 }, (_, i) => `counted-${i}-${randomUUID()}`);
      await Promise.all(keys.map((k) => store.persist(event(k))));
      expect(await rowsOf(keys)).toHaveLength(200);
      // The first webhook is written alone; the rest wait for it and go together, 100 per statement.
      expect(counted.statements()).toBeLessThanOrEqual(4);
    } finally {
      await counted.db.$disconnect();
    }
  });

  it('a key repeated inside one burst, or stored before, is one row and the others are duplicates of it', async () => {
    const store = new WebhookEventStore(db);
    const old = `old-${randomUUID()}`;
    const first = await store.persist(event(old));
    const fresh = `fresh-${randomUUID()}`;
    const burst = [fresh, old, fresh, `other-${randomUUID()}`, fresh, old];
    const stored = await Promise.all(burst.map((k) => store.persist(event(k))));
    const rows = await rowsOf([fresh, old]);
    expect(rows).toHaveLength(2);
    const freshId = rows.find((r) => r.eventKey === fresh)?.id;
    const freshAnswers = stored.filter((_, i) => burst[i] === fresh);
    expect(freshAnswers.filter((s) => !s.duplicate)).toEqual([{ id: freshId, duplicate: false }]);
    expect(freshAnswers.filter((s) => s.duplicate)).toEqual([
      { id: freshId, duplicate: true },
      { id: freshId, duplicate: true },
    ]);
    expect(stored.filter((_, i) => burst[i] === old)).toEqual([
      { id: first.id, duplicate: true },
      { id: first.id, duplicate: true },
    ]);
  });

  it('one event the database refuses fails alone: the rest of its burst is stored', async () => {
    const store = new WebhookEventStore(db);
    const keys = Array.from({ length: 20 }, (_, i) => `mixed-${i}-${randomUUID()}`);
    const results = await Promise.allSettled([
      ...keys.map((k) => store.persist(event(k))),
      store.persist(event(`orphan-${randomUUID()}`, `no-such-workspace-${randomUUID()}`)),
      ...keys.map((k) => store.persist(event(`${k}-b`))),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[keys.length]?.status).toBe('rejected');
    expect(await rowsOf([...keys, ...keys.map((k) => `${k}-b`)])).toHaveLength(40);
  });

  it('records a burst of delivery outcomes in a few statements, each on its own row', async () => {
    const counted = countingDb(/UPDATE ("public"\.)?"WebhookEventLog"/);
    try {
      const store = new WebhookEventStore(counted.db);
      const keys = Array.from({ length: 60 }, (_, i) => `outcome-${i}-${randomUUID()}`);
      const stored = await Promise.all(keys.map((k) => store.persist(event(k))));
      const before = Date.now();
      await Promise.all(
        stored.map((s, i) =>
          store.recordOutcome(
            s.id,
            i % 2
              ? { status: 'ignored', note: `nothing to do ${i}` }
              : { status: 'delivered', leadId: `lead-${i}` },
          ),
        ),
      );
      expect(counted.statements()).toBeLessThanOrEqual(3);
      const rows = await db.webhookEventLog.findMany({ where: { id: { in: stored.map((s) => s.id) } } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      stored.forEach((s, i) => {
        const row = byId.get(s.id);
        expect(row).toMatchObject(
          i % 2
            ? { status: 'ignored', leadId: null, lastError: `nothing to do ${i}`, attempts: 1 }
            : { status: 'delivered', leadId: `lead-${i}`, lastError: null, attempts: 1 },
        );
        // Written in UTC like every other timestamp, whatever the database server's time zone.
        expect(Math.abs((row?.deliveredAt?.getTime() ?? 0) - before)).toBeLessThan(60_000);
      });
    } finally {
      await counted.db.$disconnect();
    }
  });
});
