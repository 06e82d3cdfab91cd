import { calendlyLinkSource } from './calendly/availabilitySource';
import { hubspotMeetingsSource } from './hubspot/availabilitySource';
import { ghlCalendarSource } from './linkSources/ghlCalendar';
import type { AvailabilitySource } from './module';
import type { AvailabilitySourceName } from './names';

/**
 * Availability sources by CalendarLink type (one per AVAILABILITY_SOURCE_NAMES entry, or it does not
 * compile). Independent of the booking providers in ./registry.ts.
 */
export const AVAILABILITY_SOURCES: { readonly [T in AvailabilitySourceName]: AvailabilitySource } = {
  ghl: ghlCalendarSource,
  calendly: calendlyLinkSource,
  hubspot: hubspotMeetingsSource,
};
