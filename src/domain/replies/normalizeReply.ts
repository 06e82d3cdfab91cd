import { repairDateWord } from './fuzzyWords';

/** Texting shorthand chrono does not read, mapped to words it does. */
const SHORTHAND: Record<string, string> = {
  tues: 'tuesday',
  tue: 'tuesday',
  weds: 'wednesday',
  wed: 'wednesday',
  wednes: 'wednesday',
  thurs: 'thursday',
  thur: 'thursday',
  thu: 'thursday',
  thrs: 'thursday',
  mon: 'monday',
  fri: 'friday',
  sat: 'saturday',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmw: 'tomorrow',
  tmrow: 'tomorrow',
  tomo: 'tomorrow',
  '2moro': 'tomorrow',
  '2morrow': 'tomorrow',
  tonite: 'tonight',
  mie: 'miércoles',
  mié: 'miércoles',
  mier: 'miércoles',
  miercoles: 'miércoles',
  jue: 'jueves',
  vie: 'viernes',
  sabado: 'sábado',
  opcion: 'opción',
  manana: 'mañana',
};

const WEEKDAY_EN = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const WEEKDAY_ES = '(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)';

/**
 * Lower-cases the reply and rewrites texting habits into forms chrono understands.
 * Everything downstream (keywords, chrono, evidence) works on this one normalized string.
 */
export function normalizeReply(raw: string): string {
  let text = raw.normalize('NFC').toLowerCase().replace(/[’‘`]/g, "'").replace(/[“”]/g, '"');
  text = text.replace(/[a-z0-9áéíóúñü]+/g, (token) => SHORTHAND[token] ?? repairDateWord(token) ?? token);
  text = text
    // chrono's Spanish parser misses these relative spans; its English one reads them fine.
    .replace(
      /\b(?:la |el )?(?:pr[oó]xim[oa]|siguiente) semana\b|\bla semana (?:que viene|entrante|pr[oó]xima)\b/g,
      'next week',
    )
    .replace(/\b(?:el )?(?:pr[oó]ximo|siguiente) mes\b|\bel mes que viene\b/g, 'next month')
    // "after 5" / "before 11": chrono only reads a bare hour after "at"
    .replace(
      /\b(after|before|around|antes de las|después de las)\s+(\d{1,2})(?![\d:]|\s*(?:am|pm|a\.m|p\.m)\b)/g,
      '$1 at $2',
    )
    // "not 9", "like 7?", "say 4": a bare hour after a filler or a negation, not a count of something
    .replace(
      /\b(not|like|say|except|ideally|preferably|other than)\s+(\d{1,2})(?![\d:.]|\s*(?:am|pm|a\.m|p\.m|days?|weeks?|months?|hours?|hrs?|h|mins?|minutes?|people|ppl|of|more|or more|times|x|%|percent|st|nd|rd|th)\b|[%/-])/g,
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
