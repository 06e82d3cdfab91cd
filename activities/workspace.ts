import { ApplicationFailure } from '@temporalio/activity';
import type { WorkspaceProviderContext } from '../src/providers/types';
import { WORKSPACE_SETTINGS_DEFAULTS } from '../src/workspaces/settings';
import { FailureType } from '../workflows/failures';
import type { ActivityDeps } from './deps';

/** Loads a workspace's settings and decrypted provider credentials for one activity call. */
export async function loadWorkspace(deps: ActivityDeps, clientId: string) {
  const client = await deps.db.client.findUnique({
    where: { id: clientId },
    include: { settings: true, calendly: true },
  });
  if (!client)
    throw ApplicationFailure.nonRetryable(
      `workspace ${clientId} does not exist`,
      FailureType.WorkspaceMisconfigured,
    );
  const settings = client.settings ?? {
    ...WORKSPACE_SETTINGS_DEFAULTS,
    reminderOffsetsMinutes: [...WORKSPACE_SETTINGS_DEFAULTS.reminderOffsetsMinutes],
  };
  const ctx: WorkspaceProviderContext = {
    clientId,
    timezone: settings.timezone,
    meetingDurationMinutes: settings.meetingDurationMinutes,
  };
  if (client.ghlAccessTokenEnc && settings.ghlCalendarId) {
    ctx.ghl = {
      locationId: client.ghlLocationId,
      accessToken: deps.secrets.decrypt(client.ghlAccessTokenEnc),
      calendarId: settings.ghlCalendarId,
    };
  }
  if (client.calendly) {
    ctx.calendly = {
      accessToken: deps.secrets.decrypt(client.calendly.accessTokenEnc),
      eventTypeUri: client.calendly.eventTypeUri,
      organizationUri: client.calendly.organizationUri,
      userUri: client.calendly.userUri,
    };
  }
  const providerName = settings.meetingBookingProvider;
  const provider = deps.providers.get(providerName);
  if (!provider)
    throw ApplicationFailure.nonRetryable(
      `provider ${providerName} is not available`,
      FailureType.WorkspaceMisconfigured,
    );
  if (!ctx[providerName])
    throw ApplicationFailure.nonRetryable(
      `workspace ${clientId} uses ${providerName} but it is not connected (missing credentials or calendar)`,
      FailureType.WorkspaceMisconfigured,
    );
  return { client, settings, ctx, provider, providerName };
}

export async function loadLead(deps: ActivityDeps, clientId: string, leadId: string) {
  const lead = await deps.db.lead.findFirst({ where: { id: leadId, clientId } });
  if (!lead)
    throw ApplicationFailure.nonRetryable(
      `lead ${leadId} not found in workspace ${clientId}`,
      FailureType.LeadNotBookable,
    );
  return lead;
}
