import type { DateTime } from 'luxon';
import { ALL_BUT, FALSE_NEGATIONS } from './cues';
import { normalizeReply } from './normalizeReply';

/**
 * The normalized reply with idioms like "no problem" blanked out (same length, so positions stay
 * valid) because their "no" is not a negation of anything.
 */
export function prepareReplyText(raw: string, receivedAt: DateTime, repairs: string[] = []): string {
  // chrono resolves "the day after tomorrow at 4" through the host's time zone, so the same reply
  // gave different days on different servers; spelling the date out keeps the result pure. ISO, because
  // the Spanish parser reads an English "May 15" as "mayo de 2015".
  const dayAfterTomorrow = receivedAt.plus({ days: 2 }).toFormat('yyyy-MM-dd');
  return (
    normalizeReply(raw, repairs)
      .replace(/\b(?:the )?day after tomorrow\b|\bpasado mañana\b/g, dayAfterTomorrow)
      .replace(FALSE_NEGATIONS, (m) => ' '.repeat(m.length))
      // "anything but friday": this "but" excludes a day rather than starting a new clause.
      .replace(ALL_BUT, 'anything except')
      // "neither of the tuesday times", "ninguna de las del lunes": a refusal scoped to one day.
      .replace(/\b(?:neither|none) of the (?=\S+day\b)/g, 'not the ')
      .replace(
        /\bningun[oa]s? de (?:l[oa]s )?del? (?=(?:lunes|martes|mi[eé]rcoles|jueves|viernes)\b)/g,
        'no el ',
      )
  );
}
