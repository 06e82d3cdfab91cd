// One lead's booking run: the steps of the story (offer, book, reminders, provider events, waiting)
// and the machinery they share (activity proxies, the handlers' lock, publishing to visibility).
// Over 250 lines on purpose: the steps share one lock and one state, and reading them in order is
// reading the lead's story; the rules live in LeadBookingState, the reply steps in replySteps.ts.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  ParentClosePolicy,
  proxyActivities,
  setCurrentDetails,
  startChild,
  TimeoutFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { BookingActivities } from '../activities';
import {
  AttentionReasonAttr,
  BookingProviderAttr,
  BookingStatusAttr,
  ClientIdAttr,
  LeadIdAttr,
  MeetingStartTimeAttr,
  NeedsAttentionAttr,
  visibilityText,
} from '../src/temporal/searchAttributes';
import { attentionAfterSeconds, DB_OPTIONS, db, providerOptions } from './activityOptions';
import { hasPatch } from './behavior';
import { currentDetails } from './currentDetails';
import { errorMessage, FailureType, failureType } from './failures';
import { type EventEffect, LeadBookingState, NO_SHOW_REASON, unconfirmedReason } from './leadBookingState';
import type {
  AttentionKind,
  BookingRecord,
  BookingStatus,
  LeadBookingInput,
  OfferRequest,
  OfferResult,
  ProviderBookingEvent,
} from './messages';
import { PostBookingSequenceWorkflow } from './postBooking';

/** Keep the workflow open a while after the meeting so late webhooks (no-shows, cancels) still land. */
const COMPLETE_AFTER_MEETING_MS = 2 * 60 * 60 * 1000;
/**
 * Hosts mark no-shows after the meeting, often hours later: runs from this patch on stay open this long
 * after the meeting's start so the mark still reaches the lead's workflow.
 */
const NO_SHOW_WINDOW_PATCH = 'no-show-window-after-meeting';
const NO_SHOW_WINDOW_MS = 48 * 60 * 60 * 1000;
const DEFAULT_CONFIRMATION_TIMEOUT_SECONDS = 30 * 60;
const DEFAULT_PICK_CONFIRMATION_TIMEOUT_SECONDS = 24 * 60 * 60;
/** Marks runs whose message handlers take turns through the mutex (see `exclusive`). */
const SERIALIZED_HANDLERS_PATCH = 'serialized-message-handlers';
/** Marks runs that end once a lead without a booking has been idle for `inactiveAfterSeconds`. */
const END_INACTIVE_LEADS_PATCH = 'end-inactive-leads';
const IDLE_STATUSES: BookingStatus[] = ['new', 'expired', 'canceled'];
const DEFAULT_INACTIVE_AFTER_SECONDS = 30 * 24 * 60 * 60;
/** Marks runs that upsert search attributes only when one of them changed (see `publish`). */
const PUBLISH_ON_CHANGE_PATCH = 'publish-search-attributes-on-change';
/** Marks runs that act on provider no-show marks (Calendly invitee_no_show.created / .deleted). */
const NO_SHOW_PATCH = 'provider-no-shows';

/** Rejects an Update whose precondition no longer holds once it got its turn (the caller gets a 409). */
export function refuse(why: string | undefined): void {
  if (why) throw ApplicationFailure.create({ type: 'InvalidState', message: why, nonRetryable: true });
}

export class LeadBookingRun {
  readonly state: LeadBookingState;
  readonly clientId: string;
  readonly leadId: string;
  readonly pickConfirmationTimeoutMs: number;
  private readonly provider: ReturnType<typeof proxyActivities<BookingActivities>>;
  private readonly confirmationTimeoutMs: number;
  private readonly inactiveAfterMs: number;
  /**
   * Provider events are applied to the state at once (in the signal handler) and their side effects run
   * from the main loop. Exists before any handler is registered: buffered signals fire on registration.
   */
  private readonly pendingEffects: EventEffect[] = [];
  /**
   * Handlers that touch state or call activities take turns, and so does the main loop when it books or
   * applies provider events. A real mutex: waiters are served first-come first-served, in the order
   * Temporal delivered the messages, so a replay takes the same turns. (The first runs used a `busy`
   * flag checked by `condition`, which let two updates delivered in one workflow task pass together;
   * histories recorded before the patch keep that behaviour so they still replay.)
   */
  readonly serialized: boolean;
  private readonly lock = new Mutex();
  private busy = false;
  /** Each upsert is a command and a history event: runs from the patch on skip the unchanged ones. */
  private readonly publishOnChange: boolean;
  private published = '';

  constructor(readonly input: LeadBookingInput) {
    this.state = input.resume
      ? new LeadBookingState(input.resume)
      : LeadBookingState.fresh(input.clientId, input.leadId);
    this.clientId = input.clientId;
    this.leadId = input.leadId;
    this.provider = proxyActivities<BookingActivities>(providerOptions(input));
    this.confirmationTimeoutMs =
      (input.confirmationTimeoutSeconds ?? DEFAULT_CONFIRMATION_TIMEOUT_SECONDS) * 1000;
    this.pickConfirmationTimeoutMs =
      (input.pickConfirmationTimeoutSeconds ?? DEFAULT_PICK_CONFIRMATION_TIMEOUT_SECONDS) * 1000;
    this.inactiveAfterMs = (input.inactiveAfterSeconds ?? DEFAULT_INACTIVE_AFTER_SECONDS) * 1000;
    this.serialized = hasPatch(this.input, SERIALIZED_HANDLERS_PATCH);
    this.publishOnChange = hasPatch(this.input, PUBLISH_ON_CHANGE_PATCH);
  }

  now(): string {
    return new Date().toISOString();
  }

  // ---- turn-taking ----

  isBusy(): boolean {
    return this.serialized ? this.lock.isLocked() : this.busy;
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.serialized) return this.lock.runExclusive(fn);
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await fn();
    } finally {
      this.busy = false;
    }
  }

  // ---- what operators and the UI see ----

  publish(): void {
    const s = this.state.s;
    setCurrentDetails(currentDetails(s));
    const provider = s.provider ?? s.booking?.provider ?? null;
    const meetingStart = s.booking?.startTime ?? null;
    if (this.publishOnChange) {
      const current = JSON.stringify([s.status, !!s.attention, s.attention?.reason, provider, meetingStart]);
      if (current === this.published) return;
      this.published = current;
    }
    upsertSearchAttributes([
      { key: ClientIdAttr, value: this.clientId },
      { key: LeadIdAttr, value: this.leadId },
      { key: BookingStatusAttr, value: s.status },
      { key: NeedsAttentionAttr, value: !!s.attention },
      // Text search attributes: PostgreSQL SQL visibility (Temporal 1.29) fails the whole row on : ' \
      { key: AttentionReasonAttr, value: s.attention ? visibilityText(s.attention.reason) : null },
      { key: BookingProviderAttr, value: provider },
      { key: MeetingStartTimeAttr, value: meetingStart ? new Date(meetingStart) : null },
    ]);
  }

  async flagAttention(kind: AttentionKind, reason: string, status = this.state.status): Promise<void> {
    this.state.needsAttention(kind, reason, this.now(), status);
    this.publish();
    await db.markLeadNeedsAttention({ clientId: this.clientId, leadId: this.leadId, reason });
  }

  // ---- offer ----

  async makeOffer(req: OfferRequest): Promise<OfferResult> {
    const { state } = this;
    const previous = state.status;
    state.startOffering(this.now());
    this.publish();
    try {
      const made = await db.offerSlots.executeWithOptions(
        {
          ...DB_OPTIONS,
          summary: req.near ? `Offer slots near ${req.near}` : 'Choose slots to offer the lead',
        },
        [
          {
            clientId: this.clientId,
            leadId: this.leadId,
            near: req.near,
            fresh: req.fresh,
            exclude: req.exclude,
          },
        ],
      );
      if (made.alreadyBooked) {
        const { provider, bookingId } = made.alreadyBooked;
        state.offerFailed(previous, this.now(), `the lead already has ${provider} booking ${bookingId}`);
        this.publish();
        return { result: 'already_booked', provider, bookingId };
      }
      if (made.slots.length === 0) {
        state.offerFailed(previous, this.now(), 'no free slots');
        this.publish();
        return { result: 'no_slots', reason: 'the calendar has no free slots in the offer window' };
      }
      const offeredAt = new Date();
      const offer = {
        slots: made.slots,
        leadTimeZone: made.leadTimeZone,
        offeredAt: offeredAt.toISOString(),
        expiresAt: new Date(offeredAt.getTime() + made.offerExpiryHours * 3_600_000).toISOString(),
      };
      state.offered(offer, made.provider, this.now());
      return { result: 'offered', offer, provider: made.provider };
    } catch (err) {
      state.offerFailed(previous, this.now(), errorMessage(err));
      throw ApplicationFailure.create({
        message: `could not offer slots: ${errorMessage(err)}`,
        nonRetryable: true,
      });
    } finally {
      this.publish();
    }
  }

  // ---- booking ----

  async book(): Promise<void> {
    const { state } = this;
    const slot = state.s.acceptedSlot as string;
    this.publish();
    try {
      const { reminderOffsetsMinutes, ...booking } = await this.provider.bookAcceptedSlot.executeWithOptions(
        {
          ...providerOptions(this.input),
          summary: `Book ${slot} at ${state.s.provider ?? 'the provider'}`,
        },
        [
          {
            clientId: this.clientId,
            leadId: this.leadId,
            startTime: slot,
            acceptedAt: state.s.acceptedAt,
            // Book where the slots were offered, even if the workspace's setting changed since.
            provider: state.s.provider,
          },
        ],
      );
      state.booked({ ...booking, confirmed: false }, this.now());
      for (const e of state.takeDeferredEvents())
        this.pendingEffects.push(state.applyProviderEvent(e, this.now()));
      await this.startReminders(reminderOffsetsMinutes);
    } catch (err) {
      const type = failureType(err);
      if (type === FailureType.SlotUnavailable) {
        state.note(this.now(), `slot ${slot} was taken meanwhile; offering fresh slots`);
        await this.makeOffer({ refresh: true, fresh: true, exclude: [slot] });
      } else if (isCancellation(err)) {
        throw err;
      } else {
        // Retryable failures only end here once the bounded retry time is used up.
        const gaveUp =
          err instanceof ActivityFailure &&
          (err.cause instanceof TimeoutFailure || type === FailureType.ProviderUnavailable);
        const reason = gaveUp
          ? `provider did not book within ${attentionAfterSeconds(this.input)}s: ${errorMessage(err)}`
          : `booking failed: ${errorMessage(err)}`;
        // Same commands either way: the kind only tells a person what to fix (the lead or the provider).
        const kind = type === FailureType.LeadNotBookable ? 'lead_not_bookable' : 'provider_failed';
        await this.flagAttention(kind, reason, 'needs_attention');
      }
    } finally {
      this.publish();
    }
  }

  /** An operator recorded a booking made by hand. */
  recordManualBooking(booking: BookingRecord): Promise<void> {
    return db.recordBooking({ clientId: this.clientId, leadId: this.leadId, booking });
  }

  /** Cancels at the provider (an operator's cancel; the webhook that follows is deduplicated). */
  cancelAtProvider(booking: BookingRecord, reason: string): Promise<void> {
    return this.provider.cancelProviderBooking({
      clientId: this.clientId,
      leadId: this.leadId,
      booking,
      reason,
    });
  }

  // ---- post-booking sequence ----

  /** `reminderOffsetsMinutes`: the plan, when the booking activity just read it (else the child reads it). */
  async startReminders(reminderOffsetsMinutes?: number[]): Promise<void> {
    const { state } = this;
    const booking = state.s.booking;
    if (!booking) return;
    const childId = `${workflowInfo().workflowId}:post-booking:${booking.startTime}`;
    if (state.s.postBookingWorkflowId === childId) return;
    await this.stopReminders();
    await this.startSequence(booking, childId, undefined, reminderOffsetsMinutes);
  }

  /**
   * After a no-show mark was removed: the reminders still ahead resume in a fresh sequence (the stopped
   * one may not have closed yet, so its id cannot be reused). It shares the stopped sequence's reminder
   * keys, so a reminder already sent is never sent twice. A meeting already begun gets none.
   */
  private async resumeReminders(booking: BookingRecord): Promise<void> {
    if (Date.parse(booking.startTime) <= Date.now() || this.state.s.postBookingWorkflowId) return;
    const keyBase = `${workflowInfo().workflowId}:post-booking:${booking.startTime}`;
    await this.startSequence(booking, `${keyBase}:resumed-${Date.now()}`, keyBase);
  }

  private async startSequence(
    booking: BookingRecord,
    childId: string,
    reminderKeyBase?: string,
    reminderOffsetsMinutes?: number[],
  ) {
    await startChild(PostBookingSequenceWorkflow, {
      workflowId: childId,
      args: [
        {
          clientId: this.clientId,
          leadId: this.leadId,
          meetingStart: booking.startTime,
          bookingId: booking.bookingId,
          ...(reminderKeyBase ? { reminderKeyBase } : {}),
          ...(reminderOffsetsMinutes ? { reminderOffsetsMinutes } : {}),
        },
      ],
      // ABANDON: the sequence must survive this run continuing-as-new; we cancel it ourselves when the
      // booking is cancelled or moved, and it ends by itself after the last reminder.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    this.state.s.postBookingWorkflowId = childId;
    this.state.note(this.now(), `post-booking sequence started (${childId})`);
  }

  private async stopReminders(): Promise<void> {
    const id = this.state.s.postBookingWorkflowId;
    if (!id) return;
    this.state.s.postBookingWorkflowId = undefined;
    try {
      await getExternalWorkflowHandle(id).cancel();
    } catch (err) {
      log.warn('post-booking sequence already closed', { id, error: errorMessage(err) });
    }
  }

  async afterCancel(booking: BookingRecord | undefined, reason: string): Promise<void> {
    await this.stopReminders();
    if (booking)
      await db.recordCancellation({ clientId: this.clientId, leadId: this.leadId, booking, reason });
    this.publish();
  }

  // ---- provider events ----

  /** Signal handler: the state changes now; the side effects wait for the main loop's turn. */
  receiveProviderEvent(event: ProviderBookingEvent): void {
    const noShow = event.kind === 'no_show' || event.kind === 'no_show_undone';
    if (noShow && !hasPatch(this.input, NO_SHOW_PATCH)) {
      // A run replaying from before no-shows were handled never acted on one: keep it that way.
      this.state.note(this.now(), `ignored ${event.kind} of booking ${event.bookingId}`);
      return;
    }
    this.pendingEffects.push(this.state.applyProviderEvent(event, this.now()));
    this.publish();
  }

  hasPendingEffects(): boolean {
    return this.pendingEffects.length > 0;
  }

  async applyProviderEvents(): Promise<void> {
    const ids = { clientId: this.clientId, leadId: this.leadId };
    while (this.pendingEffects.length) {
      const effect = this.pendingEffects.shift() as EventEffect;
      switch (effect.effect) {
        case 'confirmed':
          await db.recordConfirmation({ ...ids, booking: effect.booking });
          break;
        case 'self_booked':
        case 'moved':
          await db.recordBooking({ ...ids, booking: effect.booking });
          await this.startReminders();
          break;
        case 'canceled':
          await this.afterCancel(effect.booking, effect.reason);
          break;
        case 'no_show':
          await this.stopReminders();
          await db.recordNoShow({ ...ids, booking: effect.booking, reason: NO_SHOW_REASON });
          break;
        case 'no_show_undone':
          await db.recordNoShowUndone({ ...ids, booking: effect.booking });
          await this.resumeReminders(effect.booking);
          break;
      }
      this.publish();
    }
  }

  // ---- waiting ----

  /**
   * Long-lived entity workflow: start a fresh run (carrying the state) when the server suggests it, or
   * after a configured history length (operators can lower it; tests use it to exercise the hand-over).
   */
  shouldContinueAsNew(): boolean {
    return (
      workflowInfo().continueAsNewSuggested ||
      (this.input.continueAsNewAfterEvents !== undefined &&
        workflowInfo().historyLength > this.input.continueAsNewAfterEvents)
    );
  }

  private changedFrom(status: BookingStatus): () => boolean {
    return () => this.state.status !== status || this.pendingEffects.length > 0 || this.shouldContinueAsNew();
  }

  /** Until the lead answers, the offer expires, or a confirmation we asked for goes unanswered. */
  async waitForReply(): Promise<void> {
    const { state } = this;
    const offer = state.s.offer;
    if (!offer) return;
    const changed = this.changedFrom(state.status);
    const confirmation = state.s.confirmation;
    const until = Math.min(
      Date.parse(offer.expiresAt),
      confirmation ? Date.parse(confirmation.expiresAt) : Number.POSITIVE_INFINITY,
    );
    const remaining = until - Date.now();
    const woke =
      remaining > 0 &&
      (await condition(
        () => changed() || state.s.offer !== offer || state.s.confirmation !== confirmation,
        remaining,
      ));
    if (woke) return;
    if (confirmation && Date.parse(confirmation.expiresAt) < Date.parse(offer.expiresAt)) {
      // The lead never answered "Just to confirm ...?": a person follows up; the offer stays open.
      await this.exclusive(async () => {
        if (state.s.confirmation !== confirmation) return;
        state.confirmationSettled(this.now(), 'no answer in time');
        await this.flagAttention(
          'pick_unconfirmed',
          `lead did not answer the confirmation of ${confirmation.slot}`,
          'awaiting_reply',
        );
      });
      return;
    }
    await condition(() => !this.isBusy()); // a reply being handled right at expiry gets its answer first
    if (state.status === 'awaiting_reply' && state.s.offer === offer) {
      await db.expireOffer.executeWithOptions({ ...DB_OPTIONS, summary: 'Expire the unanswered offer' }, [
        { clientId: this.clientId, leadId: this.leadId },
      ]);
      state.expire(this.now());
      this.publish();
    }
  }

  /** Until the meeting is over, or flag a booking the provider never confirmed (once). */
  async waitWhileBooked(): Promise<void> {
    const { state } = this;
    const booking = state.s.booking;
    if (!booking) return;
    const changed = this.changedFrom(state.status);
    const wasConfirmed = booking.confirmed;
    const openAfterMeeting = hasPatch(this.input, NO_SHOW_WINDOW_PATCH)
      ? NO_SHOW_WINDOW_MS
      : COMPLETE_AFTER_MEETING_MS;
    const completeAt = Date.parse(booking.startTime) + openAfterMeeting;
    const confirmBy =
      wasConfirmed || state.s.attention
        ? Number.POSITIVE_INFINITY
        : Date.parse(booking.bookedAt) + this.confirmationTimeoutMs;
    const wakeIn = Math.min(completeAt, confirmBy) - Date.now();
    const woke =
      wakeIn > 0 &&
      (await condition(
        () => changed() || state.s.booking !== booking || booking.confirmed !== wasConfirmed,
        wakeIn,
      ));
    if (woke || state.s.booking !== booking || state.status !== 'booked') return;
    if (Date.now() >= completeAt) {
      state.completed(this.now());
      this.publish();
    } else if (!booking.confirmed) {
      await this.flagAttention(
        'provider_unconfirmed',
        unconfirmedReason(booking.bookingId, this.confirmationTimeoutMs / 1000),
        'booked',
      );
    }
  }

  /** Until anything changes (nothing to time out in this status). */
  async waitForChange(): Promise<void> {
    const { state } = this;
    const status = state.status;
    const changed = this.changedFrom(status);
    // Nothing stays Running forever: a lead with no booking and nothing happening ends its workflow.
    // A no-show waits for a setter the same way (its booking stays, so a removed mark can restore it).
    const noShow = status === 'no_show';
    const idle =
      noShow ||
      (IDLE_STATUSES.includes(status) && !state.s.booking && hasPatch(this.input, END_INACTIVE_LEADS_PATCH));
    if (!idle) {
      await condition(changed);
      return;
    }
    const last = Date.parse(state.lastActivityAt() ?? workflowInfo().startTime.toISOString());
    const remaining = last + this.inactiveAfterMs - Date.now();
    const woke = remaining > 0 && (await condition(changed, remaining));
    if (woke) return;
    await this.exclusive(async () => {
      if (state.status !== status || (state.s.booking && !noShow)) return;
      // A no-show lead keeps its status on the lead row: that is its final state.
      if (!noShow)
        await db.recordLeadEnded({ clientId: this.clientId, leadId: this.leadId, finalStatus: status });
      state.endInactive(this.now(), this.inactiveAfterMs / 1000);
      this.publish();
    });
  }

  /**
   * Waits (without spinning: the wake-up conditions stay true from now on) until no handler is
   * mid-flight, so the state can be handed to a fresh run. A booking accepted meanwhile is made by it.
   */
  async quiesce(): Promise<void> {
    await condition(() => !this.isBusy() && allHandlersFinished());
  }
}
