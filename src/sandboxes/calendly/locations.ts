import { type EventTypeLocationRecord, invalidArgument } from './model';

/**
 * POST /invitees `location` against the event type's configured locations (API-NOTES: required only
 * when the event type asks the invitee for a location). `outbound_call` (the host calls the invitee)
 * and `ask_invitee` (the invitee says where) need the invitee's answer in `location.location`; the
 * other kinds are the host's, so a booking may omit the location when one of those is configured.
 */
const INVITEE_FILLED = new Set(['outbound_call', 'ask_invitee']);

const invalid = (parameter: string, message: string) =>
  invalidArgument('The supplied parameters are invalid.', [{ parameter, message }]);

export function checkInviteeLocation(
  configured: readonly EventTypeLocationRecord[],
  given: { kind: string; location?: string } | undefined,
): void {
  if (configured.length === 0) return;
  const kinds = configured.map((l) => l.kind);
  if (!given) {
    if (kinds.every((k) => INVITEE_FILLED.has(k)))
      throw invalid('location', `location is required (one of: ${kinds.join(', ')})`);
    return;
  }
  if (!kinds.includes(given.kind))
    throw invalid('location.kind', `location kind must be one of: ${kinds.join(', ')}`);
  if (INVITEE_FILLED.has(given.kind) && !given.location?.trim())
    throw invalid('location.location', `location is required for kind ${given.kind}`);
}
