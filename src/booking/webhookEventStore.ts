import { randomUUID } from 'node:crypto';
import { type Db, Prisma } from '../db/prisma';
import { BatchWriter } from '../lib/batchWriter';
import {
  type DeliveryOutcome,
  persistWebhookEvent,
  recordDeliveryOutcome,
  type VerifiedWebhookEvent,
} from './webhookInbox';

/** Rows per INSERT: enough to absorb a burst of senders, small enough to keep one statement short. */
export const WEBHOOK_STORE_MAX_BATCH = 100;

type Stored = { id: string; duplicate: boolean };

const keyOf = (e: { provider: string; clientId: string; eventKey: string }) =>
  `${e.provider}\u0000${e.clientId}\u0000${e.eventKey}`;

/**
 * Stores verified webhooks the way `persistWebhookEvent` does (deduplicated on provider + workspace +
 * event key, durable before the caller answers 2xx), but the webhooks that arrive while a write is in
 * flight go into the next write together: one multi-row `INSERT ... ON CONFLICT DO NOTHING` for a burst
 * instead of one statement, round trip and commit per request. Each caller still waits for its own row's
 * commit, so the 2xx keeps its promise; a lone webhook is written at once, as before.
 *
 * Why: under 50 concurrent senders the per-statement cost (query set-up, socket writes, the commit) was
 * the largest part of a valid webhook's cost on the API's one thread (docs/performance.md).
 */
export class WebhookEventStore {
  private readonly writer: BatchWriter<VerifiedWebhookEvent, Stored>;
  private readonly outcomes: BatchWriter<{ id: string; outcome: DeliveryOutcome }, void>;

  constructor(
    private readonly db: Db,
    maxBatch = WEBHOOK_STORE_MAX_BATCH,
  ) {
    this.writer = new BatchWriter((events) => this.write(events), maxBatch);
    this.outcomes = new BatchWriter((done) => this.writeOutcomes(done), maxBatch);
  }

  /** Stores the event (or finds it stored already: `duplicate`); resolves once it is committed. */
  persist(event: VerifiedWebhookEvent): Promise<Stored> {
    return this.writer.write(event);
  }

  /**
   * Marks a stored event delivered or ignored (what `deliverRow` writes), the outcomes of a burst of
   * deliveries in one UPDATE. Resolves once written; until then the row is still due for redelivery,
   * which would change nothing (deliveries are idempotent).
   */
  recordOutcome(id: string, outcome: DeliveryOutcome): Promise<void> {
    return this.outcomes.write({ id, outcome });
  }

  private async writeOutcomes(
    done: { id: string; outcome: DeliveryOutcome }[],
  ): Promise<PromiseSettledResult<void>[]> {
    const oneByOne = () =>
      Promise.allSettled(done.map(({ id, outcome }) => recordDeliveryOutcome(this.db, id, outcome)));
    if (done.length === 1) return oneByOne();
    const values = done.map(
      ({ id, outcome }) =>
        Prisma.sql`(${id}::text, ${outcome.status}::text, ${outcome.leadId ?? null}::text, ${outcome.note ?? null}::text)`,
    );
    try {
      // deliveredAt in UTC like Prisma's own DateTime writes, whatever the server's TimeZone.
      await this.db.$executeRaw`
        UPDATE "WebhookEventLog" AS w
        SET "status" = v.status::"WebhookEventStatus",
            "leadId" = COALESCE(v.lead_id, w."leadId"),
            "lastError" = v.note,
            "deliveredAt" = (now() AT TIME ZONE 'UTC'),
            "attempts" = w."attempts" + 1
        FROM (VALUES ${Prisma.join(values)}) AS v(id, status, lead_id, note)
        WHERE w."id" = v.id`;
    } catch {
      return oneByOne();
    }
    return done.map(() => ({ status: 'fulfilled', value: undefined }));
  }

  private async write(events: VerifiedWebhookEvent[]): Promise<PromiseSettledResult<Stored>[]> {
    const oneByOne = (batch: VerifiedWebhookEvent[]) =>
      Promise.allSettled(batch.map((e) => persistWebhookEvent(this.db, e)));
    if (events.length === 1) return oneByOne(events);
    let inserted: Map<string, string>;
    try {
      inserted = await this.insertMany(events);
    } catch {
      // One row the database refuses (a workspace deleted a moment ago) must not fail the others.
      return oneByOne(events);
    }
    return Promise.all(
      events.map(async (e): Promise<PromiseSettledResult<Stored>> => {
        const key = keyOf(e);
        const id = inserted.get(key);
        if (id === undefined) {
          // Stored before (or earlier in this batch): persistWebhookEvent finds the row, `duplicate: true`.
          const [found] = await oneByOne([e]);
          return found as PromiseSettledResult<Stored>;
        }
        inserted.delete(key); // the same key twice in one batch: the second is a duplicate
        return { status: 'fulfilled', value: { id, duplicate: false } };
      }),
    );
  }

  /** One statement; the rows it inserted by key (those already stored are not returned). */
  private async insertMany(events: VerifiedWebhookEvent[]): Promise<Map<string, string>> {
    const values = events.map(
      (e) =>
        Prisma.sql`(${randomUUID()}, ${e.provider}::"BookingProvider", ${e.clientId}, ${e.eventKey},
                    ${e.eventType}, ${JSON.stringify(e.payload)}::jsonb)`,
    );
    const rows = await this.db.$queryRaw<
      { id: string; provider: string; clientId: string; eventKey: string }[]
    >`
      INSERT INTO "WebhookEventLog" ("id", "provider", "clientId", "eventKey", "eventType", "payload")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("provider", "clientId", "eventKey") DO NOTHING
      RETURNING "id", "provider"::text AS "provider", "clientId", "eventKey"`;
    return new Map(rows.map((r) => [keyOf(r), r.id]));
  }
}
