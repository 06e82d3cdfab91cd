import { declinesTheOffer, refusesWithoutADate, rulesOutEverySlot } from './declines';
import {
  acceptTheOnePick,
  agreesToTheOnlySlot,
  agreesWithoutSaying,
  conflictingPicks,
  leavesTheChoiceToUs,
  moveOfferedSlot,
  movesSlotToAnotherTime,
  namesAlternatives,
  notYetCommitted,
  optionPastTheOffer,
  pickAndProposal,
  picksAndDeclines,
} from './picks';
import { declinesAndAsksForAnotherWeek, preferenceOnly, proposesAnotherTime } from './proposals';
import { asksAboutAnOfferedSlot, asksAboutZoneOrFirst, questionWithoutChoice } from './questions';
import type { ReplyRule } from './rule';

/**
 * The interpreter, in order: the first rule that answers decides. Precision first: every rule that
 * can stop an accept (questions about the offer, proposals beside a pick, conflicts, alternatives,
 * conditions) runs before the rules that accept.
 */
export const RULES: ReplyRule[] = [
  asksAboutZoneOrFirst,
  moveOfferedSlot,
  movesSlotToAnotherTime,
  asksAboutAnOfferedSlot,
  pickAndProposal,
  conflictingPicks,
  namesAlternatives,
  notYetCommitted,
  picksAndDeclines,
  acceptTheOnePick,
  optionPastTheOffer,
  proposesAnotherTime,
  declinesAndAsksForAnotherWeek,
  preferenceOnly,
  declinesTheOffer,
  rulesOutEverySlot,
  refusesWithoutADate,
  leavesTheChoiceToUs,
  agreesToTheOnlySlot,
  questionWithoutChoice,
  agreesWithoutSaying,
];
