import type { Request } from 'express';
import type { Pagination } from '../../providers/calendly/schemas';
import { queryParam } from './context';
import { invalidArgument } from './model';

/**
 * Calendly list paging: `count` (1–100, default 20) and an opaque `page_token`; the answer carries
 * `next_page`/`previous_page` links and their tokens. Tokens here encode an offset.
 */
const DEFAULT_COUNT = 20;
const MAX_COUNT = 100;

const encodeToken = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

function decodeToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match)
    throw invalidArgument('The supplied parameters are invalid.', [
      { parameter: 'page_token', message: 'is invalid' },
    ]);
  return Number(match[1]);
}

export function paginate<T>(req: Request, items: readonly T[]): { collection: T[]; pagination: Pagination } {
  const rawCount = queryParam(req, 'count');
  const count = rawCount === undefined ? DEFAULT_COUNT : Number(rawCount);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw invalidArgument('The supplied parameters are invalid.', [
      { parameter: 'count', message: `must be between 1 and ${MAX_COUNT}` },
    ]);
  }
  const token = queryParam(req, 'page_token');
  const offset = token ? decodeToken(token) : 0;
  const collection = items.slice(offset, offset + count);
  const nextToken = offset + count < items.length ? encodeToken(offset + count) : null;
  const previousToken = offset > 0 ? encodeToken(Math.max(0, offset - count)) : null;
  const link = (pageToken: string | null) => {
    if (!pageToken) return null;
    const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
    url.searchParams.set('count', String(count));
    url.searchParams.set('page_token', pageToken);
    return url.toString();
  };
  return {
    collection,
    pagination: {
      count: collection.length,
      next_page: link(nextToken),
      previous_page: link(previousToken),
      next_page_token: nextToken,
      previous_page_token: previousToken,
    },
  };
}
