import type { ProviderBookingEvent } from '../../workflows/messages';
import type { Db } from '../db/prisma';
import type { CalendlyWebhookEvent } from '../providers/calendly/schemas';
import type { LeadWorkflows } from './leadWorkflows';
import type { DeliveryOutcome, WebhookDeliverer } from './webhookInbox';

/**
 * Turns a stored, verified Calendly webhook into a booking event for the lead's workflow.
 * The lead is found by the invitee URIs we recorded (this invitee, or the one it replaces), else by
 * email: our own booking's webhook can overtake the activity that records it, and a lead who booked
 * on the Calendly page has no invitee URI with us yet.
 */
export function calendlyDeliverer(db: Db, workflows: LeadWorkflows): WebhookDeliverer {
  return async (row): Promise<DeliveryOutcome> => {
    const e = row.payload as CalendlyWebhookEvent;
    const p = e.payload;
    const knownUris = [p.uri, p.old_invitee, p.new_invitee].filter((u): u is string => !!u);
    const lead =
      (await db.lead.findFirst({
        where: { clientId: row.clientId, calendlyInviteeUri: { in: knownUris } },
        select: { id: true },
      })) ??
      (await db.lead.findFirst({
        where: { clientId: row.clientId, email: { equals: p.email, mode: 'insensitive' } },
        orderBy: { updatedAt: 'desc' },
        select: { id: true },
      }));
    if (!lead) return { status: 'ignored', note: `no lead with invitee ${p.uri} or email` };

    const eventKey = `calendly:${e.event}:${p.uri}`;
    let signal: ProviderBookingEvent;
    if (e.event === 'invitee.created') {
      signal = {
        kind: 'confirmed',
        eventKey,
        provider: 'calendly',
        bookingId: p.uri,
        scheduledEventUri: p.scheduled_event.uri,
        startTime: new Date(p.scheduled_event.start_time).toISOString(),
        replacesBookingId: p.old_invitee ?? undefined,
      };
    } else {
      signal = {
        kind: 'canceled',
        eventKey,
        provider: 'calendly',
        bookingId: p.uri,
        reason: p.cancellation?.reason ?? undefined,
        rescheduledToBookingId: p.rescheduled ? (p.new_invitee ?? undefined) : undefined,
      };
    }
    if (signal.kind === 'canceled' && !(await workflows.isRunning(row.clientId, lead.id)))
      return { status: 'ignored', leadId: lead.id, note: 'no booking workflow for this lead' };
    // Signal-with-start: a lead who booked on the Calendly page with no offer from us gets a workflow
    // that records the booking; a running workflow just receives the signal.
    await workflows.providerEvent(row.clientId, lead.id, signal, signal.kind === 'confirmed');
    return { status: 'delivered', leadId: lead.id };
  };
}
