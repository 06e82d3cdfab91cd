import { AFFIRMATION, ANY_OPTION, LAST_WORDS, NUMBER_WORDS, OPTION_NOUNS, ORDINAL_WORDS } from './cues';
import { alternation } from './lexicon';

/** The lead pointing at an offered option by position ("the second one", "option 2", "la última"). */
export type OptionPick =
  | { kind: 'position'; position: number /* 1-based, may exceed the offer */; text: string; index: number }
  | { kind: 'last' | 'middle' | 'earliest' | 'latest'; text: string; index: number }
  /** A reply that is only a number: "2" may be option 2 or 2 o'clock; the caller weighs both. */
  | { kind: 'bareNumber'; value: number; text: string; index: number };

const ORD = `(${[...Object.keys(ORDINAL_WORDS), alternation('lastWords')].join('|')})`;
export const OPTION_NOUN = `(?:${OPTION_NOUNS})`;
/** Words after an ordinal that make it a date or an idiom, not an option ("first thing", "el primero de abril"). */
const NOT_AN_OPTION =
  /^\s*(?:week|weekend|day|days|of|thing|half|part|quarter|semana|d[ií]a|de|mes|month|place)\b/;

function ordinalValue(word: string): OptionPick['kind'] | number {
  if (LAST_WORDS.test(word)) return 'last';
  return ORDINAL_WORDS[word] ?? 0;
}

function pickFromOrdinal(word: string, text: string, index: number): OptionPick | undefined {
  const value = ordinalValue(word);
  if (value === 'last') return { kind: 'last', text, index };
  if (typeof value === 'number' && value > 0) return { kind: 'position', position: value, text, index };
  return undefined;
}

/** Every way the reply points at an option by position; overlaps with date mentions are removed by the caller. */
export function findOptionPicks(text: string): OptionPick[] {
  const picks: OptionPick[] = [];
  const patterns = [
    new RegExp(`\\b${ORD}\\s+${OPTION_NOUN}\\b`, 'g'),
    new RegExp(`\\b(?:the|la|el|lo)\\s+${ORD}\\b`, 'g'),
    new RegExp(`^${ORD}\\b`, 'g'),
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const word = match[1] ?? '';
      const after = text.slice((match.index ?? 0) + match[0].length);
      if (NOT_AN_OPTION.test(after)) continue;
      const pick = pickFromOrdinal(word, match[0], match.index ?? 0);
      if (pick) picks.push(pick);
    }
  }
  for (const match of text.matchAll(
    /\b(?:option|opt|choice|slot|number|no\.|opción|opcion|número|numero|alternativa)\s*#?\s*(\d{1,2}|[a-z]+)\b|#(\d{1,2})\b/g,
  )) {
    const token = match[1] ?? match[2] ?? '';
    const position = /^\d+$/.test(token) ? Number(token) : (NUMBER_WORDS[token] ?? 0);
    if (position > 0) picks.push({ kind: 'position', position, text: match[0], index: match.index ?? 0 });
  }
  for (const match of text.matchAll(
    /\b(?:the )?(earlier|earliest|early|later|latest|late) (?:[a-z]+ )?(?:one|option|slot|time)\b|\bthe (earliest|latest)\b/g,
  )) {
    const word = match[1] ?? match[2] ?? '';
    picks.push({
      kind: word.startsWith('ear') ? 'earliest' : 'latest',
      text: match[0],
      index: match.index ?? 0,
    });
  }
  for (const match of text.matchAll(
    /\b(?:the )?middle (?:one|option|slot|time)\b|\b(?:la|el) del medio\b/g,
  )) {
    picks.push({ kind: 'middle', text: match[0], index: match.index ?? 0 });
  }
  const bare = bareNumber(text);
  if (bare) picks.push(bare);
  return dedupe(picks);
}

/** "2", "2 works", "#1 please": a number with nothing around it but agreement. */
function bareNumber(text: string): OptionPick | undefined {
  const match = /(?:^|\s)#?(\d{1,2})(?=\s|$|[.!,)])/.exec(text);
  if (!match?.[1]) return undefined;
  const rest = text
    .replace(match[0], ' ')
    .replace(new RegExp(AFFIRMATION.source, 'g'), ' ')
    .replace(
      /\b(?:for me|is|for|me|the|one|that|then|on|is it|es|la|el|de|por favor|with|i'?ll|i|do|can|let's)\b/g,
      ' ',
    )
    .replace(/[\s.!,)(?¡¿:-]+/g, '');
  if (rest.length > 0) return undefined;
  return { kind: 'bareNumber', value: Number(match[1]), text: match[0].trim(), index: match.index ?? 0 };
}

function dedupe(picks: OptionPick[]): OptionPick[] {
  const seen = new Set<string>();
  return picks.filter((pick) => {
    const key = `${pick.index}:${pick.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export { ANY_OPTION };
