import type { BookingProviderAdapter, ProviderName, WorkspaceProviderContext } from '../src/providers/types';
import type { ActivityDeps } from './deps';
import { callProvider } from './providerFailure';

const LOOKAHEAD_DAYS = 14;

/**
 * Free slots of a workspace: from WorkspaceAvailabilityCache while fresh, else from the provider
 * (and the cache is refreshed). `fresh` forces a provider read (checking a specific proposed time).
 */
export async function loadAvailability(
  deps: ActivityDeps,
  args: {
    ctx: WorkspaceProviderContext;
    provider: BookingProviderAdapter;
    providerName: ProviderName;
    fresh?: boolean;
  },
): Promise<string[]> {
  const { ctx, provider, providerName } = args;
  const key = { clientId_provider: { clientId: ctx.clientId, provider: providerName } };
  const ttlMs = deps.config.AVAILABILITY_CACHE_TTL_SECONDS * 1000;
  if (!args.fresh && ttlMs > 0) {
    const cached = await deps.db.workspaceAvailabilityCache.findUnique({ where: key });
    if (cached && Date.now() - cached.fetchedAt.getTime() < ttlMs) return cached.slots as string[];
  }
  const from = new Date();
  const to = new Date(from.getTime() + LOOKAHEAD_DAYS * 86_400_000);
  const slots = await callProvider(() => provider.listAvailableSlots(ctx, { from, to }));
  await deps.db.workspaceAvailabilityCache.upsert({
    where: key,
    create: { clientId: ctx.clientId, provider: providerName, slots, fetchedAt: new Date() },
    update: { slots, fetchedAt: new Date() },
  });
  return slots;
}

/** Drops a just-booked (or just-taken) slot so the next offer does not show it again. */
export async function forgetSlot(
  deps: ActivityDeps,
  clientId: string,
  providerName: ProviderName,
  slot: string,
) {
  const key = { clientId_provider: { clientId, provider: providerName } };
  const cached = await deps.db.workspaceAvailabilityCache.findUnique({ where: key });
  if (!cached) return;
  const slots = (cached.slots as string[]).filter((s) => Date.parse(s) !== Date.parse(slot));
  await deps.db.workspaceAvailabilityCache.update({ where: key, data: { slots } });
}
