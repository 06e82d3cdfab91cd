// Over 250 lines on purpose: zod schemas of every GHL request, response and webhook body we use, mirroring
// the OpenAPI files in one place.
import { z } from 'zod';
import { IdString, InstantString } from '../../lib/safeText';

/**
 * The GoHighLevel bodies we send and receive, after the official OpenAPI documents in
 * shared/specs/ghl (calendars.json, conversations.json) and the webhook pages (webhooks/*.md).
 *
 * Response schemas are loose objects: GHL adds fields freely, and an unknown field must never turn a
 * successful booking into an "off-contract" failure. They only insist on what we actually read.
 */

export const APPOINTMENT_STATUSES = [
  'new',
  'confirmed',
  'cancelled',
  'showed',
  'noshow',
  'invalid',
  'active',
  'completed',
] as const;
/** Statuses a client may set (the response enum adds 'active' and 'completed'). */
export const WRITABLE_APPOINTMENT_STATUSES = [
  'new',
  'confirmed',
  'cancelled',
  'showed',
  'noshow',
  'invalid',
] as const;

// ---- GET /calendars/{calendarId}/free-slots ------------------------------------------------------

/** SlotsSchema: one day's free start times, with the offset of the requested time zone. */
export const slotsDaySchema = z.looseObject({ slots: z.array(z.string()) });

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The answer is a map keyed by date (YYYY-MM-DD). Live GHL also puts a `traceId` next to the days, so
 * keys that are not dates are skipped rather than rejected.
 */
export const freeSlotsResponseSchema = z.record(z.string(), z.unknown()).transform((map, ctx) => {
  const days: Record<string, z.infer<typeof slotsDaySchema>> = {};
  for (const [key, value] of Object.entries(map)) {
    if (!DAY_KEY.test(key)) continue;
    const parsed = slotsDaySchema.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', path: [key, 'slots'], message: 'expected { slots: string[] }' });
      return z.NEVER;
    }
    days[key] = parsed.data;
  }
  return days;
});
export type FreeSlotsResponse = z.infer<typeof freeSlotsResponseSchema>;

// ---- POST /calendars/events/appointments, PUT /calendars/events/appointments/{eventId} -----------

/** AppointmentCreateSchema (the fields we use plus the ones the sandbox honours). */
export const appointmentCreateRequestSchema = z.object({
  calendarId: z.string().min(1),
  locationId: z.string().min(1),
  contactId: z.string().min(1),
  startTime: z.string().min(1),
  endTime: z.string().min(1).optional(),
  title: z.string().optional(),
  appointmentStatus: z.enum(WRITABLE_APPOINTMENT_STATUSES).optional(),
  assignedUserId: z.string().optional(),
  description: z.string().optional(),
  address: z.string().optional(),
  meetingLocationType: z
    .enum(['custom', 'zoom', 'gmeet', 'phone', 'address', 'ms_teams', 'google'])
    .optional(),
  ignoreDateRange: z.boolean().optional(),
  ignoreFreeSlotValidation: z.boolean().optional(),
  toNotify: z.boolean().optional(),
});
export type AppointmentCreateRequest = z.infer<typeof appointmentCreateRequestSchema>;

/** AppointmentEditSchema: every field optional. */
export const appointmentEditRequestSchema = appointmentCreateRequestSchema
  .omit({ locationId: true, contactId: true })
  .partial();
export type AppointmentEditRequest = z.infer<typeof appointmentEditRequestSchema>;

/** AppointmentSchemaResponse (create and edit answer with it). */
export const appointmentResponseSchema = z.looseObject({
  id: z.string().min(1),
  calendarId: z.string(),
  locationId: z.string(),
  contactId: z.string(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  title: z.string().optional(),
  appointmentStatus: z.string().optional(),
  assignedUserId: z.string().optional(),
  address: z.string().optional(),
});
export type AppointmentResponse = z.infer<typeof appointmentResponseSchema>;

// ---- GET /calendars/events, GET /calendars/events/appointments/{eventId} --------------------------

/**
 * The spec types CalendarEventDTO's times as `object` while its examples (and live GHL) carry ISO
 * strings; accept a string or epoch millis and leave normalisation to the client.
 */
const eventTime = z.union([z.string(), z.number()]);

/** CalendarEventDTO. */
export const calendarEventSchema = z.looseObject({
  id: z.string().min(1),
  calendarId: z.string(),
  locationId: z.string(),
  contactId: z.string().optional(),
  title: z.string().optional(),
  appointmentStatus: z.string().optional(),
  assignedUserId: z.string().optional(),
  startTime: eventTime,
  endTime: eventTime,
});
export type CalendarEvent = z.infer<typeof calendarEventSchema>;

/** GetCalendarEventsSuccessfulResponseDTO. */
export const calendarEventsResponseSchema = z.looseObject({
  events: z.array(calendarEventSchema).default([]),
});

/** GetCalendarEventSuccessfulResponseDTO. */
export const calendarEventResponseSchema = z.looseObject({ event: calendarEventSchema });

/** DeleteEventSuccessfulResponseDto. */
export const deleteEventResponseSchema = z.looseObject({ succeeded: z.boolean().optional() });

// ---- POST /conversations/messages ----------------------------------------------------------------

// SendMessageBodyDto.type in conversations.json.
export const GHL_MESSAGE_TYPES = [
  'SMS',
  'RCS',
  'Email',
  'WhatsApp',
  'IG',
  'FB',
  'Custom',
  'Live_Chat',
  'TIKTOK',
] as const;
export type GhlMessageType = (typeof GHL_MESSAGE_TYPES)[number];

/** SendMessageBodyDto (the fields we send). */
export const sendMessageRequestSchema = z.object({
  type: z.enum(GHL_MESSAGE_TYPES),
  contactId: z.string().min(1),
  message: z.string().min(1).optional(),
  html: z.string().optional(),
  subject: z.string().optional(),
  appointmentId: z.string().optional(),
});
export type SendMessageRequest = z.infer<typeof sendMessageRequestSchema>;

/** SendMessageResponseDto. */
export const sendMessageResponseSchema = z.looseObject({
  conversationId: z.string(),
  messageId: z.string(),
  status: z.string().optional(),
  msg: z.string().optional(),
});
export type SendMessageResponse = z.infer<typeof sendMessageResponseSchema>;

// ---- GET /contacts/{contactId} (contacts.json) ---------------------------------------------------

/** The contacts API takes only this `Version` (the calendars API's default 2021-04-15 is refused). */
export const GHL_CONTACTS_API_VERSION = '2021-07-28';

/** GetContectByIdSchema: the fields a lead is made of. */
export const contactSchema = z.looseObject({
  id: z.string().min(1),
  locationId: z.string().optional(),
  name: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  timezone: z.string().nullish(),
});
export type GhlContact = z.infer<typeof contactSchema>;

/** ContactsByIdSuccessfulResponseDto. */
export const contactResponseSchema = z.looseObject({ contact: contactSchema });

// ---- Error bodies --------------------------------------------------------------------------------

/** GHL errors are NestJS-shaped: `{ statusCode, message, error? }`, message a string or a list. */
export const ghlErrorBodySchema = z.looseObject({
  statusCode: z.number().optional(),
  message: z.union([z.string(), z.array(z.string())]).optional(),
  error: z.string().optional(),
});

// ---- Webhooks ------------------------------------------------------------------------------------

/**
 * Every webhook carries the envelope GHL signs: `timestamp` and `webhookId` are what replay
 * protection keys on, so they are required here even though the per-event pages omit them.
 */
const envelope = {
  timestamp: z.string().min(1).max(64),
  // Ids are stored (webhookId is the idempotency key): bounded, one line, no NUL (src/lib/safeText.ts).
  webhookId: IdString,
  locationId: IdString,
};

/** InboundMessage (SMS, Email, calls...). Calls and voicemails carry no body. */
export const inboundMessageWebhookSchema = z.looseObject({
  ...envelope,
  type: z.literal('InboundMessage'),
  contactId: IdString,
  body: z.string().optional(),
  messageType: z.string().optional(),
  direction: z.string().optional(),
  conversationId: z.string().optional(),
  // Becomes the message's idempotency key and receivedAt when the webhook is delivered.
  messageId: IdString.optional(),
  emailMessageId: z.string().optional(),
  contentType: z.string().optional(),
  dateAdded: InstantString.optional(),
  attachments: z.array(z.unknown()).optional(),
  subject: z.string().optional(),
});

/** The `appointment` object of the Appointment* webhooks. */
export const webhookAppointmentSchema = z.looseObject({
  id: IdString,
  calendarId: z.string().optional(),
  contactId: IdString.optional(),
  title: z.string().optional(),
  address: z.string().optional(),
  groupId: z.string().optional(),
  appointmentStatus: z.string().optional(),
  assignedUserId: z.string().optional(),
  users: z.array(z.string()).optional(),
  notes: z.string().optional(),
  source: z.string().optional(),
  // Validated before the event is stored and acknowledged: delivery turns these into Dates, and an
  // unparseable one used to be acknowledged 200 and then fail redelivery forever.
  startTime: InstantString.optional(),
  endTime: InstantString.optional(),
  dateAdded: z.string().optional(),
  dateUpdated: z.string().optional(),
});
export type WebhookAppointment = z.infer<typeof webhookAppointmentSchema>;

const appointmentWebhook = <T extends 'AppointmentCreate' | 'AppointmentUpdate' | 'AppointmentDelete'>(
  type: T,
) => z.looseObject({ ...envelope, type: z.literal(type), appointment: webhookAppointmentSchema });

export const appointmentCreateWebhookSchema = appointmentWebhook('AppointmentCreate');
export const appointmentUpdateWebhookSchema = appointmentWebhook('AppointmentUpdate');
export const appointmentDeleteWebhookSchema = appointmentWebhook('AppointmentDelete');

/**
 * ContactCreate / ContactUpdate (webhooks/ContactCreate.md; ContactUpdate carries the same contact).
 * Checked before the event is stored: the contact id and bounded strings. Whether the email, phone or
 * time zone are usable for a lead is decided field by field when it is delivered (src/leads).
 */
const contactText = (max: number) => z.string().max(max).nullish();
const contactWebhook = <T extends 'ContactCreate' | 'ContactUpdate'>(type: T) =>
  z.looseObject({
    ...envelope,
    type: z.literal(type),
    id: IdString,
    name: contactText(200),
    firstName: contactText(200),
    lastName: contactText(200),
    email: contactText(320),
    phone: contactText(64),
    // Not on the published page, but a GHL contact has one (GetContectByIdSchema.timezone).
    timezone: contactText(64),
    dateAdded: z.string().optional(),
  });

export const contactCreateWebhookSchema = contactWebhook('ContactCreate');
export const contactUpdateWebhookSchema = contactWebhook('ContactUpdate');

export const ghlWebhookEventSchema = z.discriminatedUnion('type', [
  inboundMessageWebhookSchema,
  appointmentCreateWebhookSchema,
  appointmentUpdateWebhookSchema,
  appointmentDeleteWebhookSchema,
  contactCreateWebhookSchema,
  contactUpdateWebhookSchema,
]);
export type GhlWebhookEvent = z.infer<typeof ghlWebhookEventSchema>;
export type GhlWebhookType = GhlWebhookEvent['type'];
export const GHL_WEBHOOK_TYPES: readonly GhlWebhookType[] = [
  'InboundMessage',
  'AppointmentCreate',
  'AppointmentUpdate',
  'AppointmentDelete',
  'ContactCreate',
  'ContactUpdate',
];
export type InboundMessageWebhook = z.infer<typeof inboundMessageWebhookSchema>;
export type AppointmentWebhook = Extract<GhlWebhookEvent, { appointment: unknown }>;
export type ContactWebhook = Extract<GhlWebhookEvent, { type: 'ContactCreate' | 'ContactUpdate' }>;
