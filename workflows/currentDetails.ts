import type { LeadBookingSnapshot } from './messages';

/**
 * The one line the Temporal UI shows as the workflow's current details: what it is waiting for, and
 * for a stuck booking, why and what an operator can do.
 */
export function currentDetails(s: LeadBookingSnapshot): string {
  const attention = s.attention ? ` NEEDS ATTENTION: ${s.attention.reason}.` : '';
  switch (s.status) {
    case 'new':
      return `Waiting for slots to be offered.${attention}`;
    case 'offered':
      return 'Choosing slots to offer.';
    case 'awaiting_reply':
      if (s.confirmation)
        return `Waiting for the lead to confirm ${s.confirmation.slot} (asked ${s.confirmation.askedAt}; a person is asked to follow up after ${s.confirmation.expiresAt}).${attention}`;
      return `Waiting for the lead to pick one of ${s.offer?.slots.length ?? 0} slots (offer expires ${s.offer?.expiresAt}).${attention}`;
    case 'booking':
      return `Booking ${s.acceptedSlot} at ${s.provider}.`;
    case 'booked':
      return `Booked ${s.booking?.startTime} at ${s.booking?.provider}; ${s.booking?.confirmed ? 'confirmed' : 'waiting for the provider to confirm'}; reminders scheduled.${attention}`;
    case 'canceled':
      return 'Booking canceled; the lead can be offered slots again.';
    case 'expired':
      return 'Offer expired without an answer; the lead can be offered slots again.';
    case 'needs_attention':
      return `Stuck: ${s.attention?.reason}. Operator actions: retry, reoffer, cancel, mark-booked.`;
    case 'no_show':
      return `The lead did not show up to the meeting of ${s.booking?.startTime}; reminders stopped. NEEDS ATTENTION: a setter follows up (for new times: cancel the missed booking, then reoffer).`;
    case 'completed':
      return 'Meeting time has passed.';
  }
}
