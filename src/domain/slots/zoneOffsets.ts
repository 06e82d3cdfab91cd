/** No time zone changes its UTC offset twice within a day, so a day-long span with one offset at both ends has it throughout. */
const MAX_CONSTANT_SPAN_MS = 86_400_000;

/**
 * A zone's UTC offset (minutes) at each of the instants, asking the zone (`offsetOf`, an
 * `Intl.DateTimeFormat` round in luxon: the costly part of choosing slots over a calendar's hundreds
 * of free slots) only at the ends of ranges and where the offset changes: a range of at most a day whose
 * ends agree takes that offset, any other range is halved. Exact under the rule above; an invalid zone
 * (`NaN` offsets never agree) is asked at every instant, like before.
 */
export function offsetsAt(
  instants: readonly number[],
  offsetOf: (ms: number) => number,
): Map<number, number> {
  const sorted = [...new Set(instants)].sort((a, b) => a - b);
  const out = new Map<number, number>();
  const fill = (lo: number, hi: number, offLo: number, offHi: number): void => {
    const from = sorted[lo] as number;
    const to = sorted[hi] as number;
    if (offLo === offHi && to - from <= MAX_CONSTANT_SPAN_MS) {
      for (let i = lo; i <= hi; i++) out.set(sorted[i] as number, offLo);
      return;
    }
    if (hi - lo <= 1) {
      out.set(from, offLo);
      out.set(to, offHi);
      return;
    }
    const mid = (lo + hi) >> 1;
    const offMid = offsetOf(sorted[mid] as number);
    fill(lo, mid, offLo, offMid);
    fill(mid, hi, offMid, offHi);
  };
  const last = sorted.length - 1;
  if (last >= 0) fill(0, last, offsetOf(sorted[0] as number), offsetOf(sorted[last] as number));
  return out;
}
