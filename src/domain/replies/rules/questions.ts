import { BEFORE_BOOKING, ZONE_QUESTION } from '../cues';
import { blankZoneOf, type ReplyFacts } from '../facts';
import type { ReplyRule } from './rule';
import { quoteCue, withEvidence } from './rule';

/** "is that 3pm eastern?" asks which zone the offer is in; "before 6pm IST?" only names a proposal's zone. */
const ASKS_WHAT_IT_IS = /\b(?:is|are) (?:that|this|it|these|those|they|the times?)\b/;

function zoneTextOf(facts: ReplyFacts, clauseText: string): string {
  if (ASKS_WHAT_IT_IS.test(clauseText)) return clauseText;
  return facts.proposals.reduce((acc, r) => blankZoneOf(acc, r.mention), facts.text);
}

/**
 * A clause that asks about the time zone, the clock change, something to settle before booking, or
 * about an offered slot itself ("¿el jueves sería presencial?") is a question, whatever else the
 * reply says: a clause that asks never accepts.
 */
export const asksAboutZoneOrFirst: ReplyRule = {
  name: 'asksAboutZoneOrFirst',
  apply(facts) {
    for (const clause of facts.clauses.filter((c) => c.asks)) {
      const end = clause.start + clause.text.length;
      const zoneText = zoneTextOf(facts, clause.text);
      const scoped = ASKS_WHAT_IT_IS.test(clause.text) ? zoneText : zoneText.slice(clause.start, end);
      if (ZONE_QUESTION.test(scoped)) {
        return {
          outcome: 'question',
          evidence: withEvidence(
            facts,
            this.name,
            `asks about time zones ("${quoteCue(ZONE_QUESTION, scoped)}")`,
          ),
        };
      }
      if (BEFORE_BOOKING.test(clause.text)) {
        return {
          outcome: 'question',
          evidence: withEvidence(facts, this.name, `asks first ("${quoteCue(BEFORE_BOOKING, clause.text)}")`),
        };
      }
    }
    // A sentence before booking also counts when it is not phrased as a question.
    if (BEFORE_BOOKING.test(facts.text)) {
      return {
        outcome: 'question',
        evidence: withEvidence(facts, this.name, `asks first ("${quoteCue(BEFORE_BOOKING, facts.text)}")`),
      };
    }
    return undefined;
  },
};

/** "¿el jueves sería presencial?": a question that names an offered slot asks about it, it does not take it. */
export const asksAboutAnOfferedSlot: ReplyRule = {
  name: 'asksAboutAnOfferedSlot',
  apply(facts) {
    const aboutOffered = facts.asked.find((r) => !r.weak && r.fits.some((i) => !facts.negatedSlots.has(i)));
    if (aboutOffered) {
      return {
        outcome: 'question',
        evidence: withEvidence(facts, this.name, `asks about ${aboutOffered.label} in a question`),
      };
    }
    return undefined;
  },
};

export const questionWithoutChoice: ReplyRule = {
  name: 'questionWithoutChoice',
  apply(facts) {
    if (!facts.question) return undefined;
    return {
      outcome: 'question',
      evidence: withEvidence(facts, this.name, 'asks a question without choosing a slot'),
    };
  },
};
