import { negatedAfter } from '../clauses';
import {
  AFFIRMATION,
  ANY_OPTION,
  BENIGN_CONDITION,
  CONDITION,
  DECLINE,
  DEFERRAL,
  GENERIC_REFUSAL,
  HEDGE,
} from '../cues';
import type { ReplyFacts } from '../facts';
import type { DoubtKind } from '../types';
import { quoteCue } from './rule';

export interface Doubt {
  kind: DoubtKind;
  evidence: string;
}

/** Hedged but pointed ("I think tuesday could work maybe"): a pick worth confirming, not a commitment. */
export function hedgeDoubt(facts: ReplyFacts): Doubt | undefined {
  const hedge = HEDGE.exec(facts.text)?.[0];
  if (hedge) return { kind: 'hedge', evidence: `hedged ("${hedge.trim()}")` };
  const tentative = facts.tentative[0];
  return tentative ? { kind: 'hedge', evidence: tentative } : undefined;
}

/** Agreement words left once hedges are removed: "not sure" agrees to nothing, "probably ok" does. */
export function affirmsBesidesHedges(text: string): boolean {
  return AFFIRMATION.test(text.replace(new RegExp(HEDGE.source, 'gu'), (m) => ' '.repeat(m.length)));
}

/** A slot read only thanks to a repaired typo ("wendsday"). */
export function typoDoubt(facts: ReplyFacts): Doubt | undefined {
  return facts.repairs.length > 0 ? { kind: 'typo_repair', evidence: facts.repairs.join('; ') } : undefined;
}

const NEGATION_WORD = /\b(?:not|no|never|n't|can'?t|cannot|won'?t|nunca|tampoco)\b|n't\b/;

/**
 * A clause with a negation that no rule read (no date, option, agreement or decline in it): it might
 * change what the pick means ("thursday at 4, not with the whole team though").
 */
export function leftoverClauseDoubt(facts: ReplyFacts): Doubt | undefined {
  const used = new Set([...facts.readings, ...facts.asked].map((r) => r.clause));
  facts.mentions.forEach((m) => {
    const i = facts.clauses.findIndex(
      (c, k) => c.start <= m.index && (facts.clauses[k + 1]?.start ?? Infinity) > m.index,
    );
    used.add(i);
  });
  const leftover = facts.clauses.find(
    (clause, i) =>
      !used.has(i) &&
      NEGATION_WORD.test(clause.text) &&
      !AFFIRMATION.test(clause.text) &&
      !DECLINE.test(clause.text) &&
      !GENERIC_REFUSAL.test(clause.text) &&
      !negatedAfter(clause.text),
  );
  return leftover
    ? { kind: 'leftover_clause', evidence: `clause not understood: "${leftover.text.trim()}"` }
    : undefined;
}

/**
 * Conditional ("if my flight lands") or deferred ("let me check"): not yet an answer at all, so
 * these never become a doubtful pick.
 */
export function notCommitted(text: string): string | undefined {
  const deferral = DEFERRAL.exec(text)?.[0];
  if (deferral) return `defers ("${deferral.trim()}")`;
  const condition = CONDITION.exec(text.replace(BENIGN_CONDITION, (m) => ' '.repeat(m.length)))?.[0];
  return condition ? `conditional ("${condition.trim()}")` : undefined;
}

export function leavesChoice(text: string): string | undefined {
  return ANY_OPTION.test(text) ? quoteCue(ANY_OPTION, text) : undefined;
}
