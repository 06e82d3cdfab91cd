import { describe, expect, it } from 'vitest';
import { editDistance, repairDateWord } from '../../src/domain/replies/fuzzyWords';
import { normalizeReply } from '../../src/domain/replies/normalizeReply';

describe('typo repair with a word-list guard', () => {
  it('repairs misspelt days in both languages and reports it', () => {
    expect(repairDateWord('wendsday')).toBe('wednesday');
    expect(repairDateWord('thrusday')).toBe('thursday');
    expect(repairDateWord('juebes')).toBe('jueves');
    expect(repairDateWord('vierns')).toBe('viernes');
    const repairs: string[] = [];
    expect(normalizeReply('tuesdy 11am', repairs)).toBe('tuesday at 11am');
    expect(repairs).toEqual(['"tuesdy" read as "tuesday"']);
  });

  it('never turns a word of either language into a day', () => {
    // Spanish verbs a letter or two from "viernes"/"jueves"/"martes", English words near days.
    for (const word of [
      'viene',
      'vienes',
      'vienen',
      'jueces',
      'marte',
      'mares',
      'sunny',
      'monkey',
      'sundae',
      'someday',
    ]) {
      expect(repairDateWord(word), word).toBeUndefined();
    }
  });

  it('keeps the repair small relative to the token', () => {
    expect(editDistance('wedesdy', 'wednesday')).toBe(2);
    expect(repairDateWord('wedesdy')).toBeUndefined(); // two edits in seven letters is too much of the word
    expect(repairDateWord('wednesdy')).toBe('wednesday');
  });

  it('reads "we\'d" and "sat down" as the everyday words they are', () => {
    expect(normalizeReply("We'd love to")).toBe('we would love to');
    expect(normalizeReply('sat down with the team')).toBe('sat down with the team');
    expect(normalizeReply('sat 10am')).toBe('saturday at 10am');
    expect(normalizeReply('wed like to talk')).toBe('wed like to talk');
    expect(normalizeReply('wed 10 works')).toBe('wednesday at 10 works');
  });

  it('reads keycap emoji as option numbers', () => {
    expect(normalizeReply('2️⃣')).toBe('option 2');
  });
});
