import type { AvailabilitySourceName, ProviderName } from './providers/names';

/**
 * One error model for the whole service.
 *
 * `AppError` is what the API turns into its JSON error shape (`{ error: { code, message, details } }`).
 * `ProviderError` is what provider clients throw; activities translate it into Temporal failures
 * (retryable with a delay, or not retryable with a type the workflow branches on).
 */

export type AppErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'unavailable'
  | 'internal';

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  unavailable: 503,
  internal: 500,
};

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: FieldError[] | Record<string, unknown>,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

/** Why a provider call failed, in the terms the booking workflow acts on. */
export type ProviderErrorKind =
  | 'rate_limited' // 429: retry after `retryAfterMs`
  | 'unavailable' // 5xx / network: retry with backoff
  | 'timeout' // no answer in time: retry (the create is idempotent)
  | 'slot_unavailable' // the slot was taken meanwhile: offer fresh slots
  | 'unauthorized' // bad or revoked credentials: needs an operator
  | 'forbidden' // plan or permission: needs an operator
  | 'not_found'
  | 'invalid_request' // our request was wrong: retrying will not help
  | 'lead_not_bookable' // the lead lacks what the provider needs (a phone for a call location): needs a person
  | 'invalid_response'; // the provider answered something off-contract

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(['rate_limited', 'unavailable', 'timeout']);

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    /** A booking provider, or an availability source that is not one (HubSpot Meetings). */
    readonly provider: ProviderName | AvailabilitySourceName,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly httpStatus?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}
