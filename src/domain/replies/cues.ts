/**
 * The intent cues the rules use (agreeing, declining, hedging, asking), assembled from every
 * language's lexicon (lexicon/en.ts, lexicon/es.ts). Patterns run on the normalized reply.
 */
import { alternation, LEXICONS, mergedRecord, WORD_END, WORD_START, wordPattern } from './lexicon';

const words = (source: string, flags = '') =>
  new RegExp(`${WORD_START}(?:${source})${WORD_END}`, `u${flags}`);

/** Phrases that contain "no"/"not" but are not a negation ("no problem, tuesday works"). */
export const FALSE_NEGATIONS = wordPattern('falseNegations', 'g');

export const AFFIRMATION = new RegExp(`${wordPattern('affirmation').source}|👍|✅|👌|🙌`, 'u');

export const DECLINE = new RegExp(
  `^(?:${alternation('declineWhole')})$|${wordPattern('decline').source}`,
  'u',
);

/** "that doesn't work" / "no puedo" with no date in the reply: a decline of what was offered. */
export const GENERIC_REFUSAL = wordPattern('refusal');

export const HEDGE = wordPattern('hedge');

export const DEFERRAL = wordPattern('deferral');

/**
 * A condition the lead still has to resolve ("if my flight lands", "unless something comes up"):
 * the slot is not committed. Conditions on our side are removed first by BENIGN_CONDITION.
 */
export const CONDITION = wordPattern('condition');

export const BENIGN_CONDITION = wordPattern('benignCondition', 'g');

/** "wed 4 works - no wait, tues 11": what follows a self-correction replaces what came before it. */
export const CORRECTION = wordPattern('correction', 'g');

/** "tuesday works, actually thursday too": an addition, not a correction. */
export const ADDITION = wordPattern('addition');

/** "how about / what about" introduce a proposal, not a question about something else. */
export const PROPOSAL_LEAD_IN = wordPattern('proposalLeadIn', 'g');

export const QUESTION_WORD = new RegExp(
  `^(?:(?:${alternation('questionFiller')})[\\s,:!.]+)?(?:${alternation('questionWord')})${WORD_END}`,
  'u',
);

/** A question about time zones or the clock change is about the offered slot itself. */
export const ZONE_QUESTION = wordPattern('zoneQuestion');

/** "can we go over budget before locking a time?": something must happen before any booking. */
export const BEFORE_BOOKING = wordPattern('beforeBooking');

/** Words that point at an offered option by ordinal. */
export const ORDINAL_WORDS = mergedRecord('ordinals') as Record<string, number>;

export const NUMBER_WORDS = mergedRecord('numberWords') as Record<string, number>;

export const LAST_WORDS = new RegExp(`^(?:${alternation('lastWords')})$`, 'u');

/** "tuesday at 9 or 2": an alternative chrono did not read as a date still means two choices. */
export const LOOSE_ALTERNATIVE = words(
  `(?:${alternation('looseAlternative')})\\s+(?:at\\s+|a las\\s+)?\\d{1,2}(?::\\d{2})?`,
);

/** Leaves the choice to us ("either works", "cualquiera"). */
export const ANY_OPTION = wordPattern('anyOption');

/** "the other two", "los otros": the offered slots the reply has not named. */
export const THE_OTHERS = wordPattern('theOthers');

/** "the one in the morning", "la de la tarde". */
export const DAY_PART_POINTER = wordPattern('dayPartPointer');

export const OPTION_NOUNS = alternation('optionNouns');

export const ALL_BUT = wordPattern('allBut', 'g');

export { LEXICONS };
