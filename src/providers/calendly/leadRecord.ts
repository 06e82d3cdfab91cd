import type { LeadBookingColumns } from '../module';

/** A Calendly booking on the Lead row: the invitee URI and its scheduled event URI. */
export const calendlyLeadRecord: LeadBookingColumns = {
  recorded: (lead) =>
    lead.calendlyInviteeUri
      ? {
          bookingId: lead.calendlyInviteeUri,
          scheduledEventUri: lead.calendlyScheduledEventUri ?? undefined,
        }
      : undefined,
  columns: (booking) => ({
    calendlyInviteeUri: booking.bookingId,
    calendlyScheduledEventUri: booking.scheduledEventUri ?? null,
  }),
  isCurrent: (bookingId) => ({ calendlyInviteeUri: bookingId }),
  cleared: { calendlyInviteeUri: null, calendlyScheduledEventUri: null },
  // invitee.created names the scheduled event, and on a reschedule the invitee that replaces ours.
  confirmationUpdatesLead: true,
};
