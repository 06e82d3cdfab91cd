import { DateTime } from 'luxon';
import type { SandboxAppointment, SandboxCalendar } from './model';

/**
 * Slot bookkeeping: which start times a calendar offers, and which of them are still free.
 * Open hours are wall-clock times in the calendar's zone, so DST days get the right instants.
 */

const MINUTE = 60_000;

/** Every slot start of the calendar within [fromMs, toMs] (inclusive, like GHL's endDate). */
export function slotStarts(calendar: SandboxCalendar, fromMs: number, toMs: number): number[] {
  const zone = calendar.timezone;
  const durationMs = calendar.slotMinutes * MINUTE;
  const stepMs = calendar.slotIntervalMinutes * MINUTE;
  const starts = new Set<number>();
  const lastDay = DateTime.fromMillis(toMs, { zone }).startOf('day');
  for (
    let day = DateTime.fromMillis(fromMs, { zone }).startOf('day');
    day <= lastDay;
    day = day.plus({ days: 1 })
  ) {
    for (const rule of calendar.openHours) {
      if (!rule.days.includes(day.weekday)) continue;
      const close = wallClock(day, rule.to);
      for (let t = wallClock(day, rule.from); t + durationMs <= close; t += stepMs) {
        if (t >= fromMs && t <= toMs) starts.add(t);
      }
    }
  }
  return [...starts].sort((a, b) => a - b);
}

function wallClock(day: DateTime, hhmm: string): number {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis();
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}

export function isLive(appointment: SandboxAppointment): boolean {
  return appointment.appointmentStatus !== 'cancelled';
}

/** True when no live appointment of the calendar overlaps [startMs, endMs). */
export function isTimeFree(
  appointments: readonly SandboxAppointment[],
  calendarId: string,
  startMs: number,
  endMs: number,
  ignoreAppointmentId?: string,
): boolean {
  return !appointments.some(
    (a) =>
      a.calendarId === calendarId &&
      a.id !== ignoreAppointmentId &&
      isLive(a) &&
      Date.parse(a.startTime) < endMs &&
      startMs < Date.parse(a.endTime),
  );
}

/** Future, unbooked slot starts within [fromMs, toMs]. */
export function freeSlotStarts(
  calendar: SandboxCalendar,
  appointments: readonly SandboxAppointment[],
  fromMs: number,
  toMs: number,
  nowMs: number,
): number[] {
  const durationMs = calendar.slotMinutes * MINUTE;
  return slotStarts(calendar, Math.max(fromMs, nowMs + 1), toMs).filter((t) =>
    isTimeFree(appointments, calendar.id, t, t + durationMs),
  );
}

/**
 * Whether an appointment may take [startMs, endMs): the start must be one of the calendar's future
 * slot starts and the whole span must be free.
 */
export function canBook(
  calendar: SandboxCalendar,
  appointments: readonly SandboxAppointment[],
  startMs: number,
  endMs: number,
  nowMs: number,
  ignoreAppointmentId?: string,
): boolean {
  if (startMs <= nowMs || endMs <= startMs) return false;
  if (!slotStarts(calendar, startMs, startMs).includes(startMs)) return false;
  return isTimeFree(appointments, calendar.id, startMs, endMs, ignoreAppointmentId);
}

/** GHL's free-slots answer: day (YYYY-MM-DD in `zone`) -> slot starts with that zone's offset. */
export function groupByDay(startsMs: readonly number[], zone: string): Record<string, { slots: string[] }> {
  const days: Record<string, { slots: string[] }> = {};
  for (const t of startsMs) {
    const local = DateTime.fromMillis(t, { zone });
    const key = local.toISODate() ?? '';
    const day = days[key] ?? { slots: [] };
    day.slots.push(
      local.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? new Date(t).toISOString(),
    );
    days[key] = day;
  }
  return days;
}

/** An instant rendered the way GHL renders appointment times: local wall clock with offset. */
export function toZonedIso(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toISO({ suppressMilliseconds: true }) ?? iso;
}
