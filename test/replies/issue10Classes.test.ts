import { describe, expect, it } from 'vitest';
import { interpretReply } from '../../src/domain/replies/interpretReply';
import type { ReplyInput } from '../../src/domain/replies/types';

// Issue 10's classes, each on the kind of offer it came from. New York: Tue 3pm, Wed 10am, Thu 4pm.
const newYork = {
  offeredSlots: ['2026-03-03T20:00:00Z', '2026-03-04T15:00:00Z', '2026-03-05T21:00:00Z'],
  leadTimeZone: 'America/New_York',
  receivedAt: '2026-03-01T18:00:00Z',
};
// Mon 9 Mar 11am, Tue 10 Mar 2pm and 4:30pm (after the US spring-forward), New York.
const twoOnTuesday = {
  offeredSlots: ['2026-03-09T15:00:00Z', '2026-03-10T18:00:00Z', '2026-03-10T20:30:00Z'],
  leadTimeZone: 'America/New_York',
  receivedAt: '2026-03-06T15:00:00Z',
};
// Mexico City: martes 14 abr 10:00, jueves 16 abr 13:00.
const mexico = {
  offeredSlots: ['2026-04-14T16:00:00Z', '2026-04-16T19:00:00Z'],
  leadTimeZone: 'America/Mexico_City',
  receivedAt: '2026-04-13T15:00:00Z',
};
// Sydney: Tue 7 Jul 9am, Wed 8 Jul 2pm, Thu 9 Jul 10am; Friday and Monday are not offered.
const sydney = {
  offeredSlots: ['2026-07-06T23:00:00Z', '2026-07-08T04:00:00Z', '2026-07-09T00:00:00Z'],
  leadTimeZone: 'Australia/Sydney',
  receivedAt: '2026-07-05T23:00:00Z',
};

const read = (text: string, context: Omit<ReplyInput, 'text'> = newYork) =>
  interpretReply({ text, ...context });
const outcome = (text: string, context: Omit<ReplyInput, 'text'> = newYork) => read(text, context).outcome;

const quotedOffer = [
  'On Sat, Feb 28, 2026 at 5:00 PM Alex Rivera <alex@acme.example> wrote:',
  '> Here are a few times for a quick call:',
  '> 1) Tue, Mar 3 at 3:00 PM EST',
  '> 2) Wed, Mar 4 at 10:00 AM EST',
  '> 3) Thu, Mar 5 at 4:00 PM EST',
].join('\n');

describe('issue 10: replies that must never book', () => {
  it('applies a negated position or day to what it governs', () => {
    expect(outcome('anything but option 1 works')).toBe('unclear');
    expect(outcome('not the first one')).toBe('unclear');
    expect(outcome('neither of the Tuesday times', twoOnTuesday)).toBe('unclear');
    expect(read("neither of the Tuesday times work, but Monday's fine", twoOnTuesday)).toMatchObject({
      outcome: 'accept',
      slotIndex: 0,
    });
  });

  it('declines when every slot is ruled out one by one', () => {
    expect(outcome("Tuesday I'm in court and the other two clash with school pickup")).toBe('decline');
    expect(outcome('El martes estoy en junta y el jueves me toca recoger a los niños', mexico)).toBe(
      'decline',
    );
  });

  it('answers a question that mentions a slot, a zone or a precondition as a question', () => {
    expect(outcome('is the 3pm my time or yours?')).toBe('question');
    expect(outcome('¿el jueves sería presencial?', mexico)).toBe('question');
    expect(outcome('can we go over budget before locking a time?')).toBe('question');
    expect(outcome('Thursday at 4 is fine but is that eastern?')).toBe('question');
    expect(outcome('Is Monday 11 before or after the clocks change?', twoOnTuesday)).toBe('question');
    // A tag question turns the clause before it into a question.
    expect(outcome('Tuesday 3pm eastern, right?')).toBe('question');
  });

  it("reads the lead's own line, not our offer quoted under it", () => {
    expect(outcome(`no\n\n${quotedOffer}`)).toBe('decline');
    expect(outcome(`yes\n\n${quotedOffer}`)).toBe('unclear');
    expect(read(`Thursday works\n\n${quotedOffer}`)).toMatchObject({ outcome: 'accept', slotIndex: 2 });
    expect(
      read(
        `Wed 10 is good\n\n-----Original Message-----\nFrom: Alex\nSent: Monday\n\n1) Tue 3pm\n2) Wed 10am`,
      ),
    ).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    expect(
      outcome(
        'No gracias\n\nEl sáb, 28 feb 2026 a las 17:00, Alex (<a@b.c>) escribió:\n> 1) martes 3 de marzo, 15:00',
      ),
    ).toBe('decline');
  });

  it('never reads everyday words as days', () => {
    expect(read("We'd love to chat, Thursday works")).toMatchObject({ outcome: 'accept', slotIndex: 2 });
    expect(outcome("Sat down with my team and we're going to pass for now")).toBe('decline');
    expect(read('sunny day here lol. tuesday 3pm is good')).toMatchObject({
      outcome: 'accept',
      slotIndex: 0,
    });
    expect(read('Viene mi jefe el jueves así que el martes a las 10 mejor', mexico)).toMatchObject({
      outcome: 'accept',
      slotIndex: 0,
    });
  });
});

describe('issue 10: a pick taken back or beside a decline is no pick', () => {
  it.each([
    "Tuesday could've worked but not anymore",
    'I was going to say Tuesday but my boss booked me',
    'tuesday at 3 is when I pick up my kids',
    "Thursday is my only free day but I'm not interested",
    'lol no. thursday? never',
    'Wednesday at 10 is the worst time for me',
    'Thursday at 4 works for my colleague, not me',
    'wednesday 10 works... just kidding, none of them',
    'thursday at 4 - no can do',
    '¿martes a las 3? no puedo',
    'Wednesday at 10 is fine if you can move it to 11',
    'Wed 10? Sure... not',
    'Wednesday at 10 is when our board meets',
    'Wednesday at 10 I have another call',
    'Wednesday at 10 is fine. Actually no, scratch that',
    'Honestly Wednesday at 10 would be ideal but my calendar is full',
    'Wednesday at 10 is off the table',
    'Tuesday 3pm, but I am in LA',
  ])('%s', (text) => {
    expect(outcome(text)).not.toBe('accept');
  });
});

describe('issue 10: replies a person reads at once', () => {
  it('picks the one slot left after the others are ruled out', () => {
    expect(read("Monday's no good, Tuesday I'm out, Thursday morning is fine", sydney)).toMatchObject({
      outcome: 'accept',
      slotIndex: 2,
    });
    expect(read("Tuesday's out, Wednesday I have a dentist appt, so Thursday it is")).toMatchObject({
      outcome: 'accept',
      slotIndex: 2,
    });
  });

  it('finds the clear pick at the end of a long reply', () => {
    const rambling =
      'Thanks for reaching out! Things have been crazy with the end of quarter and two new hires starting, ' +
      'and honestly I almost forgot about this. Most of the week is a mess, but Thursday at 4 is fine.';
    expect(read(rambling)).toMatchObject({ outcome: 'accept', slotIndex: 2 });
  });

  it('reads "the one in the morning" when one slot is a morning', () => {
    expect(read('the one in the morning')).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    expect(read('la de la tarde', mexico)).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    expect(outcome('the one in the morning', sydney)).toBe('unclear');
  });

  it('declines politely without "no"', () => {
    expect(outcome('Sorry, we signed with someone else last week.')).toBe('decline');
    expect(outcome('Not a priority this quarter')).toBe('decline');
    expect(outcome('Ya contratamos a otro proveedor', mexico)).toBe('decline');
    expect(outcome('Thanks, but no')).toBe('decline');
    expect(outcome("no, I don't think so")).toBe('decline');
    expect(outcome('all of them are bad for me, sorry')).toBe('decline');
    // "we're good" to a one-slot offer is a no, not the "good" of "good for me".
    const single = { ...newYork, offeredSlots: ['2026-03-04T15:00:00Z'] };
    expect(outcome("We're good for now, thanks", single)).toBe('decline');
    expect(read("I'm good with Wednesday", single)).toMatchObject({ outcome: 'accept', slotIndex: 0 });
    expect(outcome('Gracias pero no', mexico)).toBe('decline');
    // Politeness is no yes, and a yes with a date ruled out is no yes either.
    expect(outcome('thanks for the offer!', single)).not.toBe('accept');
    expect(outcome('sure thing, but not this week', single)).not.toBe('accept');
    expect(outcome('yes, but I will need to reschedule', single)).not.toBe('accept');
    expect(outcome('Jueves a la 1 ni loco', mexico)).not.toBe('accept');
    expect(outcome('el martes ya tengo algo', mexico)).not.toBe('accept');
  });

  it('reads "both" as the slots of the day it follows', () => {
    expect(read("Tuesday's two times are both taken, Monday it is", twoOnTuesday)).toMatchObject({
      outcome: 'accept',
      slotIndex: 0,
    });
  });

  it('reads a modal without a subject as a statement, not a question', () => {
    expect(read('Could do Wednesday')).toMatchObject({ outcome: 'accept', slotIndex: 1, doubts: ['hedge'] });
    expect(outcome('Should be fine')).not.toBe('question');
    expect(outcome('should I bring anything')).toBe('question');
  });

  it('reads keycap emoji as option numbers', () => {
    expect(read('2️⃣')).toMatchObject({ outcome: 'accept', slotIndex: 1 });
    expect(read('3️⃣ please')).toMatchObject({ outcome: 'accept', slotIndex: 2 });
  });
});

describe('doubts on a pick', () => {
  it('names a hedge, a typo repair and a clause left over', () => {
    expect(read('I think Wednesday could work maybe')).toMatchObject({
      outcome: 'accept',
      slotIndex: 1,
      doubts: ['hedge'],
    });
    const repaired = read('wendsday 10 works');
    expect(repaired).toMatchObject({ outcome: 'accept', slotIndex: 1, doubts: ['typo_repair'] });
    expect(repaired.evidence.join('\n')).toContain('doubt typo_repair: "wendsday" read as "wednesday"');
    expect(read('thursday at 4 works, not with the whole team')).toMatchObject({
      outcome: 'accept',
      slotIndex: 2,
      doubts: ['leftover_clause'],
    });
  });

  it('gives a certain pick no doubts field', () => {
    expect(read('Wednesday at 10am please')).not.toHaveProperty('doubts');
  });

  it('never adds doubts where the reply does not point at exactly one slot', () => {
    expect(outcome('maybe wednesday or thursday')).toBe('unclear');
    expect(outcome('tuesday at 3, if my flight lands on time')).toBe('unclear');
    expect(outcome('tuesday at 3 might work, let me check')).toBe('unclear');
  });
});
