import type { Logger } from '../logger';

/** Deliveries of stored webhooks run at once in the API process (each a few queries and a signal). */
export const WEBHOOK_DELIVERY_CONCURRENCY = 4;
/** Stored webhooks waiting for their delivery in memory; beyond it the redelivery loop picks them up. */
export const WEBHOOK_DELIVERY_MAX_QUEUED = 10_000;

/**
 * Hands just-stored webhooks to their leads' workflows after the 2xx answer. The answer only waits for
 * the row to be stored (durable, deduplicated on the event key): a provider is acknowledged in one
 * INSERT, and a burst of deliveries is worked off at a bounded concurrency instead of making every
 * sender wait for queries and a Temporal call.
 *
 * Nothing acknowledged is lost: the queue is memory, the stored row is the promise. A row whose
 * delivery never ran (the process died, the queue was full, the job waited longer than `maxWaitMs`) is
 * still `received` and the redelivery loop (webhookInbox.ts), which takes rows older than its
 * `minAgeMs`, delivers it; `maxWaitMs` is below that age so the two rarely both deliver one row, and
 * when they do the second changes nothing (the workflow deduplicates signals on the event key, inbound
 * messages on their message id, contact upserts are idempotent).
 */
export class WebhookDeliveryQueue {
  private readonly waiting: { deliver: () => Promise<unknown>; queuedAt: number }[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly opts: {
      logger: Logger;
      concurrency?: number;
      maxQueued?: number;
      /** A job that waited longer is left to the redelivery loop (keep it below the loop's minAgeMs). */
      maxWaitMs: number;
      now?: () => number;
    },
  ) {}

  /** Queues a delivery; false when the queue is full (the stored row then waits for the redelivery loop). */
  enqueue(deliver: () => Promise<unknown>): boolean {
    if (this.waiting.length >= (this.opts.maxQueued ?? WEBHOOK_DELIVERY_MAX_QUEUED)) return false;
    this.waiting.push({ deliver, queuedAt: this.now() });
    this.pump();
    return true;
  }

  /** Deliveries queued or running. */
  get pending(): number {
    return this.waiting.length + this.running;
  }

  /** Resolves once nothing is queued or running (graceful shutdown; tests that read what a webhook did). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    const concurrency = this.opts.concurrency ?? WEBHOOK_DELIVERY_CONCURRENCY;
    while (this.running < concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift() as (typeof this.waiting)[number];
      if (this.now() - job.queuedAt > this.opts.maxWaitMs) continue; // the redelivery loop's now
      this.running++;
      job
        .deliver()
        .catch((err) =>
          // deliverStoredEvent records its own failures; this is a bug or the database gone.
          this.opts.logger.warn({ err: (err as Error).message }, 'webhook delivery after the answer failed'),
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
    if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}
