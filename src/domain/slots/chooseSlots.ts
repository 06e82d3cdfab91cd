import { DateTime, Info } from 'luxon';
import { offsetsAt } from './zoneOffsets';

export interface ChooseSlotsOptions {
  count: number;
  leadTimeZone: string;
  now: Date;
  /** Offer the slots closest to this time (a counter-proposal that was not free). */
  near?: Date;
  /** No slot sooner than this after now: the lead needs time to read and answer. */
  minNoticeMinutes?: number;
  /** Only slots inside these local hours of the lead [start, end). */
  leadLocalHours?: [number, number];
}

/**
 * Picks the slots to offer a lead: inside the lead's waking hours, with notice, one per day where
 * possible (three options on three days are easier to accept than three on one afternoon).
 */
export function chooseSlots(available: string[], opts: ChooseSlotsOptions): string[] {
  const [fromHour, toHour] = opts.leadLocalHours ?? [8, 20];
  const earliest = opts.now.getTime() + (opts.minNoticeMinutes ?? 60) * 60_000;
  const parsed = [...new Set(available)].map(instantOf).filter((ms) => Number.isFinite(ms) && ms >= earliest);
  // The lead's wall clock for each slot, with the zone asked only where its offset can change.
  const zone = Info.normalizeZone(opts.leadTimeZone);
  const offsets = offsetsAt(parsed, (ms) => zone.offset(ms));
  const localOf = (ms: number) => new Date(ms + (offsets.get(ms) ?? Number.NaN) * 60_000);
  const candidates = parsed.filter((ms) => {
    const hour = localOf(ms).getUTCHours();
    return hour >= fromHour && hour < toHour;
  });
  const near = opts.near?.getTime();
  candidates.sort((a, b) => (near === undefined ? a - b : Math.abs(a - near) - Math.abs(b - near)));

  const chosen: number[] = [];
  const days = new Set<string>();
  for (const t of candidates) {
    if (chosen.length >= opts.count) break;
    const day = localOf(t).toISOString().slice(0, 10);
    if (days.has(day)) continue;
    days.add(day);
    chosen.push(t);
  }
  // Fewer distinct days than slots wanted: fill with the next best remaining times.
  for (const t of candidates) {
    if (chosen.length >= opts.count) break;
    if (!chosen.includes(t)) chosen.push(t);
  }
  // One canonical instant format everywhere (Date#toISOString), so slots compare as strings too.
  return chosen.sort((a, b) => a - b).map((t) => new Date(t).toISOString());
}

/** A UTC instant with its offset (what providers send): Date.parse reads it exactly, and far faster. */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of an ISO time (no offset: UTC), NaN when it is not one. */
function instantOf(iso: string): number {
  // Date.parse rolls a day past the month's end over (Feb 30 → Mar 2); luxon refuses it.
  if (INSTANT_WITH_OFFSET.test(iso) && Number(iso.slice(8, 10)) <= daysInMonth(iso)) return Date.parse(iso);
  const t = DateTime.fromISO(iso, { zone: 'utc' });
  return t.isValid ? t.toMillis() : Number.NaN;
}

function daysInMonth(iso: string): number {
  return new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), 0)).getUTCDate();
}
