import { DateTime, Info } from 'luxon';
import { describe, expect, it } from 'vitest';
import { chooseSlots } from '../../src/domain/slots/chooseSlots';
import { offsetsAt } from '../../src/domain/slots/zoneOffsets';

// Zones with DST (whole and half-hour shifts), odd fixed offsets, southern-hemisphere DST, no DST.
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Australia/Adelaide',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'America/Santiago',
  'Africa/Casablanca',
  'UTC',
];
// Windows that contain offset changes of those zones (and one that contains none).
const WINDOW_STARTS = [
  '2026-03-01T00:00:00Z',
  '2026-03-25T00:00:00Z',
  '2026-10-20T00:00:00Z',
  '2026-06-10T00:00:00Z',
];

/** Slots every `stepMinutes` for `days` days from `start` (a calendar open around the clock). */
function slotsFrom(start: string, days: number, stepMinutes: number): string[] {
  const from = Date.parse(start);
  return Array.from({ length: (days * 24 * 60) / stepMinutes }, (_, i) =>
    new Date(from + i * stepMinutes * 60_000).toISOString(),
  );
}

/** The zone converted at every slot with luxon: what chooseSlots did before offsets were shared. */
function chooseSlotsSlowly(available: string[], opts: Parameters<typeof chooseSlots>[1]): string[] {
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
  for (const t of candidates) {
    if (chosen.length >= opts.count) break;
    if (!chosen.includes(t)) chosen.push(t);
  }
  return chosen.sort((a, b) => a.toMillis() - b.toMillis()).map((t) => t.toJSDate().toISOString());
}

describe('chooseSlots', () => {
  it('chooses what converting every slot to the lead’s zone chose, across offset changes', () => {
    for (const zone of ZONES) {
      for (const start of WINDOW_STARTS) {
        const available = slotsFrom(start, 14, 30);
        const now = new Date(Date.parse(start) - 3_600_000);
        for (const opts of [
          { count: 3, leadTimeZone: zone, now },
          { count: 5, leadTimeZone: zone, now, leadLocalHours: [1, 4] as [number, number] },
          { count: 3, leadTimeZone: zone, now, near: new Date(Date.parse(start) + 9.3 * 86_400_000) },
          { count: 40, leadTimeZone: zone, now, leadLocalHours: [2, 3] as [number, number] },
        ]) {
          expect(chooseSlots(available, opts), `${zone} from ${start}`).toEqual(
            chooseSlotsSlowly(available, opts),
          );
        }
      }
    }
  });

  it('reads the same instants from odd or invalid times as luxon does', () => {
    const odd = [
      '2026-02-29T10:00:00Z', // no Feb 29 in 2026
      '2026-04-31T10:00:00Z',
      '2026-06-10T24:00:00Z',
      '2026-06-10T10:60:00Z',
      '2026-06-10T10:00:00+05:30',
      '2026-06-10T10:00:00.5-03:00',
      '2026-06-10T10:00', // no offset: UTC
      '2026-06-10T11:00:00.123456Z',
      'not a time',
      '2026-06-12T09:00:00.000Z',
    ];
    const opts = {
      count: 10,
      leadTimeZone: 'America/Sao_Paulo',
      now: new Date('2026-06-01T00:00:00Z'),
      leadLocalHours: [0, 24] as [number, number],
    };
    expect(chooseSlots(odd, opts)).toEqual(chooseSlotsSlowly(odd, opts));
    expect(chooseSlots(odd, opts).length).toBeGreaterThan(3);
  });

  it('offers nothing for a zone it does not know, like before', () => {
    const available = slotsFrom('2026-06-10T00:00:00Z', 2, 30);
    const opts = { count: 3, leadTimeZone: 'Nowhere/Special', now: new Date('2026-06-09T00:00:00Z') };
    expect(chooseSlots(available, opts)).toEqual([]);
    expect(chooseSlotsSlowly(available, opts)).toEqual([]);
  });
});

describe('offsetsAt', () => {
  it('asks the zone a few times per day, not once per slot, and agrees with asking at every slot', () => {
    for (const zoneName of ZONES) {
      const zone = Info.normalizeZone(zoneName);
      const instants = slotsFrom('2026-03-25T00:00:00Z', 14, 30).map((s) => Date.parse(s));
      let asked = 0;
      const offsets = offsetsAt(instants, (ms) => {
        asked++;
        return zone.offset(ms);
      });
      for (const ms of instants)
        expect(offsets.get(ms), `${zoneName} at ${new Date(ms).toISOString()}`).toBe(zone.offset(ms));
      expect(asked, zoneName).toBeLessThan(instants.length / 4);
    }
  });
});
