import { describe, expect, it } from 'vitest';
import { interpretReply } from '../../src/domain/replies/interpretReply';
import type { ReplyInput } from '../../src/domain/replies/types';

// Tue 3pm, Wed 10am, Thu 4pm, Fri 4pm on a New York clock; the reply arrives Sunday 1 March, 1pm.
const newYork = {
  offeredSlots: [
    '2026-03-03T20:00:00Z',
    '2026-03-04T15:00:00Z',
    '2026-03-05T21:00:00Z',
    '2026-03-06T21:00:00Z',
  ],
  leadTimeZone: 'America/New_York',
  receivedAt: '2026-03-01T18:00:00Z',
};

const reply = (text: string, context: Omit<ReplyInput, 'text'> = newYork) =>
  interpretReply({ text, ...context });

describe('interpretReply outcomes', () => {
  it('accepts a named slot on the lead clock and says why', () => {
    const result = reply('tues 3 works');
    expect(result).toMatchObject({ outcome: 'accept', slotIndex: 0, slot: '2026-03-03T20:00:00Z' });
    expect(result.evidence.join('\n')).toContain('2026-03-03T15:00 America/New_York = offered #1');
  });

  it('reads a time the offer does not contain as a counter-proposal', () => {
    expect(reply('can we do monday at 11 instead?')).toEqual(
      expect.objectContaining({ outcome: 'counter_proposal', proposal: { start: '2026-03-02T16:00:00Z' } }),
    );
  });

  it('proposes a window for a part of the day', () => {
    expect(reply('can we do thursday morning instead?')).toMatchObject({
      outcome: 'counter_proposal',
      proposal: { start: '2026-03-05T13:00:00Z', end: '2026-03-05T17:00:00Z' },
    });
  });

  it('declines, and lets a proposal win over a decline', () => {
    expect(reply('none of those work, sorry').outcome).toBe('decline');
    expect(reply('no thanks').outcome).toBe('decline');
    expect(reply('not interested').outcome).toBe('decline');
    expect(reply('none of those, how about monday at 9?').outcome).toBe('counter_proposal');
  });

  it('treats questions without a choice as questions', () => {
    expect(reply('what time zone is that?').outcome).toBe('question');
    expect(reply('can I bring my partner?').outcome).toBe('question');
  });

  it('answers unclear with a reason when nothing decides it', () => {
    const result = reply('sounds good');
    expect(result.outcome).toBe('unclear');
    expect(result.outcome === 'unclear' && result.reason).toMatch(/which of 4/);
  });
});

describe('precision rules', () => {
  it('never accepts a time offered on two days', () => {
    expect(reply('4pm').outcome).toBe('unclear');
  });

  it('never accepts a negated slot, but accepts the one that is still wanted', () => {
    expect(reply('not tuesday').outcome).toBe('unclear');
    expect(reply('not tuesday, wednesday is fine')).toMatchObject({ outcome: 'accept', slotIndex: 1 });
  });

  it('never accepts a day that holds two slots', () => {
    const twoOnTuesday = {
      offeredSlots: ['2026-04-14T16:00:00Z', '2026-04-14T21:00:00Z', '2026-04-15T18:00:00Z'],
      leadTimeZone: 'America/Los_Angeles',
      receivedAt: '2026-04-13T16:00:00Z',
    };
    expect(reply('tuesday works', twoOnTuesday).outcome).toBe('unclear');
    expect(reply('tuesday afternoon works', twoOnTuesday)).toMatchObject({ outcome: 'accept', slotIndex: 1 });
  });

  it('does not accept a hedge or two alternatives', () => {
    // A hedged pick of one slot is an accept the workflow confirms first, never a plain accept.
    expect(reply('maybe tuesday at 3')).toMatchObject({ outcome: 'accept', slotIndex: 0, doubts: ['hedge'] });
    expect(reply('tuesday at 3 or wednesday at 10').outcome).toBe('unclear');
    expect(reply('either works').outcome).toBe('unclear');
  });

  it('picks by ordinal and option number', () => {
    expect(reply('the second one')).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    expect(reply('option 3')).toMatchObject({ outcome: 'accept', slotIndex: 2 });
    expect(reply('the first')).toMatchObject({ outcome: 'accept', slotIndex: 0 });
    expect(reply('the last one works')).toMatchObject({ outcome: 'accept', slotIndex: 3 });
    expect(reply('option 7').outcome).toBe('unclear');
  });

  it('refuses a bare number that reads as both an option and an hour', () => {
    // "3" is option 3 (Thu 4pm) or 3 o'clock (Tue 3pm).
    expect(reply('3').outcome).toBe('unclear');
  });

  it('is deterministic', () => {
    expect(reply('tomorrow at 10?')).toEqual(reply('tomorrow at 10?'));
  });
});

describe('Spanish', () => {
  const madrid = {
    offeredSlots: ['2026-05-12T13:00:00Z', '2026-05-13T08:00:00Z', '2026-05-14T15:30:00Z'],
    leadTimeZone: 'Europe/Madrid',
    receivedAt: '2026-05-11T08:00:00Z',
  };
  it('reads days, times and ordinals', () => {
    expect(reply('el martes a las 3 me sirve', madrid)).toMatchObject({ outcome: 'accept', slotIndex: 0 });
    expect(reply('la segunda opción', madrid)).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    expect(reply('mañana por la tarde', madrid)).toMatchObject({ outcome: 'accept', slotIndex: 0 });
    expect(reply('el martes no puedo, el miércoles a las 10 sí', madrid)).toMatchObject({ slotIndex: 1 });
  });
  it('declines and proposes', () => {
    expect(reply('ninguna me sirve', madrid).outcome).toBe('decline');
    expect(reply('ninguno de esos horarios, ¿la próxima semana?', madrid).outcome).toBe('counter_proposal');
  });
});

describe('time zones and DST', () => {
  it('reads times on the lead clock, not UTC', () => {
    const evenings = {
      offeredSlots: ['2026-04-15T01:00:00Z', '2026-04-16T01:00:00Z'],
      leadTimeZone: 'America/Los_Angeles',
      receivedAt: '2026-04-13T16:00:00Z',
    };
    // 01:00Z on the 15th is Tuesday 6pm in Los Angeles.
    expect(reply('tues at 6', evenings)).toMatchObject({ outcome: 'accept', slotIndex: 0 });
  });

  it('honours a zone the lead names', () => {
    const monday = {
      offeredSlots: ['2026-10-06T14:00:00Z', '2026-10-06T17:00:00Z', '2026-10-07T19:00:00Z'],
      leadTimeZone: 'America/New_York',
      receivedAt: '2026-10-05T14:00:00Z',
    };
    // 10am Pacific is 1pm Eastern.
    expect(reply('Tuesday at 10am Pacific', monday)).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    expect(reply('tomorrow at 10', monday)).toMatchObject({ outcome: 'accept', slotIndex: 0 });
  });

  it('matches across the US spring-forward (received in CST, slot in CDT)', () => {
    const chicago = {
      offeredSlots: ['2026-03-09T14:00:00Z', '2026-03-09T19:00:00Z', '2026-03-10T16:00:00Z'],
      leadTimeZone: 'America/Chicago',
      receivedAt: '2026-03-06T17:00:00Z',
    };
    expect(reply('monday at 9', chicago)).toMatchObject({ outcome: 'accept', slotIndex: 0 });
    expect(reply('monday at 10', chicago)).toMatchObject({
      outcome: 'counter_proposal',
      proposal: { start: '2026-03-09T15:00:00Z' },
    });
  });

  it('matches across the EU clock change', () => {
    const london = {
      offeredSlots: ['2026-03-30T09:00:00Z', '2026-03-31T14:00:00Z'],
      leadTimeZone: 'Europe/London',
      receivedAt: '2026-03-27T10:00:00Z',
    };
    expect(reply('monday at 10 works', london)).toMatchObject({ outcome: 'accept', slotIndex: 0 });
  });
});

// Classes of failure found by the blind held-out corpus (test/fixtures/replies/heldout.json).
describe('held-out failure classes', () => {
  const march = {
    offeredSlots: ['2026-03-02T16:00:00Z', '2026-03-04T16:00:00Z', '2026-03-05T20:00:00Z'],
    leadTimeZone: 'America/New_York',
    receivedAt: '2026-02-27T14:00:00Z',
  };

  it('reads an ordinal without a month as a day of the month, and as an option when that disagrees', () => {
    // Mon 2nd 11am, Wed 4th 11am, Thu 5th 3pm.
    expect(reply('I can do the 4th at 11', march)).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    // "the 2nd" is Monday the 2nd or the second option.
    expect(reply('the 2nd works', march).outcome).toBe('unclear');
    expect(reply('2nd one works', march)).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    expect(reply('can we do the 20th instead?', march)).toMatchObject({
      outcome: 'counter_proposal',
      proposal: { start: '2026-03-20T04:00:00Z', end: '2026-03-21T04:00:00Z' },
    });
  });

  it('reads "the day after tomorrow" in a Spanish reply', () => {
    const madrid = {
      offeredSlots: ['2026-05-15T08:00:00Z', '2026-05-18T08:00:00Z'],
      leadTimeZone: 'Europe/Madrid',
      receivedAt: '2026-05-13T16:00:00Z',
    };
    expect(reply('pasado mañana a las 10', madrid)).toMatchObject({ outcome: 'accept', slotIndex: 0 });
  });

  it('reads a bound inside a day-and-time expression', () => {
    // Tue 3pm, Wed 10am, Thu 4pm, Fri 4pm.
    expect(reply("I'm free thursday after 2")).toMatchObject({ outcome: 'accept', slotIndex: 2 });
    expect(reply('wednesday before noon')).toMatchObject({ outcome: 'accept', slotIndex: 1 });
  });

  it('reads a bare hour after "not" or a filler word', () => {
    const tuesday = {
      offeredSlots: ['2026-03-03T14:00:00Z', '2026-03-03T21:00:00Z', '2026-03-04T15:00:00Z'],
      leadTimeZone: 'America/New_York',
      receivedAt: '2026-03-01T18:00:00Z',
    };
    expect(reply("tuesday's fine but not 9", tuesday)).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    expect(reply('anything early, like 7?', tuesday).outcome).toBe('counter_proposal');
    expect(reply('not 2 people, just me', tuesday).outcome).not.toBe('accept');
  });

  it('knows "arvo" and "after lunch" as afternoon', () => {
    const sydney = {
      offeredSlots: ['2026-02-22T23:00:00Z', '2026-02-24T02:00:00Z'],
      leadTimeZone: 'Australia/Sydney',
      receivedAt: '2026-02-20T05:00:00Z',
    };
    // Monday 10am is offered; Monday afternoon is not.
    expect(reply('monday arvo?', sydney).outcome).toBe('counter_proposal');
    expect(reply('tuesday after lunch', sydney)).toMatchObject({ outcome: 'accept', slotIndex: 1 });
  });

  it('does not accept a conditional acceptance, but ignores politeness conditions', () => {
    expect(reply("tues 3 should work if my flight isn't delayed").outcome).toBe('unclear');
    expect(reply('tues 3 works unless something comes up').outcome).toBe('unclear');
    expect(reply('tues 3 works if that works for you')).toMatchObject({ outcome: 'accept', slotIndex: 0 });
    expect(reply('tues 3 works, let me know if you need anything')).toMatchObject({ outcome: 'accept' });
    expect(reply('yes if possible', { ...newYork, offeredSlots: ['2026-03-03T20:00:00Z'] })).toMatchObject({
      outcome: 'accept',
    });
    expect(
      reply('yes, assuming I am back', { ...newYork, offeredSlots: ['2026-03-03T20:00:00Z'] }).outcome,
    ).toBe('unclear');
  });

  it('declines on "wrong number" and "not at this time"', () => {
    expect(reply('wrong number mate').outcome).toBe('decline');
    expect(reply('Not at this time, maybe next year').outcome).toBe('decline');
  });

  it('reads a zone attached to a proposed time as part of the proposal, not as a zone question', () => {
    const kolkata = {
      offeredSlots: ['2026-10-21T14:30:00Z', '2026-10-22T15:30:00Z'],
      leadTimeZone: 'Asia/Kolkata',
      receivedAt: '2026-10-20T03:30:00Z',
    };
    expect(reply('too late for me, can we do something before 6pm IST?', kolkata).outcome).toBe(
      'counter_proposal',
    );
    // 8pm IST on Wednesday is offered #1; chrono's +05:30 offset must be a valid zone.
    expect(reply('wed 8pm IST works', kolkata)).toMatchObject({ outcome: 'accept', slotIndex: 0 });
    expect(reply('is that 3pm eastern?', kolkata).outcome).toBe('question');
  });

  it('reads "30 minutes earlier" as a counter-proposal that moves the named slot', () => {
    expect(reply('any chance we could do 30 minutes earlier on wed?')).toMatchObject({
      outcome: 'counter_proposal',
      proposal: { start: '2026-03-04T14:30:00Z' },
    });
    const single = { ...newYork, offeredSlots: ['2026-03-03T20:00:00Z'] };
    expect(reply('can we do it an hour later?', single)).toMatchObject({
      outcome: 'counter_proposal',
      proposal: { start: '2026-03-03T21:00:00Z' },
    });
    // Which slot to move is not said: someone has to ask.
    expect(reply('can we do it an hour later?').outcome).toBe('unclear');
    expect(reply('tues 3 works, text me 10 minutes before')).toMatchObject({
      outcome: 'accept',
      slotIndex: 0,
    });
  });

  it('follows a self-correction, but not an addition', () => {
    expect(reply('wed 10 works - no wait, tues 3 is better')).toMatchObject({
      outcome: 'accept',
      slotIndex: 0,
    });
    expect(reply('tues 3, I mean wed 10')).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    expect(reply('tuesday works, actually thursday too').outcome).toBe('unclear');
  });

  it('reads "away until the 15th" and "after wednesday" as from-that-day-on', () => {
    expect(reply("I'm travelling until the 15th, any time after that")).toMatchObject({
      outcome: 'counter_proposal',
      proposal: { start: '2026-03-16T04:00:00Z' },
    });
    // Thursday and Friday both fit: a preference, not a booking.
    expect(reply('any day after wednesday').outcome).toBe('unclear');
  });
});
