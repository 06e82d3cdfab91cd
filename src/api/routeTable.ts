import type { Express } from 'express';

export interface RegisteredRoute {
  method: string;
  /** Express pattern, e.g. `/api/leads/:leadId/offers`. */
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route the app registers (method + pattern), read from its router: new routes are listed without edits. */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths)
          for (const [method, on] of Object.entries(layer.route.methods))
            if (on && method !== '_all') out.push({ method: method.toUpperCase(), path });
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Maps a request path to the pattern of the route it addresses (`/api/leads/:leadId/offers`), or
 * `unmatched`: a metric label whose values are the app's own routes, whatever paths clients send.
 */
export function routeLabeler(app: Express): (path: string) => string {
  let patterns: Array<{ pattern: string; re: RegExp }> | undefined;
  return (path) => {
    patterns ??= [...new Set(registeredRoutes(app).map((r) => r.path))].map((pattern) => ({
      pattern,
      re: new RegExp(
        `^${pattern
          .split('/')
          .map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/')}/?$`,
      ),
    }));
    return patterns.find((p) => p.re.test(path))?.pattern ?? 'unmatched';
  };
}
