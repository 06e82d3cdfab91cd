import type { z } from 'zod';
import { ProviderError, type ProviderErrorKind } from '../errors';
import type { AvailabilitySourceName, ProviderName } from './names';

/**
 * The HTTP call every provider client makes: bearer auth, per-request timeout, JSON in/out, response
 * validated by a zod schema, and failures mapped onto ProviderError kinds (with Retry-After honoured).
 */
export interface ProviderRequest<T> {
  provider: ProviderName | AvailabilitySourceName;
  baseUrl: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  token: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Validates a 2xx body. Omit for bodiless answers (204). */
  responseSchema?: z.ZodType<T>;
  /** Decides a non-2xx kind the generic mapping cannot (e.g. "slot no longer available"). */
  classifyError?: (status: number, body: unknown) => ProviderErrorKind | undefined;
}

export async function providerRequest<T>(req: ProviderRequest<T>): Promise<T> {
  const url = new URL(
    req.path.replace(/^\//, ''),
    req.baseUrl.endsWith('/') ? req.baseUrl : `${req.baseUrl}/`,
  );
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  const label = `${req.method} ${url.pathname}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: req.method,
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${req.token}`,
        ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...req.headers,
      },
      body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new ProviderError(
      req.provider,
      timedOut ? 'timeout' : 'unavailable',
      timedOut
        ? `${label} timed out after ${req.timeoutMs} ms`
        : `${label} failed: ${(err as Error).message}`,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const kind = req.classifyError?.(res.status, body) ?? kindForStatus(res.status);
    throw new ProviderError(
      req.provider,
      kind,
      `${label} answered ${res.status}: ${describeErrorBody(body)}`,
      res.status,
      kind === 'rate_limited' ? parseRetryAfter(res.headers.get('retry-after')) : undefined,
    );
  }
  if (!req.responseSchema) return undefined as T;
  const parsed = req.responseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProviderError(
      req.provider,
      'invalid_response',
      `${label} answered off-contract: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      res.status,
    );
  }
  return parsed.data;
}

export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500 || status === 424) return 'unavailable';
  return 'invalid_request';
}

/** Retry-After is either delta-seconds or an HTTP date. Returns milliseconds, or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeErrorBody(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const msg = b.message ?? b.title ?? b.error;
    if (typeof msg === 'string') return msg;
    if (Array.isArray(msg)) return msg.join('; ');
  }
  return typeof body === 'string' && body ? body.slice(0, 200) : 'no body';
}

/**
 * A provider's "that time is no longer available" refusal is a plain 400/409/422: given its own kind so
 * the workflow offers fresh slots instead of failing. Other statuses keep their generic kind.
 */
export function slotTakenKind(status: number, text: string | undefined, slotTaken: RegExp) {
  if (status !== 400 && status !== 409 && status !== 422) return undefined;
  return text && slotTaken.test(text) ? ('slot_unavailable' as const) : undefined;
}
