import express, { type Request, type RequestHandler } from 'express';
import { UNSAFE_TEXT_MESSAGES } from '../../lib/safeText';
import { EdgeRejection } from './edgeRejection';
import { exceedsJsonDepth, findJsonProblem, MAX_JSON_DEPTH } from './jsonScan';

const JSON_TYPES = ['application/json', 'application/*+json'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The exact bytes of the request body (webhook signatures are computed over them); empty when none. */
export function rawBodyOf(req: Request): Buffer {
  return (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
}

/**
 * The one body reader of the service, for every route (webhooks included): reads the bytes up to
 * `limit` (413 beyond), keeps them as `rawBody`, and turns them into `req.body` only if they are JSON
 * the service can take. In order, so nothing downstream (signature checks, zod, Prisma) sees them otherwise:
 *  - a body that is not `application/json` (text/plain, form-encoded, no Content-Type) → 415, even
 *    where the body is optional (reading it as `{}` once started a workflow); no body at all is fine;
 *  - NUL bytes or bytes that are not UTF-8 → 400;
 *  - nesting deeper than MAX_JSON_DEPTH → 400, found by a linear scan before parsing;
 *  - not JSON, or not an object/array at the top → 400;
 *  - any string or key with NUL or a lone surrogate, or a `__proto__` / `constructor` / `prototype` key → 400.
 */
export function readJsonBody(limit: string | number): RequestHandler[] {
  return [express.raw({ type: () => true, limit }), inspectJsonBody];
}

const inspectJsonBody: RequestHandler = (req, _res, next) => {
  const raw = Buffer.isBuffer(req.body) ? req.body : undefined;
  req.body = undefined;
  if (!raw || raw.length === 0) return next();
  (req as Request & { rawBody?: Buffer }).rawBody = raw;

  const contentType = req.get('content-type');
  if (!contentType)
    return next(
      new EdgeRejection(
        'unsupported_media_type',
        'unsupported_media_type',
        'the request has a body but no Content-Type; send it as application/json',
      ),
    );
  if (!req.is(JSON_TYPES)) {
    const type = contentType.split(';')[0]?.trim().slice(0, 100) ?? '';
    return next(
      new EdgeRejection(
        'unsupported_media_type',
        'unsupported_media_type',
        `Content-Type ${type} is not accepted; send the body as application/json`,
      ),
    );
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8')
    return next(
      new EdgeRejection(
        'unsupported_media_type',
        'unsupported_media_type',
        'JSON bodies must be UTF-8 (charset=utf-8)',
      ),
    );
  if (raw.includes(0))
    return next(
      new EdgeRejection('bad_request', 'nul_byte', `the request body ${UNSAFE_TEXT_MESSAGES.nul_byte}`),
    );
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return next(new EdgeRejection('bad_request', 'bad_encoding', 'the request body is not valid UTF-8'));
  }
  if (exceedsJsonDepth(text))
    return next(
      new EdgeRejection(
        'bad_request',
        'json_too_deep',
        `the request body nests objects/arrays deeper than ${MAX_JSON_DEPTH} levels`,
      ),
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return next(new EdgeRejection('bad_request', 'invalid_json', 'request body is not valid JSON'));
  }
  if (parsed === null || typeof parsed !== 'object')
    return next(new EdgeRejection('bad_request', 'invalid_json', 'request body must be a JSON object'));
  const problem = findJsonProblem(parsed);
  if (problem)
    return next(
      new EdgeRejection(
        'bad_request',
        problem.reason,
        problem.reason === 'forbidden_key'
          ? `the request body uses the reserved key "${problem.key}" (at ${problem.path.slice(0, 200)})`
          : `${problem.path.slice(0, 200)} ${UNSAFE_TEXT_MESSAGES[problem.reason]}`,
      ),
    );
  req.body = parsed;
  next();
};
