import { chooseSlots } from '../src/domain/slots/chooseSlots';
import type { ProviderName } from '../src/providers/names';
import { forgetSlot, loadAvailability } from './availability';
import { recordedBooking } from './bookingRecords';
import type { ActivityDeps } from './deps';
import { loadLead, loadWorkspace } from './workspace';

export interface OfferMade {
  slots: string[];
  provider: ProviderName;
  leadTimeZone: string;
  offerExpiryHours: number;
  /** The lead already has a booking (any provider's appointment id): nothing was offered. */
  alreadyBooked?: { provider: ProviderName; bookingId: string };
}

export function offerActivities(deps: ActivityDeps) {
  return {
    /** Chooses slots for the lead in their time zone and records them as the lead's current offer. */
    async offerSlots(args: {
      clientId: string;
      leadId: string;
      near?: string;
      fresh?: boolean;
      exclude?: string[];
    }): Promise<OfferMade> {
      const lead = await loadLead(deps, args.clientId, args.leadId);
      const ws = await loadWorkspace(deps, args.clientId);
      const leadTimeZone = lead.timezone ?? ws.settings.timezone;
      const recorded = recordedBooking(lead);
      if (recorded) {
        const alreadyBooked = { provider: recorded.provider, bookingId: recorded.bookingId };
        return { slots: [], provider: ws.providerName, leadTimeZone, offerExpiryHours: 0, alreadyBooked };
      }
      const excluded = new Set((args.exclude ?? []).map((s) => Date.parse(s)));
      const available = (await loadAvailability(deps, { ...ws, fresh: args.fresh })).filter(
        (s) => !excluded.has(Date.parse(s)),
      );
      const slots = chooseSlots(available, {
        count: ws.settings.slotsToOffer,
        leadTimeZone,
        now: new Date(),
        near: args.near ? new Date(args.near) : undefined,
      });
      await deps.db.lead.update({
        where: { id: lead.id },
        data: slots.length
          ? {
              offeredSlots: slots,
              offeredAt: new Date(),
              status: 'slots-offered',
              needsAttentionReason: null,
            }
          : {},
      });
      return {
        slots,
        provider: ws.providerName,
        leadTimeZone,
        offerExpiryHours: ws.settings.offerExpiryHours,
      };
    },

    async expireOffer(args: { clientId: string; leadId: string }): Promise<void> {
      await deps.db.lead.updateMany({
        where: { id: args.leadId, clientId: args.clientId, status: 'slots-offered' },
        data: { offeredSlots: [], status: 'offer-expired' },
      });
    },

    /** Is a time the lead proposed free right now? Reads the provider, not the cache. */
    async checkProposedTime(args: {
      clientId: string;
      proposal: { start: string; end?: string };
    }): Promise<{ available: true; slot: string } | { available: false }> {
      const ws = await loadWorkspace(deps, args.clientId);
      const slots = await loadAvailability(deps, { ...ws, fresh: true });
      const start = Date.parse(args.proposal.start);
      const end = args.proposal.end ? Date.parse(args.proposal.end) : start;
      // An exact time must match a slot start; a window ("thursday morning") takes its earliest free slot.
      const slot = slots.find((s) => {
        const t = Date.parse(s);
        return args.proposal.end ? t >= start && t < end : t === start;
      });
      return slot ? { available: true, slot } : { available: false };
    },

    async forgetTakenSlot(args: { clientId: string; provider: ProviderName; slot: string }): Promise<void> {
      await forgetSlot(deps, args.clientId, args.provider, args.slot);
    },
  };
}
