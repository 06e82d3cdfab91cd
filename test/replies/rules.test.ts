import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { readReplyFacts } from '../../src/domain/replies/facts';
import { RULES } from '../../src/domain/replies/rules';
import {
  declinesTheOffer,
  refusesWithoutADate,
  rulesOutEverySlot,
} from '../../src/domain/replies/rules/declines';
import {
  acceptTheOnePick,
  agreesToTheOnlySlot,
  agreesWithoutSaying,
  conflictingPicks,
  leavesTheChoiceToUs,
  moveOfferedSlot,
  movesSlotToAnotherTime,
  namesAlternatives,
  notYetCommitted,
  optionPastTheOffer,
  pickAndProposal,
  picksAndDeclines,
} from '../../src/domain/replies/rules/picks';
import {
  declinesAndAsksForAnotherWeek,
  preferenceOnly,
  proposesAnotherTime,
} from '../../src/domain/replies/rules/proposals';
import {
  asksAboutAnOfferedSlot,
  asksAboutZoneOrFirst,
  questionWithoutChoice,
} from '../../src/domain/replies/rules/questions';
import type { ReplyRule } from '../../src/domain/replies/rules/rule';

// Tue 3pm, Wed 10am, Thu 4pm on a New York clock; received Sunday 1 March, 1pm.
const newYork = {
  offeredSlots: ['2026-03-03T20:00:00Z', '2026-03-04T15:00:00Z', '2026-03-05T21:00:00Z'],
  leadTimeZone: 'America/New_York',
  receivedAt: '2026-03-01T18:00:00Z',
};
const oneSlot = { ...newYork, offeredSlots: ['2026-03-04T15:00:00Z'] };

function facts(text: string, context = newYork) {
  return readReplyFacts(
    { text, ...context },
    DateTime.fromISO(context.receivedAt, { zone: context.leadTimeZone }),
  );
}

/** Each rule answers its own case and stays silent on a reply it is not about. */
const cases: Array<[ReplyRule, string, string, string, typeof newYork?]> = [
  [asksAboutZoneOrFirst, 'is that 3pm eastern?', 'question', 'tuesday 3pm eastern works'],
  [
    asksAboutZoneOrFirst,
    'can we go over budget before locking a time?',
    'question',
    'can we go over budget?',
  ],
  [
    asksAboutAnOfferedSlot,
    'will thursday at 4 be on zoom?',
    'question',
    'thursday at 4, will it be on zoom?',
  ],
  [moveOfferedSlot, 'can we do wednesday 30 minutes earlier?', 'counter_proposal', 'wednesday at 10'],
  [movesSlotToAnotherTime, 'can we push tuesday to 5pm?', 'counter_proposal', 'tuesday at 3 works'],
  [pickAndProposal, 'tuesday at 3 or friday at 9', 'unclear', 'tuesday at 3'],
  [conflictingPicks, 'tuesday, option 2', 'unclear', 'tuesday, option 1'],
  [namesAlternatives, 'wednesday at 10, either works', 'unclear', 'wednesday at 10'],
  [
    notYetCommitted,
    'wednesday at 10 unless my flight is late',
    'unclear',
    'wednesday at 10 if that works for you',
  ],
  [picksAndDeclines, 'thursday at 4 is my only free slot. we are not interested', 'unclear', 'thursday at 4'],
  [acceptTheOnePick, 'wednesday at 10', 'accept', 'wednesday or thursday'],
  [optionPastTheOffer, 'option 5', 'unclear', 'option 2'],
  [proposesAnotherTime, 'how about friday at 11?', 'counter_proposal', 'no thanks'],
  [declinesAndAsksForAnotherWeek, 'none of those, next week?', 'counter_proposal', 'next week works'],
  [preferenceOnly, 'mornings are better for me', 'unclear', 'no thanks'],
  [declinesTheOffer, 'we went with another vendor', 'decline', 'neither of the tuesday times'],
  [
    rulesOutEverySlot,
    "Tuesday I'm in court and the other two clash with school pickup",
    'decline',
    'tuesday at 3',
  ],
  [refusesWithoutADate, "that doesn't work", 'decline', "tuesday doesn't work"],
  [leavesTheChoiceToUs, 'any of them work', 'unclear', 'tuesday works'],
  [agreesToTheOnlySlot, 'yes please', 'accept', 'not sure', oneSlot],
  [questionWithoutChoice, 'who else will be on the call?', 'question', 'sounds good'],
  [agreesWithoutSaying, 'sounds good', 'unclear', 'hmm'],
];

describe('reply rules, one by one', () => {
  it.each(cases)('%s', (rule, hit, expected, miss, context = newYork) => {
    expect(rule.apply(facts(hit, context))?.outcome).toBe(expected);
    expect(rule.apply(facts(miss, context))).toBeUndefined();
  });

  it('lists every rule once, questions about the offer before anything that accepts', () => {
    const names = RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.indexOf('asksAboutZoneOrFirst')).toBeLessThan(names.indexOf('acceptTheOnePick'));
    expect(names.indexOf('asksAboutAnOfferedSlot')).toBeLessThan(names.indexOf('acceptTheOnePick'));
    expect(names.indexOf('notYetCommitted')).toBeLessThan(names.indexOf('acceptTheOnePick'));
  });

  it('names the deciding rule in the evidence', () => {
    expect(acceptTheOnePick.apply(facts('wednesday at 10'))?.evidence.at(-1)).toBe('rule: acceptTheOnePick');
  });
});

describe('facts read from a reply', () => {
  it('keeps quoted text apart and reads clauses', () => {
    const read = facts('Thursday works. Will you send an invite?\n\n> 1) Tue, Mar 3 at 3:00 PM EST');
    expect(read.quoted).toContain('Tue, Mar 3');
    expect(read.text).not.toContain('mar 3');
    expect(read.clauses.filter((c) => c.text.trim()).map((c) => c.asks)).toEqual([false, true]);
    expect(read.choice).toEqual([2]);
  });

  it('keeps dates in a question apart from picks', () => {
    const read = facts('is thursday at 4 on zoom?');
    expect(read.readings).toEqual([]);
    expect(read.asked.map((r) => r.fits)).toEqual([[2]]);
  });

  it('rules out the slots a clause refuses, including "the other two"', () => {
    expect(
      [...facts("tuesday I'm in court and the other two clash with pickup").negatedSlots].sort(),
    ).toEqual([0, 1, 2]);
    expect([...facts('anything but option 1 works').negatedSlots]).toEqual([0]);
  });
});
