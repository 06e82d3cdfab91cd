import { DateTime } from 'luxon';
import { counterProposalFrom, isConcrete } from './counterProposal';
import {
  ADDITION,
  AFFIRMATION,
  BENIGN_CONDITION,
  CONDITION,
  CORRECTION,
  DECLINE,
  GENERIC_REFUSAL,
  HEDGE,
  LOOSE_ALTERNATIVE,
  PROPOSAL_LEAD_IN,
  QUESTION_WORD,
  ZONE_QUESTION,
} from './cues';
import { ANY_OPTION, findOptionPicks, type OptionPick } from './optionPicks';
import { slotsForPick } from './optionReadings';
import { readMentions } from './readMentions';
import { findRelativeShift, shiftedSlot } from './relativeShift';
import { prepareReplyText } from './replyText';
import { describeSlot, slotFitsMention, slotsFittingMention } from './slotMatching';
import type { ReplyInput, ReplyInterpretation, TimeMention } from './types';
import { zoneNamedAfter } from './zoneWords';

/** One thing in the reply that points at offered slots: a date/time mention or an option pick. */
interface Reading {
  label: string;
  fits: number[];
  /** Day parts alone ("mornings work better") state a preference; they never book a slot on their own. */
  weak: boolean;
  mention?: TimeMention;
}

const offeredLabel = (indexes: number[]): string =>
  indexes.length === 0 ? 'no offered slot' : indexes.map((i) => `offered #${i + 1}`).join(', ');

/** "Tuesday works. 3pm please" — a lone day and a lone time in one reply describe one moment. */
function combineDayAndTime(mentions: TimeMention[]): TimeMention[] {
  const dayOnly = mentions.filter((m) => m.day && !m.time && !m.window);
  const timeOnly = mentions.filter((m) => !m.day && (m.time || m.window));
  const day = dayOnly[0];
  const time = timeOnly[0];
  if (dayOnly.length !== 1 || timeOnly.length !== 1 || !day || !time) return mentions;
  const merged: TimeMention = { ...time, ...day, text: `${day.text} … ${time.text}` };
  if (time.time) merged.time = time.time;
  if (time.endTime) merged.endTime = time.endTime;
  if (time.window) merged.window = time.window;
  if (time.zone) merged.zone = time.zone;
  return [...mentions.filter((m) => m !== day && m !== time), merged].sort((a, b) => a.index - b.index);
}

/** "this week" in "none of these work this week" scopes a refusal; it does not propose anything. */
function isScope(mention: TimeMention): boolean {
  return (
    mention.day?.kind === 'span' &&
    /\b(?:this|est[ae])\b/.test(mention.text) &&
    !mention.time &&
    !mention.window
  );
}

function overlapsMention(pick: OptionPick, mentions: TimeMention[]): boolean {
  const end = pick.index + pick.text.length;
  return mentions.some((m) => pick.index < m.end && m.index < end);
}

function isQuestion(text: string): boolean {
  const withoutLeadIns = text.replace(PROPOSAL_LEAD_IN, '').trim();
  return /[?¿]/.test(text) || QUESTION_WORD.test(withoutLeadIns);
}

/** Slots a mention fits; "the 2nd" also fits option 2 when that option agrees with the rest of it. */
function slotsForMention(offered: string[], mention: TimeMention, zone: string): number[] {
  const byDate = slotsFittingMention(offered, mention, zone);
  if (!mention.alsoOption) return byDate;
  const { day: _day, ...withoutDay } = mention;
  const position = mention.alsoOption - 1;
  const slot = offered[position];
  const byPosition = slot !== undefined && slotFitsMention(slot, withoutDay, zone) ? [position] : [];
  return [...new Set([...byDate, ...byPosition])].sort((a, b) => a - b);
}

/** Hedged ("maybe", "let me check") or conditional ("if my flight lands") — not a commitment. */
function uncommitted(text: string): string | undefined {
  const hedge = HEDGE.exec(text)?.[0];
  if (hedge) return `hedged ("${hedge.trim()}")`;
  const condition = CONDITION.exec(text.replace(BENIGN_CONDITION, (m) => ' '.repeat(m.length)))?.[0];
  return condition ? `conditional ("${condition.trim()}")` : undefined;
}

/** The reply with the zone word of a zone-qualified mention blanked (same length). */
function blankZoneOf(text: string, mention: TimeMention | undefined): string {
  if (!mention?.zone) return text;
  const end = mention.end + (zoneNamedAfter(text.slice(mention.end))?.length ?? 0);
  return text.slice(0, mention.index) + ' '.repeat(end - mention.index) + text.slice(end);
}

/**
 * Where a self-correction starts ("wed 4 works - no wait, tues 11"), or 0. Only a correction with a
 * date or time both before and after it, and not an addition ("actually thursday too"), counts.
 */
function correctionPoint(text: string, mentions: TimeMention[]): number {
  let point = 0;
  for (const match of text.matchAll(CORRECTION)) {
    const at = match.index ?? 0;
    const after = text.slice(at + match[0].length);
    const before = mentions.some((m) => !m.negated && m.end <= at);
    const later = mentions.some((m) => !m.negated && m.index >= at);
    if (before && later && !ADDITION.test(after)) point = at;
  }
  return point;
}

function intersect(sets: number[][]): number[] {
  const [first, ...rest] = sets;
  return (first ?? []).filter((i) => rest.every((set) => set.includes(i)));
}

function quoteCue(pattern: RegExp, text: string): string {
  return pattern.exec(text)?.[0]?.trim() ?? '';
}

/**
 * Decides what a lead's reply to offered meeting slots means. Pure: the same input always gives the
 * same answer; `receivedAt` in the lead's zone is "now" for relative dates.
 *
 * Precision first: a slot is only accepted when exactly one offered slot fits everything the reply
 * says, nothing in it contradicts that, and the lead did not hedge.
 */
export function interpretReply(input: ReplyInput): ReplyInterpretation {
  const zone = input.leadTimeZone;
  const receivedAt = DateTime.fromISO(input.receivedAt, { zone });
  if (!receivedAt.isValid) {
    return {
      outcome: 'unclear',
      reason: `cannot read receivedAt/leadTimeZone: ${receivedAt.invalidExplanation}`,
      evidence: [],
    };
  }
  const text = prepareReplyText(input.text, receivedAt);
  if (text.length === 0) return { outcome: 'unclear', reason: 'empty reply', evidence: [] };
  const offered = input.offeredSlots;
  const evidence: string[] = [];

  const mentions = readMentions(text, {
    instant: receivedAt.toJSDate(),
    offsetMinutes: receivedAt.offset,
    today: { year: receivedAt.year, month: receivedAt.month, day: receivedAt.day },
  });
  const negatedSlots = new Set<number>();
  for (const mention of mentions.filter((m) => m.negated)) {
    const fits = slotsForMention(offered, mention, zone);
    fits.forEach((i) => {
      negatedSlots.add(i);
    });
    evidence.push(`negated "${mention.text}" (${offeredLabel(fits)})`);
  }
  const cutoff = correctionPoint(text, mentions);
  if (cutoff > 0) evidence.push(`self-correction: reads only "${text.slice(cutoff).trim()}"`);
  const positive = combineDayAndTime(mentions.filter((m) => !m.negated && m.index >= cutoff));
  const picks = findOptionPicks(text).filter(
    (pick) => !overlapsMention(pick, mentions) && pick.index >= cutoff,
  );

  const readings: Reading[] = [
    ...positive.map((mention) => ({
      label: `"${mention.text}"`,
      fits: slotsForMention(offered, mention, zone).filter((i) => !negatedSlots.has(i)),
      // Day parts alone and whole weeks/months are preferences, too broad to book on their own.
      weak:
        (!mention.day && !mention.time) ||
        ((mention.day?.kind === 'span' || mention.day?.kind === 'onOrAfter') &&
          !mention.time &&
          !mention.window),
      mention,
    })),
    ...picks.map((pick) => ({
      label: `option pick "${pick.text}"`,
      fits: slotsForPick(pick, offered, zone).filter((i) => !negatedSlots.has(i)),
      weak: false,
    })),
  ];
  for (const reading of readings) {
    const shown = reading.fits.map(
      (i) => `${describeSlot(offered[i] ?? '', reading.mention?.zone ?? zone)} = offered #${i + 1}`,
    );
    evidence.push(
      reading.fits.length > 0
        ? `matched ${reading.label} → ${shown.join('; ')}`
        : `${reading.label} fits ${offeredLabel(reading.fits)}`,
    );
  }

  const question = isQuestion(text);
  const affirmed = AFFIRMATION.test(text);
  const strong = readings.filter((r) => !r.weak);
  const matched = strong.filter((r) => r.fits.length > 0);
  const proposals = readings.filter(
    (r) => r.fits.length === 0 && r.mention && isConcrete(r.mention) && !isScope(r.mention),
  );
  const outOfRange = strong.filter((r) => r.fits.length === 0 && !r.mention);

  // "before 6pm IST?" names the zone of a time it proposes; that is not a question about zones.
  // "is that 3pm eastern?" still asks which zone the offer is in.
  const asksWhatItIs = /\b(?:is|are) (?:that|this|it|these|those|they|the times?)\b/.test(text);
  const zoneText = asksWhatItIs ? text : proposals.reduce((acc, r) => blankZoneOf(acc, r.mention), text);
  if (question && ZONE_QUESTION.test(zoneText) && !affirmed) {
    evidence.push(`asks about time zones ("${quoteCue(ZONE_QUESTION, zoneText)}")`);
    return { outcome: 'question', evidence };
  }

  const shift = findRelativeShift(text);
  if (shift) {
    // "can we do wednesday 30 minutes earlier?": the slot itself is not accepted, a moved one is proposed.
    const base = matched.length > 0 ? intersect(matched.map((r) => r.fits)) : offered.length === 1 ? [0] : [];
    const slot = base.length === 1 ? offered[base[0] ?? 0] : undefined;
    if (!slot) {
      evidence.push(`asks for "${shift.text}"`);
      return { outcome: 'unclear', reason: 'lead asks to move a slot but not which one', evidence };
    }
    evidence.push(`moves offered #${(base[0] ?? 0) + 1} by "${shift.text}"`);
    return { outcome: 'counter_proposal', proposal: { start: shiftedSlot(slot, shift) }, evidence };
  }

  if (matched.length > 0) {
    if (proposals.length > 0 || outOfRange.length > 0) {
      return {
        outcome: 'unclear',
        reason: 'reply points at an offered slot and also at a time that was not offered',
        evidence,
      };
    }
    const weakFits = readings.filter((r) => r.weak && r.fits.length > 0).map((r) => r.fits);
    const strongChoice = intersect(matched.map((r) => r.fits));
    const refined = intersect([strongChoice, ...weakFits]);
    const choice = refined.length > 0 ? refined : strongChoice;
    if (choice.length === 0) {
      return { outcome: 'unclear', reason: 'reply points at different offered slots', evidence };
    }
    if (choice.length > 1) {
      return {
        outcome: 'unclear',
        reason: `reply fits ${offeredLabel(choice)}; cannot tell which`,
        evidence,
      };
    }
    if (offered.length > 1 && (ANY_OPTION.test(text) || LOOSE_ALTERNATIVE.test(text))) {
      evidence.push(
        `offers alternatives ("${quoteCue(ANY_OPTION.test(text) ? ANY_OPTION : LOOSE_ALTERNATIVE, text)}")`,
      );
      return { outcome: 'unclear', reason: 'lead names more than one acceptable time', evidence };
    }
    const notCommitted = uncommitted(text);
    if (notCommitted) {
      evidence.push(notCommitted);
      return { outcome: 'unclear', reason: 'lead is not committing to the slot', evidence };
    }
    const slotIndex = choice[0] ?? 0;
    return { outcome: 'accept', slotIndex, slot: offered[slotIndex] ?? '', evidence };
  }

  if (outOfRange.length > 0) {
    return { outcome: 'unclear', reason: 'reply picks an option number that was not offered', evidence };
  }

  const proposal = proposals.find((r) => !r.weak) ?? proposals[0];
  if (proposal?.mention) {
    evidence.push(`proposes ${proposal.label} instead`);
    return {
      outcome: 'counter_proposal',
      proposal: counterProposalFrom(proposal.mention, zone, input.receivedAt),
      evidence,
    };
  }

  const weakMatches = readings.filter((r) => r.weak && r.fits.length > 0);
  const declined = DECLINE.test(text) || GENERIC_REFUSAL.test(text) || negatedSlots.size > 0;
  const broadRequest = weakMatches.find((r) => r.mention);
  if (broadRequest?.mention && declined) {
    // "none of those, next week?" — the offered slots may sit inside that week, but the lead wants others.
    evidence.push(`declines the offer and asks for ${broadRequest.label}`);
    return {
      outcome: 'counter_proposal',
      proposal: counterProposalFrom(broadRequest.mention, zone, input.receivedAt),
      evidence,
    };
  }
  if (weakMatches.length > 0) {
    return {
      outcome: 'unclear',
      reason: 'lead states a preference that offered slots fit, but picks none',
      evidence,
    };
  }

  if (DECLINE.test(text)) {
    evidence.push(`decline cue "${quoteCue(DECLINE, text)}"`);
    return { outcome: 'decline', evidence };
  }
  if (negatedSlots.size > 0) {
    if (negatedSlots.size === offered.length) {
      evidence.push('every offered slot was ruled out');
      return { outcome: 'decline', evidence };
    }
    return {
      outcome: 'unclear',
      reason: 'lead ruled out some offered slots without choosing another',
      evidence,
    };
  }
  if (mentions.length === 0 && GENERIC_REFUSAL.test(text)) {
    evidence.push(`refusal "${quoteCue(GENERIC_REFUSAL, text)}" with no other time`);
    return { outcome: 'decline', evidence };
  }
  if (ANY_OPTION.test(text) && offered.length > 1) {
    evidence.push(`leaves the choice to us ("${quoteCue(ANY_OPTION, text)}")`);
    return { outcome: 'unclear', reason: 'any offered slot would do; someone has to pick one', evidence };
  }
  if (offered.length === 1 && (affirmed || ANY_OPTION.test(text)) && !uncommitted(text)) {
    evidence.push(`agrees ("${quoteCue(AFFIRMATION, text)}") and only one slot was offered`);
    return { outcome: 'accept', slotIndex: 0, slot: offered[0] ?? '', evidence };
  }
  if (question) {
    evidence.push('asks a question without choosing a slot');
    return { outcome: 'question', evidence };
  }
  if (affirmed) {
    return {
      outcome: 'unclear',
      reason: `agrees but does not say which of ${offered.length} slots`,
      evidence,
    };
  }
  return { outcome: 'unclear', reason: 'no slot, time, decline or question recognised', evidence };
}
