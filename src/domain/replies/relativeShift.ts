import { DateTime } from 'luxon';

/** "an hour later", "30 mins earlier", "media hora más tarde": the lead moves an offered slot. */
export interface RelativeShift {
  minutes: number;
  text: string;
}

const AMOUNT = String.raw`(an?|one|two|three|half an?|una|media|dos|tres|\d{1,3}(?:\.5)?)`;
const UNIT = '(hours?|hrs?|h|minutes?|mins?|horas?|minutos?)';
// Not "before"/"after"/"antes": "text me 10 minutes before" is a reminder, not a new time.
const DIRECTION = '(earlier|sooner|later|m[aá]s tarde|m[aá]s temprano)';
const SHIFT = new RegExp(String.raw`\b${AMOUNT}\s*${UNIT}\s+${DIRECTION}\b`);

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  una: 1,
  two: 2,
  dos: 2,
  three: 3,
  tres: 3,
};

function amountOf(word: string): number {
  if (/^half an?$|^media$/.test(word)) return 0.5;
  return NUMBER_WORDS[word] ?? Number(word);
}

export function findRelativeShift(text: string): RelativeShift | undefined {
  const match = SHIFT.exec(text);
  if (!match) return undefined;
  const [, amountWord = '', unit = '', direction = ''] = match;
  const amount = amountOf(amountWord);
  const perUnit = /^(?:h|hrs?|hours?|horas?)$/.test(unit) ? 60 : 1;
  const minutes = Math.round(amount * perUnit);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 12 * 60) return undefined;
  const earlier = /^(?:earlier|sooner|m[aá]s temprano)$/.test(direction);
  return { minutes: earlier ? -minutes : minutes, text: match[0] };
}

/** The offered slot moved by the shift, as a UTC ISO instant. */
export function shiftedSlot(slotIso: string, shift: RelativeShift): string {
  return (
    DateTime.fromISO(slotIso, { zone: 'utc' })
      .plus({ minutes: shift.minutes })
      .toUTC()
      .toISO({ suppressMilliseconds: true }) ?? ''
  );
}
