import { randomUUID } from 'node:crypto';
import { Counter, type Registry } from 'prom-client';
import type { Db, Prisma } from '../db/prisma';
import type { Logger } from '../logger';
import type { ProviderName } from '../providers/names';

/** Delivery attempts before a stored event is given up on (WEBHOOK_REDELIVERY_MAX_ATTEMPTS). */
export const DEFAULT_MAX_DELIVERY_ATTEMPTS = 10;
export const GAVE_UP_METRIC = 'booking_webhook_deliveries_abandoned_total';
/** Stored events younger than this are left to the request that stored them (its delivery queue). */
export const REDELIVERY_MIN_AGE_MS = 5_000;
/** Rows per redelivery query; a pass takes batches until fewer are due (a backlog drains in one pass). */
const REDELIVERY_BATCH = 50;
const REDELIVERY_MAX_BATCHES_PER_PASS = 40;

/**
 * How redelivery ends. An event that failed `maxAttempts` times keeps status `failed` with
 * `attempts >= maxAttempts` and a `lastError` starting with "gave up": the redelivery loop skips it
 * (so a poison event cannot be retried forever), it is counted in
 * `booking_webhook_deliveries_abandoned_total{provider}` and logged once at error level.
 */
export interface DeliveryBound {
  maxAttempts: number;
  /** The registry the abandoned-events counter is registered in (the service's metrics registry). */
  registry?: Registry;
  /** Writes a delivered/ignored outcome (the API's WebhookEventStore batches them); default: one update. */
  recordOutcome?: (id: string, outcome: DeliveryOutcome) => Promise<void>;
}

/** Marks a stored event delivered or ignored, with the lead it concerned and the delivery's note. */
export async function recordDeliveryOutcome(db: Db, id: string, outcome: DeliveryOutcome): Promise<void> {
  await db.webhookEventLog.update({
    where: { id },
    data: {
      status: outcome.status,
      leadId: outcome.leadId,
      deliveredAt: new Date(),
      attempts: { increment: 1 },
      lastError: outcome.note ?? null,
    },
  });
}

function abandonedCounter(registry: Registry | undefined): Counter<'provider'> | undefined {
  if (!registry) return undefined;
  return (
    (registry.getSingleMetric(GAVE_UP_METRIC) as Counter<'provider'> | undefined) ??
    new Counter({
      name: GAVE_UP_METRIC,
      help: 'Stored provider webhooks whose delivery failed WEBHOOK_REDELIVERY_MAX_ATTEMPTS times and were given up on (status failed)',
      labelNames: ['provider'] as const,
      registers: [registry],
    })
  );
}

export interface VerifiedWebhookEvent {
  provider: ProviderName;
  clientId: string;
  /** Unique per logical delivery (GHL webhookId; Calendly event name + invitee URI). */
  eventKey: string;
  eventType: string;
  payload: Prisma.InputJsonValue;
}

export type DeliveryOutcome = { status: 'delivered' | 'ignored'; leadId?: string; note?: string };
export type WebhookDeliverer = (row: {
  id: string;
  provider: string;
  clientId: string;
  eventKey: string;
  eventType: string;
  payload: unknown;
}) => Promise<DeliveryOutcome>;

/**
 * Persists a verified webhook before anything else happens (the 2xx answer promises it is not lost).
 * Returns duplicate=true when this event key was already stored: the caller answers 2xx and does nothing.
 * One statement on the request path, written as SQL: `ON CONFLICT DO NOTHING` instead of catching a
 * unique violation, and no query compilation for the one write every accepted webhook makes.
 */
export async function persistWebhookEvent(
  db: Db,
  e: VerifiedWebhookEvent,
): Promise<{ id: string; duplicate: boolean }> {
  const inserted = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "WebhookEventLog" ("id", "provider", "clientId", "eventKey", "eventType", "payload")
    VALUES (${randomUUID()}, ${e.provider}::"BookingProvider", ${e.clientId}, ${e.eventKey}, ${e.eventType},
            ${JSON.stringify(e.payload)}::jsonb)
    ON CONFLICT ("provider", "clientId", "eventKey") DO NOTHING
    RETURNING "id"`;
  const row = inserted[0];
  if (row) return { id: row.id, duplicate: false };
  const existing = await db.webhookEventLog.findUniqueOrThrow({
    where: {
      provider_clientId_eventKey: { provider: e.provider, clientId: e.clientId, eventKey: e.eventKey },
    },
    select: { id: true },
  });
  return { id: existing.id, duplicate: true };
}

/** Hands a stored event to its workflow and records the result; failures stay queued for redelivery. */
export async function deliverStoredEvent(
  db: Db,
  deliver: WebhookDeliverer,
  id: string,
  logger: Logger,
  bound: DeliveryBound = { maxAttempts: DEFAULT_MAX_DELIVERY_ATTEMPTS },
): Promise<DeliveryOutcome | undefined> {
  const row = await db.webhookEventLog.findUnique({ where: { id } });
  if (!row || row.status === 'delivered' || row.status === 'ignored') return undefined;
  return deliverRow(db, deliver, row, logger, bound);
}

/**
 * Delivers the event the request just stored, from what it stored: no re-read (a fresh row is
 * `received` with no attempts, and the redelivery loop leaves rows younger than its `minAgeMs` alone).
 */
export function deliverFreshEvent(
  db: Db,
  deliver: WebhookDeliverer,
  id: string,
  e: VerifiedWebhookEvent,
  logger: Logger,
  bound: DeliveryBound = { maxAttempts: DEFAULT_MAX_DELIVERY_ATTEMPTS },
): Promise<DeliveryOutcome | undefined> {
  return deliverRow(db, deliver, { id, ...e, attempts: 0 }, logger, bound);
}

async function deliverRow(
  db: Db,
  deliver: WebhookDeliverer,
  row: Parameters<WebhookDeliverer>[0] & { attempts: number },
  logger: Logger,
  bound: DeliveryBound,
): Promise<DeliveryOutcome | undefined> {
  const id = row.id;
  if (row.attempts >= bound.maxAttempts) return undefined;
  try {
    const outcome = await deliver(row);
    await (bound.recordOutcome ?? ((i, o) => recordDeliveryOutcome(db, i, o)))(id, outcome);
    return outcome;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const attempts = row.attempts + 1;
    const gaveUp = attempts >= bound.maxAttempts;
    await db.webhookEventLog.update({
      where: { id },
      data: {
        status: 'failed',
        attempts: { increment: 1 },
        lastError: (gaveUp ? `gave up after ${attempts} attempts: ${message}` : message).slice(0, 500),
      },
    });
    const fields = {
      webhookEventId: id,
      provider: row.provider,
      clientId: row.clientId,
      attempts,
      err: message,
    };
    if (gaveUp) {
      abandonedCounter(bound.registry)?.inc({ provider: row.provider });
      logger.error(fields, 'webhook delivery gave up; the event is marked failed and will not be retried');
    } else logger.warn(fields, 'webhook delivery failed; will retry');
    return undefined;
  }
}

/**
 * Retries events that were stored but not delivered (Temporal down, worker restarting...). Runs in the
 * API process; events younger than `minAgeMs` are left to the request that stored them.
 */
export function startWebhookRedelivery(opts: {
  db: Db;
  deliverers: Partial<Record<string, WebhookDeliverer>>;
  logger: Logger;
  intervalMs?: number;
  minAgeMs?: number;
  /** Attempts before an event is given up on (default DEFAULT_MAX_DELIVERY_ATTEMPTS). */
  maxAttempts?: number;
  /** Where the abandoned-events counter is registered. */
  registry?: Registry;
}): { stop(): Promise<void>; runOnce(): Promise<number> } {
  const bound: DeliveryBound = {
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS,
    registry: opts.registry,
  };
  let running: Promise<number> | undefined;
  const runOnce = async (): Promise<number> => {
    let delivered = 0;
    const tried = new Set<string>(); // a row that failed again stays due: once per pass
    for (let batch = 0; batch < REDELIVERY_MAX_BATCHES_PER_PASS; batch++) {
      const due = await opts.db.webhookEventLog.findMany({
        where: {
          status: { in: ['received', 'failed'] },
          receivedAt: { lt: new Date(Date.now() - (opts.minAgeMs ?? REDELIVERY_MIN_AGE_MS)) },
          attempts: { lt: bound.maxAttempts },
          ...(tried.size > 0 ? { id: { notIn: [...tried] } } : {}),
        },
        orderBy: { receivedAt: 'asc' },
        take: REDELIVERY_BATCH,
        select: { id: true, provider: true },
      });
      for (const row of due) {
        tried.add(row.id);
        const deliver = opts.deliverers[row.provider];
        if (deliver && (await deliverStoredEvent(opts.db, deliver, row.id, opts.logger, bound))) delivered++;
      }
      if (due.length < REDELIVERY_BATCH) break;
    }
    return delivered;
  };
  const timer = setInterval(() => {
    if (running) return;
    running = runOnce()
      .catch((err) => {
        opts.logger.warn({ err: (err as Error).message }, 'webhook redelivery pass failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
  }, opts.intervalMs ?? 10_000);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
