import { DateTime } from 'luxon';

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
  const candidates = [...new Set(available)]
    .map((iso) => DateTime.fromISO(iso, { zone: 'utc' }))
    .filter((t) => t.isValid && t.toMillis() >= earliest)
    .filter((t) => {
      const local = t.setZone(opts.leadTimeZone);
      return local.hour >= fromHour && local.hour < toHour;
    });
  const near = opts.near?.getTime();
  candidates.sort((a, b) =>
    near === undefined
      ? a.toMillis() - b.toMillis()
      : Math.abs(a.toMillis() - near) - Math.abs(b.toMillis() - near),
  );

  const chosen: DateTime[] = [];
  const days = new Set<string>();
  for (const t of candidates) {
    if (chosen.length >= opts.count) break;
    const day = t.setZone(opts.leadTimeZone).toISODate() ?? '';
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
  return chosen.sort((a, b) => a.toMillis() - b.toMillis()).map((t) => t.toJSDate().toISOString());
}
