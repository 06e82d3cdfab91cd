import {
  ActivityFailure,
  type ActivityOptions,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  type LocalActivityOptions,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
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
} from '../src/temporal/searchAttributes';
import { currentDetails } from './currentDetails';
import { errorMessage, FailureType, failureType, NON_RETRYABLE_BOOKING_FAILURES } from './failures';
import { type EventEffect, LeadBookingState } from './leadBookingState';
import {
  type BookingRecord,
  bookingStateQuery,
  cancelBookingUpdate,
  type LeadBookingInput,
  type LeadBookingSnapshot,
  type LeadReply,
  markBookedUpdate,
  type OfferRequest,
  type OfferResult,
  offerSlotsUpdate,
  type PickConfirmation,
  providerBookingEventSignal,
  type ReplyResult,
  reofferUpdate,
  retryBookingUpdate,
  submitReplyUpdate,
} from './messages';
import { PostBookingSequenceWorkflow } from './postBooking';

const DEFAULT_ATTENTION_AFTER_SECONDS = 15 * 60;
/** Keep the workflow open a while after the meeting so late webhooks (no-shows, cancels) still land. */
const COMPLETE_AFTER_MEETING_MS = 2 * 60 * 60 * 1000;

const DB_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
const db = proxyActivities<BookingActivities>(DB_OPTIONS);
const DEFAULT_CONFIRMATION_TIMEOUT_SECONDS = 30 * 60;
/** Attention reasons starting with this are cleared by the confirmation they were waiting for. */
const UNCONFIRMED = 'provider never confirmed';

// Local activity: the interpreter's verdict is recorded in history, so improving the interpreter never
// changes how a running workflow replays, and no extra task-queue round trip delays the reply.
const INTERPRETER_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
};
const interpreter = proxyLocalActivities<BookingActivities>(INTERPRETER_OPTIONS);
/** Marks runs whose message handlers take turns through the mutex (see `exclusive`). */
const SERIALIZED_HANDLERS_PATCH = 'serialized-message-handlers';
/** Marks runs that ask the lead to confirm a pick with a doubt instead of booking it outright. */
const CONFIRM_UNCERTAIN_PICKS_PATCH = 'confirm-uncertain-picks';
const DEFAULT_PICK_CONFIRMATION_TIMEOUT_SECONDS = 24 * 60 * 60;

/** Rejects an Update whose precondition no longer holds once it got its turn (the caller gets a 409). */
function refuse(message: string): never {
  throw ApplicationFailure.create({ type: 'InvalidState', message, nonRetryable: true });
}

export async function LeadBookingWorkflow(input: LeadBookingInput): Promise<void> {
  const state = input.resume
    ? new LeadBookingState(input.resume)
    : LeadBookingState.fresh(input.clientId, input.leadId);
  const { clientId, leadId } = input;
  const attentionAfterSeconds = input.bookingAttentionAfterSeconds ?? DEFAULT_ATTENTION_AFTER_SECONDS;
  const now = () => new Date().toISOString();

  // The provider call may be retried (5xx, 429 with Retry-After, timeouts) for a bounded time; after
  // that the workflow stops and asks for an operator instead of looping silently.
  const PROVIDER_OPTIONS: ActivityOptions = {
    startToCloseTimeout: `${input.bookingCallTimeoutSeconds ?? 45} seconds`,
    scheduleToCloseTimeout: `${attentionAfterSeconds} seconds`,
    retry: {
      initialInterval: '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '2 minutes',
      nonRetryableErrorTypes: NON_RETRYABLE_BOOKING_FAILURES,
    },
  };
  const provider = proxyActivities<BookingActivities>(PROVIDER_OPTIONS);
  const confirmationTimeoutMs =
    (input.confirmationTimeoutSeconds ?? DEFAULT_CONFIRMATION_TIMEOUT_SECONDS) * 1000;
  const pickConfirmationTimeoutMs =
    (input.pickConfirmationTimeoutSeconds ?? DEFAULT_PICK_CONFIRMATION_TIMEOUT_SECONDS) * 1000;

  // Long-lived entity workflow: start a fresh run (carrying the state) when the server suggests it, or
  // after a configured history length (operators can lower it; tests use it to exercise the hand-over).
  const shouldContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested ||
    (input.continueAsNewAfterEvents !== undefined &&
      workflowInfo().historyLength > input.continueAsNewAfterEvents);

  // Provider events are applied to the state at once (in the signal handler) and their side effects run
  // from the main loop. Declared before any handler is registered: buffered signals fire on registration.
  const pendingEffects: EventEffect[] = [];

  // Handlers that touch state or call activities take turns, and so does the main loop when it books or
  // applies provider events. A real mutex: waiters are served first-come first-served, and the order they
  // arrive in is the order Temporal delivered the messages, so a replay takes the same turns. (The first
  // runs used a `busy` flag checked by `condition`, which let two updates delivered in one workflow task
  // pass together; histories recorded before the patch keep that behaviour so they still replay.)
  const serialized = patched(SERIALIZED_HANDLERS_PATCH);
  const lock = new Mutex();
  let busy = false;
  const isBusy = (): boolean => (serialized ? lock.isLocked() : busy);
  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (serialized) return lock.runExclusive(fn);
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  }

  function publish(): void {
    const s = state.s;
    upsertSearchAttributes([
      { key: ClientIdAttr, value: clientId },
      { key: LeadIdAttr, value: leadId },
      { key: BookingStatusAttr, value: s.status },
      { key: NeedsAttentionAttr, value: !!s.attention },
      { key: AttentionReasonAttr, value: s.attention?.reason ?? null },
      { key: BookingProviderAttr, value: s.provider ?? s.booking?.provider ?? null },
      { key: MeetingStartTimeAttr, value: s.booking ? new Date(s.booking.startTime) : null },
    ]);
    setCurrentDetails(currentDetails(state.s));
  }

  async function flagAttention(reason: string, status = state.status): Promise<void> {
    state.needsAttention(reason, now(), status);
    publish();
    await db.markLeadNeedsAttention({ clientId, leadId, reason });
  }

  async function makeOffer(req: OfferRequest): Promise<OfferResult> {
    const previous = state.status;
    state.startOffering(now());
    publish();
    try {
      const made = await db.offerSlots.executeWithOptions(
        {
          ...DB_OPTIONS,
          summary: req.near ? `Offer slots near ${req.near}` : 'Choose slots to offer the lead',
        },
        [{ clientId, leadId, near: req.near, fresh: req.fresh, exclude: req.exclude }],
      );
      if (made.slots.length === 0) {
        state.offerFailed(previous, now(), 'no free slots');
        publish();
        return { result: 'no_slots', reason: 'the calendar has no free slots in the offer window' };
      }
      const offeredAt = new Date();
      const offer = {
        slots: made.slots,
        leadTimeZone: made.leadTimeZone,
        offeredAt: offeredAt.toISOString(),
        expiresAt: new Date(offeredAt.getTime() + made.offerExpiryHours * 3_600_000).toISOString(),
      };
      state.offered(offer, made.provider, now());
      return { result: 'offered', offer, provider: made.provider };
    } catch (err) {
      state.offerFailed(previous, now(), errorMessage(err));
      throw ApplicationFailure.create({
        message: `could not offer slots: ${errorMessage(err)}`,
        nonRetryable: true,
      });
    } finally {
      publish();
    }
  }

  async function handleReply(reply: LeadReply): Promise<ReplyResult> {
    if (!state.rememberMessage(reply.messageId)) return { result: 'duplicate', evidence: [] };
    if (!state.hasActiveOffer()) {
      const kept = state.s.acceptedSlot ?? state.s.booking?.startTime;
      const evidence = kept ? [`the lead already has ${kept} (${state.status})`] : [];
      const result: ReplyResult = { result: 'no_active_offer', status: state.status, evidence };
      state.s.lastReply = { messageId: reply.messageId, result: result.result, evidence };
      return result;
    }
    const offer = state.s.offer as NonNullable<typeof state.s.offer>;
    if (state.s.confirmation) return answerConfirmation(reply, state.s.confirmation);
    const verdict = await interpreter.interpretLeadReply.executeWithOptions(
      { ...INTERPRETER_OPTIONS, summary: `Interpret reply ${reply.messageId}` },
      [
        {
          text: reply.text,
          offeredSlots: offer.slots,
          leadTimeZone: offer.leadTimeZone,
          receivedAt: reply.receivedAt,
        },
      ],
    );
    const evidence = verdict.evidence;
    let result: ReplyResult;
    switch (verdict.outcome) {
      case 'accept': {
        // A pick with a doubt is confirmed with the lead first (workspace setting, on by default).
        const asked =
          verdict.doubts?.length && patched(CONFIRM_UNCERTAIN_PICKS_PATCH)
            ? await askToConfirm(reply, verdict.slot, verdict.doubts, offer)
            : undefined;
        if (asked) {
          result = { ...asked, evidence };
          break;
        }
        state.accept(verdict.slot, now());
        result = { result: 'slot_accepted', slot: verdict.slot, evidence };
        break;
      }
      case 'counter_proposal': {
        const check = await db.checkProposedTime({ clientId, proposal: verdict.proposal });
        if (check.available) {
          state.note(now(), `lead proposed ${check.slot}, which is free`);
          state.accept(check.slot, now());
          result = { result: 'slot_accepted', slot: check.slot, evidence };
        } else {
          const made = await makeOffer({ refresh: true, near: verdict.proposal.start });
          result =
            made.result === 'no_slots'
              ? {
                  result: 'not_understood',
                  reason: 'proposed time is not free and no other slots are',
                  evidence,
                }
              : { result: 'counter_offered', offer: made.offer, evidence };
        }
        break;
      }
      case 'decline':
        state.note(now(), 'lead declined the offered slots');
        result = { result: 'declined', evidence };
        break;
      case 'question':
        await flagAttention('lead asked a question a person should answer', 'awaiting_reply');
        result = { result: 'question', evidence };
        break;
      case 'unclear':
        await flagAttention(`reply not understood: ${verdict.reason}`, 'awaiting_reply');
        result = { result: 'not_understood', reason: verdict.reason, evidence };
        break;
    }
    state.s.lastReply = { messageId: reply.messageId, result: result.result, evidence };
    publish();
    return result;
  }

  // ---- confirm-back: "Just to confirm: Tuesday, March 17 at 3:00 PM EDT? Reply YES to book it." ----

  /**
   * Asks the lead to confirm `slot` on the channel the reply came in. Undefined when the workspace turned
   * the setting off (the pick is booked as before). With no conversation to ask in, a person is asked.
   */
  async function askToConfirm(
    reply: LeadReply,
    slot: string,
    doubts: string[],
    offer: NonNullable<LeadBookingSnapshot['offer']>,
  ): Promise<Extract<ReplyResult, { result: 'confirmation_requested' | 'not_understood' }> | undefined> {
    const asked = await db.askLeadToConfirmPick.executeWithOptions(
      { ...DB_OPTIONS, summary: `Ask the lead to confirm ${slot}` },
      [
        {
          clientId,
          leadId,
          slot,
          leadTimeZone: offer.leadTimeZone,
          channel: reply.channel,
          key: `${workflowInfo().workflowId}:confirm:${reply.messageId}`,
        },
      ],
    );
    if (!asked.asked && asked.reason === 'setting_off') return undefined;
    if (!asked.asked) {
      const reason = `lead seems to pick ${slot} (doubt: ${doubts.join(', ')}) and there is no conversation to confirm it in`;
      await flagAttention(reason, 'awaiting_reply');
      return { result: 'not_understood', reason, evidence: [] };
    }
    const askedAt = now();
    const expiresAt = new Date(
      Math.min(Date.now() + pickConfirmationTimeoutMs, Date.parse(offer.expiresAt)),
    ).toISOString();
    state.awaitConfirmation({ slot, messageId: reply.messageId, doubts, askedAt, expiresAt }, askedAt);
    return { result: 'confirmation_requested', slot, message: asked.message, evidence: [] };
  }

  /** The lead's next reply answers the confirmation: a plain yes books, anything else goes to a person. */
  async function answerConfirmation(reply: LeadReply, pending: PickConfirmation): Promise<ReplyResult> {
    const { answer } = await interpreter.readConfirmationAnswer.executeWithOptions(
      { ...INTERPRETER_OPTIONS, summary: `Read the answer to "confirm ${pending.slot}"` },
      [{ text: reply.text }],
    );
    const evidence = [`answer to "confirm ${pending.slot}": ${answer}`];
    let result: ReplyResult;
    if (answer === 'yes') {
      state.confirmationSettled(now(), 'lead said yes');
      state.accept(pending.slot, now());
      result = { result: 'slot_accepted', slot: pending.slot, evidence };
    } else {
      state.confirmationSettled(now(), answer === 'no' ? 'lead said no' : 'answer not understood');
      await flagAttention(
        answer === 'no'
          ? `lead did not confirm ${pending.slot}`
          : `answer to "confirm ${pending.slot}" not understood`,
        'awaiting_reply',
      );
      result =
        answer === 'no'
          ? { result: 'declined', evidence }
          : { result: 'not_understood', reason: 'not a yes or no to the confirmation', evidence };
    }
    state.s.lastReply = { messageId: reply.messageId, result: result.result, evidence };
    publish();
    return result;
  }

  // ---- message handlers (thin: the state class holds the rules) ----
  setHandler(bookingStateQuery, () => state.s);

  setHandler(
    offerSlotsUpdate,
    (req) =>
      exclusive(async () => {
        // Validators run before the handler waits its turn; a handler ahead of it may have moved the state.
        if (serialized && !state.canOffer())
          refuse(`cannot offer slots while the booking is ${state.status}`);
        if (!req.refresh && state.hasActiveOffer() && state.s.offer && state.s.provider) {
          return { result: 'already_offered', offer: state.s.offer, provider: state.s.provider };
        }
        return makeOffer(req);
      }),
    {
      validator: (_req) => {
        if (!state.canOffer()) throw new Error(`cannot offer slots while the booking is ${state.status}`);
      },
    },
  );

  setHandler(submitReplyUpdate, (reply) => exclusive(() => handleReply(reply)), {
    validator: (reply) => {
      if (!reply.messageId || typeof reply.text !== 'string')
        throw new Error('a reply needs messageId and text');
    },
  });

  setHandler(providerBookingEventSignal, (event) => {
    pendingEffects.push(state.applyProviderEvent(event, now()));
    publish();
  });

  setHandler(
    retryBookingUpdate,
    async ({ note }) => {
      const retry = async () => {
        if (serialized && (state.status !== 'needs_attention' || !state.s.acceptedSlot))
          refuse(`retry fits only a stuck booking with an accepted slot; the booking is ${state.status}`);
        state.clearAttention();
        state.accept(state.s.acceptedSlot as string, now());
        if (note) state.note(now(), `operator: ${note}`);
        publish();
        return state.s;
      };
      return serialized ? exclusive(retry) : retry();
    },
    {
      validator: (_args) => {
        if (state.status !== 'needs_attention' || !state.s.acceptedSlot)
          throw new Error(
            `retry fits only a stuck booking with an accepted slot; the booking is ${state.status}`,
          );
      },
    },
  );

  setHandler(
    reofferUpdate,
    ({ reason }) =>
      exclusive(async () => {
        if (serialized && !state.canOffer() && state.status !== 'needs_attention')
          refuse(`cannot re-offer while the booking is ${state.status}; cancel it first`);
        state.clearAttention();
        if (reason) state.note(now(), `operator re-offer: ${reason}`);
        await makeOffer({ refresh: true });
        return state.s;
      }),
    {
      validator: (_args) => {
        if (!state.canOffer() && state.status !== 'needs_attention')
          throw new Error(`cannot re-offer while the booking is ${state.status}; cancel it first`);
      },
    },
  );

  setHandler(
    cancelBookingUpdate,
    ({ reason }) =>
      exclusive(async () => {
        if (serialized && ['canceled', 'completed', 'booking'].includes(state.status))
          refuse(`cannot cancel a booking that is ${state.status}`);
        const booking = state.s.booking;
        if (booking) await provider.cancelProviderBooking({ clientId, leadId, booking, reason });
        state.clearAttention();
        state.canceled(now(), `operator canceled: ${reason}`);
        await afterCancel(booking, reason);
        return state.s;
      }),
    {
      validator: ({ reason }) => {
        if (!reason) throw new Error('a cancel needs a reason');
        if (state.status === 'canceled' || state.status === 'completed' || state.status === 'booking')
          throw new Error(`cannot cancel a booking that is ${state.status}`);
      },
    },
  );

  setHandler(
    markBookedUpdate,
    ({ bookingId, startTime, scheduledEventUri, note }) =>
      exclusive(async () => {
        if (serialized && ['booked', 'booking', 'completed'].includes(state.status))
          refuse(`the booking is already ${state.status}`);
        const providerName = state.s.provider ?? 'ghl';
        const booking: BookingRecord = {
          provider: providerName,
          bookingId,
          startTime,
          scheduledEventUri,
          bookedAt: now(),
          confirmed: true,
        };
        await db.recordBooking({ clientId, leadId, booking });
        state.booked(booking, now());
        if (note) state.note(now(), `operator marked booked: ${note}`);
        await startReminders();
        return state.s;
      }),
    {
      validator: ({ bookingId, startTime }) => {
        if (!bookingId || Number.isNaN(Date.parse(startTime)))
          throw new Error('mark-booked needs bookingId and startTime');
        if (state.status === 'booked' || state.status === 'booking' || state.status === 'completed')
          throw new Error(`the booking is already ${state.status}`);
      },
    },
  );

  // ---- side effects of provider events ----

  async function startReminders(): Promise<void> {
    const booking = state.s.booking;
    if (!booking) return;
    const childId = `${workflowInfo().workflowId}:post-booking:${booking.startTime}`;
    if (state.s.postBookingWorkflowId === childId) return;
    await stopReminders();
    await startChild(PostBookingSequenceWorkflow, {
      workflowId: childId,
      args: [{ clientId, leadId, meetingStart: booking.startTime, bookingId: booking.bookingId }],
      // ABANDON: the sequence must survive this run continuing-as-new; we cancel it ourselves when the
      // booking is cancelled or moved, and it ends by itself after the last reminder.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    state.s.postBookingWorkflowId = childId;
    state.note(now(), `post-booking sequence started (${childId})`);
  }

  async function stopReminders(): Promise<void> {
    const id = state.s.postBookingWorkflowId;
    if (!id) return;
    state.s.postBookingWorkflowId = undefined;
    try {
      await getExternalWorkflowHandle(id).cancel();
    } catch (err) {
      log.warn('post-booking sequence already closed', { id, error: errorMessage(err) });
    }
  }

  async function afterCancel(booking: BookingRecord | undefined, reason: string): Promise<void> {
    await stopReminders();
    if (booking) await db.recordCancellation({ clientId, leadId, booking, reason });
    publish();
  }

  async function applyEffects(): Promise<void> {
    while (pendingEffects.length) {
      const effect = pendingEffects.shift() as EventEffect;
      switch (effect.effect) {
        case 'confirmed':
          await db.recordConfirmation({ clientId, leadId, booking: effect.booking });
          break;
        case 'self_booked':
          await db.recordBooking({ clientId, leadId, booking: effect.booking });
          await startReminders();
          break;
        case 'moved':
          await db.recordBooking({ clientId, leadId, booking: effect.booking });
          await startReminders();
          break;
        case 'canceled':
          await afterCancel(effect.booking, effect.reason);
          break;
      }
      publish();
    }
  }

  // ---- booking ----
  async function bookAccepted(): Promise<void> {
    const slot = state.s.acceptedSlot as string;
    publish();
    try {
      const booking = await provider.bookAcceptedSlot.executeWithOptions(
        { ...PROVIDER_OPTIONS, summary: `Book ${slot} at ${state.s.provider ?? 'the provider'}` },
        [{ clientId, leadId, startTime: slot, acceptedAt: state.s.acceptedAt }],
      );
      state.booked({ ...booking, confirmed: false }, now());
      for (const e of state.takeDeferredEvents()) pendingEffects.push(state.applyProviderEvent(e, now()));
      await startReminders();
    } catch (err) {
      const type = failureType(err);
      if (type === FailureType.SlotUnavailable) {
        state.note(now(), `slot ${slot} was taken meanwhile; offering fresh slots`);
        await makeOffer({ refresh: true, fresh: true, exclude: [slot] });
      } else if (isCancellation(err)) {
        throw err;
      } else {
        // Retryable failures only end here once the bounded retry time is used up.
        const gaveUp =
          err instanceof ActivityFailure &&
          (err.cause instanceof TimeoutFailure || type === FailureType.ProviderUnavailable);
        const reason = gaveUp
          ? `provider did not book within ${attentionAfterSeconds}s: ${errorMessage(err)}`
          : `booking failed: ${errorMessage(err)}`;
        await flagAttention(reason, 'needs_attention');
      }
    } finally {
      publish();
    }
  }

  // ---- main loop ----
  publish();
  if (input.selfBooked) await condition(() => pendingEffects.length > 0, '1 minute');

  while (true) {
    if (serialized) await exclusive(applyEffects);
    else await applyEffects();
    const status = state.status;
    if (status === 'completed') break;

    if (status === 'booking') {
      await exclusive(bookAccepted); // waits for any handler still finishing
      continue;
    }

    const changed = () => state.status !== status || pendingEffects.length > 0 || shouldContinueAsNew();
    if (status === 'awaiting_reply' && state.s.offer) {
      const offer = state.s.offer;
      const confirmation = state.s.confirmation;
      const until = Math.min(
        Date.parse(offer.expiresAt),
        confirmation ? Date.parse(confirmation.expiresAt) : Infinity,
      );
      const remaining = until - Date.now();
      const woke =
        remaining > 0 &&
        (await condition(
          () => changed() || state.s.offer !== offer || state.s.confirmation !== confirmation,
          remaining,
        ));
      if (!woke && confirmation && Date.parse(confirmation.expiresAt) < Date.parse(offer.expiresAt)) {
        // The lead never answered "Just to confirm ...?": a person follows up; the offer stays open.
        await exclusive(async () => {
          if (state.s.confirmation !== confirmation) return;
          state.confirmationSettled(now(), 'no answer in time');
          await flagAttention(
            `lead did not answer the confirmation of ${confirmation.slot}`,
            'awaiting_reply',
          );
        });
      } else if (!woke) {
        await condition(() => !isBusy()); // a reply being handled right at expiry gets its answer first
        if (state.status === 'awaiting_reply' && state.s.offer === offer) {
          await db.expireOffer.executeWithOptions({ ...DB_OPTIONS, summary: 'Expire the unanswered offer' }, [
            { clientId, leadId },
          ]);
          state.expire(now());
          publish();
        }
      }
    } else if (status === 'booked' && state.s.booking) {
      const booking = state.s.booking;
      const wasConfirmed = booking.confirmed;
      const completeAt = Date.parse(booking.startTime) + COMPLETE_AFTER_MEETING_MS;
      // A booking the provider never confirms (no webhook) is flagged, once, instead of trusted silently.
      const confirmBy =
        wasConfirmed || state.s.attention
          ? Number.POSITIVE_INFINITY
          : Date.parse(booking.bookedAt) + confirmationTimeoutMs;
      const wakeIn = Math.min(completeAt, confirmBy) - Date.now();
      const woke =
        wakeIn > 0 &&
        (await condition(
          () => changed() || state.s.booking !== booking || booking.confirmed !== wasConfirmed,
          wakeIn,
        ));
      if (!woke && state.s.booking === booking && state.status === 'booked') {
        if (Date.now() >= completeAt) {
          state.completed(now());
          publish();
        } else if (!booking.confirmed) {
          await flagAttention(
            `${UNCONFIRMED} booking ${booking.bookingId} within ${confirmationTimeoutMs / 1000}s`,
            'booked',
          );
        }
      }
    } else {
      await condition(changed);
    }

    if (shouldContinueAsNew()) {
      // Wait (do not spin: `changed()` stays true from now on) until no handler is mid-flight, then hand
      // the state to a fresh run. A booking accepted meanwhile is made by the new run.
      await condition(() => !isBusy() && allHandlersFinished());
      await continueAsNew<typeof LeadBookingWorkflow>({ ...input, selfBooked: false, resume: state.s });
    }
  }
  await condition(allHandlersFinished);
}
