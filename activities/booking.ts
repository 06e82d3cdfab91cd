import { ApplicationFailure } from '@temporalio/common';
import { bookingFailed, observeAcceptToBooked } from '../src/observability/metrics';
import { PROVIDERS } from '../src/providers/registry';
import { FailureType } from '../workflows/failures';
import type { BookingRecord, ProviderName } from '../workflows/messages';
import { activityLogger } from './activityLogger';
import { forgetSlot } from './availability';
import { recordedBooking, writeBooking, writeCancellation } from './bookingRecords';
import type { ActivityDeps } from './deps';
import { callProvider } from './providerFailure';
import { loadLead, loadWorkspace } from './workspace';

export function bookingActivities(deps: ActivityDeps) {
  return {
    /**
     * Books the accepted slot at the workspace's provider and records it. Safe to retry at any point:
     * a lead that already has a provider booking is never booked again, and the provider adapters look
     * for a booking an earlier attempt made before creating one.
     */
    async bookAcceptedSlot(args: {
      clientId: string;
      leadId: string;
      startTime: string;
      /** When the lead accepted, for the accept → booked latency metric. */
      acceptedAt?: string;
      /**
       * The provider the workflow offered on (its recorded `provider`). Absent (histories recorded before
       * it was passed): the workspace's current provider, as before.
       */
      provider?: ProviderName;
    }): Promise<Omit<BookingRecord, 'confirmed'> & { reminderOffsetsMinutes?: number[] }> {
      const log = activityLogger(deps, { clientId: args.clientId, leadId: args.leadId });
      log.info({ startTime: args.startTime, acceptedAt: args.acceptedAt }, 'booking accepted slot');
      const lead = await loadLead(deps, args.clientId, args.leadId);
      const recorded = recordedBooking(lead);
      if (recorded && !lead.bookedSlot) {
        // Booked before we knew when (a legacy id without its slot): never book a second meeting.
        throw ApplicationFailure.create({
          type: FailureType.LeadNotBookable,
          nonRetryable: true,
          message: `the lead already has ${recorded.provider} booking ${recorded.bookingId}; not booking another`,
        });
      }
      if (recorded && lead.bookedSlot) {
        deps.metrics.bookings.inc({ provider: recorded.provider, outcome: 'already_booked' });
        log.info(
          { provider: recorded.provider, bookingId: recorded.bookingId },
          'lead already booked; returning the recorded booking',
        );
        return {
          ...recorded,
          startTime: lead.bookedSlot.toISOString(),
          bookedAt: (lead.appointmentBookedAt ?? new Date()).toISOString(),
        };
      }
      // What a lead needs for this provider (an email, a contact id) is the adapter's to check.
      const ws = await loadWorkspace(deps, args.clientId, args.provider);
      const confirmation = await callProvider(() =>
        ws.provider.bookSlot(ws.ctx, {
          lead: {
            id: lead.id,
            name: lead.name,
            email: lead.email,
            phone: lead.phone,
            timezone: lead.timezone ?? ws.settings.timezone,
            ghlContactId: lead.ghlContactId,
          },
          startTime: args.startTime,
          title: `Meeting with ${lead.name ?? 'lead'}`,
        }),
      ).catch((err: unknown) => {
        throw bookingFailed(deps.metrics, log, ws.providerName, err);
      });
      const booking: BookingRecord = {
        provider: confirmation.provider,
        bookingId: confirmation.bookingId,
        scheduledEventUri: confirmation.scheduledEventUri,
        startTime: new Date(confirmation.startTime).toISOString(),
        bookedAt: new Date().toISOString(),
        confirmed: false,
      };
      await writeBooking(deps.db, lead.id, booking);
      deps.metrics.bookings.inc({ provider: booking.provider, outcome: 'booked' });
      const acceptToBookedSeconds = observeAcceptToBooked(
        deps.metrics,
        booking.provider,
        args.acceptedAt,
        booking.bookedAt,
      );
      await forgetSlot(deps, args.clientId, ws.providerName, args.startTime);
      log.info(
        {
          provider: booking.provider,
          bookingId: booking.bookingId,
          alreadyExisted: confirmation.alreadyExisted,
          acceptToBookedSeconds,
        },
        'booking recorded',
      );
      const { confirmed: _unused, ...rest } = booking;
      // The reminder plan read with the workspace: the post-booking sequence starts with it instead of
      // reading the settings again in an activity of its own.
      return { ...rest, reminderOffsetsMinutes: [...ws.settings.reminderOffsetsMinutes] };
    },

    async cancelProviderBooking(args: {
      clientId: string;
      leadId: string;
      booking: BookingRecord;
      reason: string;
    }) {
      const ws = await loadWorkspace(deps, args.clientId, args.booking.provider);
      await callProvider(() => ws.provider.cancelBooking(ws.ctx, args.booking.bookingId, args.reason));
    },

    async recordBooking(args: { clientId: string; leadId: string; booking: BookingRecord }): Promise<void> {
      await writeBooking(deps.db, args.leadId, args.booking);
    },

    async recordConfirmation(args: {
      clientId: string;
      leadId: string;
      booking: BookingRecord;
    }): Promise<void> {
      if (PROVIDERS[args.booking.provider].leadRecord.confirmationUpdatesLead)
        await writeBooking(deps.db, args.leadId, args.booking);
    },

    async recordCancellation(args: {
      clientId: string;
      leadId: string;
      booking: BookingRecord;
      reason: string;
    }) {
      await writeCancellation(deps.db, args.leadId, args.booking);
    },

    /** The lead's workflow ended without a booking after a long silence: its final state, on the lead. */
    async recordLeadEnded(args: { clientId: string; leadId: string; finalStatus: string }): Promise<void> {
      await deps.db.lead.updateMany({
        where: { id: args.leadId, clientId: args.clientId, status: { not: 'meeting-booked' } },
        data: { status: 'inactive', needsAttentionReason: null, offeredSlots: [] },
      });
    },

    async markLeadNeedsAttention(args: { clientId: string; leadId: string; reason: string }): Promise<void> {
      await deps.db.lead.updateMany({
        where: { id: args.leadId, clientId: args.clientId },
        data: { needsAttentionReason: args.reason.slice(0, 500) },
      });
    },
  };
}
