import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';

/** Constant-time comparison of a presented secret with the expected one (hashing equalises lengths). */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Requires `Authorization: Bearer <token>` matching `expected` (API_TOKEN or ADMIN_API_TOKEN). */
export function requireBearer(expected: string | undefined, name: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization;
    if (!expected) return next(new AppError('unavailable', `${name} is not configured on this server`));
    const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
    if (!match?.[1]) return next(new AppError('unauthorized', `missing bearer token (${name})`));
    if (!secretsEqual(match[1].trim(), expected))
      return next(new AppError('unauthorized', `invalid bearer token (${name})`));
    next();
  };
}
