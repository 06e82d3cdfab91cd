import { ActivityFailure, ApplicationFailure } from '@temporalio/common';

/**
 * ApplicationFailure types activities throw and the workflow branches on. Shared so the two sides
 * cannot drift apart.
 */
export const FailureType = {
  /** The accepted slot was taken meanwhile: offer fresh slots. */
  SlotUnavailable: 'SlotUnavailable',
  /** The provider refused for a reason retrying will not fix (credentials, plan, bad request). */
  ProviderRejected: 'ProviderRejected',
  /** The lead cannot be booked as is (e.g. no email for Calendly, no GHL contact). */
  LeadNotBookable: 'LeadNotBookable',
  /** Workspace is missing configuration (calendar, connection). */
  WorkspaceMisconfigured: 'WorkspaceMisconfigured',
  /** A provider failure that is worth retrying (5xx, 429, timeout). */
  ProviderUnavailable: 'ProviderUnavailable',
} as const;

export const NON_RETRYABLE_BOOKING_FAILURES = [
  FailureType.SlotUnavailable,
  FailureType.ProviderRejected,
  FailureType.LeadNotBookable,
  FailureType.WorkspaceMisconfigured,
];

/** The ApplicationFailure type behind an activity failure, if any. */
export function failureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

/** The innermost message of a failure chain (the provider's words, not Temporal's wrapper). */
export function errorMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return errorMessage(err.cause);
  return err instanceof Error ? err.message : String(err);
}
