import { DateTime } from 'luxon';
import { Prisma } from '../src/db/prisma';
import { WORKSPACE_SETTINGS_DEFAULTS } from '../src/workspaces/settings';
import type { ActivityDeps } from './deps';
import { loadLead } from './workspace';

export function reminderActivities(deps: ActivityDeps) {
  return {
    async loadReminderPlan(args: { clientId: string }): Promise<{ reminderOffsetsMinutes: number[] }> {
      const settings = await deps.db.workspaceSettings.findUnique({ where: { clientId: args.clientId } });
      return {
        reminderOffsetsMinutes: settings?.reminderOffsetsMinutes ?? [
          ...WORKSPACE_SETTINGS_DEFAULTS.reminderOffsetsMinutes,
        ],
      };
    },

    /**
     * Texts the lead a reminder through GHL conversations. GHL has no idempotency key for messages, so
     * a SentReminder row (written after the send) makes completed sends skip on retry.
     */
    async sendMeetingReminder(args: {
      clientId: string;
      leadId: string;
      meetingStart: string;
      offsetMinutes: number;
      reminderKey: string;
    }): Promise<'sent' | 'already_sent' | 'skipped'> {
      if (await deps.db.sentReminder.findUnique({ where: { key: args.reminderKey } })) return 'already_sent';
      const lead = await loadLead(deps, args.clientId, args.leadId);
      const client = await deps.db.client.findUniqueOrThrow({
        where: { id: args.clientId },
        include: { settings: true },
      });
      if (!lead.ghlContactId || !client.ghlAccessTokenEnc) {
        deps.logger.warn(
          { clientId: args.clientId, leadId: args.leadId },
          'reminder skipped: no GHL contact or token',
        );
        return 'skipped';
      }
      const zone = lead.timezone ?? client.settings?.timezone ?? 'UTC';
      const when = DateTime.fromISO(args.meetingStart, { zone: 'utc' })
        .setZone(zone)
        .toFormat("cccc d LLL 'at' h:mm a ZZZZ");
      await deps.ghlMessenger.sendMessage(
        { locationId: client.ghlLocationId, accessToken: deps.secrets.decrypt(client.ghlAccessTokenEnc) },
        {
          type: 'SMS',
          contactId: lead.ghlContactId,
          message: `Hi${lead.name ? ` ${lead.name.split(' ')[0]}` : ''}, a reminder of our meeting on ${when}. Reply here if you need to change it.`,
        },
      );
      try {
        await deps.db.sentReminder.create({
          data: { key: args.reminderKey, leadId: lead.id, meetingAt: new Date(args.meetingStart) },
        });
      } catch (err) {
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      }
      return 'sent';
    },
  };
}
