import type { ProviderBookingEvent } from '../../workflows/messages';
import type { Db } from '../db/prisma';
import type { ServiceMetrics } from '../observability/metrics';
import type { AppointmentWebhook, GhlWebhookEvent } from '../providers/ghl/schemas';
import { ingestInboundMessage } from './inboundMessages';
import type { LeadWorkflows } from './leadWorkflows';
import type { DeliveryOutcome, WebhookDeliverer } from './webhookInbox';

const CANCELLED = new Set(['cancelled', 'canceled', 'invalid']);

/** Turns a stored, verified GHL webhook into what it means for the lead's booking workflow. */
export function ghlDeliverer(
  db: Db,
  workflows: LeadWorkflows,
  metrics?: Pick<ServiceMetrics, 'inboundMessages'>,
): WebhookDeliverer {
  return async (row): Promise<DeliveryOutcome> => {
    const event = row.payload as GhlWebhookEvent;
    if (event.type === 'InboundMessage') {
      if (!event.body?.trim()) return { status: 'ignored', note: 'message has no text' };
      const lead = await db.lead.findFirst({
        where: { clientId: row.clientId, ghlContactId: event.contactId },
        select: { id: true },
      });
      if (!lead) return { status: 'ignored', note: `no lead for GHL contact ${event.contactId}` };
      const out = await ingestInboundMessage(
        db,
        workflows,
        {
          clientId: row.clientId,
          leadId: lead.id,
          messageId: event.messageId ?? event.webhookId,
          body: event.body,
          channel: event.messageType ?? 'SMS',
          receivedAt: event.dateAdded ?? event.timestamp,
        },
        metrics,
      );
      return { status: 'delivered', leadId: lead.id, note: out.result };
    }
    return deliverAppointmentEvent(db, workflows, row.clientId, event);
  };
}

async function deliverAppointmentEvent(
  db: Db,
  workflows: LeadWorkflows,
  clientId: string,
  event: AppointmentWebhook,
): Promise<DeliveryOutcome> {
  const appt = event.appointment;
  const lead = await db.lead.findFirst({
    where: {
      clientId,
      OR: [{ ghlAppointmentId: appt.id }, ...(appt.contactId ? [{ ghlContactId: appt.contactId }] : [])],
    },
    select: { id: true },
  });
  if (!lead) return { status: 'ignored', note: `no lead for appointment ${appt.id}` };
  const eventKey = `ghl:${event.webhookId}`;
  const startTime = appt.startTime ? new Date(appt.startTime).toISOString() : undefined;
  let signal: ProviderBookingEvent;
  if (event.type === 'AppointmentDelete' || CANCELLED.has((appt.appointmentStatus ?? '').toLowerCase())) {
    signal = {
      kind: 'canceled',
      eventKey,
      provider: 'ghl',
      bookingId: appt.id,
      reason: appt.appointmentStatus ?? 'deleted',
    };
  } else if (!startTime) {
    return { status: 'ignored', leadId: lead.id, note: 'appointment without start time' };
  } else if (event.type === 'AppointmentUpdate') {
    signal = { kind: 'moved', eventKey, provider: 'ghl', bookingId: appt.id, startTime };
  } else {
    signal = { kind: 'confirmed', eventKey, provider: 'ghl', bookingId: appt.id, startTime };
  }
  if (signal.kind !== 'confirmed' && !(await workflows.isRunning(clientId, lead.id)))
    return { status: 'ignored', leadId: lead.id, note: 'no booking workflow for this lead' };
  // Signal-with-start: an appointment made directly in GHL for a lead without a workflow is adopted.
  await workflows.providerEvent(clientId, lead.id, signal, signal.kind === 'confirmed');
  return { status: 'delivered', leadId: lead.id };
}
