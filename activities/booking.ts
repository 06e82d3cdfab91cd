import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../workflows/failures';
import type { BookingRecord } from '../workflows/messages';
import { forgetSlot } from './availability';
import { writeBooking, writeCancellation } from './bookingRecords';
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
    }): Promise<Omit<BookingRecord, 'confirmed'>> {
      const lead = await loadLead(deps, args.clientId, args.leadId);
      const existingId = lead.ghlAppointmentId ?? lead.calendlyInviteeUri;
      if (existingId && lead.bookedSlot) {
        return {
          provider: lead.ghlAppointmentId ? 'ghl' : 'calendly',
          bookingId: existingId,
          scheduledEventUri: lead.calendlyScheduledEventUri ?? undefined,
          startTime: lead.bookedSlot.toISOString(),
          bookedAt: (lead.appointmentBookedAt ?? new Date()).toISOString(),
        };
      }
      const ws = await loadWorkspace(deps, args.clientId);
      if (ws.providerName === 'calendly' && !lead.email)
        throw ApplicationFailure.nonRetryable(
          'lead has no email address; Calendly needs one to book',
          FailureType.LeadNotBookable,
        );
      if (ws.providerName === 'ghl' && !lead.ghlContactId)
        throw ApplicationFailure.nonRetryable(
          'lead has no GHL contact id; GHL needs one to book',
          FailureType.LeadNotBookable,
        );
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
      );
      const booking: BookingRecord = {
        provider: confirmation.provider,
        bookingId: confirmation.bookingId,
        scheduledEventUri: confirmation.scheduledEventUri,
        startTime: new Date(confirmation.startTime).toISOString(),
        bookedAt: new Date().toISOString(),
        confirmed: false,
      };
      await writeBooking(deps.db, lead.id, booking);
      await forgetSlot(deps, args.clientId, ws.providerName, args.startTime);
      deps.logger.info(
        {
          clientId: args.clientId,
          leadId: lead.id,
          provider: booking.provider,
          alreadyExisted: confirmation.alreadyExisted,
        },
        'booking recorded',
      );
      const { confirmed: _unused, ...rest } = booking;
      return rest;
    },

    async cancelProviderBooking(args: {
      clientId: string;
      leadId: string;
      booking: BookingRecord;
      reason: string;
    }) {
      const ws = await loadWorkspace(deps, args.clientId);
      const provider = deps.providers.get(args.booking.provider) ?? ws.provider;
      await callProvider(() => provider.cancelBooking(ws.ctx, args.booking.bookingId, args.reason));
    },

    async recordBooking(args: { clientId: string; leadId: string; booking: BookingRecord }): Promise<void> {
      await writeBooking(deps.db, args.leadId, args.booking);
    },

    async recordConfirmation(args: {
      clientId: string;
      leadId: string;
      booking: BookingRecord;
    }): Promise<void> {
      if (args.booking.provider === 'calendly') await writeBooking(deps.db, args.leadId, args.booking);
    },

    async recordCancellation(args: {
      clientId: string;
      leadId: string;
      booking: BookingRecord;
      reason: string;
    }) {
      await writeCancellation(deps.db, args.leadId, args.booking);
    },

    async markLeadNeedsAttention(args: { clientId: string; leadId: string; reason: string }): Promise<void> {
      await deps.db.lead.updateMany({
        where: { id: args.leadId, clientId: args.clientId },
        data: { needsAttentionReason: args.reason.slice(0, 500) },
      });
    },
  };
}
