import { alternation, wordPattern } from './lexicon';

/**
 * Clause boundaries decide how far "not" reaches: in "not tuesday, wednesday is fine" the
 * negation stops at the comma, so wednesday is still wanted.
 */
const CLAUSE_BREAK = new RegExp(
  `[.,:](?=\\s|$)|[;!?\\n¿¡]|\\s(?:${alternation('clauseBreak')})\\s|\\s-\\s|—`,
  'gu',
);

/** Start offsets of every clause, so a position can be mapped to its clause. */
export function clauseStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(CLAUSE_BREAK)) {
    starts.push((match.index ?? 0) + match[0].length);
  }
  return starts;
}

/** The reply cut into clauses, each with its offset in the reply. */
export function clauseSegments(text: string): Array<{ start: number; text: string }> {
  const starts = clauseStarts(text);
  return starts.map((start, i) => ({ start, text: text.slice(start, starts[i + 1] ?? text.length) }));
}

export function clauseOf(starts: number[], position: number): number {
  let clause = 0;
  for (let i = 0; i < starts.length; i++) {
    if ((starts[i] ?? 0) <= position) clause = i;
  }
  return clause;
}

/** Negation written before a date: "not tuesday", "can't do tuesday", "no puedo el martes". */
const NEGATION_BEFORE = new RegExp(`${wordPattern('negationBefore').source}[^.]{0,24}$`, 'u');

/** Negation written after a date: "tuesday doesn't work", "el martes no puedo". */
const NEGATION_AFTER = new RegExp(`^[^.]{0,20}?${wordPattern('negationAfter').source}`, 'u');

/** Only "and"/"or" between two dates: a negation on one applies to both ("tuesday or wednesday don't work"). */
export const PURE_COORDINATION = /^\s*(?:and|or|nor|&|\/|y|o|ni|e|u)\s*(?:on\s+|el\s+|la\s+)?$/;

export function negatedBefore(gapBefore: string): boolean {
  return NEGATION_BEFORE.test(gapBefore);
}

/** "el martes no, el jueves sí": a bare "no" closing the clause negates its date. */
const BARE_NO_AFTER = /^\s*(?:no|not|nope|nah)\s*[,.;!?]?\s*$/;

export function negatedAfter(gapAfter: string): boolean {
  return NEGATION_AFTER.test(gapAfter) || BARE_NO_AFTER.test(gapAfter);
}
