import { DateTime } from 'luxon';
import { resolvedHour } from './readMentions';
import type { CalendarDate, CounterProposal, TimeMention } from './types';

/** Wall-clock minute of a day; set() rather than plus() so DST days keep their labels. */
function atMinute(day: DateTime, minute: number): DateTime {
  if (minute >= 24 * 60) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60 });
}

function toIso(local: DateTime): string {
  return local.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

/** The calendar day a mention points at, in the zone it was written in. */
function dayOf(mention: TimeMention, zone: string, receivedAt: DateTime): DateTime {
  const at = (date: CalendarDate) => DateTime.fromObject(date, { zone });
  const day = mention.day;
  if (day?.kind === 'date' || day?.kind === 'onOrAfter') return at(day.date);
  if (day?.kind === 'weekday') return at(day.nearest);
  // A bare "4pm" or "mornings": the next such time on the lead's clock after the reply arrived.
  const today = receivedAt.startOf('day');
  const firstMinute = mention.time
    ? resolvedHour(mention.time) * 60 + mention.time.minute
    : (mention.window?.from ?? 0);
  return atMinute(today, firstMinute) > receivedAt ? today : today.plus({ days: 1 });
}

/** Only concrete mentions can be proposed back: a day, a time, a part of the day or a week. */
export function isConcrete(mention: TimeMention): boolean {
  return Boolean(mention.day || mention.time || mention.window);
}

/** Turns what the lead wrote into the instant or window they proposed instead of our offer. */
export function counterProposalFrom(
  mention: TimeMention,
  leadZone: string,
  receivedAtIso: string,
): CounterProposal {
  const zone = mention.zone ?? leadZone;
  const receivedAt = DateTime.fromISO(receivedAtIso, { zone });
  if (mention.day?.kind === 'span') {
    const anchor = DateTime.fromObject(mention.day.anyDay, { zone });
    const start = DateTime.max(anchor.startOf(mention.day.unit), receivedAt);
    return {
      start: toIso(start),
      end: toIso(anchor.startOf(mention.day.unit).plus({ [mention.day.unit]: 1 })),
    };
  }
  const day = dayOf(mention, zone, receivedAt).startOf('day');
  if (mention.time) {
    const start = day.set({ hour: resolvedHour(mention.time), minute: mention.time.minute });
    if (!mention.endTime) return { start: toIso(start) };
    const end = day.set({ hour: resolvedHour(mention.endTime), minute: mention.endTime.minute });
    return { start: toIso(start), end: toIso(end) };
  }
  if (mention.window) {
    return {
      start: toIso(atMinute(day, mention.window.from)),
      end: toIso(atMinute(day, mention.window.to)),
    };
  }
  // "after the 15th": open-ended from that day.
  if (mention.day?.kind === 'onOrAfter') return { start: toIso(day) };
  return { start: toIso(day), end: toIso(day.plus({ days: 1 })) };
}
