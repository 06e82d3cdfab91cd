import {
  type ActivityOptions,
  type LocalActivityOptions,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { BookingActivities } from '../activities';
import { NON_RETRYABLE_BOOKING_FAILURES } from './failures';
import type { LeadBookingInput } from './messages';

/** Database writes and workspace reads: quick, retried until they succeed. */
export const DB_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
export const db = proxyActivities<BookingActivities>(DB_OPTIONS);

// Local activity: the interpreter's verdict is recorded in history, so improving the interpreter never
// changes how a running workflow replays, and no extra task-queue round trip delays the reply.
export const INTERPRETER_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
};
export const interpreter = proxyLocalActivities<BookingActivities>(INTERPRETER_OPTIONS);

export const DEFAULT_ATTENTION_AFTER_SECONDS = 15 * 60;

/**
 * Provider calls (book, cancel) may be retried (5xx, 429 with Retry-After, timeouts) for a bounded time;
 * after that the workflow stops and asks for an operator instead of looping silently.
 */
export function providerOptions(input: LeadBookingInput): ActivityOptions {
  return {
    startToCloseTimeout: `${input.bookingCallTimeoutSeconds ?? 45} seconds`,
    scheduleToCloseTimeout: `${attentionAfterSeconds(input)} seconds`,
    retry: {
      initialInterval: '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '2 minutes',
      nonRetryableErrorTypes: NON_RETRYABLE_BOOKING_FAILURES,
    },
  };
}

export function attentionAfterSeconds(input: LeadBookingInput): number {
  return input.bookingAttentionAfterSeconds ?? DEFAULT_ATTENTION_AFTER_SECONDS;
}
