/**
 * Visibility queries operators run (in the Temporal UI, with `temporal workflow list --query`, or through
 * GET /api/ops/bookings). One builder so the API, the README runbook and the tests use the same strings.
 */
export interface BookingSearch {
  needsAttention?: boolean;
  clientId?: string;
  status?: string;
  provider?: string;
}

/** Visibility string literals: double quotes, with quotes and backslashes escaped. */
function literal(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function bookingSearchQuery(search: BookingSearch): string {
  const parts = ["WorkflowType = 'LeadBookingWorkflow'", "ExecutionStatus = 'Running'"];
  if (search.needsAttention !== undefined) parts.push(`NeedsAttention = ${search.needsAttention}`);
  if (search.clientId) parts.push(`ClientId = ${literal(search.clientId)}`);
  if (search.status) parts.push(`BookingStatus = ${literal(search.status)}`);
  if (search.provider) parts.push(`BookingProvider = ${literal(search.provider)}`);
  return parts.join(' AND ');
}
