import { counterProposalFrom } from '../counterProposal';
import { LOOSE_ALTERNATIVE } from '../cues';
import { intersect, offeredLabel, type ReplyFacts } from '../facts';
import { findRelativeShift, shiftedSlot } from '../relativeShift';
import type { ReplyInterpretation } from '../types';
import {
  affirmsBesidesHedges,
  type Doubt,
  hedgeDoubt,
  leftoverClauseDoubt,
  notCommitted,
  typoDoubt,
} from './doubts';
import type { ReplyRule } from './rule';
import { quoteCue, withEvidence } from './rule';

/** An accept, with the doubts that make it worth confirming (none: a certain pick, no field). */
export function acceptSlot(
  facts: ReplyFacts,
  rule: string,
  slotIndex: number,
  ...lines: string[]
): ReplyInterpretation {
  const doubts = [hedgeDoubt(facts), typoDoubt(facts), leftoverClauseDoubt(facts)].filter(
    (d): d is Doubt => d !== undefined,
  );
  const evidence = withEvidence(
    facts,
    rule,
    ...lines,
    ...doubts.map((d) => `doubt ${d.kind}: ${d.evidence}`),
  );
  const slot = facts.offered[slotIndex] ?? '';
  return doubts.length > 0
    ? { outcome: 'accept', slotIndex, slot, evidence, doubts: doubts.map((d) => d.kind) }
    : { outcome: 'accept', slotIndex, slot, evidence };
}

/** "can we do wednesday 30 minutes earlier?": the slot itself is not accepted, a moved one is proposed. */
export const moveOfferedSlot: ReplyRule = {
  name: 'moveOfferedSlot',
  apply(facts) {
    const shift = findRelativeShift(facts.text);
    if (!shift) return undefined;
    const named = [...facts.matched, ...facts.asked.filter((r) => r.fits.length > 0 && !r.weak)];
    const base =
      named.length > 0 ? intersect(named.map((r) => r.fits)) : facts.offered.length === 1 ? [0] : [];
    const slot = base.length === 1 ? facts.offered[base[0] ?? 0] : undefined;
    if (!slot) {
      return {
        outcome: 'unclear',
        reason: 'lead asks to move a slot but not which one',
        evidence: withEvidence(facts, this.name, `asks for "${shift.text}"`),
      };
    }
    return {
      outcome: 'counter_proposal',
      proposal: { start: shiftedSlot(slot, shift) },
      evidence: withEvidence(facts, this.name, `moves offered #${(base[0] ?? 0) + 1} by "${shift.text}"`),
    };
  },
};

/** "push", "move", "pasar": the lead moves an offered slot to another time. */
const MOVE_VERB =
  /\b(?:push|move|shift|bump|change|reschedule|pasar|pasarlo|mover|moverlo|cambiar|cambiarlo|correr|correrlo)\b/;

/**
 * "Can we push Monday to 1pm?": chrono reads "monday to 1pm" as a range; the lead means Monday at 1pm,
 * which is a new time, not a question about Monday's slot.
 */
export const movesSlotToAnotherTime: ReplyRule = {
  name: 'movesSlotToAnotherTime',
  apply(facts) {
    if (!MOVE_VERB.test(facts.text)) return undefined;
    const range = facts.mentions.find((m) => m.day && !m.time && m.endTime && / to | a las? /.test(m.text));
    if (!range?.endTime) return undefined;
    const { endTime, ...rest } = range;
    const moved = { ...rest, time: endTime };
    return {
      outcome: 'counter_proposal',
      proposal: counterProposalFrom(moved, facts.zone, facts.receivedAtIso),
      evidence: withEvidence(facts, this.name, `moves "${range.text}" to another time`),
    };
  },
};

export const pickAndProposal: ReplyRule = {
  name: 'pickAndProposal',
  apply(facts) {
    if (facts.matched.length === 0 || (facts.proposals.length === 0 && facts.outOfRange.length === 0))
      return undefined;
    return {
      outcome: 'unclear',
      reason: 'reply points at an offered slot and also at a time that was not offered',
      evidence: withEvidence(facts, this.name),
    };
  },
};

export const conflictingPicks: ReplyRule = {
  name: 'conflictingPicks',
  apply(facts) {
    if (facts.matched.length === 0 || facts.choice.length === 1) return undefined;
    return {
      outcome: 'unclear',
      reason:
        facts.choice.length === 0
          ? 'reply points at different offered slots'
          : `reply fits ${offeredLabel(facts.choice)}; cannot tell which`,
      evidence: withEvidence(facts, this.name),
    };
  },
};

export const namesAlternatives: ReplyRule = {
  name: 'namesAlternatives',
  apply(facts) {
    if (facts.matched.length === 0 || facts.offered.length < 2) return undefined;
    const cue =
      facts.anyOption ??
      (LOOSE_ALTERNATIVE.test(facts.text) ? quoteCue(LOOSE_ALTERNATIVE, facts.text) : undefined);
    if (!cue) return undefined;
    return {
      outcome: 'unclear',
      reason: 'lead names more than one acceptable time',
      evidence: withEvidence(facts, this.name, `offers alternatives ("${cue}")`),
    };
  },
};

export const notYetCommitted: ReplyRule = {
  name: 'notYetCommitted',
  apply(facts) {
    const pointsAtOne = facts.matched.length > 0 || (facts.offered.length === 1 && facts.affirmed);
    const why = pointsAtOne ? notCommitted(facts.text) : undefined;
    if (!why) return undefined;
    return {
      outcome: 'unclear',
      reason: 'lead is not committing to the slot',
      evidence: withEvidence(facts, this.name, why),
    };
  },
};

/** "Thursday is my only free day but I'm not interested": a pick beside a decline is no pick. */
export const picksAndDeclines: ReplyRule = {
  name: 'picksAndDeclines',
  apply(facts) {
    if (!facts.declines || facts.matched.length === 0) return undefined;
    return {
      outcome: 'unclear',
      reason: 'reply points at an offered slot but also declines',
      evidence: withEvidence(facts, this.name),
    };
  },
};

/** Exactly one offered slot fits everything the reply says. */
export const acceptTheOnePick: ReplyRule = {
  name: 'acceptTheOnePick',
  apply(facts) {
    if (facts.matched.length === 0 || facts.choice.length !== 1) return undefined;
    return acceptSlot(facts, this.name, facts.choice[0] ?? 0);
  },
};

export const optionPastTheOffer: ReplyRule = {
  name: 'optionPastTheOffer',
  apply(facts) {
    if (facts.outOfRange.length === 0) return undefined;
    return {
      outcome: 'unclear',
      reason: 'reply picks an option number that was not offered',
      evidence: withEvidence(facts, this.name),
    };
  },
};

/** "yes" to a one-slot offer. */
export const agreesToTheOnlySlot: ReplyRule = {
  name: 'agreesToTheOnlySlot',
  apply(facts) {
    if (facts.offered.length !== 1 || !(affirmsBesidesHedges(facts.text) || facts.anyOption))
      return undefined;
    // Any date ruled out ("sure, but not this week") makes a bare yes unsafe.
    if (
      facts.negatedSlots.size > 0 ||
      facts.declines ||
      facts.takenBack ||
      facts.mentions.some((m) => m.negated)
    )
      return undefined;
    return acceptSlot(facts, this.name, 0, 'agrees and only one slot was offered');
  },
};

export const leavesTheChoiceToUs: ReplyRule = {
  name: 'leavesTheChoiceToUs',
  apply(facts) {
    if (!facts.anyOption || facts.offered.length < 2) return undefined;
    return {
      outcome: 'unclear',
      reason: 'any offered slot would do; someone has to pick one',
      evidence: withEvidence(facts, this.name, `leaves the choice to us ("${facts.anyOption}")`),
    };
  },
};

export const agreesWithoutSaying: ReplyRule = {
  name: 'agreesWithoutSaying',
  apply(facts) {
    if (!facts.affirmed) return undefined;
    return {
      outcome: 'unclear',
      reason: `agrees but does not say which of ${facts.offered.length} slots`,
      evidence: withEvidence(facts, this.name),
    };
  },
};
