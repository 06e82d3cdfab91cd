import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError, type ZodType, type z } from 'zod';
import { AppError, type FieldError } from '../errors';
import { dependencyUnavailableError } from '../lib/dependencyUnavailable';
import { EdgeRejection } from './input/edgeRejection';

/** Every error response has this one shape: `{ error: { code, message, details? } }`. */
export function errorBody(err: AppError) {
  return {
    error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
  };
}

export function fieldErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

export function parseOrThrow<S extends ZodType>(
  schema: S,
  value: unknown,
  what = 'request body',
): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('validation_failed', `invalid ${what}`, fieldErrors(r.error));
  return r.data;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `no route for ${req.method} ${req.path}`));
};

export function errorHandler(
  log: (err: unknown, req: { method: string; path: string }) => void,
): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) log(err, req);
    // The reason label of booking_http_rejections_total (requestLog.ts): a fixed code, never free text.
    res.locals.rejectionReason = appError instanceof EdgeRejection ? appError.reason : appError.code;
    res.status(appError.status).json(errorBody(appError));
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  // --- dependency unavailable (readiness helper, issue 9 #5): PostgreSQL/Temporal down or too slow → 503.
  const unavailable = dependencyUnavailableError(err);
  if (unavailable) return unavailable;
  // --- end dependency unavailable
  if (err instanceof Error && err.name === 'WorkflowUpdateFailedError') {
    // An Update validator refused: the action does not fit the booking's current state.
    const cause = (err as Error & { cause?: Error }).cause;
    return new AppError('conflict', cause?.message ?? err.message);
  }
  if (err instanceof ZodError) return new AppError('validation_failed', 'invalid request', fieldErrors(err));
  const e = err as { type?: string; status?: number; message?: string; limit?: number };
  // body-parser errors
  if (e?.type === 'entity.too.large')
    return new AppError('payload_too_large', `request body exceeds the ${e.limit} byte limit`);
  if (e?.type === 'entity.parse.failed') return new AppError('bad_request', 'request body is not valid JSON');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new AppError('unsupported_media_type', e.message ?? 'unsupported encoding');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new AppError('bad_request', e.message ?? 'bad request');
  return new AppError('internal', 'internal error');
}
