import { en } from './en';
import { es } from './es';
import type { Lexicon } from './types';
import { nearDateWordSet } from './wordLists';

/** Every language the reader knows; a new language is one more lexicon file listed here. */
export const LEXICONS: Lexicon[] = [en, es];

type ListKey = {
  [K in keyof Lexicon]: Lexicon[K] extends string[] ? K : never;
}[keyof Lexicon];

/** Word boundaries that also hold next to accented letters ("sí", "miércoles"), unlike \b. */
export const WORD_START = '(?<![\\p{L}\\p{N}_])';
export const WORD_END = '(?![\\p{L}\\p{N}_])';

/** The fragments of one kind from every lexicon, as one alternation. */
export function alternation(key: ListKey, lexicons: Lexicon[] = LEXICONS): string {
  return lexicons.flatMap((lexicon) => lexicon[key]).join('|');
}

/** A regular expression matching any fragment of that kind as whole words. */
export function wordPattern(key: ListKey, flags = '', lexicons: Lexicon[] = LEXICONS): RegExp {
  return new RegExp(`${WORD_START}(?:${alternation(key, lexicons)})${WORD_END}`, `u${flags}`);
}

export function mergedRecord(key: 'ordinals' | 'numberWords' | 'shorthand'): Record<string, number | string> {
  return Object.assign({}, ...LEXICONS.map((lexicon) => lexicon[key]));
}

export function dayPartWords(part: keyof Lexicon['dayParts']): string {
  return LEXICONS.flatMap((lexicon) => lexicon.dayParts[part]).join('|');
}

/** The lexicon a reply is written in: the first non-English one whose markers it uses, else English. */
export function lexiconOf(text: string): Lexicon {
  return (
    LEXICONS.find(
      (lexicon) => lexicon.markers.length > 0 && wordPattern('markers', '', [lexicon]).test(text),
    ) ?? en
  );
}

let guardWords: Set<string> | undefined;

/**
 * Whether a token close to a date word is a word of any known language (typo repair must leave such
 * words alone). Only answers for tokens within two edits of a date word: the rest is never asked.
 */
export function isKnownWord(token: string): boolean {
  if (!guardWords) {
    const dateWords = LEXICONS.flatMap((lexicon) => lexicon.dateWords);
    guardWords = new Set(LEXICONS.flatMap((lexicon) => [...nearDateWordSet(lexicon.loadWords(), dateWords)]));
  }
  return guardWords.has(token);
}
