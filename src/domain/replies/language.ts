import { lexiconOf } from './lexicon';

/**
 * Cheap Spanish detector: chrono's Spanish parser reads English badly ("Mar 10" becomes martes),
 * so it only runs on replies that use the Spanish lexicon's marker words.
 */
export function looksSpanish(text: string): boolean {
  return lexiconOf(text).language === 'es';
}
