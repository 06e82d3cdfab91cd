import { DateTime } from 'luxon';
import { readReplyFacts } from './facts';
import { RULES } from './rules';
import type { ReplyInput, ReplyInterpretation } from './types';

/**
 * Decides what a lead's reply to offered meeting slots means. Pure: the same input always gives the
 * same answer; `receivedAt` in the lead's zone is "now" for relative dates.
 *
 * Two steps: read the facts once (own words without quoted text, clauses, mentions, negations,
 * what each clause points at), then run the ordered rules in rules/index.ts; the first that
 * answers decides. Precision first: a slot is only accepted when exactly one offered slot fits
 * everything the reply says and no clause asks, conditions or contradicts it.
 */
export function interpretReply(input: ReplyInput): ReplyInterpretation {
  const receivedAt = DateTime.fromISO(input.receivedAt, { zone: input.leadTimeZone });
  if (!receivedAt.isValid) {
    return {
      outcome: 'unclear',
      reason: `cannot read receivedAt/leadTimeZone: ${receivedAt.invalidExplanation}`,
      evidence: [],
    };
  }
  const facts = readReplyFacts(input, receivedAt);
  if (facts.text.length === 0) return { outcome: 'unclear', reason: 'empty reply', evidence: facts.evidence };
  for (const rule of RULES) {
    const answer = rule.apply(facts);
    if (answer) return answer;
  }
  return {
    outcome: 'unclear',
    reason: 'no slot, time, decline or question recognised',
    evidence: [...facts.evidence, 'rule: none'],
  };
}
