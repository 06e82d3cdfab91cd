import type { ReplyResult } from '../../workflows/messages';
import type { Db } from '../db/prisma';
import { Prisma } from '../db/prisma';
import { AppError } from '../errors';
import { leadFromContact } from '../leads/contactLeads';
import { upsertLead } from '../leads/leadDirectory';
import type { ServiceMetrics } from '../observability/metrics';
import type { ContactLookup } from './contactLookup';
import type { LeadWorkflows } from './leadWorkflows';

export interface InboundMessage {
  clientId: string;
  leadId?: string;
  ghlContactId?: string;
  messageId: string;
  body: string;
  channel: string;
  receivedAt: string;
}

export type InboundMessageOutcome = { duplicate: boolean; leadId: string } & ReplyResult;

/**
 * Hands a lead's message to their booking workflow, exactly once per (workspace, messageId).
 * The log row is written only after the workflow answered, so a failed delivery can be retried by the
 * sender; the workflow update id deduplicates a delivery that raced.
 */
export async function ingestInboundMessage(
  db: Db,
  workflows: LeadWorkflows,
  msg: InboundMessage,
  metrics?: Pick<ServiceMetrics, 'inboundMessages'>,
  contacts?: ContactLookup,
): Promise<InboundMessageOutcome> {
  const outcome = await ingest(db, workflows, msg, contacts);
  metrics?.inboundMessages.inc({ result: outcome.result });
  return outcome;
}

/**
 * A message from a contact we have no lead for yet (the lead was never PUT, its ContactCreate webhook
 * was lost or came later): the lead is made from the provider's contact, then gets the message. A
 * contact the provider does not know either leaves it unknown (404).
 */
async function leadFromProviderContact(
  db: Db,
  msg: InboundMessage,
  contacts: ContactLookup | undefined,
): Promise<{ id: string } | undefined> {
  if (msg.leadId || !msg.ghlContactId || !contacts) return undefined;
  const contact = await contacts(msg.clientId, msg.ghlContactId);
  if (!contact) return undefined;
  const { lead } = await upsertLead(db, msg.clientId, msg.ghlContactId, leadFromContact(contact).input);
  return { id: lead.id };
}

async function ingest(
  db: Db,
  workflows: LeadWorkflows,
  msg: InboundMessage,
  contacts: ContactLookup | undefined,
): Promise<InboundMessageOutcome> {
  const client = await db.client.findUnique({ where: { id: msg.clientId }, select: { id: true } });
  if (!client) throw new AppError('not_found', `unknown workspace ${msg.clientId}`);
  const known = await db.lead.findFirst({
    where: msg.leadId
      ? { id: msg.leadId, clientId: msg.clientId }
      : { ghlContactId: msg.ghlContactId, clientId: msg.clientId },
    select: { id: true },
  });
  const lead = known ?? (await leadFromProviderContact(db, msg, contacts));
  if (!lead)
    throw new AppError(
      'not_found',
      `unknown lead ${msg.leadId ?? `with GHL contact ${msg.ghlContactId}`} in workspace ${msg.clientId}`,
    );

  const seen = await db.inboundMessageLog.findUnique({
    where: { clientId_messageId: { clientId: msg.clientId, messageId: msg.messageId } },
  });
  if (seen)
    return {
      duplicate: true,
      leadId: lead.id,
      result: 'duplicate',
      evidence: [`first outcome: ${seen.outcome}`],
    };

  const result = await workflows.reply(msg.clientId, lead.id, {
    messageId: msg.messageId,
    text: msg.body,
    receivedAt: msg.receivedAt,
    channel: msg.channel,
  });
  try {
    await db.inboundMessageLog.create({
      data: {
        clientId: msg.clientId,
        leadId: lead.id,
        messageId: msg.messageId,
        channel: msg.channel,
        body: msg.body,
        receivedAt: new Date(msg.receivedAt),
        outcome: result.result,
      },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
      return { duplicate: true, leadId: lead.id, result: 'duplicate', evidence: ['delivered concurrently'] };
    throw err;
  }
  return { duplicate: false, leadId: lead.id, ...result };
}
