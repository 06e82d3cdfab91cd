import { createHash } from 'node:crypto';
import type { Client } from '../src/generated/prisma/client';
import { AVAILABILITY_SOURCES } from '../src/providers/availabilitySources';
import type { BookingProviderAdapter, ProviderName, WorkspaceProviderContext } from '../src/providers/types';
import type { ActivityDeps } from './deps';
import { callProvider } from './providerFailure';

const LOOKAHEAD_DAYS = 14;

/**
 * Free slots of a workspace: from WorkspaceAvailabilityCache while fresh, else from the source (and the
 * cache is refreshed). The source is the workspace's default CalendarLink when it has one (ghl calendar,
 * Calendly event type, HubSpot meeting link), else the booking provider's own calendar. `fresh` forces a
 * source read (checking a specific proposed time).
 */
export async function loadAvailability(
  deps: ActivityDeps,
  args: {
    ctx: WorkspaceProviderContext;
    provider: BookingProviderAdapter;
    providerName: ProviderName;
    /** The workspace row the caller already loaded (sources read its GHL connection). */
    client: Client;
    fresh?: boolean;
  },
): Promise<string[]> {
  const { ctx, provider, providerName } = args;
  const link = await deps.db.calendarLink.findFirst({ where: { clientId: ctx.clientId, isDefault: true } });
  // The cache row is per source: a new default link, calendar or event type is a new key, so what
  // another source cached is never served for it.
  const source = link
    ? `link:${link.type}:${link.url}`
    : `provider:${providerName}:${digest(ctx.credentials)}`;
  const key = { clientId_source: { clientId: ctx.clientId, source } };
  const ttlMs = deps.config.AVAILABILITY_CACHE_TTL_SECONDS * 1000;
  if (!args.fresh && ttlMs > 0) {
    const cached = await deps.db.workspaceAvailabilityCache.findUnique({ where: key });
    if (cached && Date.now() - cached.fetchedAt.getTime() < ttlMs) return cached.slots as string[];
  }
  const from = new Date();
  const to = new Date(from.getTime() + LOOKAHEAD_DAYS * 86_400_000);
  const slots = await callProvider(() =>
    link
      ? AVAILABILITY_SOURCES[link.type].listAvailableSlots(deps, {
          client: args.client,
          link: {
            url: link.url,
            accessToken: link.accessTokenEnc ? deps.secrets.decrypt(link.accessTokenEnc) : undefined,
          },
          timezone: ctx.timezone,
          meetingDurationMinutes: ctx.meetingDurationMinutes,
          window: { from, to },
        })
      : provider.listAvailableSlots(ctx, { from, to }),
  );
  await deps.db.workspaceAvailabilityCache.upsert({
    where: key,
    create: { clientId: ctx.clientId, source, slots, fetchedAt: new Date() },
    update: { slots, fetchedAt: new Date() },
  });
  return slots;
}

/** A stable fingerprint of the provider connection (calendar, event type...): never the secrets themselves. */
function digest(credentials: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(credentials ?? null))
    .digest('hex')
    .slice(0, 16);
}

/** Drops a just-booked (or just-taken) slot from every cached source so the next offer does not show it. */
export async function forgetSlot(
  deps: ActivityDeps,
  clientId: string,
  _providerName: ProviderName,
  slot: string,
) {
  const rows = await deps.db.workspaceAvailabilityCache.findMany({ where: { clientId } });
  for (const row of rows) {
    const slots = (row.slots as string[]).filter((s) => Date.parse(s) !== Date.parse(slot));
    if (slots.length === (row.slots as string[]).length) continue;
    await deps.db.workspaceAvailabilityCache.update({
      where: { clientId_source: { clientId, source: row.source } },
      data: { slots },
    });
  }
}
