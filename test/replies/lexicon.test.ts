import { describe, expect, it } from 'vitest';
import { isKnownWord, LEXICONS, lexiconOf, wordPattern } from '../../src/domain/replies/lexicon';
import { en } from '../../src/domain/replies/lexicon/en';
import { es } from '../../src/domain/replies/lexicon/es';
import type { Lexicon } from '../../src/domain/replies/lexicon/types';

describe('lexicons', () => {
  it('are the only place the interpreter takes words from, one per language', () => {
    expect(LEXICONS.map((l) => l.language)).toEqual(['en', 'es']);
  });

  it('tells the reply language from its markers', () => {
    expect(lexiconOf('el martes me sirve').language).toBe('es');
    expect(lexiconOf('tuesday works').language).toBe('en');
  });

  it('matches whole words next to accented letters, where \\b fails', () => {
    expect(wordPattern('affirmation', '', [es]).test('sí')).toBe(true);
    expect(wordPattern('affirmation', '', [es]).test('así')).toBe(false);
  });

  it('merges any lexicon given, so a new language is a new file', () => {
    const pt: Lexicon = { ...en, language: 'pt', decline: ['não, obrigado'], markers: ['obrigad[oa]'] };
    expect(wordPattern('decline', '', [pt]).test('não, obrigado')).toBe(true);
    expect(wordPattern('decline', '', [en]).test('não, obrigado')).toBe(false);
  });

  it("guards typo repair with the languages' word lists", () => {
    expect(isKnownWord('viene')).toBe(true);
    expect(isKnownWord('sunny')).toBe(true);
    expect(isKnownWord('wendsday')).toBe(false);
    expect(en.loadWords().length).toBeGreaterThan(100_000);
    expect(es.loadWords()).toContain('vienes');
  });
});
