import type { SandboxKnobs as FaultKnobs, SandboxKnobsPatch as FaultKnobsPatch } from '../faults';
/**
 * The Calendly sandbox's own records. They are stored by uuid (Calendly URIs end in one) and rendered
 * into API resources by ./render.ts, so persistence stays independent of the address the sandbox runs on.
 */

export type CalendlyPlan = 'free' | 'standard' | 'teams' | 'enterprise';
export const CALENDLY_PLANS = ['free', 'standard', 'teams', 'enterprise'] as const;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Local wall-clock intervals ("HH:mm") per weekday, in the event type's time zone. */
export type WeeklyHours = Partial<Record<Weekday, Array<{ start: string; end: string }>>>;

export interface OrganizationRecord {
  uuid: string;
  name: string;
  createdAt: string;
}

export interface UserRecord {
  uuid: string;
  orgUuid: string;
  name: string;
  email: string;
  timezone: string;
  slug: string;
  /** Calendly plans are per organization; per user is enough to model the Scheduling API paywall. */
  plan: CalendlyPlan;
  createdAt: string;
}

export interface TokenRecord {
  token: string;
  userUuid: string;
}

export interface EventTypeRecord {
  uuid: string;
  userUuid: string;
  name: string;
  slug: string;
  /** Minutes. */
  duration: number;
  active: boolean;
  timezone: string;
  weeklyHours: WeeklyHours;
  /** Minutes between offered start times. */
  slotIntervalMinutes: number;
  /** 1 for one-on-one event types; more for group events. */
  inviteesPerSlot: number;
  /** When set, POST /invitees must carry a location of this kind (e.g. 'outbound_call'). */
  locationKind: string | null;
  /**
   * The kinds the host configured (rendered as the event type's `locations`); absent in state saved
   * before it existed, where `locationKind` alone stands for `[{ kind: locationKind }]`.
   */
  locations?: EventTypeLocationRecord[];
  createdAt: string;
}

export interface EventTypeLocationRecord {
  kind: string;
  /** The host's address (physical) or text (custom). */
  location?: string;
  /** The host's number (inbound_call). */
  phoneNumber?: string;
}

export interface CancellationRecord {
  canceledBy: string;
  reason: string | null;
  cancelerType: 'host' | 'invitee';
  createdAt: string;
}

export interface ScheduledEventRecord {
  uuid: string;
  eventTypeUuid: string;
  hostUuid: string;
  name: string;
  status: 'active' | 'canceled';
  startTime: string;
  endTime: string;
  location: { type: string; location?: string } | null;
  createdAt: string;
  updatedAt: string;
  cancellation: CancellationRecord | null;
}

export interface InviteeRecord {
  uuid: string;
  eventUuid: string;
  email: string;
  name: string;
  firstName: string | null;
  lastName: string | null;
  timezone: string;
  status: 'active' | 'canceled';
  createdAt: string;
  updatedAt: string;
  rescheduled: boolean;
  oldInviteeUuid: string | null;
  newInviteeUuid: string | null;
  cancellation: CancellationRecord | null;
  textReminderNumber: string | null;
  tracking: Record<string, string>;
  questionsAndAnswers: Array<{ question: string; answer: string; position?: number }>;
  /** 'instant_book' when booked through POST /invitees; null when the lead used the booking page. */
  schedulingMethod: string | null;
  scheduledByUserUuid: string | null;
  /** The host's no-show mark (POST /invitee_no_shows); absent or null when not marked. */
  noShow?: NoShowRecord | null;
}

export interface NoShowRecord {
  uuid: string;
  createdAt: string;
}

export interface WebhookSubscriptionRecord {
  uuid: string;
  callbackUrl: string;
  events: string[];
  scope: 'user' | 'organization' | 'group';
  orgUuid: string;
  userUuid: string | null;
  creatorUuid: string;
  state: 'active' | 'disabled';
  /** Never rendered in API answers or control listings. */
  signingKey: string | null;
  createdAt: string;
  updatedAt: string;
  retryStartedAt: string | null;
}

export interface DeliveryAttempt {
  at: string;
  /** HTTP status, or null when the callback could not be reached. */
  status: number | null;
  error?: string;
}

export interface WebhookDeliveryRecord {
  id: string;
  subscriptionUuid: string;
  callbackUrl: string;
  event: string;
  inviteeUri: string;
  /** The exact JSON body; every attempt re-sends these bytes with a fresh signature timestamp. */
  body: string;
  createdAt: string;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: string | null;
}

export interface SandboxData {
  organizations: OrganizationRecord[];
  users: UserRecord[];
  tokens: TokenRecord[];
  eventTypes: EventTypeRecord[];
  scheduledEvents: ScheduledEventRecord[];
  invitees: InviteeRecord[];
  webhookSubscriptions: WebhookSubscriptionRecord[];
  deliveries: WebhookDeliveryRecord[];
}

export function emptyData(): SandboxData {
  return {
    organizations: [],
    users: [],
    tokens: [],
    eventTypes: [],
    scheduledEvents: [],
    invitees: [],
    webhookSubscriptions: [],
    deliveries: [],
  };
}

/**
 * Calendly's own limit, kept beside the shared fault knobs (src/sandboxes/faults.ts): it is part of the
 * contract (429 with Retry-After past N POST /invitees per user per minute), not an injected fault.
 */
export interface CalendlyLimits {
  /** POST /invitees per user per rolling minute (Calendly: 10 on paid non-enterprise plans); null = off. */
  inviteesPerMinute: number | null;
}

export const DEFAULT_LIMITS: CalendlyLimits = { inviteesPerMinute: null };

/** What `GET /_sandbox/knobs` shows and `PATCH` takes: the shared fault knobs plus the limits. */
export type SandboxKnobs = FaultKnobs & CalendlyLimits;
export type SandboxKnobsPatch = FaultKnobsPatch & Partial<CalendlyLimits>;

/** A Calendly-shaped failure the HTTP layer renders as `{ title, message, details }`. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly details: Array<{ parameter?: string; message: string }> = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const invalidArgument = (
  message: string,
  details: Array<{ parameter?: string; message: string }> = [],
) => new SandboxHttpError(400, 'Invalid Argument', message, details);
export const notFound = () =>
  new SandboxHttpError(404, 'Resource Not Found', 'The server could not find the requested resource.');
export const permissionDenied = (message = 'You do not have permission to access this resource.') =>
  new SandboxHttpError(403, 'Permission Denied', message);
