import { isKnownWord, LEXICONS } from './lexicon';

/**
 * Typo repair for the words that carry dates in replies ("wendsday", "juebes"). Only these words
 * are repaired, and never a token that is itself a word of a known language: "viene" is a verb a
 * letter from "viernes", "sunny" is weather, and neither may ever become a day.
 */
const DATE_WORDS = LEXICONS.flatMap((lexicon) => lexicon.dateWords);

/** Optimal-string-alignment distance: Levenshtein plus adjacent swaps ("thrusday"). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

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
