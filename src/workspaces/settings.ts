import type { Db } from '../db/prisma';
import { AppError } from '../errors';
import type { WorkspaceSettings } from '../generated/prisma/client';
import type { SettingsPatch } from './schemas';

/** A workspace's booking settings as the API shows them (no secrets live in this table). */
export interface SettingsView {
  clientId: string;
  meetingBookingProvider: 'ghl' | 'calendly';
  ghlCalendarId: string | null;
  timezone: string;
  slotsToOffer: number;
  offerExpiryHours: number;
  reminderOffsetsMinutes: number[];
  meetingDurationMinutes: number;
  /** Whether the workspace has a Calendly connection (required before switching the provider to Calendly). */
  calendlyConnected: boolean;
  updatedAt: string | null;
}

/** Column defaults of WorkspaceSettings, for a workspace whose settings row does not exist yet. */
const DEFAULTS = {
  meetingBookingProvider: 'ghl',
  ghlCalendarId: null,
  timezone: 'UTC',
  slotsToOffer: 3,
  offerExpiryHours: 72,
  reminderOffsetsMinutes: [1440, 60],
  meetingDurationMinutes: 30,
} as const;

export function settingsView(clientId: string, row: WorkspaceSettings | null, calendlyConnected: boolean): SettingsView {
  const s = row ?? { ...DEFAULTS, reminderOffsetsMinutes: [...DEFAULTS.reminderOffsetsMinutes], updatedAt: null };
  return {
    clientId,
    meetingBookingProvider: s.meetingBookingProvider,
    ghlCalendarId: s.ghlCalendarId,
    timezone: s.timezone,
    slotsToOffer: s.slotsToOffer,
    offerExpiryHours: s.offerExpiryHours,
    reminderOffsetsMinutes: s.reminderOffsetsMinutes,
    meetingDurationMinutes: s.meetingDurationMinutes,
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

export async function getSettings(db: Db, clientId: string): Promise<SettingsView> {
  const client = await db.client.findUnique({
    where: { id: clientId },
    select: { id: true, settings: true, calendly: { select: { clientId: true } } },
  });
  if (!client) throw new AppError('not_found', `unknown workspace ${clientId}`);
  return settingsView(client.id, client.settings, client.calendly !== null);
}

/** Applies a validated patch. Switching to Calendly needs a CalendlyConnection row (checked in the same transaction). */
export async function patchSettings(db: Db, clientId: string, patch: SettingsPatch): Promise<SettingsView> {
  return db.$transaction(async (tx) => {
    // Lock the workspace row: a concurrent disconnect of Calendly cannot slip between check and update.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Client" WHERE "id" = ${clientId} FOR UPDATE`;
    if (locked.length === 0) throw new AppError('not_found', `unknown workspace ${clientId}`);
    const calendly = await tx.calendlyConnection.findUnique({ where: { clientId }, select: { clientId: true } });
    if (patch.meetingBookingProvider === 'calendly' && !calendly) throw calendlyRequiredError(clientId);
    const data = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as SettingsPatch;
    const row = await tx.workspaceSettings.upsert({ where: { clientId }, create: { clientId, ...data }, update: data });
    return settingsView(clientId, row, calendly !== null);
  });
}
