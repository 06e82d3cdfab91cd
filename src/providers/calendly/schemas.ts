// Over 250 lines on purpose: the one contract file for every Calendly body we send and receive, shared by
// the client, the webhook parser and the sandbox, so both sides read the same shapes in one place.
import { z } from 'zod';

/**
 * The Calendly API v2 bodies we send and receive, after shared/specs/calendly/API-NOTES.md.
 *
 * Response schemas are loose objects that insist only on the fields we read: Calendly adds fields
 * freely, and an unknown field must never turn a successful booking into an "off-contract" failure.
 * The sandbox builds its answers from the same types, so both sides share one contract.
 */

const isoInstant = z.string().refine((v) => Number.isFinite(Date.parse(v)), 'expected an ISO-8601 instant');
// URIs key stored webhook events (event name + invitee URI): bounded like every id we store.
const uri = z.string().min(1).max(2048);
const nullableUri = uri.nullable();

// ---- envelopes ------------------------------------------------------------------------------------

export const paginationSchema = z.looseObject({
  count: z.number().int().nonnegative(),
  next_page: z.string().nullable(),
  previous_page: z.string().nullable(),
  next_page_token: z.string().nullable(),
  previous_page_token: z.string().nullable(),
});
export type Pagination = z.infer<typeof paginationSchema>;

export function collectionSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ collection: z.array(item), pagination: paginationSchema });
}

export function resourceSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ resource: item });
}

/** Calendly's error body: `{ title, message, details: [{ parameter, message }] }`. */
export const calendlyErrorSchema = z.looseObject({
  title: z.string(),
  message: z.string(),
  details: z.array(z.looseObject({ parameter: z.string().optional(), message: z.string() })).optional(),
});
export type CalendlyErrorBody = z.infer<typeof calendlyErrorSchema>;

// ---- GET /users/me --------------------------------------------------------------------------------

export const userSchema = z.looseObject({
  uri,
  name: z.string(),
  email: z.string(),
  timezone: z.string(),
  current_organization: uri,
  scheduling_url: z.string(),
  slug: z.string().optional(),
  created_at: isoInstant.optional(),
  updated_at: isoInstant.optional(),
});
export type CalendlyUser = z.infer<typeof userSchema>;

// ---- GET /event_types -----------------------------------------------------------------------------

/**
 * One way the event type can take place, as the host configured it: `physical` (an address), `custom`,
 * `inbound_call` (the invitee calls the host's `phone_number`), a conference (`google_conference`,
 * `zoom_conference`, ...) or one the invitee must fill in when booking: `outbound_call` (the host calls
 * the invitee's number) and `ask_invitee` (the invitee types a location). See ./inviteeLocation.ts.
 */
export const eventTypeLocationSchema = z.looseObject({
  kind: z.string(),
  location: z.string().nullable().optional(),
  phone_number: z.string().nullable().optional(),
  additional_info: z.string().nullable().optional(),
});
export type CalendlyEventTypeLocation = z.infer<typeof eventTypeLocationSchema>;

export const eventTypeSchema = z.looseObject({
  uri,
  name: z.string(),
  slug: z.string().nullable(),
  /** Minutes. */
  duration: z.number().int().positive(),
  active: z.boolean(),
  scheduling_url: z.string(),
  kind: z.string(),
  pooling_type: z.string().nullable(),
  profile: z.looseObject({ type: z.string(), name: z.string(), owner: uri }).nullable().optional(),
  /** Null or absent: no location configured (nothing to send on POST /invitees). */
  locations: z.array(eventTypeLocationSchema).nullable().optional(),
});
export type CalendlyEventType = z.infer<typeof eventTypeSchema>;

// ---- GET /event_type_available_times -------------------------------------------------------------

export const availableTimeSchema = z.looseObject({
  status: z.string(),
  start_time: isoInstant,
  invitees_remaining: z.number().int().nonnegative(),
  scheduling_url: z.string().optional(),
});
export type CalendlyAvailableTime = z.infer<typeof availableTimeSchema>;

/** This list is not paginated: the 7-day window bounds it. */
export const availableTimesResponseSchema = z.looseObject({ collection: z.array(availableTimeSchema) });

// ---- scheduled events and invitees ---------------------------------------------------------------

export const cancellationSchema = z.looseObject({
  canceled_by: z.string(),
  reason: z.string().nullable(),
  canceler_type: z.enum(['host', 'invitee']),
  created_at: isoInstant,
});
export type CalendlyCancellation = z.infer<typeof cancellationSchema>;

export const scheduledEventSchema = z.looseObject({
  uri,
  name: z.string(),
  status: z.enum(['active', 'canceled']),
  start_time: isoInstant,
  end_time: isoInstant,
  event_type: uri,
  location: z.looseObject({ type: z.string() }).nullable().optional(),
  invitees_counter: z.looseObject({ total: z.number(), active: z.number(), limit: z.number() }).optional(),
  created_at: isoInstant.optional(),
  updated_at: isoInstant.optional(),
  event_memberships: z
    .array(z.looseObject({ user: uri, user_email: z.string().optional(), user_name: z.string().optional() }))
    .optional(),
  event_guests: z.array(z.unknown()).optional(),
  cancellation: cancellationSchema.optional(),
});
export type CalendlyScheduledEvent = z.infer<typeof scheduledEventSchema>;

export const inviteeSchema = z.looseObject({
  uri,
  email: z.string(),
  name: z.string(),
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  status: z.enum(['active', 'canceled']),
  timezone: z.string().nullable(),
  /** The scheduled event URI. */
  event: uri,
  created_at: isoInstant,
  updated_at: isoInstant,
  rescheduled: z.boolean(),
  old_invitee: nullableUri,
  new_invitee: nullableUri,
  cancel_url: z.string().optional(),
  reschedule_url: z.string().optional(),
  cancellation: cancellationSchema.optional(),
  text_reminder_number: z.string().nullable().optional(),
  tracking: z.record(z.string(), z.unknown()).nullable().optional(),
  questions_and_answers: z.array(z.unknown()).optional(),
  payment: z.unknown().optional(),
  no_show: z.unknown().optional(),
  scheduling_method: z.string().nullable().optional(),
  invitee_scheduled_by: z.string().nullable().optional(),
});
export type CalendlyInvitee = z.infer<typeof inviteeSchema>;

// ---- POST /invitees -------------------------------------------------------------------------------

export const createInviteeRequestSchema = z.object({
  event_type: uri,
  start_time: isoInstant,
  invitee: z
    .object({
      email: z.email(),
      timezone: z.string().min(1),
      name: z.string().min(1).optional(),
      first_name: z.string().min(1).optional(),
      last_name: z.string().optional(),
      text_reminder_number: z.string().optional(),
    })
    .refine((i) => i.name !== undefined || i.first_name !== undefined, {
      message: 'name or first_name is required',
      path: ['name'],
    }),
  location: z.looseObject({ kind: z.string(), location: z.string().optional() }).optional(),
  questions_and_answers: z
    .array(z.object({ question: z.string(), answer: z.string(), position: z.number().int().optional() }))
    .optional(),
  tracking: z.record(z.string(), z.string()).optional(),
  event_guests: z.array(z.email()).optional(),
});
export type CreateInviteeRequest = z.infer<typeof createInviteeRequestSchema>;

// ---- webhook subscriptions -----------------------------------------------------------------------

export const CALENDLY_WEBHOOK_EVENTS = [
  'invitee.created',
  'invitee.canceled',
  'invitee_no_show.created',
  'invitee_no_show.deleted',
  'routing_form_submission.created',
] as const;
export type CalendlyWebhookEventName = (typeof CALENDLY_WEBHOOK_EVENTS)[number];

export const WEBHOOK_SCOPES = ['user', 'organization', 'group'] as const;
export type WebhookScope = (typeof WEBHOOK_SCOPES)[number];

export const webhookSubscriptionSchema = z.looseObject({
  uri,
  callback_url: z.string(),
  state: z.enum(['active', 'disabled']),
  events: z.array(z.string()),
  scope: z.enum(WEBHOOK_SCOPES),
  organization: uri,
  user: nullableUri,
  creator: nullableUri,
  created_at: isoInstant,
  updated_at: isoInstant,
  retry_started_at: isoInstant.nullable(),
});
export type CalendlyWebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;

export const createWebhookSubscriptionRequestSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  events: z.array(z.enum(CALENDLY_WEBHOOK_EVENTS)).min(1),
  organization: uri,
  user: uri.optional(),
  group: uri.optional(),
  scope: z.enum(WEBHOOK_SCOPES),
  signing_key: z.string().min(1).optional(),
});
export type CreateWebhookSubscriptionRequest = z.infer<typeof createWebhookSubscriptionRequestSchema>;

// ---- webhook deliveries ---------------------------------------------------------------------------

/** The events this service acts on; other subscribed events are acknowledged and ignored. */
export const HANDLED_WEBHOOK_EVENTS = [
  'invitee.created',
  'invitee.canceled',
  'invitee_no_show.created',
  'invitee_no_show.deleted',
] as const;

// ---- invitee no-shows (POST /invitee_no_shows, GET/DELETE /invitee_no_shows/{uuid}) -----------------

/** A host's no-show mark on an invitee; the invitee resource carries `{ uri, created_at }` of it. */
export const inviteeNoShowSchema = z.looseObject({
  uri,
  invitee: uri.optional(),
  created_at: isoInstant,
});
export type CalendlyInviteeNoShow = z.infer<typeof inviteeNoShowSchema>;
export const createInviteeNoShowRequestSchema = z.object({ invitee: uri });
export const inviteeNoShowResponseSchema = resourceSchema(inviteeNoShowSchema);

/**
 * Every handled event carries the invitee (the no-show events too, with `no_show` set to the mark the
 * event is about; a `.deleted` may carry null, which we tolerate).
 */
export const calendlyWebhookEventSchema = z.looseObject({
  event: z.enum(HANDLED_WEBHOOK_EVENTS),
  created_at: isoInstant,
  created_by: z.string(),
  payload: inviteeSchema.extend({
    scheduled_event: scheduledEventSchema,
    no_show: inviteeNoShowSchema.nullable().optional(),
  }),
});
export type CalendlyWebhookEvent = z.infer<typeof calendlyWebhookEventSchema>;

// ---- response envelopes the client validates ---------------------------------------------------

export const userResponseSchema = resourceSchema(userSchema);
export const eventTypesResponseSchema = collectionSchema(eventTypeSchema);
export const eventTypeResponseSchema = resourceSchema(eventTypeSchema);
export const scheduledEventResponseSchema = resourceSchema(scheduledEventSchema);
export const scheduledEventsResponseSchema = collectionSchema(scheduledEventSchema);
export const inviteeResponseSchema = resourceSchema(inviteeSchema);
export const inviteesResponseSchema = collectionSchema(inviteeSchema);
export const cancellationResponseSchema = resourceSchema(cancellationSchema);
export const webhookSubscriptionResponseSchema = resourceSchema(webhookSubscriptionSchema);
export const webhookSubscriptionsResponseSchema = collectionSchema(webhookSubscriptionSchema);
