import { editDistance } from '../editDistance';

/**
 * Word lists that guard typo repair: a token that is a real word of a language ("viene", "sunny",
 * "sat") is never turned into a day. The lists come from maintained packages
 * (an-array-of-english-words, an-array-of-spanish-words, MIT). They are large, so they are read once,
 * on the first reply that has a token close to a date word, and only the words that could ever be
 * mistaken for a date word (same first letter, at most two edits away) are kept in memory.
 */
export function nearDateWordSet(words: readonly string[], dateWords: readonly string[]): Set<string> {
  const byFirstLetter = new Map<string, string[]>();
  for (const word of dateWords) {
    const first = word[0] ?? '';
    byFirstLetter.set(first, [...(byFirstLetter.get(first) ?? []), word]);
  }
  const kept = new Set<string>();
  for (const word of words) {
    // Typo repair never touches tokens shorter than five letters.
    if (word.length < 5) continue;
    const targets = byFirstLetter.get(word[0] ?? '');
    if (!targets) continue;
    const close = targets.some(
      (t) =>
        Math.abs(t.length - word.length) <= 2 &&
        sharedLetters(word, t) >= Math.max(t.length, word.length) - 2,
    );
    if (close && targets.some((t) => editDistance(word, t) <= 2)) kept.add(word);
  }
  return kept;
}

/**
 * Letters two words share, counted with repetition. Two edits change at most two of them, so this
 * cheap test rules out most of a 600,000-word list before any edit distance is computed.
 */
function sharedLetters(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const ch of b) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let shared = 0;
  for (const ch of a) {
    const left = counts.get(ch) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(ch, left - 1);
    }
  }
  return shared;
}

/** Reads a word-list package without keeping it in the module cache: only the filtered set stays. */
function readWordList(name: string): readonly string[] {
  const path = require.resolve(name);
  const words = require(path) as string[];
  delete require.cache[path];
  return words;
}

export const loadEnglishWords = (): readonly string[] => readWordList('an-array-of-english-words');
export const loadSpanishWords = (): readonly string[] => readWordList('an-array-of-spanish-words');
