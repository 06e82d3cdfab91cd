import { ProviderError } from '../../errors';
import { GhlClient } from '../ghl/client';
import type { AvailabilitySource } from '../module';

// Lives outside src/providers/ghl only while that folder is being changed by other work; it reads GHL
// through the GHL client like the adapter does.

/** A GHL booking widget URL names its calendar: `https://<host>/widget/booking/<calendarId>`. */
export function ghlCalendarIdOf(url: string): string | undefined {
  try {
    const { protocol, pathname } = new URL(url);
    if (protocol !== 'https:' && protocol !== 'http:') return undefined;
    return /^\/widget\/booking\/([A-Za-z0-9_-]+)\/?$/.exec(pathname)?.[1];
  } catch {
    return undefined;
  }
}

/** `ghl` links: the free slots of the calendar the link books, with the workspace's GHL token. */
export const ghlCalendarSource: AvailabilitySource = {
  type: 'ghl',
  label: 'GoHighLevel calendar',
  needsAccessToken: false,
  checkUrl: (url) =>
    ghlCalendarIdOf(url)
      ? undefined
      : 'a ghl link is a booking widget URL: https://<host>/widget/booking/<calendarId>',
  async listAvailableSlots({ config, secrets }, { client, link, timezone, window }) {
    const calendarId = ghlCalendarIdOf(link.url);
    if (!calendarId)
      throw new ProviderError('ghl', 'invalid_request', 'the ghl calendar link names no calendar');
    if (!client.ghlAccessTokenEnc)
      throw new ProviderError('ghl', 'invalid_request', `Workspace ${client.id} has no GoHighLevel token`);
    const ghl = new GhlClient({
      baseUrl: config.GHL_API_BASE_URL ?? `http://127.0.0.1:${config.GHL_SANDBOX_PORT}`,
      token: secrets.decrypt(client.ghlAccessTokenEnc),
      apiVersion: config.GHL_API_VERSION,
      timeoutMs: config.PROVIDER_TIMEOUT_MS,
    });
    return ghl.getFreeSlots(calendarId, { ...window, timezone });
  },
};
