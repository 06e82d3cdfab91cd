// Over 250 lines on purpose: every rule of the lead booking state machine lives in this one class (see
// workflows/leadBooking.ts).
import type {
  Attention,
  AttentionKind,
  BookingRecord,
  BookingStatus,
  LeadBookingSnapshot,
  PickConfirmation,
  ProviderBookingEvent,
  ProviderName,
  SlotOffer,
} from './messages';

const MAX_TIMELINE = 100;
const MAX_SEEN = 200;
const MAX_UNDONE_NO_SHOWS = 20;

/** What the workflow must do after a provider event was applied. */
export type EventEffect =
  | { effect: 'none' }
  | { effect: 'confirmed'; booking: BookingRecord }
  | { effect: 'canceled'; booking: BookingRecord; reason: string }
  | { effect: 'moved'; from: BookingRecord; booking: BookingRecord }
  | { effect: 'self_booked'; booking: BookingRecord }
  | { effect: 'no_show'; booking: BookingRecord }
  | { effect: 'no_show_undone'; booking: BookingRecord };

/** What operators read and search (`AttentionReason`) on a lead the host marked a no-show. */
export const NO_SHOW_REASON = 'no-show';

/**
 * The lead booking state machine, free of Temporal calls so its rules read in one place.
 * The workflow applies messages to it and performs the side effects it asks for.
 */
export class LeadBookingState {
  readonly s: LeadBookingSnapshot;

  constructor(snapshot: LeadBookingSnapshot) {
    this.s = snapshot;
  }

  static fresh(clientId: string, leadId: string): LeadBookingState {
    return new LeadBookingState({
      clientId,
      leadId,
      status: 'new',
      timeline: [],
      seenMessageIds: [],
      seenEventKeys: [],
      deferredEvents: [],
    });
  }

  get status(): BookingStatus {
    return this.s.status;
  }

  note(at: string, event: string): void {
    this.s.timeline.push({ at, event });
    if (this.s.timeline.length > MAX_TIMELINE)
      this.s.timeline.splice(0, this.s.timeline.length - MAX_TIMELINE);
  }

  private transition(to: BookingStatus, at: string, why: string): void {
    if (this.s.status !== to) this.note(at, `${this.s.status} → ${to}: ${why}`);
    this.s.status = to;
  }

  /** Offering is possible unless a booking exists or is being made (a missed one too: cancel it first). */
  canOffer(): boolean {
    return !['booking', 'booked', 'no_show', 'completed'].includes(this.s.status);
  }

  // ---- what each request may do now: undefined when it fits, else why not (the caller gets a 409) ----

  whyNotOffer(): string | undefined {
    return this.canOffer() ? undefined : `cannot offer slots while the booking is ${this.status}`;
  }

  whyNotRetry(): string | undefined {
    return this.status === 'needs_attention' && this.s.acceptedSlot
      ? undefined
      : `retry fits only a stuck booking with an accepted slot; the booking is ${this.status}`;
  }

  whyNotReoffer(): string | undefined {
    return this.canOffer() || this.status === 'needs_attention'
      ? undefined
      : `cannot re-offer while the booking is ${this.status}; cancel it first`;
  }

  whyNotCancel(): string | undefined {
    return ['canceled', 'completed', 'booking'].includes(this.status)
      ? `cannot cancel a booking that is ${this.status}`
      : undefined;
  }

  whyNotMarkBooked(): string | undefined {
    return ['booked', 'booking', 'completed'].includes(this.status)
      ? `the booking is already ${this.status}`
      : undefined;
  }

  hasActiveOffer(): boolean {
    return this.s.status === 'awaiting_reply' && !!this.s.offer;
  }

  startOffering(at: string): void {
    this.transition('offered', at, 'choosing slots');
  }

  offered(offer: SlotOffer, provider: ProviderName, at: string): void {
    this.s.offer = offer;
    this.s.provider = provider;
    this.s.acceptedSlot = undefined;
    this.s.confirmation = undefined;
    this.transition('awaiting_reply', at, `offered ${offer.slots.length} slot(s) until ${offer.expiresAt}`);
  }

  offerFailed(previous: BookingStatus, at: string, reason: string): void {
    this.transition(previous === 'offered' ? 'new' : previous, at, `no offer: ${reason}`);
  }

  expire(at: string): void {
    this.s.offer = undefined;
    this.s.confirmation = undefined;
    this.transition('expired', at, 'offer expired without an accepted slot');
  }

  /** A pick with a doubt: the lead was asked to confirm it; the offer stays open meanwhile. */
  awaitConfirmation(c: PickConfirmation, at: string): void {
    this.s.confirmation = c;
    this.note(at, `asked the lead to confirm ${c.slot} (doubt: ${c.doubts.join(', ')})`);
  }

  /** The confirmation was answered (or given up on); the pending question is cleared. */
  confirmationSettled(at: string, why: string): PickConfirmation | undefined {
    const c = this.s.confirmation;
    this.s.confirmation = undefined;
    if (c) this.note(at, `confirmation of ${c.slot}: ${why}`);
    return c;
  }

  accept(slot: string, at: string): void {
    this.s.confirmation = undefined;
    this.s.acceptedSlot = slot;
    this.s.acceptedAt = at;
    this.clearAttention();
    this.transition('booking', at, `lead accepted ${slot}`);
  }

  /** Returns false when this message id was already handled (duplicate delivery). */
  rememberMessage(messageId: string): boolean {
    if (this.s.seenMessageIds.includes(messageId)) return false;
    this.s.seenMessageIds.push(messageId);
    if (this.s.seenMessageIds.length > MAX_SEEN) this.s.seenMessageIds.shift();
    return true;
  }

  booked(booking: BookingRecord, at: string): void {
    this.s.booking = booking;
    this.s.noShowId = undefined;
    this.s.offer = undefined;
    this.s.acceptedSlot = undefined;
    this.clearAttention();
    this.transition(
      'booked',
      at,
      `booked ${booking.startTime} at ${booking.provider} (${booking.bookingId})`,
    );
  }

  needsAttention(
    kind: AttentionKind,
    reason: string,
    at: string,
    status: BookingStatus = 'needs_attention',
  ): void {
    this.s.attention = { kind, reason, since: at };
    this.transition(status, at, `needs attention: ${reason}`);
    if (status === this.s.status) this.note(at, `needs attention: ${reason}`);
  }

  clearAttention(): void {
    this.s.attention = undefined;
  }

  canceled(at: string, reason: string): void {
    this.s.booking = undefined;
    this.s.pendingReschedule = undefined;
    this.transition('canceled', at, reason);
  }

  completed(at: string): void {
    this.transition('completed', at, 'meeting time has passed');
  }

  /** No booking and nothing happened for a long time: the workflow ends (the next offer starts afresh). */
  endInactive(at: string, seconds: number): void {
    const what = this.s.status === 'no_show' ? 'no follow-up after the no-show' : 'no booking';
    this.transition('completed', at, `${what} and no activity for ${Math.round(seconds / 86_400)} day(s)`);
  }

  /** When anything last happened to this lead (the timeline's last entry). */
  lastActivityAt(): string | undefined {
    return this.s.timeline.at(-1)?.at;
  }

  /**
   * Applies a provider webhook. Idempotent per eventKey, tolerant of out-of-order arrival:
   * a reschedule's cancel half never flaps the booking to canceled.
   */
  applyProviderEvent(e: ProviderBookingEvent, at: string): EventEffect {
    if (this.s.seenEventKeys.includes(e.eventKey)) return { effect: 'none' };
    if (this.s.status === 'booking') {
      // Our own booking's webhook can overtake the activity that made it: apply it once booked.
      if (!this.s.deferredEvents.some((d) => d.eventKey === e.eventKey)) this.s.deferredEvents.push(e);
      return { effect: 'none' };
    }
    this.s.seenEventKeys.push(e.eventKey);
    if (this.s.seenEventKeys.length > MAX_SEEN) this.s.seenEventKeys.shift();

    const current = this.s.booking;
    switch (e.kind) {
      case 'confirmed': {
        if (current && current.bookingId === e.bookingId) {
          if (current.confirmed) return { effect: 'none' };
          current.confirmed = true;
          // A confirmation that was overdue clears the flag raised for it.
          if (this.s.attention && attentionKind(this.s.attention) === 'provider_unconfirmed')
            this.clearAttention();
          this.note(at, `${e.provider} confirmed booking ${e.bookingId}`);
          return { effect: 'confirmed', booking: current };
        }
        const replaces = e.replacesBookingId ?? this.pendingTarget(e.bookingId);
        if (current && replaces === current.bookingId) {
          const next: BookingRecord = {
            ...current,
            bookingId: e.bookingId,
            startTime: e.startTime,
            scheduledEventUri: e.scheduledEventUri,
            confirmed: true,
          };
          this.s.booking = next;
          this.s.pendingReschedule = undefined;
          this.note(at, `rescheduled from ${current.startTime} to ${e.startTime}`);
          // A lead marked no-show who books again has a meeting to go to: booked, no follow-up needed.
          if (this.s.status === 'no_show') this.backFromNoShow(at, 'the lead rescheduled');
          return { effect: 'moved', from: current, booking: next };
        }
        if (!current) {
          // Booked on the provider's own page (or a booking we had lost track of): adopt it.
          const booking: BookingRecord = {
            provider: e.provider,
            bookingId: e.bookingId,
            scheduledEventUri: e.scheduledEventUri,
            startTime: e.startTime,
            bookedAt: at,
            confirmed: true,
            selfBooked: true,
          };
          this.booked(booking, at);
          return { effect: 'self_booked', booking };
        }
        this.note(at, `ignored confirmation of unknown booking ${e.bookingId}`);
        return { effect: 'none' };
      }
      case 'canceled': {
        if (!current || current.bookingId !== e.bookingId) {
          this.note(at, `ignored cancellation of booking ${e.bookingId} (not the current one)`);
          return { effect: 'none' };
        }
        if (e.rescheduledToBookingId) {
          // The new invitee's created event may still be on its way: keep the booking, remember the move.
          this.s.pendingReschedule = { fromBookingId: e.bookingId, toBookingId: e.rescheduledToBookingId };
          this.note(at, `reschedule of ${e.bookingId} announced; waiting for ${e.rescheduledToBookingId}`);
          return { effect: 'none' };
        }
        const reason = e.reason ? `canceled at ${e.provider}: ${e.reason}` : `canceled at ${e.provider}`;
        this.canceled(at, reason);
        return { effect: 'canceled', booking: current, reason };
      }
      case 'moved': {
        if (!current || current.bookingId !== e.bookingId || current.startTime === e.startTime)
          return { effect: 'none' };
        const next = { ...current, startTime: e.startTime };
        this.s.booking = next;
        this.note(at, `moved from ${current.startTime} to ${e.startTime}`);
        return { effect: 'moved', from: current, booking: next };
      }
      case 'no_show':
        return this.noShow(e, at);
      case 'no_show_undone':
        return this.noShowUndone(e, at);
    }
  }

  /**
   * The host marked the lead a no-show: the post-booking sequence stops and a setter follows up. Only
   * the current booking counts; a mark whose deletion already arrived (out of order) is stale.
   */
  private noShow(e: Extract<ProviderBookingEvent, { kind: 'no_show' }>, at: string): EventEffect {
    const current = this.s.booking;
    if (!current || current.bookingId !== e.bookingId) {
      this.note(at, `ignored no-show of booking ${e.bookingId} (not the current one)`);
      return { effect: 'none' };
    }
    if (e.noShowId && this.s.undoneNoShows?.includes(e.noShowId)) {
      this.note(at, `ignored no-show ${e.noShowId}: it was already removed at ${e.provider}`);
      return { effect: 'none' };
    }
    if (this.s.status !== 'booked') {
      this.note(at, `ignored no-show of booking ${e.bookingId} while ${this.s.status}`);
      return { effect: 'none' };
    }
    this.s.noShowId = e.noShowId;
    this.needsAttention('no_show', NO_SHOW_REASON, at, 'no_show');
    return { effect: 'no_show', booking: current };
  }

  /** The host removed the no-show mark: booked again, the follow-up flag cleared. */
  private noShowUndone(
    e: Extract<ProviderBookingEvent, { kind: 'no_show_undone' }>,
    at: string,
  ): EventEffect {
    const current = this.s.booking;
    if (!current || current.bookingId !== e.bookingId) {
      this.note(at, `ignored removed no-show of booking ${e.bookingId} (not the current one)`);
      return { effect: 'none' };
    }
    const matches = !e.noShowId || !this.s.noShowId || e.noShowId === this.s.noShowId;
    if (this.s.status === 'no_show' && matches) {
      this.backFromNoShow(at, `no-show removed at ${e.provider}`);
      return { effect: 'no_show_undone', booking: current };
    }
    // The removal overtook its mark (or names another mark): remember it so the late mark is ignored.
    if (e.noShowId) {
      this.s.undoneNoShows = [...(this.s.undoneNoShows ?? []), e.noShowId].slice(-MAX_UNDONE_NO_SHOWS);
    }
    this.note(at, `no-show ${e.noShowId ?? ''} removed at ${e.provider} before it was marked here`);
    return { effect: 'none' };
  }

  private backFromNoShow(at: string, why: string): void {
    this.s.noShowId = undefined;
    if (this.s.attention && attentionKind(this.s.attention) === 'no_show') this.clearAttention();
    this.transition('booked', at, why);
  }

  /** Events that arrived while booking; the workflow re-applies them once the booking settles. */
  takeDeferredEvents(): ProviderBookingEvent[] {
    return this.s.deferredEvents.splice(0);
  }

  /** If a created event is the target of a reschedule whose cancel half came first, the booking it replaces. */
  private pendingTarget(bookingId: string): string | undefined {
    const p = this.s.pendingReschedule;
    return p && p.toBookingId === bookingId ? p.fromBookingId : undefined;
  }
}

/** Prefix of the provider-unconfirmed reason, how runs before typed reasons recognised it. */
const UNCONFIRMED_REASON = 'provider never confirmed';

/** The kind of an attention flag, also for one carried over from a run before kinds existed. */
export function attentionKind(a: Attention): AttentionKind | undefined {
  if (a.kind) return a.kind;
  return a.reason.startsWith(UNCONFIRMED_REASON) ? 'provider_unconfirmed' : undefined;
}

export function unconfirmedReason(bookingId: string, seconds: number): string {
  return `${UNCONFIRMED_REASON} booking ${bookingId} within ${seconds}s`;
}
