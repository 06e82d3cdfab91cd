import { ProviderError } from '../../errors';
import { providerRequest } from '../http';
import { type HubspotAvailabilityPage, hubspotAvailabilityPageSchema } from './schemas';

export interface HubspotClientOptions {
  baseUrl: string;
  /** Private app token or OAuth access token (scope scheduler.meetings.meeting-link.read). */
  token: string;
  /** `v3` (legacy paths) or a dated version such as `2026-03`: same shapes. */
  apiVersion: string;
  timeoutMs: number;
}

/** HubSpot serves availability a month at a time; this many months is more than any offer looks ahead. */
const MAX_MONTHS = 3;

/** Thin typed client for the HubSpot Meetings scheduler endpoints an availability source needs. */
export class HubspotClient {
  constructor(private readonly options: HubspotClientOptions) {}

  /** One month of a meeting link's availability (`monthOffset` 0 = the current month). */
  availabilityPage(slug: string, timezone: string, monthOffset: number): Promise<HubspotAvailabilityPage> {
    return providerRequest({
      provider: 'hubspot',
      baseUrl: this.options.baseUrl,
      method: 'GET',
      // The slug may hold a `/` (team links): each segment is encoded, the separator kept.
      path: `/scheduler/${this.options.apiVersion}/meetings/meeting-links/book/availability-page/${slug
        .split('/')
        .map(encodeURIComponent)
        .join('/')}`,
      query: { timezone, monthOffset },
      token: this.options.token,
      timeoutMs: this.options.timeoutMs,
      responseSchema: hubspotAvailabilityPageSchema,
    });
  }

  /**
   * Free start times (epoch ms, ascending, unique) of a meeting link in [from, to) for meetings of
   * `durationMinutes` (the link's first duration when it offers no such length). Follows `hasMore` month
   * by month until the window is covered.
   */
  async availableStarts(
    slug: string,
    opts: { timezone: string; durationMinutes: number; from: Date; to: Date },
  ): Promise<number[]> {
    const starts = new Set<number>();
    const fromMs = opts.from.getTime();
    const toMs = opts.to.getTime();
    for (let monthOffset = 0; monthOffset < MAX_MONTHS; monthOffset++) {
      const page = await this.availabilityPage(slug, opts.timezone, monthOffset);
      const byDuration = page.linkAvailability.linkAvailabilityByDuration;
      const wanted = String(opts.durationMinutes * 60_000);
      const entry = byDuration[wanted] ?? Object.values(byDuration)[0];
      if (!entry) {
        throw new ProviderError('hubspot', 'invalid_response', `meeting link ${slug} offers no durations`);
      }
      let pastWindow = false;
      for (const a of entry.availabilities) {
        if (a.startMillisUtc >= toMs) pastWindow = true;
        else if (a.startMillisUtc >= fromMs) starts.add(a.startMillisUtc);
      }
      if (pastWindow || !page.linkAvailability.hasMore) break;
    }
    return [...starts].sort((a, b) => a - b);
  }
}
