import { DateTime } from 'luxon';
import { type EventTypeRecord, type InviteeRecord, type ScheduledEventRecord, WEEKDAYS } from './model';

/**
 * Slot bookkeeping: which start times an event type offers (weekly hours in its own time zone) and how
 * many invitees each can still take, given the host's other meetings.
 */

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Start times (epoch ms, ascending) the event type's weekly hours offer in [fromMs, toMs). */
export function offeredStarts(eventType: EventTypeRecord, fromMs: number, toMs: number): number[] {
  const starts: number[] = [];
  const zone = eventType.timezone;
  // Begin a day early so an interval that started on the previous local day is not missed.
  let day = DateTime.fromMillis(fromMs, { zone }).startOf('day').minus({ days: 1 });
  const lastDay = DateTime.fromMillis(toMs, { zone }).startOf('day');
  while (day <= lastDay) {
    const weekday = WEEKDAYS[day.weekday - 1];
    for (const interval of (weekday && eventType.weeklyHours[weekday]) || []) {
      const endMinute = minutesOf(interval.end);
      for (
        let minute = minutesOf(interval.start);
        minute + eventType.duration <= endMinute;
        minute += eventType.slotIntervalMinutes
      ) {
        // Wall-clock set, not "midnight plus minutes", so DST days keep their local hours.
        const at = day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
        if (at >= fromMs && at < toMs) starts.push(at);
      }
    }
    day = day.plus({ days: 1 });
  }
  return [...new Set(starts)].sort((a, b) => a - b);
}

export interface BookingLedger {
  scheduledEvents: readonly ScheduledEventRecord[];
  invitees: readonly InviteeRecord[];
}

/**
 * Invitees the slot can still take: the event type's capacity, minus invitees already in a group event
 * at that start, and zero when the host has any other active meeting overlapping it.
 * `ignoreEventUuid` lets a reschedule move within the time its old meeting occupies.
 */
export function inviteesRemaining(
  ledger: BookingLedger,
  eventType: EventTypeRecord,
  startMs: number,
  ignoreEventUuid?: string,
): number {
  const endMs = startMs + eventType.duration * 60_000;
  let remaining = eventType.inviteesPerSlot;
  for (const event of ledger.scheduledEvents) {
    if (event.status !== 'active' || event.hostUuid !== eventType.userUuid || event.uuid === ignoreEventUuid)
      continue;
    const eventStart = Date.parse(event.startTime);
    const eventEnd = Date.parse(event.endTime);
    if (eventStart >= endMs || eventEnd <= startMs) continue;
    if (event.eventTypeUuid === eventType.uuid && eventStart === startMs && eventType.inviteesPerSlot > 1) {
      const taken = ledger.invitees.filter((i) => i.eventUuid === event.uuid && i.status === 'active').length;
      remaining = Math.min(remaining, eventType.inviteesPerSlot - taken);
    } else {
      return 0;
    }
  }
  return Math.max(0, remaining);
}

/** Whether `startMs` is an offered, future start with room left. */
export function isBookable(
  ledger: BookingLedger,
  eventType: EventTypeRecord,
  startMs: number,
  nowMs: number,
  ignoreEventUuid?: string,
): boolean {
  if (!eventType.active || startMs <= nowMs) return false;
  if (!offeredStarts(eventType, startMs, startMs + 1).includes(startMs)) return false;
  return inviteesRemaining(ledger, eventType, startMs, ignoreEventUuid) > 0;
}
