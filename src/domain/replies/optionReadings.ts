import { DateTime } from 'luxon';
import type { OptionPick } from './optionPicks';

/** Which offered slots a positional pick points at (empty when it points past the offer). */
export function slotsForPick(pick: OptionPick, offered: string[], leadZone: string): number[] {
  const times = offered.map((slot) => DateTime.fromISO(slot).toMillis());
  switch (pick.kind) {
    case 'position':
      return pick.position >= 1 && pick.position <= offered.length ? [pick.position - 1] : [];
    case 'last':
      return offered.length > 0 ? [offered.length - 1] : [];
    case 'middle':
      // Only an odd-sized offer has a middle.
      return offered.length % 2 === 1 ? [(offered.length - 1) / 2] : [];
    case 'earliest':
    case 'latest': {
      if (times.length === 0) return [];
      const target = pick.kind === 'earliest' ? Math.min(...times) : Math.max(...times);
      return [times.indexOf(target)];
    }
    case 'bareNumber': {
      // "3" alone may be option 3 or 3 o'clock; both readings count, and disagreement means unclear.
      const byPosition = pick.value >= 1 && pick.value <= offered.length ? [pick.value - 1] : [];
      const byHour = offered.flatMap((slot, index) => {
        const local = DateTime.fromISO(slot, { zone: leadZone });
        return pick.value <= 12 && local.minute === 0 && local.hour % 12 === pick.value % 12 ? [index] : [];
      });
      return [...new Set([...byPosition, ...byHour])].sort((a, b) => a - b);
    }
  }
}
