import { editDistance } from './editDistance';
import { isKnownWord, LEXICONS } from './lexicon';

export { editDistance };

/**
 * Typo repair for the words that carry dates in replies ("wendsday", "juebes"). Only these words
 * are repaired, and never a token that is itself a word of a known language: "viene" is a verb a
 * letter from "viernes", "sunny" is weather, and neither may ever become a day.
 */
const DATE_WORDS = LEXICONS.flatMap((lexicon) => lexicon.dateWords);

/**
 * Short targets tolerate one typo, long ones two, and never more than a quarter of the token:
 * "someday" must not become "sunday".
 */
function tolerance(target: string, token: string): number {
  return Math.min(target.length <= 6 ? 1 : 2, Math.floor(token.length / 4));
}

/** The date word a misspelt token was meant to be, or undefined when it is not close to one. */
export function repairDateWord(token: string): string | undefined {
  if (token.length < 5 || DATE_WORDS.includes(token)) return undefined;
  let best: { word: string; distance: number } | undefined;
  for (const word of DATE_WORDS) {
    if (word[0] !== token[0]) continue;
    const distance = editDistance(token, word);
    if (distance <= tolerance(word, token) && (!best || distance < best.distance)) best = { word, distance };
  }
  // The word lists are consulted last: only tokens already near a date word pay for loading them.
  if (!best || isKnownWord(token)) return undefined;
  return best.word;
}
