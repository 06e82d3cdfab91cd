import type { LeadBookingColumns } from '../module';

/** A GHL booking on the Lead row: the appointment id. */
export const ghlLeadRecord: LeadBookingColumns = {
  recorded: (lead) => (lead.ghlAppointmentId ? { bookingId: lead.ghlAppointmentId } : undefined),
  columns: (booking) => ({ ghlAppointmentId: booking.bookingId }),
  isCurrent: (bookingId) => ({ ghlAppointmentId: bookingId }),
  cleared: { ghlAppointmentId: null },
  // GHL's AppointmentCreate only confirms what bookAcceptedSlot already wrote.
  confirmationUpdatesLead: false,
};
