import type { ReplyFacts } from '../facts';
import type { ReplyInterpretation } from '../types';

/**
 * One named step of the interpreter. Rules run in order on the facts read from the reply; the
 * first that answers decides. A rule returns undefined when it has nothing to say.
 */
export interface ReplyRule {
  name: string;
  apply: (facts: ReplyFacts) => ReplyInterpretation | undefined;
}

export function quoteCue(pattern: RegExp, text: string): string {
  return pattern.exec(text)?.[0]?.trim() ?? '';
}

/** Evidence lines plus the rule's own, so the answer always says which rule decided and why. */
export function withEvidence(facts: ReplyFacts, rule: string, ...lines: string[]): string[] {
  return [...facts.evidence, ...lines, `rule: ${rule}`];
}
