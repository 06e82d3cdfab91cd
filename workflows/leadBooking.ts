import { allHandlersFinished, condition, continueAsNew, setHandler } from '@temporalio/workflow';
import { LeadBookingRun, refuse } from './leadBookingRun';
import {
  type BookingRecord,
  bookingStateQuery,
  cancelBookingUpdate,
  type LeadBookingInput,
  markBookedUpdate,
  offerSlotsUpdate,
  PATCHED_BEHAVIOR,
  providerBookingEventSignal,
  reofferUpdate,
  retryBookingUpdate,
  submitReplyUpdate,
} from './messages';
import { handleReply } from './replySteps';

/**
 * One lead's story: slots offered → the lead's reply → the booking at the provider → reminders, with
 * provider webhooks and operator fixes arriving at any time. The rules live in LeadBookingState
 * (leadBookingState.ts), the steps in LeadBookingRun (leadBookingRun.ts) and replySteps.ts; handlers
 * that touch state take turns through the run's lock and re-check their rule once it is their turn.
 *
 * Determinism note: the promise shape of each handler (which async functions wrap which) decides the
 * order of commands within a workflow task, so it is kept as the recorded histories need it. Change
 * it only behind `patched()`, and let test/replay tell you.
 */
export async function LeadBookingWorkflow(input: LeadBookingInput): Promise<void> {
  const run = new LeadBookingRun(input);
  const { state } = run;
  /** In its turn, the rule that admitted the Update may no longer hold (runs before the lock: no check). */
  const recheck = (why: string | undefined) => run.serialized && refuse(why);

  setHandler(bookingStateQuery, () => state.s);

  setHandler(
    offerSlotsUpdate,
    (req) =>
      run.exclusive(async () => {
        recheck(state.whyNotOffer());
        if (!req.refresh && state.hasActiveOffer() && state.s.offer && state.s.provider)
          return { result: 'already_offered', offer: state.s.offer, provider: state.s.provider };
        return run.makeOffer(req);
      }),
    { validator: (_req) => throwIf(state.whyNotOffer()) },
  );

  setHandler(submitReplyUpdate, (reply) => run.exclusive(() => handleReply(run, reply)), {
    validator: (reply) =>
      throwIf(
        !reply.messageId || typeof reply.text !== 'string' ? 'a reply needs messageId and text' : undefined,
      ),
  });

  setHandler(providerBookingEventSignal, (event) => run.receiveProviderEvent(event));

  setHandler(
    retryBookingUpdate,
    async ({ note }) => {
      // Books the same accepted slot again once the cause is fixed (still exactly once: the provider
      // adapter finds the booking an earlier attempt made). Without the lock in pre-lock histories.
      const retry = async () => {
        recheck(state.whyNotRetry());
        state.clearAttention();
        state.accept(state.s.acceptedSlot as string, run.now());
        if (note) state.note(run.now(), `operator: ${note}`);
        run.publish();
        return state.s;
      };
      return run.serialized ? run.exclusive(retry) : retry();
    },
    { validator: (_args) => throwIf(state.whyNotRetry()) },
  );

  setHandler(
    reofferUpdate,
    ({ reason }) =>
      run.exclusive(async () => {
        recheck(state.whyNotReoffer());
        state.clearAttention();
        if (reason) state.note(run.now(), `operator re-offer: ${reason}`);
        await run.makeOffer({ refresh: true });
        return state.s;
      }),
    { validator: (_args) => throwIf(state.whyNotReoffer()) },
  );

  setHandler(
    cancelBookingUpdate,
    ({ reason }) =>
      run.exclusive(async () => {
        recheck(state.whyNotCancel());
        const booking = state.s.booking;
        if (booking) await run.cancelAtProvider(booking, reason);
        state.clearAttention();
        state.canceled(run.now(), `operator canceled: ${reason}`);
        await run.afterCancel(booking, reason);
        return state.s;
      }),
    { validator: ({ reason }) => throwIf(reason ? state.whyNotCancel() : 'a cancel needs a reason') },
  );

  setHandler(
    markBookedUpdate,
    ({ bookingId, startTime, scheduledEventUri, note }) =>
      run.exclusive(async () => {
        recheck(state.whyNotMarkBooked());
        const booking: BookingRecord = {
          provider: state.s.provider ?? 'ghl',
          bookingId,
          startTime,
          scheduledEventUri,
          bookedAt: run.now(),
          confirmed: true,
        };
        await run.recordManualBooking(booking);
        state.booked(booking, run.now());
        if (note) state.note(run.now(), `operator marked booked: ${note}`);
        await run.startReminders();
        return state.s;
      }),
    {
      validator: ({ bookingId, startTime }) =>
        throwIf(
          !bookingId || Number.isNaN(Date.parse(startTime))
            ? 'mark-booked needs bookingId and startTime'
            : state.whyNotMarkBooked(),
        ),
    },
  );

  // ---- the main loop: whatever the state asks for next ----
  run.publish();
  if (input.selfBooked) await condition(() => run.hasPendingEffects(), '1 minute');

  while (true) {
    if (run.serialized) await run.exclusive(() => run.applyProviderEvents());
    else await run.applyProviderEvents();
    const status = state.status;
    if (status === 'completed') break;

    if (status === 'booking') {
      await run.exclusive(() => run.book()); // after any handler still finishing
      continue;
    }
    if (status === 'awaiting_reply' && state.s.offer) await run.waitForReply();
    else if (status === 'booked' && state.s.booking) await run.waitWhileBooked();
    else await run.waitForChange();

    if (run.shouldContinueAsNew()) {
      await run.quiesce();
      // A continued run is a new history: it starts at today's behaviour, whatever its predecessor's.
      await continueAsNew<typeof LeadBookingWorkflow>({
        ...input,
        selfBooked: false,
        resume: state.s,
        behavior: PATCHED_BEHAVIOR,
      });
    }
  }
  await condition(allHandlersFinished);
}

/** An Update validator's refusal: the API answers 409 with this text, and nothing changes. */
function throwIf(why: string | undefined): void {
  if (why) throw new Error(why);
}
