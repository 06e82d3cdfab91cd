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
    expect(reply('maybe tuesday at 3').outcome).toBe('unclear');
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
