import { z } from 'zod';
import type { GhlMessageType } from '../../providers/ghl/schemas';

/**
 * What the GHL sandbox knows: locations (sub-accounts) with their token, calendars and contacts, and
 * the appointments and messages made through its API. Seeds are validated with zod because they also
 * arrive over the control API and from the state file.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:mm');

/** Open hours on ISO weekdays (1 = Monday ... 7 = Sunday), wall-clock time in the calendar's zone. */
export const openHoursRuleSchema = z
  .object({
    days: z.array(z.number().int().min(1).max(7)).min(1),
    from: hhmm,
    to: hhmm,
  })
  .refine((r) => r.from < r.to, { message: '`from` must be before `to`' });
export type OpenHoursRule = z.infer<typeof openHoursRuleSchema>;

export const DEFAULT_OPEN_HOURS: OpenHoursRule[] = [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }];

const timeZone = z.string().refine(isValidTimeZone, { message: 'unknown IANA time zone' });

export const calendarSeedSchema = z.object({
  id: z.string().min(1),
  timezone: timeZone.default('UTC'),
  openHours: z.array(openHoursRuleSchema).default(DEFAULT_OPEN_HOURS),
  /** Meeting length a slot stands for. */
  slotMinutes: z.number().int().min(5).max(480).default(30),
  /** Distance between slot starts; defaults to slotMinutes. */
  slotIntervalMinutes: z.number().int().min(5).max(480).optional(),
  /** Team member the appointments are assigned to. */
  userId: z.string().min(1).optional(),
  groupId: z.string().default(''),
});
export type CalendarSeed = z.input<typeof calendarSeedSchema>;

export const contactSeedSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  /** The contact's own zone (GET /contacts/:id answers it); any string, as GHL stores what it is given. */
  timezone: z.string().optional(),
});
export type ContactSeed = z.infer<typeof contactSeedSchema>;

export const locationSeedSchema = z.object({
  locationId: z.string().min(1),
  token: z.string().min(1),
  calendars: z.array(calendarSeedSchema).default([]),
  contacts: z.array(contactSeedSchema).default([]),
});
export type LocationSeed = z.input<typeof locationSeedSchema>;

export interface SandboxCalendar {
  id: string;
  timezone: string;
  openHours: OpenHoursRule[];
  slotMinutes: number;
  slotIntervalMinutes: number;
  userId: string;
  groupId: string;
}

export interface SandboxLocation {
  locationId: string;
  token: string;
  calendars: SandboxCalendar[];
  contacts: ContactSeed[];
}

export function toSandboxLocation(seed: LocationSeed): SandboxLocation {
  const parsed = locationSeedSchema.parse(seed);
  return {
    locationId: parsed.locationId,
    token: parsed.token,
    contacts: parsed.contacts,
    calendars: parsed.calendars.map((c) => ({
      id: c.id,
      timezone: c.timezone,
      openHours: c.openHours,
      slotMinutes: c.slotMinutes,
      slotIntervalMinutes: c.slotIntervalMinutes ?? c.slotMinutes,
      userId: c.userId ?? `user_${c.id}`,
      groupId: c.groupId,
    })),
  };
}

export interface SandboxAppointment {
  id: string;
  locationId: string;
  calendarId: string;
  contactId: string;
  groupId: string;
  assignedUserId: string;
  title: string;
  address: string;
  appointmentStatus: string;
  /** ISO-8601 UTC. */
  startTime: string;
  endTime: string;
  dateAdded: string;
  dateUpdated: string;
}

export interface SandboxMessage {
  messageId: string;
  conversationId: string;
  locationId: string;
  contactId: string;
  type: GhlMessageType;
  message: string;
  subject?: string;
  dateAdded: string;
}

/** Everything that survives a restart when a state file is configured. */
export interface SandboxState {
  version: 1;
  locations: SandboxLocation[];
  appointments: SandboxAppointment[];
  messages: SandboxMessage[];
  /** contactId -> conversationId (GHL keeps one conversation per contact). */
  conversations: Record<string, string>;
}

export function emptyState(): SandboxState {
  return { version: 1, locations: [], appointments: [], messages: [], conversations: {} };
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
