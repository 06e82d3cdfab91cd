import { DateTime } from 'luxon';
import { resolvedHour } from './readMentions';
import type { ClockTime, DayConstraint, TimeMention } from './types';

/** Does the offered slot fall on the day the lead named? Compared on the lead's wall clock. */
function fitsDay(day: DayConstraint, local: DateTime): boolean {
  switch (day.kind) {
    case 'date':
      return local.year === day.date.year && local.month === day.date.month && local.day === day.date.day;
    case 'weekday':
      return local.weekday === day.weekday;
    case 'onOrAfter':
      return local.startOf('day') >= DateTime.fromObject(day.date, { zone: local.zone });
    case 'span': {
      const anchor = DateTime.fromObject(day.anyDay, { zone: local.zone });
      return local.hasSame(anchor, day.unit);
    }
  }
}

function fitsClock(time: ClockTime, local: DateTime): boolean {
  if (local.minute !== time.minute) return false;
  // "at 3" without am/pm fits both 03:00 and 15:00; two such slots make the reply ambiguous.
  return time.meridiemKnown ? local.hour === time.hour : local.hour % 12 === time.hour % 12;
}

function minutesOfDay(local: DateTime): number {
  return local.hour * 60 + local.minute;
}

/** True when the offered slot satisfies everything the mention says about day and time. */
export function slotFitsMention(slotIso: string, mention: TimeMention, leadZone: string): boolean {
  const local = DateTime.fromISO(slotIso, { zone: mention.zone ?? leadZone });
  if (!local.isValid) return false;
  if (mention.day && !fitsDay(mention.day, local)) return false;
  if (mention.time && mention.endTime) {
    const from = resolvedHour(mention.time) * 60 + mention.time.minute;
    const to = resolvedHour(mention.endTime) * 60 + mention.endTime.minute;
    const at = minutesOfDay(local);
    if (at < from || at >= to) return false;
  } else if (mention.time && !fitsClock(mention.time, local)) {
    return false;
  }
  if (mention.window) {
    const at = minutesOfDay(local);
    if (at < mention.window.from || at >= mention.window.to) return false;
  }
  return true;
}

/** Indexes of the offered slots the mention fits. */
export function slotsFittingMention(offered: string[], mention: TimeMention, leadZone: string): number[] {
  return offered.flatMap((slot, index) => (slotFitsMention(slot, mention, leadZone) ? [index] : []));
}

/** "2026-03-03T15:00 America/New_York" — how evidence shows a slot on the lead's clock. */
export function describeSlot(slotIso: string, zone: string): string {
  return `${DateTime.fromISO(slotIso, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")} ${zone}`;
}
