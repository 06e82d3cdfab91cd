import { randomUUID } from 'node:crypto';
import { type Db, Prisma } from '../db/prisma';
import { persistWebhookEvent, type VerifiedWebhookEvent } from './webhookInbox';

/** Rows per INSERT: enough to absorb a burst of senders, small enough to keep one statement short. */
export const WEBHOOK_STORE_MAX_BATCH = 100;

type Stored = { id: string; duplicate: boolean };
interface Waiting {
  event: VerifiedWebhookEvent;
  resolve: (stored: Stored) => void;
  reject: (err: unknown) => void;
}

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
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = WEBHOOK_STORE_MAX_BATCH,
  ) {}

  /** Stores the event (or finds it stored already: `duplicate`); resolves once it is committed. */
  persist(event: VerifiedWebhookEvent): Promise<Stored> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      this.writeNext();
    });
  }

  private writeNext(): void {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const batch = this.waiting.splice(0, this.maxBatch);
    this.write(batch).finally(() => {
      this.writing = false;
      this.writeNext();
    });
  }

  private async write(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return this.writeOne(batch[0] as Waiting);
    let inserted: Map<string, string>;
    try {
      inserted = await this.insertMany(batch.map((w) => w.event));
    } catch {
      // One row the database refuses (a workspace deleted a moment ago) must not fail the others.
      await Promise.all(batch.map((w) => this.writeOne(w)));
      return;
    }
    const rest: Waiting[] = [];
    for (const w of batch) {
      const key = keyOf(w.event);
      const id = inserted.get(key);
      if (id === undefined) {
        rest.push(w);
        continue;
      }
      inserted.delete(key); // the same key twice in one batch: the second is a duplicate
      w.resolve({ id, duplicate: false });
    }
    // Stored before (or earlier in this batch): persistWebhookEvent finds the row, `duplicate: true`.
    await Promise.all(rest.map((w) => this.writeOne(w)));
  }

  private writeOne(w: Waiting): Promise<void> {
    return persistWebhookEvent(this.db, w.event).then(w.resolve, w.reject);
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
