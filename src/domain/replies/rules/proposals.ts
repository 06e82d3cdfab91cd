import { counterProposalFrom } from '../counterProposal';
import { GENERIC_REFUSAL } from '../cues';
import type { ReplyRule } from './rule';
import { withEvidence } from './rule';

/** A concrete time the offer does not contain: the lead proposes it instead. */
export const proposesAnotherTime: ReplyRule = {
  name: 'proposesAnotherTime',
  apply(facts) {
    const proposal = facts.proposals.find((r) => !r.weak) ?? facts.proposals[0];
    if (!proposal?.mention) return undefined;
    return {
      outcome: 'counter_proposal',
      proposal: counterProposalFrom(proposal.mention, facts.zone, facts.receivedAtIso),
      evidence: withEvidence(facts, this.name, `proposes ${proposal.label} instead`),
    };
  },
};

/** "none of those, next week?" — the offered slots may sit inside that week, but the lead wants others. */
export const declinesAndAsksForAnotherWeek: ReplyRule = {
  name: 'declinesAndAsksForAnotherWeek',
  apply(facts) {
    const broad = [...facts.readings, ...facts.asked].find((r) => r.weak && r.fits.length > 0 && r.mention);
    const declined = facts.declines || GENERIC_REFUSAL.test(facts.text) || facts.negatedSlots.size > 0;
    if (!broad?.mention || !declined) return undefined;
    return {
      outcome: 'counter_proposal',
      proposal: counterProposalFrom(broad.mention, facts.zone, facts.receivedAtIso),
      evidence: withEvidence(facts, this.name, `declines the offer and asks for ${broad.label}`),
    };
  },
};

export const preferenceOnly: ReplyRule = {
  name: 'preferenceOnly',
  apply(facts) {
    if (!facts.readings.some((r) => r.weak && r.fits.length > 0)) return undefined;
    return {
      outcome: 'unclear',
      reason: 'lead states a preference that offered slots fit, but picks none',
      evidence: withEvidence(facts, this.name),
    };
  },
};
