import { randomUUID, sign } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDeliveryQueue } from '../../src/booking/webhookDeliveryQueue';
import { TtlCache } from '../../src/lib/ttlCache';
import { createLogger } from '../../src/logger';
import { GHL_SIGNATURE_HEADER } from '../../src/providers/ghl';
import { generateSigningKeyPair } from '../../src/sandboxes/ghl';
import { type Harness, startHarness } from '../support/harness';

const logger = createLogger({ level: 'silent' });

/** A job the test finishes by hand. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

describe('the delivery queue after the 2xx answer', () => {
  it('runs at most `concurrency` deliveries at once, in arrival order, and says when it is idle', async () => {
    const queue = new WebhookDeliveryQueue({ logger, concurrency: 2, maxWaitMs: 60_000 });
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    for (const [i, g] of gates.entries()) {
      const queued = queue.enqueue(async () => {
        started.push(i);
        await g.opened;
      });
      expect(queued).toBe(true);
    }
    expect(started).toEqual([0, 1]);
    expect(queue.pending).toBe(3);
    let idle = false;
    const idlePromise = queue.idle().then(() => {
      idle = true;
    });
    gates[1]?.open();
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.open();
    gates[2]?.open();
    await idlePromise;
    expect(idle).toBe(true);
    expect(queue.pending).toBe(0);
  });

  it('refuses beyond maxQueued and skips a job that waited past maxWaitMs (the redelivery loop owns it)', async () => {
    let now = 0;
    const queue = new WebhookDeliveryQueue({
      logger,
      concurrency: 1,
      maxQueued: 1,
      maxWaitMs: 100,
      now: () => now,
    });
    const first = gate();
    const ran: string[] = [];
    queue.enqueue(async () => {
      ran.push('first');
      await first.opened;
    });
    expect(queue.enqueue(async () => void ran.push('second'))).toBe(true);
    expect(queue.enqueue(async () => void ran.push('third'))).toBe(false); // full
    now = 1_000; // 'second' waited longer than maxWaitMs
    first.open();
    await queue.idle();
    expect(ran).toEqual(['first']);
  });

  it('a failing delivery does not stop the queue', async () => {
    const queue = new WebhookDeliveryQueue({ logger, concurrency: 1, maxWaitMs: 60_000 });
    const ran: string[] = [];
    queue.enqueue(async () => {
      throw new Error('database gone');
    });
    queue.enqueue(async () => void ran.push('next'));
    await queue.idle();
    expect(ran).toEqual(['next']);
  });
});

describe('TtlCache (workspace lookups on the webhook path)', () => {
  it('remembers values for ttlMs and "missing" for missingTtlMs, and loads once for concurrent misses', async () => {
    let now = 0;
    const cache = new TtlCache<string>({ ttlMs: 1_000, missingTtlMs: 100, maxEntries: 10, now: () => now });
    let loads = 0;
    const load = (value: string | null) => async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return value;
    };
    const both = await Promise.all([cache.getOrLoad('a', load('A')), cache.getOrLoad('a', load('A'))]);
    expect(both).toEqual(['A', 'A']);
    expect(loads).toBe(1);
    expect(await cache.getOrLoad('missing', load(null))).toBeNull();
    expect(loads).toBe(2);
    now = 50;
    expect(cache.get('missing')).toBeNull();
    now = 150; // the "missing" entry expired, the value did not
    expect(cache.get('missing')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    now = 1_001;
    expect(cache.get('a')).toBeUndefined();
  });

  it('is bounded: the oldest entry goes when full', () => {
    const cache = new TtlCache<number>({ ttlMs: 1_000, missingTtlMs: 1_000, maxEntries: 2 });
    cache.set('one', 1);
    cache.set('two', 2);
    cache.set('three', 3);
    expect([cache.get('one'), cache.get('two'), cache.get('three')]).toEqual([undefined, 2, 3]);
  });
});

describe('POST /api/webhooks/ghl/:clientId answers once the event is stored', () => {
  let h: Harness;
  // This file signs its own deliveries: the API trusts its key instead of the sandbox's.
  const keys = generateSigningKeyPair();
  beforeAll(async () => {
    h = await startHarness({ GHL_WEBHOOK_PUBLIC_KEY: keys.publicKeyPem });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers "queued" with the row stored, then delivers it after the answer', async () => {
    const ws = await h.seedWorkspace();
    const webhookId = `wh-${randomUUID()}`;
    const body = JSON.stringify({
      type: 'AppointmentUpdate',
      locationId: ws.locationId,
      webhookId,
      timestamp: new Date().toISOString(),
      appointment: {
        id: `appt-${randomUUID()}`,
        contactId: 'no-such-contact',
        appointmentStatus: 'confirmed',
        startTime: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const res = await request(h.apiUrl)
      .post(`/api/webhooks/ghl/${ws.clientId}`)
      .set('Content-Type', 'application/json')
      .set(GHL_SIGNATURE_HEADER, sign('sha256', Buffer.from(body), keys.privateKeyPem).toString('base64'))
      .send(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false, delivery: 'queued' });
    const row = () =>
      h.services.db.webhookEventLog.findFirstOrThrow({
        where: { clientId: ws.clientId, eventKey: webhookId },
      });
    expect((await row()).payload).toMatchObject({ webhookId });
    await h.services.apiDeps.webhookDeliveries.idle();
    expect(await row()).toMatchObject({ status: 'ignored', attempts: 1 });
  });
});
