import { dayPartWords, WORD_END, WORD_START } from './lexicon';
import type { DayWindow } from './types';

/**
 * Parts of the day, in minutes since local midnight. The same window is used to check whether an
 * offered slot fits "thursday morning" and to express a counter-proposal for it.
 */
export const DAY_PARTS: Record<'morning' | 'afternoon' | 'evening', DayWindow> = {
  morning: { from: 8 * 60, to: 12 * 60, label: 'morning' },
  // "5pm" is still the afternoon to most people (and "las 5 de la tarde" in Spanish).
  afternoon: { from: 12 * 60, to: 18 * 60, label: 'afternoon' },
  evening: { from: 17 * 60, to: 21 * 60, label: 'evening' },
};

const DAY_PART_WORDS: Array<[RegExp, keyof typeof DAY_PARTS]> = (
  ['morning', 'afternoon', 'evening'] as const
).map((part) => [new RegExp(`${WORD_START}(?:${dayPartWords(part)})${WORD_END}`, 'gu'), part]);

export interface DayPartPhrase {
  part: keyof typeof DAY_PARTS;
  index: number;
  end: number;
  text: string;
}

export function findDayParts(text: string): DayPartPhrase[] {
  const found: DayPartPhrase[] = [];
  for (const [pattern, part] of DAY_PART_WORDS) {
    for (const match of text.matchAll(pattern)) {
      const index = match.index ?? 0;
      found.push({ part, index, end: index + match[0].length, text: match[0] });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * Hides Spanish day-part phrases from chrono, which reads "por la mañana" as "tomorrow".
 * Same-length blanking keeps chrono's indexes aligned with the text the rest of the code reads.
 */
export function maskSpanishDayParts(text: string): string {
  return text.replace(/\b(?:por|en|de|a) la (?:mañana|manana|tarde|noche)\b/g, (m) => ' '.repeat(m.length));
}
