import type { CalendlyEventTypeLocation } from './schemas';

/**
 * The `location` a POST /invitees needs for the event type, chosen from the kinds its host configured
 * (`locations`, in the host's order: the first one the booking page preselects).
 *
 * Calendly requires a location only when the event type asks the invitee for one. Two kinds do:
 * `outbound_call` (the host calls the invitee: their phone number) and `ask_invitee` (the invitee types
 * where to meet); we fill both with the lead's phone number, the one way to reach a lead we hold. Every
 * other known kind is set by the host (an address, their own number, a conference link Calendly makes),
 * so choosing it needs nothing from the lead; we still name it, so a multi-location event type books the
 * kind we picked rather than whatever Calendly would default to. Kinds we do not know are never guessed.
 */
export type InviteeLocationChoice =
  /** The event type has no location configured: POST /invitees carries none. */
  | { kind: 'none' }
  | { kind: 'send'; location: { kind: string; location?: string } }
  /** Nothing we can fill: `reason` says why, for the person who must look at the lead. */
  | { kind: 'unfillable'; leadIsMissing: 'phone' | null; reason: string };

/** Filled in by the invitee; we answer with the lead's phone number. */
export const LOCATION_KINDS_FROM_LEAD_PHONE = ['outbound_call', 'ask_invitee'] as const;

/** Set by the host; nothing to ask the lead for. */
export const HOST_LOCATION_KINDS = [
  'physical',
  'custom',
  'inbound_call',
  'google_conference',
  'zoom_conference',
  'gotomeeting_conference',
  'microsoft_teams_conference',
  'webex_conference',
] as const;

const fromLeadPhone = new Set<string>(LOCATION_KINDS_FROM_LEAD_PHONE);
const hostProvided = new Set<string>(HOST_LOCATION_KINDS);
/** Host kinds whose configured text Calendly expects back (the address, the custom text). */
const hostText = new Set(['physical', 'custom']);

export function chooseInviteeLocation(
  locations: readonly CalendlyEventTypeLocation[] | null | undefined,
  lead: { phone: string | null },
): InviteeLocationChoice {
  if (!locations || locations.length === 0) return { kind: 'none' };
  const phone = lead.phone?.trim() || undefined;
  for (const configured of locations) {
    if (hostProvided.has(configured.kind)) {
      const text = hostText.has(configured.kind) ? configured.location?.trim() : undefined;
      return { kind: 'send', location: { kind: configured.kind, ...(text ? { location: text } : {}) } };
    }
    if (fromLeadPhone.has(configured.kind) && phone)
      return { kind: 'send', location: { kind: configured.kind, location: phone } };
  }
  const kinds = [...new Set(locations.map((l) => l.kind))];
  const asksLead = kinds.filter((k) => fromLeadPhone.has(k));
  if (asksLead.length > 0)
    return {
      kind: 'unfillable',
      leadIsMissing: 'phone',
      reason: `the Calendly event type asks the invitee for a location (${kinds.join(', ')}) and the lead has no phone number to give`,
    };
  return {
    kind: 'unfillable',
    leadIsMissing: null,
    reason: `the Calendly event type's location kinds (${kinds.join(', ')}) are not ones we can fill; choose another location in Calendly or another event type`,
  };
}
