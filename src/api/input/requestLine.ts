import type { RequestHandler } from 'express';
import { UNSAFE_TEXT_MESSAGES, unsafeTextReason } from '../../lib/safeText';
import { EdgeRejection } from './edgeRejection';

/** Longest path segment accepted: ids are capped at 200, a workflow id joins two of them. */
export const MAX_PATH_SEGMENT = 450;
/** Longest query value accepted (query values are ids and enums). */
export const MAX_QUERY_VALUE = 1000;
/** Headers the service reads; their values must be one line of text. */
const READ_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'x-wh-signature',
  'calendly-webhook-signature',
] as const;
const MAX_HEADER_VALUE = 8192;

/**
 * The request line and headers, checked for every route before routing (so before any auth,
 * signature check or database access): path segments and query values must be valid
 * percent-encoded UTF-8 without NUL, control characters or lone surrogates, and within a length cap.
 */
export const hardenRequestLine: RequestHandler = (req, _res, next) => {
  const rawPath = (req.originalUrl || req.url).split('?')[0] ?? '';
  for (const segment of rawPath.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return next(
        new EdgeRejection('bad_request', 'bad_encoding', 'the URL path is not valid percent-encoded UTF-8'),
      );
    }
    const reason = unsafeTextReason(decoded, { singleLine: true });
    if (reason)
      return next(new EdgeRejection('bad_request', reason, `the URL path ${UNSAFE_TEXT_MESSAGES[reason]}`));
    if (decoded.length > MAX_PATH_SEGMENT)
      return next(
        new EdgeRejection(
          'bad_request',
          'too_long',
          `a URL path segment is longer than ${MAX_PATH_SEGMENT} characters`,
        ),
      );
  }
  // Query parts must decode strictly too (the query parser would quietly turn bad bytes into U+FFFD).
  const rawQuery = (req.originalUrl || req.url).split('?').slice(1).join('?');
  for (const part of rawQuery.split(/[&=]/)) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return next(
        new EdgeRejection(
          'bad_request',
          'bad_encoding',
          'the query string is not valid percent-encoded UTF-8',
        ),
      );
    }
  }
  const query = req.query as Record<string, unknown>;
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const text of [key, ...(Array.isArray(value) ? value : [value])]) {
      if (typeof text !== 'string') continue;
      const reason = unsafeTextReason(text, { singleLine: true });
      if (reason)
        return next(
          new EdgeRejection('bad_request', reason, `the query string ${UNSAFE_TEXT_MESSAGES[reason]}`),
        );
      if (text.length > MAX_QUERY_VALUE)
        return next(
          new EdgeRejection(
            'bad_request',
            'too_long',
            `a query value is longer than ${MAX_QUERY_VALUE} characters`,
          ),
        );
    }
  }
  for (const name of READ_HEADERS) {
    const value = req.headers[name];
    if (typeof value !== 'string') continue;
    // Header values arrive as latin1; tabs are legal whitespace in them.
    const reason = unsafeTextReason(value.replace(/\t/g, ' '), { singleLine: true });
    if (reason)
      return next(
        new EdgeRejection('bad_request', reason, `the ${name} header ${UNSAFE_TEXT_MESSAGES[reason]}`),
      );
    if (value.length > MAX_HEADER_VALUE)
      return next(
        new EdgeRejection(
          'bad_request',
          'too_long',
          `the ${name} header is longer than ${MAX_HEADER_VALUE} characters`,
        ),
      );
  }
  next();
};
