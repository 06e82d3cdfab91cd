import { DateTime } from 'luxon';
import { Prisma } from '../src/db/prisma';
import type { GhlMessageType } from '../src/providers/ghl/schemas';
import type { ActivityDeps } from './deps';
import { loadLead } from './workspace';

export type AskToConfirmResult =
  | { asked: true; message: string; channel: GhlMessageType }
  | { asked: false; reason: 'setting_off' | 'no_conversation' };

/** The GHL conversation type to answer on: the channel the lead's reply came in on. */
export function replyChannel(channel: string | undefined): GhlMessageType {
  switch ((channel ?? '').toLowerCase().replace(/[\s_-]/g, '')) {
    case 'email':
      return 'Email';
    case 'whatsapp':
      return 'WhatsApp';
    case 'fb':
      return 'FB';
    case 'ig':
      return 'IG';
    case 'livechat':
    case 'chat':
      return 'Live_Chat';
    default:
      return 'SMS';
  }
}

/** "Tuesday, March 17 at 3:00 PM EDT" on the lead's wall clock. */
export function slotInWords(slot: string, zone: string): string {
  return DateTime.fromISO(slot, { zone: 'utc' }).setZone(zone).toFormat("cccc, LLLL d 'at' h:mm a ZZZZ");
}

export function confirmationActivities(deps: ActivityDeps) {
  return {
    /**
     * Asks the lead to confirm one slot ("Just to confirm: ...? Reply YES to book it.") on the channel
     * their reply came in, unless the workspace turned `confirmUncertainPicks` off. GHL has no
     * idempotency key for messages, so a SentReminder row keyed by the reply makes a retry skip the send.
     */
    async askLeadToConfirmPick(args: {
      clientId: string;
      leadId: string;
      slot: string;
      leadTimeZone: string;
      channel?: string;
      /** One per reply being confirmed: a retried activity never texts twice. */
      key: string;
    }): Promise<AskToConfirmResult> {
      const client = await deps.db.client.findUniqueOrThrow({
        where: { id: args.clientId },
        include: { settings: true },
      });
      if (client.settings && !client.settings.confirmUncertainPicks)
        return { asked: false, reason: 'setting_off' };
      const lead = await loadLead(deps, args.clientId, args.leadId);
      const channel = replyChannel(args.channel);
      const message = `Just to confirm: ${slotInWords(args.slot, args.leadTimeZone)}? Reply YES to book it.`;
      if (await deps.db.sentReminder.findUnique({ where: { key: args.key } }))
        return { asked: true, message, channel };
      if (!lead.ghlContactId || !client.ghlAccessTokenEnc) return { asked: false, reason: 'no_conversation' };
      await deps.ghlMessenger.sendMessage(
        { locationId: client.ghlLocationId, accessToken: deps.secrets.decrypt(client.ghlAccessTokenEnc) },
        { type: channel, contactId: lead.ghlContactId, message },
      );
      try {
        await deps.db.sentReminder.create({
          data: { key: args.key, leadId: lead.id, meetingAt: new Date(args.slot) },
        });
      } catch (err) {
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      }
      return { asked: true, message, channel };
    },
  };
}
