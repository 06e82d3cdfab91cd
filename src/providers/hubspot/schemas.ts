import { z } from 'zod';

/**
 * The HubSpot Meetings scheduler API shapes we read (shared/specs/hubspot/API-NOTES.md). Only the fields
 * we use are validated; unknown fields pass through untouched, as the notes ask of a tolerant client.
 */

export const hubspotAvailabilityWindowSchema = z.object({
  startMillisUtc: z.number().int(),
  endMillisUtc: z.number().int(),
});

export const hubspotAvailabilityPageSchema = z.object({
  linkAvailability: z.object({
    hasMore: z.boolean(),
    linkAvailabilityByDuration: z.record(
      z.string(),
      z.object({
        meetingDurationMillis: z.number().int().positive(),
        availabilities: z.array(hubspotAvailabilityWindowSchema),
      }),
    ),
  }),
  allUsersBusyTimes: z
    .array(
      z.object({
        busyTimes: z.array(z.object({ start: z.number(), end: z.number() })).optional(),
        isOffline: z.boolean().optional(),
      }),
    )
    .optional(),
});
export type HubspotAvailabilityPage = z.infer<typeof hubspotAvailabilityPageSchema>;

export const hubspotMeetingLinkSchema = z.object({
  id: z.string(),
  slug: z.string(),
  link: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
  organizerUserId: z.string().optional(),
  defaultLink: z.boolean().optional(),
});
export type HubspotMeetingLink = z.infer<typeof hubspotMeetingLinkSchema>;

export const hubspotMeetingLinksPageSchema = z.object({
  results: z.array(hubspotMeetingLinkSchema),
  paging: z.object({ next: z.object({ after: z.string() }) }).optional(),
});

/** HubSpot's one error shape (401 INVALID_AUTHENTICATION, 403, 404, 429 RATE_LIMITS). */
export const hubspotErrorSchema = z.object({
  status: z.literal('error'),
  message: z.string(),
  correlationId: z.string(),
  category: z.string(),
  errors: z.array(z.unknown()).optional(),
});
export type HubspotError = z.infer<typeof hubspotErrorSchema>;

/**
 * The slug of a meeting link URL (`https://meetings.hubspot.com/<slug>`; team links have a `/` in the
 * slug, e.g. `team-name/intro`). Undefined for anything else.
 */
export function meetingLinkSlug(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || !/^meetings(-[a-z0-9]+)?\.hubspot\.com$/.test(parsed.hostname))
    return undefined;
  const slug = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '');
  return /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)?$/.test(slug) ? slug : undefined;
}
