import { toZonedIso } from './availability';
import type { ContactSeed, SandboxAppointment } from './model';

/**
 * How the sandbox renders an appointment in each GHL shape. Times are shown in the calendar's zone
 * with its offset, as GHL does; clients must not assume UTC.
 */

/** AppointmentSchemaResponse (create / edit answers). */
export function appointmentResponse(a: SandboxAppointment, zone: string) {
  return {
    id: a.id,
    calendarId: a.calendarId,
    locationId: a.locationId,
    contactId: a.contactId,
    startTime: toZonedIso(a.startTime, zone),
    endTime: toZonedIso(a.endTime, zone),
    title: a.title,
    appointmentStatus: a.appointmentStatus,
    assignedUserId: a.assignedUserId,
    address: a.address,
    isRecurring: false,
  };
}

/** CalendarEventDTO (event lists and get-appointment). */
export function calendarEvent(a: SandboxAppointment, zone: string) {
  return {
    id: a.id,
    address: a.address,
    title: a.title,
    calendarId: a.calendarId,
    locationId: a.locationId,
    contactId: a.contactId,
    groupId: a.groupId,
    appointmentStatus: a.appointmentStatus,
    assignedUserId: a.assignedUserId,
    users: [a.assignedUserId],
    notes: '',
    isRecurring: false,
    startTime: toZonedIso(a.startTime, zone),
    endTime: toZonedIso(a.endTime, zone),
    dateAdded: toZonedIso(a.dateAdded, zone),
    dateUpdated: toZonedIso(a.dateUpdated, zone),
    createdBy: { source: 'third_party' },
  };
}

/** The `appointment` object of AppointmentCreate / Update / Delete webhooks. */
export function webhookAppointment(a: SandboxAppointment, zone: string) {
  return {
    id: a.id,
    address: a.address,
    title: a.title,
    calendarId: a.calendarId,
    contactId: a.contactId,
    groupId: a.groupId,
    appointmentStatus: a.appointmentStatus,
    assignedUserId: a.assignedUserId,
    users: [a.assignedUserId],
    notes: '',
    source: 'third_party',
    startTime: toZonedIso(a.startTime, zone),
    endTime: toZonedIso(a.endTime, zone),
    dateAdded: toZonedIso(a.dateAdded, zone),
    dateUpdated: toZonedIso(a.dateUpdated, zone),
  };
}

/** GetContectByIdSchema (GET /contacts/:contactId): fields the contact has, all strings as documented. */
export function contactResponse(c: ContactSeed, locationId: string) {
  const [first, ...rest] = (c.name ?? '').trim().split(/\s+/);
  const firstName = c.firstName ?? (first || undefined);
  const lastName = c.lastName ?? (rest.join(' ') || undefined);
  const name = c.name ?? ([firstName, lastName].filter(Boolean).join(' ') || undefined);
  const fields = {
    id: c.id,
    locationId,
    name,
    firstName,
    lastName,
    email: c.email,
    emailLowerCase: c.email?.toLowerCase(),
    phone: c.phone,
    timezone: c.timezone,
    type: 'lead',
    tags: [] as string[],
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
