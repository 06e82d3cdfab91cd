import { workflowInfo } from '@temporalio/workflow';
import { DB_OPTIONS, db, INTERPRETER_OPTIONS, interpreter } from './activityOptions';
import { hasPatch } from './behavior';
import type { LeadBookingRun } from './leadBookingRun';
import type { LeadReply, PickConfirmation, ReplyResult, SlotOffer } from './messages';

/** Marks runs that ask the lead to confirm a pick with a doubt instead of booking it outright. */
const CONFIRM_UNCERTAIN_PICKS_PATCH = 'confirm-uncertain-picks';

/**
 * The lead's reply, in its turn: read it (a local activity, so the verdict is in the history), then
 * accept, counter-offer, confirm back, or ask a person. Every reply gets an answer for the sender.
 */
export async function handleReply(run: LeadBookingRun, reply: LeadReply): Promise<ReplyResult> {
  const { state } = run;
  if (!state.rememberMessage(reply.messageId)) return { result: 'duplicate', evidence: [] };
  if (!state.hasActiveOffer()) {
    const kept = state.s.acceptedSlot ?? state.s.booking?.startTime;
    const evidence = kept ? [`the lead already has ${kept} (${state.status})`] : [];
    const result: ReplyResult = { result: 'no_active_offer', status: state.status, evidence };
    state.note(run.now(), `reply ${reply.messageId} with no active offer`);
    state.s.lastReply = { messageId: reply.messageId, result: result.result, evidence };
    return result;
  }
  const offer = state.s.offer as SlotOffer;
  if (state.s.confirmation) return answerConfirmation(run, reply, state.s.confirmation);
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
        verdict.doubts?.length && hasPatch(run.input, CONFIRM_UNCERTAIN_PICKS_PATCH)
          ? await askToConfirm(run, reply, verdict.slot, verdict.doubts, offer)
          : undefined;
      if (asked) {
        result = { ...asked, evidence };
        break;
      }
      state.accept(verdict.slot, run.now());
      result = { result: 'slot_accepted', slot: verdict.slot, evidence };
      break;
    }
    case 'counter_proposal': {
      const check = await db.checkProposedTime({ clientId: run.clientId, proposal: verdict.proposal });
      if (check.available) {
        state.note(run.now(), `lead proposed ${check.slot}, which is free`);
        state.accept(check.slot, run.now());
        result = { result: 'slot_accepted', slot: check.slot, evidence };
      } else {
        const made = await run.makeOffer({ refresh: true, near: verdict.proposal.start });
        result =
          made.result === 'offered' || made.result === 'already_offered'
            ? { result: 'counter_offered', offer: made.offer, evidence }
            : {
                result: 'not_understood',
                reason:
                  made.result === 'already_booked'
                    ? `the lead already has ${made.provider} booking ${made.bookingId}`
                    : 'proposed time is not free and no other slots are',
                evidence,
              };
      }
      break;
    }
    case 'decline':
      state.note(run.now(), 'lead declined the offered slots');
      result = { result: 'declined', evidence };
      break;
    case 'question':
      await run.flagAttention(
        'lead_question',
        'lead asked a question a person should answer',
        'awaiting_reply',
      );
      result = { result: 'question', evidence };
      break;
    case 'unclear':
      await run.flagAttention('reply_unclear', `reply not understood: ${verdict.reason}`, 'awaiting_reply');
      result = { result: 'not_understood', reason: verdict.reason, evidence };
      break;
  }
  state.s.lastReply = { messageId: reply.messageId, result: result.result, evidence };
  run.publish();
  return result;
}

// ---- confirm-back: "Just to confirm: Tuesday, March 17 at 3:00 PM EDT? Reply YES to book it." ----

/**
 * Asks the lead to confirm `slot` on the channel the reply came in. When it cannot ask (setting off, no
 * conversation), a person is asked instead: a pick with a doubt is never booked without a yes.
 */
async function askToConfirm(
  run: LeadBookingRun,
  reply: LeadReply,
  slot: string,
  doubts: string[],
  offer: SlotOffer,
): Promise<Extract<ReplyResult, { result: 'confirmation_requested' | 'not_understood' }>> {
  const asked = await db.askLeadToConfirmPick.executeWithOptions(
    { ...DB_OPTIONS, summary: `Ask the lead to confirm ${slot}` },
    [
      {
        clientId: run.clientId,
        leadId: run.leadId,
        slot,
        leadTimeZone: offer.leadTimeZone,
        channel: reply.channel,
        key: `${workflowInfo().workflowId}:confirm:${reply.messageId}`,
      },
    ],
  );
  if (!asked.asked) {
    // Not asked (the workspace turned confirming off, or there is no conversation to ask in): a pick
    // with a doubt is never booked unconfirmed; a person reads it, as with any unclear reply.
    const why = asked.reason === 'setting_off' ? 'confirmUncertainPicks is off' : 'no conversation to ask in';
    const reason = `lead seems to pick ${slot} (doubt: ${doubts.join(', ')}); not confirmed: ${why}`;
    await run.flagAttention('reply_unclear', reason, 'awaiting_reply');
    return { result: 'not_understood', reason, evidence: [] };
  }
  const askedAt = run.now();
  const expiresAt = new Date(
    Math.min(Date.now() + run.pickConfirmationTimeoutMs, Date.parse(offer.expiresAt)),
  ).toISOString();
  run.state.awaitConfirmation({ slot, messageId: reply.messageId, doubts, askedAt, expiresAt }, askedAt);
  return { result: 'confirmation_requested', slot, message: asked.message, evidence: [] };
}

/** The lead's next reply answers the confirmation: a plain yes books, anything else goes to a person. */
async function answerConfirmation(
  run: LeadBookingRun,
  reply: LeadReply,
  pending: PickConfirmation,
): Promise<ReplyResult> {
  const { state } = run;
  const { answer } = await interpreter.readConfirmationAnswer.executeWithOptions(
    { ...INTERPRETER_OPTIONS, summary: `Read the answer to "confirm ${pending.slot}"` },
    [{ text: reply.text }],
  );
  const evidence = [`answer to "confirm ${pending.slot}": ${answer}`];
  let result: ReplyResult;
  if (answer === 'yes') {
    state.confirmationSettled(run.now(), 'lead said yes');
    state.accept(pending.slot, run.now());
    result = { result: 'slot_accepted', slot: pending.slot, evidence };
  } else {
    state.confirmationSettled(run.now(), answer === 'no' ? 'lead said no' : 'answer not understood');
    await run.flagAttention(
      'pick_unconfirmed',
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
  run.publish();
  return result;
}
