import type { Db } from '../src/db/prisma';
import { Prisma } from '../src/db/prisma';
import type { BookingRecord } from '../workflows/messages';

type Tx = Prisma.TransactionClient | Db;

/**
 * Writes a booking onto the lead exactly as the previous system did: provider id, bookedSlot,
 * appointmentBookedAt, status "meeting-booked", offeredSlots cleared, and the lead's active follow-ups
 * that were NOT started by the meeting selection itself completed (the meeting supersedes them).
 */
export async function writeBooking(db: Db, leadId: string, booking: BookingRecord): Promise<void> {
  await db.$transaction(async (tx: Tx) => {
    const providerFields =
      booking.provider === 'ghl'
        ? { ghlAppointmentId: booking.bookingId }
        : {
            calendlyInviteeUri: booking.bookingId,
            calendlyScheduledEventUri: booking.scheduledEventUri ?? null,
          };
    await tx.lead.update({
      where: { id: leadId },
      data: {
        ...providerFields,
        bookedSlot: new Date(booking.startTime),
        appointmentBookedAt: new Date(booking.bookedAt),
        status: 'meeting-booked',
        offeredSlots: Prisma.DbNull,
        needsAttentionReason: null,
      },
    });
    await tx.followUpInstance.updateMany({
      where: { leadId, status: 'active', triggeredByMeetingSelection: false },
      data: { status: 'completed', completedAt: new Date() },
    });
  });
}

/** Clears a cancelled booking from the lead (only if it is still the lead's current booking). */
export async function writeCancellation(db: Db, leadId: string, booking: BookingRecord): Promise<void> {
  const match =
    booking.provider === 'ghl'
      ? { ghlAppointmentId: booking.bookingId }
      : { calendlyInviteeUri: booking.bookingId };
  await db.lead.updateMany({
    where: { id: leadId, ...match },
    data: {
      ghlAppointmentId: null,
      calendlyInviteeUri: null,
      calendlyScheduledEventUri: null,
      bookedSlot: null,
      status: 'meeting-canceled',
    },
  });
}
