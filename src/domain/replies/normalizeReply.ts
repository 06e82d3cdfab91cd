import { repairDateWord } from './fuzzyWords';
import { alternation, LEXICONS, mergedRecord } from './lexicon';
import type { Lexicon } from './lexicon/types';

/** Texting shorthand chrono does not read, mapped to words it does. */
const SHORTHAND = mergedRecord('shorthand') as Record<string, string>;
const AMBIGUOUS_SHORTHAND = Object.assign(
  {},
  ...LEXICONS.map((lexicon) => lexicon.ambiguousShorthand),
) as Lexicon['ambiguousShorthand'];

const WEEKDAY_EN = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const WEEKDAY_ES = '(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)';

/**
 * Lower-cases the reply and rewrites texting habits into forms chrono understands.
 * Everything downstream (keywords, chrono, evidence) works on this one normalized string.
 */
export function normalizeReply(raw: string, repairs: string[] = []): string {
  let text = raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[“”]/g, '"')
    // Keycap emoji ("2️⃣") are how phones number options.
    .replace(/([0-9])\uFE0F?\u20E3/g, ' option $1 ')
    // "we'd", "I'd": the contraction, never "wed".
    .replace(/\b(we|i|you|they|he|she)'d\b/g, '$1 would');
  text = text.replace(/[a-z0-9áéíóúñü]+/g, (token, offset: number, whole: string) => {
    const short = SHORTHAND[token];
    if (short) return short;
    const ambiguous = AMBIGUOUS_SHORTHAND[token];
    if (ambiguous) {
      const next = /^[\s,]*([a-z]+)/.exec(whole.slice(offset + token.length))?.[1];
      return next && ambiguous.notBefore.includes(next) ? token : ambiguous.expandsTo;
    }
    const repaired = repairDateWord(token);
    if (!repaired) return token;
    repairs.push(`"${token}" read as "${repaired}"`);
    return repaired;
  });
  text = text
    // chrono's Spanish parser misses these relative spans; its English one reads them fine.
    .replace(
      /\b(?:la |el )?(?:pr[oó]xim[oa]|siguiente) semana\b|\bla semana (?:que viene|entrante|pr[oó]xima)\b|\bla otra semana\b/g,
      'next week',
    )
    .replace(/\b(?:el )?(?:pr[oó]ximo|siguiente) mes\b|\bel mes que viene\b/g, 'next month')
    // "esta semana me viene fatal, ¿mejor la que viene?": the week is understood.
    .replace(/(\bsemana\b.*)\bla que viene\b/g, '$1next week')
    // "after 5" / "before 11": chrono only reads a bare hour after "at"
    .replace(
      /\b(after|before|around|antes de las|después de las)\s+(\d{1,2})(?![\d:]|\s*(?:am|pm|a\.m|p\.m)\b)/g,
      '$1 at $2',
    )
    // "not 9", "like 7?", "say 4": a bare hour after a filler or a negation, not a count of something
    .replace(
      new RegExp(
        `\\b(${alternation('hourFiller')})\\s+(\\d{1,2})(?![\\d:.]|\\s*(?:am|pm|a\\.m|p\\.m|days?|weeks?|months?|hours?|hrs?|h|mins?|minutes?|people|ppl|of|more|or more|times|x|%|percent|st|nd|rd|th)\\b|[%/-])`,
        'g',
      ),
      '$1 at $2',
    )
    // "tues @ 3" → "tuesday at 3"
    .replace(/\s*@\s*/g, ' at ')
    // "3p" / "3:30a" → "3pm" / "3:30am"
    .replace(/\b(\d{1,2}(?::\d{2})?)(p|a)\b(?!\.m)/g, '$1$2m')
    // "9ish" → "9"
    .replace(/\b(\d{1,2}(?::\d{2})?(?:am|pm)?)ish\b/g, '$1')
    // "tuesday 3" reads as a time in a scheduling reply; chrono needs "tuesday at 3"
    .replace(
      new RegExp(`\\b(${WEEKDAY_EN})\\s+(\\d{1,2}(?::\\d{2})?)(?![\\d:/.-]|\\s*(?:st|nd|rd|th)\\b)`, 'g'),
      '$1 at $2',
    )
    .replace(
      new RegExp(`\\b(${WEEKDAY_ES})\\s+(\\d{1,2}(?::\\d{2})?)(?![\\d:/.-]|\\s*(?:a las|de)\\b)`, 'g'),
      '$1 a las $2',
    );
  return text.replace(/\s+/g, ' ').trim();
}
