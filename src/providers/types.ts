/**
 * The one interface every booking provider implements (one folder per provider under src/providers,
 * registered in ./registry.ts). The workflow and activities only ever talk to this interface.
 */

export type ProviderName = 'ghl' | 'calendly';

/** Everything a provider needs to act for one workspace (credentials already decrypted). */
export interface WorkspaceProviderContext {
  clientId: string;
  /** Workspace IANA time zone (fallback when a lead has none). */
  timezone: string;
  meetingDurationMinutes: number;
  ghl?: { locationId: string; accessToken: string; calendarId: string };
  calendly?: { accessToken: string; eventTypeUri: string; organizationUri: string; userUri: string };
}

export interface BookingLead {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  timezone: string;
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
  /** GHL appointment id, or Calendly invitee URI. */
  bookingId: string;
  /** Calendly scheduled event URI (absent for GHL). */
  scheduledEventUri?: string;
  startTime: string;
  endTime: string;
  /** True when a retry found the booking a previous attempt had already made. */
  alreadyExisted: boolean;
}

export interface BookingProviderAdapter {
  readonly name: ProviderName;
  /** Free start times (ISO-8601 UTC, ascending) in [from, to). */
  listAvailableSlots(ctx: WorkspaceProviderContext, window: { from: Date; to: Date }): Promise<string[]>;
  /**
   * Books the slot. MUST be idempotent: before creating, look for the lead's existing booking at that
   * start time and return it (alreadyExisted = true). Throws ProviderError (kind 'slot_unavailable'
   * when the time was taken meanwhile).
   */
  bookSlot(ctx: WorkspaceProviderContext, request: BookSlotRequest): Promise<BookingConfirmation>;
  /** Cancels a booking; cancelling an already cancelled booking is not an error. */
  cancelBooking(ctx: WorkspaceProviderContext, bookingId: string, reason: string): Promise<void>;
}
