import { ProviderError } from '../../errors';
import type { AvailabilitySource } from '../module';
import { HubspotClient } from './client';
import { meetingLinkSlug } from './schemas';

/** `hubspot` links: HubSpot Meetings availability of the meeting link, read with the link's own token. */
export const hubspotMeetingsSource: AvailabilitySource = {
  type: 'hubspot',
  label: 'HubSpot Meetings',
  needsAccessToken: true,
  checkUrl: (url) =>
    meetingLinkSlug(url)
      ? undefined
      : 'a hubspot link is a meeting link: https://meetings.hubspot.com/<slug>',
  async listAvailableSlots({ config }, { link, timezone, meetingDurationMinutes, window }) {
    const slug = meetingLinkSlug(link.url);
    if (!slug) throw new ProviderError('hubspot', 'invalid_request', 'not a HubSpot meeting link');
    if (!link.accessToken)
      throw new ProviderError('hubspot', 'invalid_request', 'the HubSpot meeting link has no access token');
    const client = new HubspotClient({
      baseUrl: config.HUBSPOT_API_BASE_URL ?? `http://127.0.0.1:${config.HUBSPOT_SANDBOX_PORT}`,
      token: link.accessToken,
      apiVersion: config.HUBSPOT_SCHEDULER_API_VERSION,
      timeoutMs: config.PROVIDER_TIMEOUT_MS,
    });
    const starts = await client.availableStarts(slug, {
      timezone,
      durationMinutes: meetingDurationMinutes,
      ...window,
    });
    return starts.map((t) => new Date(t).toISOString());
  },
};
