import type { AppConfig } from '../config';
import type { Db, Prisma } from '../db/prisma';
import { AppError } from '../errors';
import type { WorkspaceSettings } from '../generated/prisma/client';
import type { SecretBox } from '../lib/secrets';
import type { ProviderName } from '../providers/names';
import { providerModules } from '../providers/registry';
import type { SettingsPatch } from './schemas';

/** A workspace's booking settings as the API shows them (no secrets live in this table). */
export interface SettingsView {
  clientId: string;
  meetingBookingProvider: ProviderName;
  ghlCalendarId: string | null;
  timezone: string;
  slotsToOffer: number;
  offerExpiryHours: number;
  reminderOffsetsMinutes: number[];
  meetingDurationMinutes: number;
  /** Ask the lead to confirm a pick the interpreter has a doubt about, instead of booking it outright. */
  confirmUncertainPicks: boolean;
  /** Whether the workspace has a Calendly connection (required before switching the provider to Calendly). */
  calendlyConnected: boolean;
  updatedAt: string | null;
  /** The providers' connection settings: `calendlyEventTypeUri` and its `calendlySchedulingUrl` (display link). */
  [connectionSetting: string]: unknown;
}

/** Column defaults of WorkspaceSettings, for a workspace whose settings row does not exist yet. */
export const WORKSPACE_SETTINGS_DEFAULTS = {
  meetingBookingProvider: 'ghl',
  ghlCalendarId: null,
  timezone: 'UTC',
  slotsToOffer: 3,
  offerExpiryHours: 72,
  reminderOffsetsMinutes: [1440, 60],
  meetingDurationMinutes: 30,
  confirmUncertainPicks: true,
} as const;

export function settingsView(
  clientId: string,
  row: WorkspaceSettings | null,
  calendlyConnected: boolean,
): SettingsView {
  const s = row ?? {
    ...WORKSPACE_SETTINGS_DEFAULTS,
    reminderOffsetsMinutes: [...WORKSPACE_SETTINGS_DEFAULTS.reminderOffsetsMinutes],
    updatedAt: null,
  };
  return {
    clientId,
    meetingBookingProvider: s.meetingBookingProvider,
    ghlCalendarId: s.ghlCalendarId,
    timezone: s.timezone,
    slotsToOffer: s.slotsToOffer,
    offerExpiryHours: s.offerExpiryHours,
    reminderOffsetsMinutes: s.reminderOffsetsMinutes,
    meetingDurationMinutes: s.meetingDurationMinutes,
    confirmUncertainPicks: s.confirmUncertainPicks,
    calendlyConnected,
    updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null,
  };
}

export function calendlyRequiredError(clientId: string): AppError {
  return new AppError(
    'conflict',
    `Calendly is not connected for this workspace: connect it first via PUT /api/workspaces/${clientId}/integrations/calendly, then switch meetingBookingProvider to calendly`,
  );
}

/** Locks the workspace row for the rest of the transaction; false when it does not exist. */
export async function lockWorkspace(tx: Prisma.TransactionClient, clientId: string): Promise<boolean> {
  const rows: Array<{ id: string }> =
    await tx.$queryRaw`SELECT "id" FROM "Client" WHERE "id" = ${clientId} FOR UPDATE`;
  return rows.length > 0;
}

export async function getSettings(db: Db, clientId: string): Promise<SettingsView> {
  const client = await db.client.findUnique({
    where: { id: clientId },
    select: { id: true, settings: true, calendly: { select: { clientId: true } } },
  });
  if (!client) throw new AppError('not_found', `unknown workspace ${clientId}`);
  return {
    ...settingsView(client.id, client.settings, client.calendly !== null),
    ...(await connectionSettingsView(db, clientId)),
  };
}

export interface SettingsDeps {
  db: Db;
  secrets: SecretBox;
  config: AppConfig;
}

const connectionSettings = () =>
  providerModules().flatMap((m) => (m.connect?.settings ? [m.connect.settings] : []));

/** The providers' connection settings (calendlyEventTypeUri, calendlySchedulingUrl), read in `tx`. */
async function connectionSettingsView(
  tx: Prisma.TransactionClient,
  clientId: string,
): Promise<Record<string, unknown>> {
  const views = await Promise.all(connectionSettings().map((s) => s.view(tx, clientId)));
  return Object.assign({}, ...views);
}

/**
 * Applies a validated patch. Switching to Calendly needs a CalendlyConnection row (checked in the same
 * transaction). Connection settings (the Calendly event type) are checked with the provider inside the
 * same transaction, so a refused value writes nothing at all; a changed one drops the workspace's cached
 * availability, which came from the old event type.
 */
export async function patchSettings(
  deps: SettingsDeps,
  clientId: string,
  patch: SettingsPatch,
): Promise<SettingsView> {
  const providerSettings = connectionSettings();
  const providerKeys = new Set(providerSettings.flatMap((s) => Object.keys(s.patchFields)));
  const given = Object.entries(patch).filter(([, v]) => v !== undefined);
  const data = Object.fromEntries(given.filter(([k]) => !providerKeys.has(k))) as SettingsPatch;
  const asksProvider = given.some(([k]) => providerKeys.has(k));
  return deps.db.$transaction(
    async (tx) => {
      // Row lock: serialises settings changes per workspace (a Calendly disconnect taking the same lock
      // cannot slip between the check and the update).
      if (!(await lockWorkspace(tx, clientId)))
        throw new AppError('not_found', `unknown workspace ${clientId}`);
      const calendly = await tx.calendlyConnection.findUnique({
        where: { clientId },
        select: { clientId: true },
      });
      if (patch.meetingBookingProvider === 'calendly' && !calendly) throw calendlyRequiredError(clientId);
      let providerChanged = false;
      for (const settings of providerSettings)
        if (await settings.apply(deps, tx, clientId, patch)) providerChanged = true;
      if (providerChanged) await tx.workspaceAvailabilityCache.deleteMany({ where: { clientId } });
      const row =
        Object.keys(data).length > 0
          ? await tx.workspaceSettings.upsert({
              where: { clientId },
              create: { clientId, ...data },
              update: data,
            })
          : await tx.workspaceSettings.findUnique({ where: { clientId } });
      return {
        ...settingsView(clientId, row, calendly !== null),
        ...(await connectionSettingsView(tx, clientId)),
      };
    },
    // Checking a connection setting asks the provider (a read and a list) while the row is locked.
    asksProvider ? { timeout: deps.config.PROVIDER_TIMEOUT_MS * 2 + 5_000 } : undefined,
  );
}
