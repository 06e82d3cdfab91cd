import { DateTime } from 'luxon';

/** A meeting link as the sandbox holds it: HubSpot's fields plus the hours that make its availability. */
export interface SandboxMeetingLink {
  id: string;
  slug: string;
  name: string;
  type: 'PERSONAL_LINK' | 'ROUND_ROBIN_LINK' | 'GROUP_CALENDAR';
  organizerUserId: string;
  /** The token (private app) of the account the link belongs to: other tokens do not see it. */
  token: string;
  /** Meeting lengths offered; the first is the default. */
  durationsMinutes: number[];
  /** The organizer's zone: open hours are wall-clock times there. */
  timezone: string;
  /** ISO weekdays (1 = Monday) and HH:MM open hours. */
  hours: { days: number[]; from: string; to: string }[];
  startTimeIncrementMinutes: number;
  /** How far ahead the page advertises (HubSpot's `weeksToAdvertise`). */
  weeksToAdvertise: number;
  /** The organizer's calendar: starts overlapping these are not offered. */
  busy: { start: number; end: number }[];
}

export interface SeedMeetingLinkInput {
  token: string;
  slug: string;
  name?: string;
  type?: SandboxMeetingLink['type'];
  durationsMinutes?: number[];
  timezone?: string;
  hours?: SandboxMeetingLink['hours'];
  startTimeIncrementMinutes?: number;
  weeksToAdvertise?: number;
  /** ISO instants. */
  busy?: { start: string; end: string }[];
}

export function meetingLinkFrom(input: SeedMeetingLinkInput, id: string): SandboxMeetingLink {
  return {
    id,
    slug: input.slug,
    name: input.name ?? input.slug,
    type: input.type ?? 'PERSONAL_LINK',
    organizerUserId: `user-${id}`,
    token: input.token,
    durationsMinutes: input.durationsMinutes?.length ? input.durationsMinutes : [30],
    timezone: input.timezone ?? 'America/New_York',
    hours: input.hours ?? [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }],
    startTimeIncrementMinutes: input.startTimeIncrementMinutes ?? 30,
    weeksToAdvertise: input.weeksToAdvertise ?? 4,
    busy: (input.busy ?? []).map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })),
  };
}

const MINUTE = 60_000;

/**
 * One month of a link's availability as the availability-page endpoint serves it: the month
 * `monthOffset` months from now, seen in `timezone`, cut to [now, now + weeksToAdvertise); per offered
 * duration, every start inside open hours that does not overlap a busy time.
 */
export function availabilityMonth(
  link: SandboxMeetingLink,
  timezone: string,
  monthOffset: number,
  nowMs: number,
) {
  const monthStart = DateTime.fromMillis(nowMs, { zone: timezone })
    .startOf('month')
    .plus({ months: monthOffset });
  const monthEnd = monthStart.plus({ months: 1 });
  const horizon = nowMs + link.weeksToAdvertise * 7 * 24 * 60 * MINUTE;
  const from = Math.max(monthStart.toMillis(), nowMs);
  const to = Math.min(monthEnd.toMillis(), horizon);
  const byDuration: Record<
    string,
    { meetingDurationMillis: number; availabilities: { startMillisUtc: number; endMillisUtc: number }[] }
  > = {};
  for (const minutes of link.durationsMinutes) {
    const durationMs = minutes * MINUTE;
    const availabilities = starts(link, from, to, durationMs).map((t) => ({
      startMillisUtc: t,
      endMillisUtc: t + durationMs,
    }));
    byDuration[String(durationMs)] = { meetingDurationMillis: durationMs, availabilities };
  }
  return {
    linkAvailability: { hasMore: monthEnd.toMillis() < horizon, linkAvailabilityByDuration: byDuration },
  };
}

function starts(link: SandboxMeetingLink, fromMs: number, toMs: number, durationMs: number): number[] {
  const out = new Set<number>();
  if (fromMs >= toMs) return [];
  const zone = link.timezone;
  const lastDay = DateTime.fromMillis(toMs, { zone }).startOf('day');
  for (
    let day = DateTime.fromMillis(fromMs, { zone }).startOf('day');
    day <= lastDay;
    day = day.plus({ days: 1 })
  ) {
    for (const rule of link.hours) {
      if (!rule.days.includes(day.weekday)) continue;
      const close = wallClock(day, rule.to);
      for (
        let t = wallClock(day, rule.from);
        t + durationMs <= close;
        t += link.startTimeIncrementMinutes * MINUTE
      ) {
        const free = !link.busy.some((b) => b.start < t + durationMs && t < b.end);
        if (t >= fromMs && t < toMs && free) out.add(t);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

function wallClock(day: DateTime, hhmm: string): number {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis();
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}
