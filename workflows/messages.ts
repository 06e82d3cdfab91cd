import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * The lead booking workflow's public surface: its input, state, and every message it accepts.
 * The API imports these definitions; nothing here may import Node-only modules.
 */

// Declared once, in a file with no imports (safe for the workflow bundle).
import type { ProviderName } from '../src/providers/names';

export type { ProviderName };

export type BookingStatus =
  | 'new' // workflow exists, nothing offered yet
  | 'offered' // slots are being chosen
  | 'awaiting_reply' // slots are out, waiting for the lead
  | 'booking' // a slot was accepted, the provider call is in flight
  | 'booked'
  | 'canceled'
  | 'expired'
  | 'needs_attention' // booking is stuck; an operator must act
  | 'no_show' // the host marked the lead a no-show at the provider; a setter follows up
  | 'completed'; // the meeting time has passed

export interface SlotOffer {
  slots: string[];
  leadTimeZone: string;
  offeredAt: string;
  expiresAt: string;
}

export interface BookingRecord {
  provider: ProviderName;
  bookingId: string;
  scheduledEventUri?: string;
  startTime: string;
  bookedAt: string;
  /** A provider webhook confirmed it. */
  confirmed: boolean;
  /** Booked by the lead on the provider's own page (no offer from us). */
  selfBooked?: boolean;
}

export interface PickConfirmation {
  slot: string;
  /** The reply whose pick is being confirmed. */
  messageId: string;
  /** Why the pick was not certain (hedge, typo_repair, leftover_clause). */
  doubts: string[];
  askedAt: string;
  /** No answer by then: a person is asked to follow up. */
  expiresAt: string;
}

/** Why a person must look at the lead; the text in `reason` is what operators read and search. */
export type AttentionKind =
  | 'provider_failed' // the provider did not book in time, or refused for good
  | 'lead_not_bookable' // the lead lacks what the provider needs (an email; a phone for a call location)
  | 'provider_unconfirmed' // booked, but the provider never confirmed it
  | 'reply_unclear' // a reply the interpreter could not read
  | 'lead_question' // the lead asked something a person should answer
  | 'pick_unconfirmed' // the lead did not confirm a pick we asked them to confirm
  | 'no_show'; // the lead did not show up to the meeting (marked at the provider)

export interface Attention {
  /** Absent in snapshots carried over from runs before it existed (see `attentionKind`). */
  kind?: AttentionKind;
  reason: string;
  since: string;
}

export interface TimelineEntry {
  at: string;
  event: string;
}

export interface LeadBookingSnapshot {
  clientId: string;
  leadId: string;
  status: BookingStatus;
  provider?: ProviderName;
  offer?: SlotOffer;
  acceptedSlot?: string;
  /** When the lead accepted (accept → booked latency). */
  acceptedAt?: string;
  booking?: BookingRecord;
  attention?: Attention;
  lastReply?: { messageId: string; result: ReplyResult['result']; evidence: string[] };
  /** We asked the lead to confirm a pick the interpreter had a doubt about; their next reply answers it. */
  confirmation?: PickConfirmation;
  /**
   * No-shows whose deletion arrived before (or without) their creation: a late `no_show` for one of
   * these is stale. Absent in snapshots from runs before no-shows were handled.
   */
  undoneNoShows?: string[];
  /** The provider's id of the no-show mark the lead is under (status `no_show`). */
  noShowId?: string;
  /** A reschedule whose cancel half arrived before its create half (Calendly sends both, any order). */
  pendingReschedule?: { fromBookingId: string; toBookingId: string };
  postBookingWorkflowId?: string;
  timeline: TimelineEntry[];
  seenMessageIds: string[];
  seenEventKeys: string[];
  deferredEvents: ProviderBookingEvent[];
}

export interface LeadBookingInput {
  clientId: string;
  leadId: string;
  /** Provider failures are retried this long before the booking needs an operator. */
  bookingAttentionAfterSeconds?: number;
  /** Per-attempt limit of the provider booking call (a hung call is retried after this). */
  bookingCallTimeoutSeconds?: number;
  /** A booking without a provider confirmation after this long is flagged for an operator. */
  confirmationTimeoutSeconds?: number;
  /** How long to wait for the lead's answer to "Just to confirm: ...?" before a person is asked. */
  pickConfirmationTimeoutSeconds?: number;
  /** A lead with no booking and no activity for this long ends its workflow (default 30 days). */
  inactiveAfterSeconds?: number;
  /** Continue-as-new once the history is longer than this (default: when the server suggests it). */
  continueAsNewAfterEvents?: number;
  /** Carried across continue-as-new. */
  resume?: LeadBookingSnapshot;
  /** Signal-with-start for a lead who booked on the provider's page without an offer from us. */
  selfBooked?: boolean;
  /**
   * The behaviour a run starts with: at PATCHED_BEHAVIOR (every run started since it existed) every
   * patch written before it is in force from the first command, without calling `patched()`. Runs
   * without it (started earlier) keep asking `patched()`, so their histories replay as recorded.
   */
  behavior?: number;
}

/**
 * Runs started at this level skip the patches listed in workflows/behavior.ts. Why: each `patched()`
 * in a new run writes a marker and a TemporalChangeVersion upsert (an event pair and a visibility write
 * on the server), three pairs of a lifecycle's 50 events, for changes every new run takes anyway.
 */
export const PATCHED_BEHAVIOR = 1;

// ---- Updates (the caller gets an answer) ----

export interface OfferRequest {
  /** Replace an active offer with fresh slots instead of returning it. */
  refresh?: boolean;
  /** Offer slots nearest to this time (counter-proposals). */
  near?: string;
  /** Read availability from the provider, not the cache (after a slot turned out to be taken). */
  fresh?: boolean;
  /** Never offer these again (a slot that was just taken). */
  exclude?: string[];
}
export type OfferResult =
  | { result: 'offered'; offer: SlotOffer; provider: ProviderName }
  | { result: 'already_offered'; offer: SlotOffer; provider: ProviderName }
  | { result: 'no_slots'; reason: string }
  /** The lead already has a booking (any provider's appointment id): nothing is offered. */
  | { result: 'already_booked'; provider: ProviderName; bookingId: string };

export interface LeadReply {
  messageId: string;
  text: string;
  receivedAt: string;
  channel?: string;
}
export type ReplyResult =
  | { result: 'slot_accepted'; slot: string; evidence: string[] }
  /** The pick had a doubt: we asked the lead to confirm it (`message`, sent on the reply's channel). */
  | { result: 'confirmation_requested'; slot: string; message: string; evidence: string[] }
  | { result: 'counter_offered'; offer: SlotOffer; evidence: string[] }
  | { result: 'declined'; evidence: string[] }
  | { result: 'question'; evidence: string[] }
  | { result: 'not_understood'; reason: string; evidence: string[] }
  | { result: 'no_active_offer'; status: BookingStatus; evidence: string[] }
  | { result: 'duplicate'; evidence: string[] };

export const offerSlotsUpdate = defineUpdate<OfferResult, [OfferRequest]>('offerSlots');
export const submitReplyUpdate = defineUpdate<ReplyResult, [LeadReply]>('submitReply');

// Operator fix actions (validators reject those that do not fit the current state).
export const retryBookingUpdate = defineUpdate<LeadBookingSnapshot, [{ note?: string }]>('retryBooking');
export const cancelBookingUpdate = defineUpdate<LeadBookingSnapshot, [{ reason: string }]>('cancelBooking');
export const reofferUpdate = defineUpdate<LeadBookingSnapshot, [{ reason?: string }]>('reoffer');
export const markBookedUpdate = defineUpdate<
  LeadBookingSnapshot,
  [{ bookingId: string; startTime: string; scheduledEventUri?: string; note?: string }]
>('markBooked');

// ---- Signals (fire and forget: provider webhooks) ----

export type ProviderBookingEvent =
  | {
      kind: 'confirmed';
      eventKey: string;
      provider: ProviderName;
      bookingId: string;
      startTime: string;
      scheduledEventUri?: string;
      /** Calendly invitee.created of a reschedule: the invitee it replaces. */
      replacesBookingId?: string;
    }
  | {
      kind: 'canceled';
      eventKey: string;
      provider: ProviderName;
      bookingId: string;
      reason?: string;
      /** Calendly invitee.canceled of a reschedule: the invitee that replaces it. */
      rescheduledToBookingId?: string;
    }
  | { kind: 'moved'; eventKey: string; provider: ProviderName; bookingId: string; startTime: string }
  /** The host marked the invitee a no-show (Calendly invitee_no_show.created); `noShowId` names that mark. */
  | { kind: 'no_show'; eventKey: string; provider: ProviderName; bookingId: string; noShowId?: string }
  /** The host removed a no-show mark (Calendly invitee_no_show.deleted). */
  | {
      kind: 'no_show_undone';
      eventKey: string;
      provider: ProviderName;
      bookingId: string;
      noShowId?: string;
    };

export const providerBookingEventSignal = defineSignal<[ProviderBookingEvent]>('providerBookingEvent');

// ---- Query ----
export const bookingStateQuery = defineQuery<LeadBookingSnapshot>('bookingState');

export function leadBookingWorkflowId(clientId: string, leadId: string): string {
  return `lead-booking:${clientId}:${leadId}`;
}
