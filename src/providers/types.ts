import { ProviderError } from '../errors';
import type { ProviderName } from './names';

/**
 * The one interface every booking provider's adapter implements. Shared code (activities, API) only
 * ever talks to this and to the provider module (./module.ts); nothing here names a provider's own
 * fields: each provider declares its credentials schema in its folder (src/providers/<name>/credentials.ts).
 */

export type { ProviderName };

/** Everything a provider needs to act for one workspace. */
export interface WorkspaceProviderContext<Credentials = unknown> {
  clientId: string;
  /** Workspace IANA time zone (fallback when a lead has none). */
  timezone: string;
  meetingDurationMinutes: number;
  /**
   * This provider's credentials (decrypted), as its credentials schema describes them; absent when the
   * workspace has not connected the provider.
   */
  credentials?: Credentials;
}

export interface BookingLead {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  timezone: string;
  /** The lead's GHL contact: GHL is also the CRM the leads come from, whatever books the meeting. */
  ghlContactId: string | null;
}

export interface BookSlotRequest {
  lead: BookingLead;
  /** ISO-8601 UTC start of the accepted slot. */
  startTime: string;
  title: string;
}

export interface BookingConfirmation {
  provider: ProviderName;
  /** The provider's id of the booking (GHL appointment id, Calendly invitee URI). */
  bookingId: string;
  /** The provider's id of the meeting when it differs from the booking's (Calendly scheduled event URI). */
  scheduledEventUri?: string;
  startTime: string;
  endTime: string;
  /** True when a retry found the booking a previous attempt had already made. */
  alreadyExisted: boolean;
}

export interface BookingProviderAdapter<Credentials = unknown> {
  readonly name: ProviderName;
  /** Free start times (ISO-8601 UTC, ascending) in [from, to). */
  listAvailableSlots(
    ctx: WorkspaceProviderContext<Credentials>,
    window: { from: Date; to: Date },
  ): Promise<string[]>;
  /**
   * Books the slot. MUST be idempotent: before creating, look for the lead's existing booking at that
   * start time and return it (alreadyExisted = true). Throws ProviderError (kind 'slot_unavailable'
   * when the time was taken meanwhile, 'invalid_request' when the lead lacks what the provider needs).
   */
  bookSlot(
    ctx: WorkspaceProviderContext<Credentials>,
    request: BookSlotRequest,
  ): Promise<BookingConfirmation>;
  /** Cancels a booking; cancelling an already cancelled booking is not an error. */
  cancelBooking(ctx: WorkspaceProviderContext<Credentials>, bookingId: string, reason: string): Promise<void>;
}

/**
 * The workspace's credentials for this provider, or the error every adapter throws without them
 * (`needs` says what a connection consists of, for the operator reading it).
 */
export function requireCredentials<Credentials>(
  ctx: WorkspaceProviderContext<Credentials>,
  provider: { name: ProviderName; label: string; needs: string },
): Credentials {
  if (ctx.credentials) return ctx.credentials;
  throw new ProviderError(
    provider.name,
    'invalid_request',
    `Workspace ${ctx.clientId} has no ${provider.label} connection (${provider.needs} are required)`,
  );
}
