import { randomUUID } from 'node:crypto';
import { signCalendlyPayload } from '../../providers/calendly/webhooks';
import type { UserRecord, WebhookDeliveryRecord, WebhookSubscriptionRecord } from './model';
import { renderInvitee, renderNoShowMark, renderScheduledEvent, type UriScheme, uris } from './render';
import type { SandboxStore, WebhookTrigger } from './store';

/**
 * Webhook delivery the way Calendly does it: one POST per matching subscription, signed with the
 * subscription's key at send time, and any non-2xx answer (3xx included) retried with capped
 * exponential back-off until a give-up horizon, after which the subscription is disabled.
 */
export interface WebhookRetryOptions {
  /** First retry delay; doubles per attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Calendly keeps retrying for 24 hours, then disables the subscription. */
  giveUpAfterMs: number;
  attemptTimeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryOptions = {
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
  attemptTimeoutMs: 10_000,
};

export interface WebhookDeliveryView {
  id: string;
  subscription: string;
  callback_url: string;
  event: string;
  invitee: string;
  created_at: string;
  state: WebhookDeliveryRecord['state'];
  attempts: WebhookDeliveryRecord['attempts'];
  attempt_count: number;
  last_status: number | null;
  next_attempt_at: string | null;
  payload: unknown;
}

export class WebhookDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  /** While set, new deliveries are recorded but not sent (see `hold`). */
  private held: WebhookDeliveryRecord[] | null = null;

  constructor(
    private readonly store: SandboxStore,
    private readonly scheme: UriScheme,
    private readonly retry: WebhookRetryOptions,
  ) {}

  /**
   * Records the deliveries for each trigger and makes their first attempts one after the other, so
   * callers control arrival order (retries then run on their own timers).
   */
  async emit(triggers: readonly WebhookTrigger[]): Promise<void> {
    for (const trigger of triggers) {
      for (const delivery of this.createDeliveries(trigger)) {
        if (this.held) this.held.push(delivery);
        else await this.track(this.attempt(delivery));
      }
    }
  }

  /**
   * Holds new deliveries back (recorded, bodies fixed, not sent) until `release`, which sends them in
   * the order asked: Calendly does not guarantee arrival order, and tests need to choose it.
   */
  hold(): void {
    this.held ??= [];
  }

  async release(order: 'as-created' | 'reverse' = 'as-created'): Promise<void> {
    const held = this.held ?? [];
    this.held = null;
    for (const delivery of order === 'reverse' ? [...held].reverse() : held)
      await this.track(this.attempt(delivery));
  }

  /** For API calls: the HTTP answer must not wait for the customer's webhook endpoint. */
  emitInBackground(triggers: readonly WebhookTrigger[]): void {
    void this.track(this.emit(triggers));
  }

  /** After a restart from a state file: pick up deliveries that were still being retried. */
  resumePending(): void {
    for (const delivery of this.store.data.deliveries) {
      if (delivery.state !== 'pending') continue;
      const due = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) - this.store.now() : 0;
      this.schedule(delivery, Math.max(0, due));
    }
  }

  /** Resolves once nothing is pending or in flight (or rejects after `timeoutMs`). */
  async settled(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 || this.store.data.deliveries.some((d) => d.state === 'pending')) {
      if (Date.now() > deadline) throw new Error(`webhook deliveries still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Forgets scheduled retries (sandbox reset); attempts already on the wire finish harmlessly. */
  cancelRetries(): void {
    this.held = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  view(delivery: WebhookDeliveryRecord): WebhookDeliveryView {
    const last = delivery.attempts.at(-1);
    return {
      id: delivery.id,
      subscription: uris(this.scheme).webhookSubscription(delivery.subscriptionUuid),
      callback_url: delivery.callbackUrl,
      event: delivery.event,
      invitee: delivery.inviteeUri,
      created_at: delivery.createdAt,
      state: delivery.state,
      attempts: delivery.attempts,
      attempt_count: delivery.attempts.length,
      last_status: last?.status ?? null,
      next_attempt_at: delivery.nextAttemptAt,
      payload: JSON.parse(delivery.body),
    };
  }

  private createDeliveries(trigger: WebhookTrigger): WebhookDeliveryRecord[] {
    const { store, scheme } = this;
    const invitee = store.invitee(trigger.inviteeUuid);
    const event = invitee && store.scheduledEvent(invitee.eventUuid);
    const host = event && store.user(event.hostUuid);
    if (!invitee || !event || !host) return [];
    const limit = store.eventType(event.eventTypeUuid)?.inviteesPerSlot ?? 1;
    const payload = {
      ...renderInvitee(scheme, invitee, store.data.invitees),
      ...(trigger.removedNoShow ? { no_show: renderNoShowMark(scheme, trigger.removedNoShow) } : {}),
      scheduled_event: renderScheduledEvent(scheme, event, host, store.data.invitees, limit),
    };
    const createdAt = new Date(store.now()).toISOString();
    const deliveries = store.data.webhookSubscriptions
      .filter((s) => s.state === 'active' && s.events.includes(trigger.event) && covers(s, host))
      .map(
        (s): WebhookDeliveryRecord => ({
          id: randomUUID(),
          subscriptionUuid: s.uuid,
          callbackUrl: s.callbackUrl,
          event: trigger.event,
          inviteeUri: payload.uri,
          body: JSON.stringify({
            event: trigger.event,
            created_at: createdAt,
            created_by: uris(scheme).user(s.creatorUuid),
            payload,
          }),
          createdAt,
          attempts: [],
          state: 'pending',
          nextAttemptAt: createdAt,
        }),
      );
    store.data.deliveries.push(...deliveries);
    store.save();
    return deliveries;
  }

  private async attempt(delivery: WebhookDeliveryRecord): Promise<void> {
    if (this.stopped || delivery.state !== 'pending') return;
    const subscription = this.store.data.webhookSubscriptions.find(
      (s) => s.uuid === delivery.subscriptionUuid,
    );
    if (subscription?.state !== 'active') {
      Object.assign(delivery, { state: 'failed', nextAttemptAt: null });
      this.store.save();
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'Calendly-Sandbox',
    };
    if (subscription.signingKey) {
      // Signed per attempt: a retry hours later must still pass the receiver's replay window.
      const t = Math.floor(this.store.now() / 1000);
      headers['Calendly-Webhook-Signature'] = signCalendlyPayload(subscription.signingKey, delivery.body, t);
    }
    const at = new Date(this.store.now()).toISOString();
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await fetch(delivery.callbackUrl, {
        method: 'POST',
        headers,
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.retry.attemptTimeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = (err as Error).message;
    }
    if (this.stopped) return;
    delivery.attempts.push({ at, status, ...(error ? { error } : {}) });
    if (status !== null && status >= 200 && status < 300) {
      Object.assign(delivery, { state: 'delivered', nextAttemptAt: null });
      subscription.retryStartedAt = null;
    } else {
      subscription.retryStartedAt ??= at;
      this.retryLater(delivery, subscription);
    }
    this.store.save();
  }

  private retryLater(delivery: WebhookDeliveryRecord, subscription: WebhookSubscriptionRecord): void {
    const elapsed = this.store.now() - Date.parse(delivery.createdAt);
    if (elapsed >= this.retry.giveUpAfterMs) {
      Object.assign(delivery, { state: 'failed', nextAttemptAt: null });
      subscription.state = 'disabled';
      subscription.updatedAt = new Date(this.store.now()).toISOString();
      return;
    }
    const exponent = Math.min(delivery.attempts.length - 1, 30);
    const delay = Math.min(this.retry.baseDelayMs * 2 ** exponent, this.retry.maxDelayMs);
    delivery.nextAttemptAt = new Date(this.store.now() + delay).toISOString();
    this.schedule(delivery, delay);
  }

  private schedule(delivery: WebhookDeliveryRecord, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.track(this.attempt(delivery));
    }, delayMs);
    this.timers.add(timer);
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }
}

/** Organization (and group, which the sandbox does not model separately) scope sees the whole org. */
function covers(subscription: WebhookSubscriptionRecord, host: UserRecord): boolean {
  if (subscription.scope === 'user') return subscription.userUuid === host.uuid;
  return subscription.orgUuid === host.orgUuid;
}
