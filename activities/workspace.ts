import { ApplicationFailure } from '@temporalio/activity';
import type { ProviderName } from '../src/providers/names';
import { PROVIDERS } from '../src/providers/registry';
import type { WorkspaceProviderContext } from '../src/providers/types';
import { WORKSPACE_SETTINGS_DEFAULTS } from '../src/workspaces/settings';
import { FailureType } from '../workflows/failures';
import type { ActivityDeps } from './deps';

/**
 * Loads a workspace's settings and one provider's decrypted credentials for one activity call: the
 * provider given (the one the workflow recorded), else the workspace's current booking provider.
 */
export async function loadWorkspace(deps: ActivityDeps, clientId: string, providerName?: ProviderName) {
  const client = await deps.db.client.findUnique({ where: { id: clientId }, include: { settings: true } });
  if (!client)
    throw ApplicationFailure.nonRetryable(
      `workspace ${clientId} does not exist`,
      FailureType.WorkspaceMisconfigured,
    );
  const settings = client.settings ?? {
    ...WORKSPACE_SETTINGS_DEFAULTS,
    reminderOffsetsMinutes: [...WORKSPACE_SETTINGS_DEFAULTS.reminderOffsetsMinutes],
  };
  const name = providerName ?? settings.meetingBookingProvider;
  const provider = deps.providers.get(name);
  if (!provider)
    throw ApplicationFailure.nonRetryable(
      `provider ${name} is not available`,
      FailureType.WorkspaceMisconfigured,
    );
  const { credentials: declared } = PROVIDERS[name];
  const stored = await declared.load({ db: deps.db, secrets: deps.secrets, client, settings });
  const credentials = stored === undefined ? undefined : declared.schema.safeParse(stored);
  if (!credentials?.success)
    throw ApplicationFailure.nonRetryable(
      `workspace ${clientId} uses ${name} but it is not connected (missing credentials or calendar)`,
      FailureType.WorkspaceMisconfigured,
    );
  const ctx: WorkspaceProviderContext = {
    clientId,
    timezone: settings.timezone,
    meetingDurationMinutes: settings.meetingDurationMinutes,
    credentials: credentials.data,
  };
  return { client, settings, ctx, provider, providerName: name };
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
