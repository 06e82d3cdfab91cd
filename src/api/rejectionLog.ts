import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../logger';

export const REJECTIONS_METRIC = 'booking_http_rejections_total';

export interface RejectionLog {
  /** Counts a refused request and logs it unless its (route, reason) already logged its share this window. */
  record(route: string, reason: string, line: Record<string, unknown>): void;
  /** Writes the pending "suppressed k similar" lines now (also done when a window ends). */
  flush(): void;
}

/**
 * Refused requests (4xx) are counted in `booking_http_rejections_total{route,reason}` — route is the
 * app's own route pattern and reason a fixed code, so the label set stays small whatever is sent —
 * and logged at most `linesPerWindow` times per (route, reason) per window; the rest are summed into
 * one "suppressed" line when the window ends. 10,000 forged webhooks cost a few log lines, not 10,000.
 */
export function createRejectionLog(opts: {
  registry: Registry;
  logger: Logger;
  linesPerWindow?: number;
  windowMs?: number;
  now?: () => number;
}): RejectionLog {
  const counter =
    (opts.registry.getSingleMetric(REJECTIONS_METRIC) as Counter<'route' | 'reason'> | undefined) ??
    new Counter({
      name: REJECTIONS_METRIC,
      help: 'Requests refused with a 4xx, by route pattern and reason (error code, or the edge check that refused it)',
      labelNames: ['route', 'reason'] as const,
      registers: [opts.registry],
    });
  const linesPerWindow = opts.linesPerWindow ?? 10;
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const windows = new Map<
    string,
    { route: string; reason: string; start: number; logged: number; suppressed: number }
  >();

  const close = (key: string, w: { route: string; reason: string; suppressed: number }) => {
    if (w.suppressed > 0)
      opts.logger.warn(
        { route: w.route, reason: w.reason, suppressed: w.suppressed, windowSeconds: windowMs / 1000 },
        `suppressed ${w.suppressed} similar rejected requests`,
      );
    windows.delete(key);
  };
  const flushExpired = (at: number, all = false) => {
    for (const [key, w] of windows) if (all || at - w.start >= windowMs) close(key, w);
  };
  const timer = setInterval(() => flushExpired(now()), windowMs);
  timer.unref();

  return {
    record(route, reason, line) {
      counter.inc({ route, reason });
      const at = now();
      flushExpired(at);
      const key = `${route} ${reason}`;
      let w = windows.get(key);
      if (!w) {
        w = { route, reason, start: at, logged: 0, suppressed: 0 };
        windows.set(key, w);
      }
      if (w.logged < linesPerWindow) {
        w.logged++;
        opts.logger.warn({ ...line, route, reason }, 'request');
      } else w.suppressed++;
    },
    flush: () => flushExpired(now(), true),
  };
}
