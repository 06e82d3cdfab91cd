import { DECLINE, GENERIC_REFUSAL } from '../cues';
import type { ReplyRule } from './rule';
import { quoteCue, withEvidence } from './rule';

/** "no thanks", "we signed with someone else last week", "ya contratamos a otro proveedor". */
export const declinesTheOffer: ReplyRule = {
  name: 'declinesTheOffer',
  apply(facts) {
    if (!facts.declines) return undefined;
    return {
      outcome: 'decline',
      evidence: withEvidence(facts, this.name, `decline cue "${quoteCue(DECLINE, facts.text)}"`),
    };
  },
};

/** "Tuesday I'm in court and the other two clash with school pickup": nothing is left. */
export const rulesOutEverySlot: ReplyRule = {
  name: 'rulesOutEverySlot',
  apply(facts) {
    if (facts.negatedSlots.size === 0) return undefined;
    if (facts.negatedSlots.size === facts.offered.length) {
      return {
        outcome: 'decline',
        evidence: withEvidence(facts, this.name, 'every offered slot was ruled out'),
      };
    }
    return {
      outcome: 'unclear',
      reason: 'lead ruled out some offered slots without choosing another',
      evidence: withEvidence(facts, this.name),
    };
  },
};

/** "that doesn't work" with no date at all. */
export const refusesWithoutADate: ReplyRule = {
  name: 'refusesWithoutADate',
  apply(facts) {
    if (facts.mentions.length > 0 || !GENERIC_REFUSAL.test(facts.text)) return undefined;
    return {
      outcome: 'decline',
      evidence: withEvidence(
        facts,
        this.name,
        `refusal "${quoteCue(GENERIC_REFUSAL, facts.text)}" with no other time`,
      ),
    };
  },
};
