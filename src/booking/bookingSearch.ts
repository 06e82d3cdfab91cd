import type { BookingStatus } from '../../workflows/messages';
import type { ProviderName } from '../providers/names';
import {
  BookingProviderAttr,
  BookingStatusAttr,
  ClientIdAttr,
  NeedsAttentionAttr,
} from '../temporal/searchAttributes';

/**
 * Visibility queries operators run (in the Temporal UI, with `temporal workflow list --query`, or through
 * GET /api/ops/bookings). One builder so the API, the README runbook and the tests use the same strings;
 * attribute names come from src/temporal/searchAttributes.ts.
 */
export interface BookingSearch {
  needsAttention?: boolean;
  clientId?: string;
  status?: BookingStatus;
  provider?: ProviderName;
}

/**
 * Every BookingStatus as a value (the API's filter enum). workflows/messages.ts declares the type; the
 * check below fails to compile when the two differ, in either direction.
 */
export const BOOKING_STATUSES = [
  'new',
  'offered',
  'awaiting_reply',
  'booking',
  'booked',
  'canceled',
  'expired',
  'needs_attention',
  'no_show',
  'completed',
] as const satisfies readonly BookingStatus[];
const everyStatusListed: Exclude<BookingStatus, (typeof BOOKING_STATUSES)[number]> extends never
  ? true
  : false = true;
void everyStatusListed;

/** Visibility string literals: double quotes, with quotes and backslashes escaped. */
function literal(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function bookingSearchQuery(search: BookingSearch): string {
  const parts = ["WorkflowType = 'LeadBookingWorkflow'", "ExecutionStatus = 'Running'"];
  if (search.needsAttention !== undefined)
    parts.push(`${NeedsAttentionAttr.name} = ${search.needsAttention}`);
  if (search.clientId) parts.push(`${ClientIdAttr.name} = ${literal(search.clientId)}`);
  if (search.status) parts.push(`${BookingStatusAttr.name} = ${literal(search.status)}`);
  if (search.provider) parts.push(`${BookingProviderAttr.name} = ${literal(search.provider)}`);
  return parts.join(' AND ');
}
