/** Nearest-rank percentile of a list of numbers (undefined when empty). */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export interface Percentiles {
  p50?: number;
  p95?: number;
  p99?: number;
  n: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    n: values.length,
  };
}

/** a / b rounded, undefined when either side is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined, digits = 2): number | undefined {
  if (a === undefined || b === undefined || b === 0) return undefined;
  return round(a / b, digits);
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
