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
