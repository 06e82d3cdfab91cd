import type { Db } from '../src/db/prisma';
import { Prisma } from '../src/db/prisma';
import type { Lead } from '../src/generated/prisma/client';
import { PROVIDERS, providerModules } from '../src/providers/registry';
import type { BookingRecord, ProviderName } from '../workflows/messages';

/**
 * Writes a booking onto the lead exactly as the previous system did: provider id (the provider's own
 * Lead columns, src/providers/<name>/leadRecord.ts), bookedSlot, appointmentBookedAt, status
 * "meeting-booked", offeredSlots cleared, and the lead's active follow-ups that were NOT started by the
 * meeting selection itself completed (the meeting supersedes them).
 */
export async function writeBooking(db: Db, leadId: string, booking: BookingRecord): Promise<void> {
  // One transaction of two statements, in the array form: no interactive transaction to hold open
  // (cheaper for the worker's thread, which also runs every workflow activation).
  await db.$transaction([
    db.lead.update({
      where: { id: leadId },
      data: {
        ...PROVIDERS[booking.provider].leadRecord.columns(booking),
        bookedSlot: new Date(booking.startTime),
        appointmentBookedAt: new Date(booking.bookedAt),
        status: 'meeting-booked',
        offeredSlots: Prisma.DbNull,
        needsAttentionReason: null,
      },
    }),
    db.followUpInstance.updateMany({
      where: { leadId, status: 'active', triggeredByMeetingSelection: false },
      data: { status: 'completed', completedAt: new Date() },
    }),
  ]);
}

/** Clears a cancelled booking from the lead (only if it is still the lead's current booking). */
export async function writeCancellation(db: Db, leadId: string, booking: BookingRecord): Promise<void> {
  const cleared = Object.assign({}, ...providerModules().map((p) => p.leadRecord.cleared));
  await db.lead.updateMany({
    where: { id: leadId, ...PROVIDERS[booking.provider].leadRecord.isCurrent(booking.bookingId) },
    data: { ...cleared, bookedSlot: null, status: 'meeting-canceled' },
  });
}

/** The booking the Lead row already records (any provider's), if it has a booked slot. */
export function recordedBooking(
  lead: Lead,
): { provider: ProviderName; bookingId: string; scheduledEventUri?: string } | undefined {
  // Any provider's appointment id means booked, with or without `bookedSlot` (leads from the system
  // this replaces may carry only the id): such a lead is never offered slots or booked again.
  for (const p of providerModules()) {
    const recorded = p.leadRecord.recorded(lead);
    if (recorded) return { provider: p.name, ...recorded };
  }
  return undefined;
}
