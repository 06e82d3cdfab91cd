import { ApplicationFailure } from '@temporalio/activity';
import { isProviderError } from '../src/errors';
import { FailureType } from '../workflows/failures';

/**
 * Translates a provider client error into the Temporal failure the workflow acts on: retryable ones
 * keep their Retry-After as the next retry delay; the rest stop retrying with a type to branch on.
 */
export function toActivityFailure(err: unknown): unknown {
  if (!isProviderError(err)) return err;
  const message = `${err.provider}: ${err.message}`;
  if (err.retryable) {
    return ApplicationFailure.create({
      type: FailureType.ProviderUnavailable,
      message,
      nonRetryable: false,
      nextRetryDelay: err.retryAfterMs !== undefined ? Math.max(err.retryAfterMs, 100) : undefined,
    });
  }
  if (err.kind === 'slot_unavailable')
    return ApplicationFailure.nonRetryable(message, FailureType.SlotUnavailable);
  if (err.kind === 'lead_not_bookable')
    return ApplicationFailure.nonRetryable(message, FailureType.LeadNotBookable);
  if (err.kind === 'invalid_request' && /lead|contact|email/i.test(err.message))
    return ApplicationFailure.nonRetryable(message, FailureType.LeadNotBookable);
  return ApplicationFailure.nonRetryable(message, FailureType.ProviderRejected);
}

export async function callProvider<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toActivityFailure(err);
  }
}
