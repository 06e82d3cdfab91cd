import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger';
import type { RejectionLog } from './rejectionLog';

/** Paths probed by load balancers and Prometheus: logged at debug so they do not drown the rest. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Correlation ids a request names in its route params, query or JSON body. */
const ID_FIELDS = ['clientId', 'leadId', 'workflowId'] as const;

/**
 * One JSON line per request once its response is done (or the client went away): method, path (no query string), status,
 * duration and the clientId / leadId / workflowId it names. Never headers, query strings or bodies
 * (they carry tokens and lead messages); only those id fields are read from them.
 *
 * Route params are remembered as the router assigns them, because Express puts `req.params` back
 * when an error leaves a router, and rejected requests are the ones worth correlating.
 */
export function requestLog(
  logger: Logger,
  rejections?: { log: RejectionLog; routeOf: (path: string) => string },
): RequestHandler {
  const log = logger.child({ component: 'http' });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const params: Record<string, unknown> = {};
    let current: Request['params'] = req.params;
    Object.defineProperty(req, 'params', {
      configurable: true,
      enumerable: true,
      get: () => current,
      set: (value: Request['params']) => {
        current = value;
        if (value && typeof value === 'object') Object.assign(params, value);
      },
    });
    res.once('close', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line: Record<string, unknown> = {
        method: req.method,
        path: (req.originalUrl || req.url).split('?')[0],
        status: res.statusCode,
        durationMs: Math.round(durationMs * 100) / 100,
        ...correlationIds(params, req.query, req.body),
      };
      if (!res.writableFinished) line.aborted = true;
      // Refused requests are what a flood is made of: counted always, logged sampled (rejectionLog.ts).
      if (rejections && res.statusCode >= 400 && res.statusCode < 500) {
        const reason = (res.locals.rejectionReason as string | undefined) ?? `http_${res.statusCode}`;
        rejections.log.record(rejections.routeOf(line.path as string), reason, {
          component: 'http',
          ...line,
        });
        return;
      }
      const level =
        res.statusCode >= 500
          ? 'error'
          : res.statusCode >= 400
            ? 'warn'
            : QUIET_PATHS.has(line.path as string)
              ? 'debug'
              : 'info';
      log[level](line, 'request');
    });
    next();
  };
}

function correlationIds(...sources: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of ID_FIELDS) {
    for (const source of sources) {
      if (!source || typeof source !== 'object' || Buffer.isBuffer(source)) continue;
      const value = (source as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.length > 0 && value.length <= 200) {
        out[field] = value;
        break;
      }
    }
  }
  return out;
}
