import { ProviderError } from '../../errors';
import type { AvailabilitySource } from '../module';
import { calendlyClientFor } from './adapter';

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * `calendly` links: the event type whose `scheduling_url` is the link (found in the connected
 * organization), then its `event_type_available_times`.
 */
export const calendlyLinkSource: AvailabilitySource = {
  type: 'calendly',
  label: 'Calendly event type',
  needsAccessToken: false,
  checkUrl(url) {
    try {
      const { protocol, pathname } = new URL(url);
      if (protocol === 'https:' || protocol === 'http:')
        if (pathname.split('/').filter(Boolean).length === 2) return undefined;
    } catch {}
    return 'a calendly link is an event type scheduling URL: https://calendly.com/<user>/<event-type>';
  },
  async listAvailableSlots({ db, secrets, config }, { client, link, window }) {
    const row = await db.calendlyConnection.findUnique({ where: { clientId: client.id } });
    if (!row)
      throw new ProviderError(
        'calendly',
        'invalid_request',
        `Workspace ${client.id} has no Calendly connection`,
      );
    const calendly = calendlyClientFor(config, secrets.decrypt(row.accessTokenEnc));
    const eventTypes = await calendly.listEventTypes({ organization: row.organizationUri });
    const eventType = eventTypes.find((et) => sameUrl(et.scheduling_url, link.url));
    if (!eventType)
      throw new ProviderError(
        'calendly',
        'not_found',
        `no event type of the organization is behind ${link.url}`,
      );
    const times = await calendly.listAvailableTimes(eventType.uri, window);
    return times.map((t) => new Date(Date.parse(t.start_time)).toISOString());
  },
};
