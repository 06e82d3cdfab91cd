import type { ProviderBookingEvent } from '../../workflows/messages';
import type { Db } from '../db/prisma';
import { AppError } from '../errors';
import { contactNote, leadFromContact } from '../leads/contactLeads';
import { upsertLead } from '../leads/leadDirectory';
import type { ServiceMetrics } from '../observability/metrics';
import type { ProviderModule } from '../providers/module';
import type { WebhookMeaning } from '../providers/webhook';
import type { ContactLookup } from './contactLookup';
import { ingestInboundMessage } from './inboundMessages';
import type { LeadWorkflows } from './leadWorkflows';
import type { DeliveryOutcome, WebhookDeliverer } from './webhookInbox';

/**
 * Turns a stored, verified provider webhook into what it means for the lead's booking workflow: the
 * provider says what happened (its webhook part's `interpret`), this hands it on. The signal's event key
 * is `<provider>:<stored event key>` (GHL: `ghl:<webhookId>`; Calendly: `calendly:<event>:<invitee URI>`),
 * which the workflow deduplicates on.
 */
export function providerDeliverer(
  provider: ProviderModule,
  db: Db,
  workflows: LeadWorkflows,
  metrics?: Pick<ServiceMetrics, 'inboundMessages'>,
  contacts?: ContactLookup,
): WebhookDeliverer {
  return async (row): Promise<DeliveryOutcome> => {
    const meaning = await provider.webhook.interpret(row, db);
    if (meaning.kind === 'ignored') return { status: 'ignored', leadId: meaning.leadId, note: meaning.note };
    if (meaning.kind === 'contact_details') {
      const { input, dropped } = leadFromContact(meaning.contact);
      const { lead, created } = await upsertLead(db, row.clientId, meaning.externalId, input);
      return { status: 'delivered', leadId: lead.id, note: contactNote(created, dropped) };
    }
    if (meaning.kind === 'contact_message') return contactMessage(row.clientId, meaning);
    const { leadId } = meaning;
    if (meaning.kind === 'lead_message') {
      const out = await ingestInboundMessage(
        db,
        workflows,
        { clientId: row.clientId, leadId, ...meaning.message },
        metrics,
      );
      return { status: 'delivered', leadId, note: out.result };
    }
    const signal = {
      ...meaning.event,
      eventKey: `${provider.name}:${row.eventKey}`,
      provider: provider.name,
    } as ProviderBookingEvent;
    if (signal.kind !== 'confirmed' && !(await workflows.isRunning(row.clientId, leadId)))
      return { status: 'ignored', leadId, note: 'no booking workflow for this lead' };
    // Signal-with-start: a lead who booked on the provider's own page (or whose appointment was made in
    // the provider directly) with no offer from us gets a workflow that records the booking.
    await workflows.providerEvent(row.clientId, leadId, signal, signal.kind === 'confirmed');
    return { status: 'delivered', leadId };
  };

  /** A message from a contact with no lead: made from the provider's contact, else ignored (not retried). */
  async function contactMessage(
    clientId: string,
    meaning: Extract<WebhookMeaning, { kind: 'contact_message' }>,
  ): Promise<DeliveryOutcome> {
    try {
      const out = await ingestInboundMessage(
        db,
        workflows,
        { clientId, ghlContactId: meaning.externalId, ...meaning.message },
        metrics,
        contacts,
      );
      return { status: 'delivered', leadId: out.leadId, note: out.result };
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found')
        return {
          status: 'ignored',
          note: `no lead for contact ${meaning.externalId} and the provider does not know it`,
        };
      throw err;
    }
  }
}
