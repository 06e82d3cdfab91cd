/**
 * The booking providers, declared once. Everything else derives from this tuple: the zod enums of the
 * API and settings, the `ProviderName` type, the registry's table (src/providers/registry.ts must have
 * one module per name or it does not compile), the webhook and connect routes.
 *
 * No imports and no Node APIs: workflow code may import this file (it is deterministic-safe).
 */
export const PROVIDER_NAMES = ['ghl', 'calendly'] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Narrows a string from a path or a stored row (own values only: `__proto__` is not a provider). */
export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

/**
 * Where a workspace's availability can come from: the type of its default CalendarLink (Prisma enum
 * CalendarLinkType). A superset of the booking providers: HubSpot Meetings is read for free times but
 * never books, so it is a source and not a provider.
 */
export const AVAILABILITY_SOURCE_NAMES = ['ghl', 'calendly', 'hubspot'] as const;

export type AvailabilitySourceName = (typeof AVAILABILITY_SOURCE_NAMES)[number];
