import { describe, expect, it } from 'vitest';
import { splitQuotedText } from '../../src/domain/replies/quotedText';

describe('splitQuotedText', () => {
  it.each([
    ['> quoting', 'no\n> 1) Tue 3pm\n> 2) Wed 10am'],
    ['On ... wrote:', 'no\n\nOn Mon, Mar 2, 2026 at 9:14 AM Alex <a@b.c> wrote:\n1) Tue 3pm'],
    ['wrapped On ... wrote:', 'no\n\nOn Mon, Mar 2, 2026 at 9:14 AM Alex Rivera <a@b.c>\nwrote:\n1) Tue 3pm'],
    ['Outlook', 'no\n\n-----Original Message-----\nFrom: Alex\nSent: Monday\n1) Tue 3pm'],
    [
      'Outlook without a separator',
      'no\n\nFrom: Alex Rivera\nSent: Monday, March 2\nSubject: call\n1) Tue 3pm',
    ],
    ['El ... escribió:', 'no\n\nEl lun, 2 mar 2026 a las 9:14, Alex (<a@b.c>) escribió:\n1) martes 15:00'],
    ['forwarded', 'no\n\n---------- Forwarded message ---------\nFrom: Alex\n1) Tue 3pm'],
  ])("keeps only the lead's words above %s", (_style, raw) => {
    const split = splitQuotedText(raw);
    expect(split.own).toBe('no');
    expect(split.quoted).toMatch(/Tue 3pm|martes 15:00/);
  });

  it('keeps inline answers between quoted lines and drops phone signatures', () => {
    expect(splitQuotedText('> Tue 3pm?\nyes that one\n\nSent from my iPhone').own).toBe('yes that one');
  });

  it('leaves a sign-off "From: Dave" alone', () => {
    expect(splitQuotedText('Thursday works\nFrom: Dave').own).toBe('Thursday works\nFrom: Dave');
  });
});
