import { NO_SHOW_LEAD_STATUS } from '../src/leads/leadStatus';
import { PROVIDERS } from '../src/providers/registry';
import type { BookingRecord } from '../workflows/messages';
import type { ActivityDeps } from './deps';

/**
 * No-shows on the Lead row. Both writes touch the lead only while the booking is still its current one
 * (a late mark for an old invitee never overwrites a newer booking), so retries and replays are harmless.
 */
export function noShowActivities(deps: ActivityDeps) {
  const current = (leadId: string, clientId: string, booking: BookingRecord) => ({
    id: leadId,
    clientId,
    ...PROVIDERS[booking.provider].leadRecord.isCurrent(booking.bookingId),
  });
  return {
    async recordNoShow(args: {
      clientId: string;
      leadId: string;
      booking: BookingRecord;
      reason: string;
    }): Promise<void> {
      await deps.db.lead.updateMany({
        where: current(args.leadId, args.clientId, args.booking),
        data: { status: NO_SHOW_LEAD_STATUS, needsAttentionReason: args.reason.slice(0, 500) },
      });
    },

    /** The mark was removed: booked again, and the follow-up flag it raised is cleared. */
    async recordNoShowUndone(args: {
      clientId: string;
      leadId: string;
      booking: BookingRecord;
    }): Promise<void> {
      await deps.db.lead.updateMany({
        where: { ...current(args.leadId, args.clientId, args.booking), status: NO_SHOW_LEAD_STATUS },
        data: { status: 'meeting-booked', needsAttentionReason: null },
      });
    },
  };
}
