import { type NextFunction, type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import {
  appointmentCreateRequestSchema,
  appointmentEditRequestSchema,
  GHL_CONTACTS_API_VERSION,
  sendMessageRequestSchema,
} from '../../providers/ghl/schemas';
import { injectFaults } from '../faults';
import { canBook, freeSlotStarts, groupByDay } from './availability';
import { type SandboxContext, sendGhlError } from './context';
import type { SandboxAppointment, SandboxLocation } from './model';
import { isValidTimeZone } from './model';
import { appointmentResponse, calendarEvent, contactResponse, webhookAppointment } from './render';

/**
 * The GHL endpoints the service uses, with GHL's validation, status codes and error bodies, on top of
 * real slot bookkeeping. Request order: traffic recording, fault injection, auth, Version, handler.
 */

/** Versions GHL's v2 API accepts in the `Version` header. */
const SUPPORTED_VERSIONS = new Set(['2021-04-15', '2021-07-28']);
/** GHL refuses free-slot ranges longer than this. */
const MAX_RANGE_MS = 31 * 24 * 60 * 60 * 1000;
export const SLOT_TAKEN_MESSAGE = 'The slot you have selected is no longer available.';

type AppointmentEvent = 'AppointmentCreate' | 'AppointmentUpdate' | 'AppointmentDelete';

export function ghlApiRouter(ctx: SandboxContext): Router {
  const router = Router();
  router.use(recordTraffic(ctx));
  router.use(injectFaults(ctx.faults, (res, failure) => sendGhlError(res, failure.status, failure.message)));
  router.use(authenticate(ctx));

  const zoneOf = (a: SandboxAppointment) => ctx.store.calendar(a.calendarId)?.calendar.timezone ?? 'UTC';
  const announce = (type: AppointmentEvent, a: SandboxAppointment) =>
    ctx.emit(a.locationId, { type, locationId: a.locationId, appointment: webhookAppointment(a, zoneOf(a)) });

  router.get('/calendars/:calendarId/free-slots', (req, res) => {
    const found = ctx.store.calendar(String(req.params.calendarId));
    if (!found) return sendGhlError(res, 404, 'Calendar not found');
    if (!ownsLocation(res, found.location.locationId)) return;
    const startDate = Number(req.query.startDate);
    const endDate = Number(req.query.endDate);
    const problems = [
      ...(isMillis(req.query.startDate) ? [] : ['startDate must be a number (epoch milliseconds)']),
      ...(isMillis(req.query.endDate) ? [] : ['endDate must be a number (epoch milliseconds)']),
    ];
    if (problems.length) return sendGhlError(res, 400, problems);
    if (endDate < startDate) return sendGhlError(res, 400, 'endDate must not be before startDate');
    if (endDate - startDate > MAX_RANGE_MS)
      return sendGhlError(res, 400, 'Date range cannot be more than 31 days');
    const zone =
      typeof req.query.timezone === 'string' && req.query.timezone ? req.query.timezone : undefined;
    if (zone && !isValidTimeZone(zone)) return sendGhlError(res, 400, `Invalid timezone: ${zone}`);
    const starts = freeSlotStarts(found.calendar, ctx.store.appointments, startDate, endDate, ctx.now());
    res.status(200).json(groupByDay(starts, zone ?? found.calendar.timezone));
  });

  router.get('/calendars/events', (req, res) => {
    const q = stringQuery(req);
    const problems = [
      ...(q.locationId ? [] : ['locationId should not be empty']),
      ...(isMillis(q.startTime) ? [] : ['startTime must be epoch milliseconds']),
      ...(isMillis(q.endTime) ? [] : ['endTime must be epoch milliseconds']),
      ...(q.calendarId || q.userId || q.groupId
        ? []
        : ['Either of calendarId, userId or groupId is required']),
    ];
    if (problems.length) return sendGhlError(res, 400, problems);
    if (!ownsLocation(res, String(q.locationId))) return;
    const from = Number(q.startTime);
    const to = Number(q.endTime);
    const events = ctx.store.appointments
      .filter(
        (a) =>
          a.locationId === q.locationId &&
          (!q.calendarId || a.calendarId === q.calendarId) &&
          (!q.userId || a.assignedUserId === q.userId) &&
          (!q.groupId || a.groupId === q.groupId) &&
          Date.parse(a.startTime) <= to &&
          Date.parse(a.endTime) >= from,
      )
      .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime))
      .map((a) => calendarEvent(a, zoneOf(a)));
    res.status(200).json({ events });
  });

  router.post('/calendars/events/appointments', (req, res) => {
    const body = validate(res, appointmentCreateRequestSchema, req.body);
    if (!body) return;
    if (!ownsLocation(res, body.locationId)) return;
    const location = res.locals.location as SandboxLocation;
    const calendar = location.calendars.find((c) => c.id === body.calendarId);
    if (!calendar) return sendGhlError(res, 400, 'Calendar not found');
    if (!location.contacts.some((c) => c.id === body.contactId))
      return sendGhlError(res, 400, 'Contact not found');
    const start = Date.parse(body.startTime);
    const end = body.endTime === undefined ? start + calendar.slotMinutes * 60_000 : Date.parse(body.endTime);
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      return sendGhlError(res, 400, ['startTime and endTime must be ISO 8601 date strings']);
    }
    if (end <= start) return sendGhlError(res, 400, 'endTime must be after startTime');
    if (!body.ignoreFreeSlotValidation && !canBook(calendar, ctx.store.appointments, start, end, ctx.now())) {
      return sendGhlError(res, 400, SLOT_TAKEN_MESSAGE);
    }
    const now = new Date(ctx.now()).toISOString();
    const created = ctx.store.addAppointment({
      locationId: location.locationId,
      calendarId: calendar.id,
      contactId: body.contactId,
      groupId: calendar.groupId,
      assignedUserId: body.assignedUserId ?? calendar.userId,
      title: body.title ?? 'Appointment',
      address: body.address ?? '',
      appointmentStatus: body.appointmentStatus ?? 'confirmed',
      startTime: new Date(start).toISOString(),
      endTime: new Date(end).toISOString(),
      dateAdded: now,
      dateUpdated: now,
    });
    announce('AppointmentCreate', created);
    if (ctx.faults.takeHangAfterCommit()) return;
    res.status(200).json(appointmentResponse(created, calendar.timezone));
  });

  router.get('/calendars/events/appointments/:eventId', (req, res) => {
    const appointment = ctx.store.appointment(String(req.params.eventId));
    if (!appointment) return sendGhlError(res, 404, 'Appointment not found');
    if (!ownsLocation(res, appointment.locationId)) return;
    res.status(200).json({ event: calendarEvent(appointment, zoneOf(appointment)) });
  });

  router.put('/calendars/events/appointments/:eventId', (req, res) => {
    const current = ctx.store.appointment(String(req.params.eventId));
    if (!current) return sendGhlError(res, 404, 'Appointment not found');
    if (!ownsLocation(res, current.locationId)) return;
    const patch = validate(res, appointmentEditRequestSchema, req.body);
    if (!patch) return;
    const location = res.locals.location as SandboxLocation;
    const calendar = location.calendars.find((c) => c.id === (patch.calendarId ?? current.calendarId));
    if (!calendar) return sendGhlError(res, 400, 'Calendar not found');
    const oldStart = Date.parse(current.startTime);
    const oldEnd = Date.parse(current.endTime);
    const start = patch.startTime === undefined ? oldStart : Date.parse(patch.startTime);
    // Moving only the start keeps the meeting's length.
    const end = patch.endTime === undefined ? start + (oldEnd - oldStart) : Date.parse(patch.endTime);
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      return sendGhlError(res, 400, ['startTime and endTime must be ISO 8601 date strings']);
    }
    if (end <= start) return sendGhlError(res, 400, 'endTime must be after startTime');
    const status = patch.appointmentStatus ?? current.appointmentStatus;
    const claimsNewTime =
      status !== 'cancelled' &&
      (start !== oldStart ||
        end !== oldEnd ||
        calendar.id !== current.calendarId ||
        current.appointmentStatus === 'cancelled');
    if (
      claimsNewTime &&
      !patch.ignoreFreeSlotValidation &&
      !canBook(calendar, ctx.store.appointments, start, end, ctx.now(), current.id)
    ) {
      return sendGhlError(res, 400, SLOT_TAKEN_MESSAGE);
    }
    const updated = ctx.store.updateAppointment(current.id, {
      calendarId: calendar.id,
      startTime: new Date(start).toISOString(),
      endTime: new Date(end).toISOString(),
      appointmentStatus: status,
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.assignedUserId !== undefined ? { assignedUserId: patch.assignedUserId } : {}),
    });
    if (!updated) return sendGhlError(res, 404, 'Appointment not found');
    announce('AppointmentUpdate', updated);
    if (ctx.faults.takeHangAfterCommit()) return;
    res.status(200).json(appointmentResponse(updated, calendar.timezone));
  });

  router.delete('/calendars/events/:eventId', (req, res) => {
    const current = ctx.store.appointment(String(req.params.eventId));
    if (!current) return sendGhlError(res, 404, 'Event not found');
    if (!ownsLocation(res, current.locationId)) return;
    const removed = ctx.store.removeAppointment(current.id);
    if (removed) announce('AppointmentDelete', removed);
    if (ctx.faults.takeHangAfterCommit()) return;
    res.status(201).json({ succeeded: true });
  });

  router.post('/conversations/messages', (req, res) => {
    const body = validate(res, sendMessageRequestSchema, req.body);
    if (!body) return;
    const location = res.locals.location as SandboxLocation;
    const contact = location.contacts.find((c) => c.id === body.contactId);
    if (!contact) return sendGhlError(res, 400, 'Contact not found');
    const text = body.message ?? body.html;
    if (!text) return sendGhlError(res, 400, ['message or html is required']);
    if (body.type === 'SMS' && !contact.phone) return sendGhlError(res, 400, 'Contact has no phone number');
    if (body.type === 'Email' && !contact.email)
      return sendGhlError(res, 400, 'Contact has no email address');
    const sent = ctx.store.addMessage({
      locationId: location.locationId,
      contactId: contact.id,
      type: body.type,
      message: text,
      ...(body.subject !== undefined ? { subject: body.subject } : {}),
    });
    if (ctx.faults.takeHangAfterCommit()) return;
    res.status(200).json({
      conversationId: sent.conversationId,
      messageId: sent.messageId,
      ...(body.type === 'Email' ? { emailMessageId: sent.messageId } : {}),
      status: 'delivered',
    });
  });

  router.get('/contacts/:contactId', (req, res) => {
    // contacts.json accepts only this Version (the calendars API also takes 2021-04-15).
    if (req.get('version') !== GHL_CONTACTS_API_VERSION)
      return sendGhlError(res, 400, `Version ${req.get('version')} is not supported by the contacts API`);
    const id = String(req.params.contactId);
    const owner = ctx.store.locations.find((l) => l.contacts.some((c) => c.id === id));
    // The spec documents no 404 here: GHL answers an unknown contact with a 400.
    if (!owner) return sendGhlError(res, 400, 'Contact not found');
    if (!ownsLocation(res, owner.locationId)) return;
    const contact = owner.contacts.find((c) => c.id === id);
    if (!contact) return sendGhlError(res, 400, 'Contact not found');
    res.status(200).json({ contact: contactResponse(contact, owner.locationId) });
  });

  router.use((req: Request, res: Response) => sendGhlError(res, 404, `Cannot ${req.method} ${req.path}`));
  return router;
}

function recordTraffic(ctx: SandboxContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    let responseBody: unknown;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      responseBody = body;
      return json(body);
    };
    res.on('finish', () =>
      ctx.traffic.add({
        method: req.method,
        path: req.path,
        query: stringQuery(req),
        headers: { version: req.get('version'), contentType: req.get('content-type') },
        requestBody: req.body,
        status: res.statusCode,
        responseBody,
      }),
    );
    next();
  };
}

/** Bearer token -> location (401 otherwise), then the mandatory `Version` header. */
function authenticate(ctx: SandboxContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
    const location = match?.[1] ? ctx.store.locationByToken(match[1].trim()) : undefined;
    if (!location) return sendGhlError(res, 401, 'Invalid JWT');
    const version = req.get('version');
    if (!version) return sendGhlError(res, 400, 'Version header was not found');
    if (!SUPPORTED_VERSIONS.has(version))
      return sendGhlError(res, 400, `Version ${version} is not supported`);
    res.locals.location = location;
    next();
  };
}

/** The token only opens its own location. */
function ownsLocation(res: Response, locationId: string): boolean {
  if ((res.locals.location as SandboxLocation).locationId === locationId) return true;
  sendGhlError(res, 401, 'The token does not have access to this location');
  return false;
}

function validate<T>(res: Response, schema: z.ZodType<T>, body: unknown): T | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  sendGhlError(
    res,
    400,
    parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
  );
  return undefined;
}

function stringQuery(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') out[k] = v;
  return out;
}

function isMillis(value: unknown): boolean {
  return typeof value === 'string' && /^\d+$/.test(value);
}
