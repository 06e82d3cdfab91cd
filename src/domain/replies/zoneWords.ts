/**
 * Zone names a lead may attach to a time ("3pm eastern"). Mapped to IANA zones rather than fixed
 * offsets because people say "EST" all summer and mean whatever New York's clock shows.
 */
const ZONES: Array<[RegExp, string]> = [
  [/^(?:e[sd]?t|eastern)$/, 'America/New_York'],
  [/^(?:c[sd]?t|central)$/, 'America/Chicago'],
  [/^(?:m[sd]?t|mountain)$/, 'America/Denver'],
  [/^(?:p[sd]?t|pacific)$/, 'America/Los_Angeles'],
  [/^(?:gmt|utc|z)$/, 'UTC'],
  [/^(?:bst|uk)$/, 'Europe/London'],
  [/^(?:cet|cest)$/, 'Europe/Madrid'],
  [/^ist$/, 'Asia/Kolkata'],
  [/^jst$/, 'Asia/Tokyo'],
  [/^(?:aest|aedt|aet)$/, 'Australia/Sydney'],
  [/^brt$/, 'America/Sao_Paulo'],
];

/** A fixed offset in minutes as a zone luxon reads: 330 → "UTC+5:30". */
export function fixedOffsetZone(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}

/** The zone named right after a time expression, e.g. " EST" or " pacific time". */
export function zoneNamedAfter(textAfter: string): { zone: string; length: number } | undefined {
  const match = /^\s*\(?([a-z]{1,8})\b(?:\s+time)?\)?/.exec(textAfter);
  const word = match?.[1];
  if (!match || !word) return undefined;
  for (const [pattern, zone] of ZONES) {
    if (pattern.test(word)) return { zone, length: match[0].length };
  }
  return undefined;
}

/** chrono recognised an abbreviation itself ("3pm EST"); find which word so it maps to a real zone. */
export function zoneInsideMention(mentionText: string): string | undefined {
  for (const word of mentionText.split(/[^a-z]+/)) {
    for (const [pattern, zone] of ZONES) {
      if (word.length > 1 && pattern.test(word)) return zone;
    }
  }
  return undefined;
}
