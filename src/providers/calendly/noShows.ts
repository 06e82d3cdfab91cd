import type { Db } from '../../db/prisma';
import type { WebhookMeaning } from '../webhook';
import type { CalendlyWebhookEvent } from './schemas';

type NoShowEvent = CalendlyWebhookEvent & { event: 'invitee_no_show.created' | 'invitee_no_show.deleted' };

export function isNoShowEvent(e: CalendlyWebhookEvent): e is NoShowEvent {
  return e.event === 'invitee_no_show.created' || e.event === 'invitee_no_show.deleted';
}

/**
 * A host's no-show mark (or its removal) on an invitee. It concerns a lead only when that invitee is the
 * booking the lead row records now; a mark on any other invitee (an old, moved or unrelated booking) is
 * stored and ignored, never matched by email as a new booking would be.
 */
export async function interpretNoShow(clientId: string, e: NoShowEvent, db: Db): Promise<WebhookMeaning> {
  const p = e.payload;
  const lead = await db.lead.findFirst({
    where: { clientId, calendlyInviteeUri: p.uri },
    select: { id: true },
  });
  if (!lead)
    return { kind: 'ignored', note: `no-show of invitee ${p.uri}, which is no lead's current booking` };
  return {
    kind: 'booking_event',
    leadId: lead.id,
    event: {
      kind: e.event === 'invitee_no_show.created' ? 'no_show' : 'no_show_undone',
      bookingId: p.uri,
      noShowId: p.no_show?.uri,
    },
  };
}
