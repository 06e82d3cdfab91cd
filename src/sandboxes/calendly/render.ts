import type {
  CalendlyCancellation,
  CalendlyEventType,
  CalendlyInvitee,
  CalendlyScheduledEvent,
  CalendlyUser,
  CalendlyWebhookSubscription,
} from '../../providers/calendly/schemas';
import type {
  CancellationRecord,
  EventTypeLocationRecord,
  EventTypeRecord,
  InviteeRecord,
  NoShowRecord,
  ScheduledEventRecord,
  UserRecord,
  WebhookSubscriptionRecord,
} from './model';

/**
 * Records → Calendly API resources. URIs are built from one resource base (Calendly's own host by
 * default) so stored URIs stay valid whatever port the sandbox listens on; lookups use the uuid only.
 */
export interface UriScheme {
  /** e.g. https://api.calendly.com */
  api: string;
  /** e.g. https://calendly.com (booking pages, cancel/reschedule links) */
  pages: string;
}

export const DEFAULT_URIS: UriScheme = { api: 'https://api.calendly.com', pages: 'https://calendly.com' };

export const uris = (s: UriScheme) => ({
  user: (uuid: string) => `${s.api}/users/${uuid}`,
  organization: (uuid: string) => `${s.api}/organizations/${uuid}`,
  eventType: (uuid: string) => `${s.api}/event_types/${uuid}`,
  scheduledEvent: (uuid: string) => `${s.api}/scheduled_events/${uuid}`,
  invitee: (eventUuid: string, uuid: string) => `${s.api}/scheduled_events/${eventUuid}/invitees/${uuid}`,
  webhookSubscription: (uuid: string) => `${s.api}/webhook_subscriptions/${uuid}`,
  inviteeNoShow: (uuid: string) => `${s.api}/invitee_no_shows/${uuid}`,
});

/** The last path segment of a URI (its uuid); a bare uuid passes through. */
export function uuidFromUri(uri: string): string {
  return uri.trim().replace(/\/+$/, '').split('/').pop() ?? '';
}

export function renderUser(s: UriScheme, u: UserRecord): CalendlyUser {
  return {
    uri: uris(s).user(u.uuid),
    name: u.name,
    slug: u.slug,
    email: u.email,
    timezone: u.timezone,
    current_organization: uris(s).organization(u.orgUuid),
    scheduling_url: `${s.pages}/${u.slug}`,
    created_at: u.createdAt,
    updated_at: u.createdAt,
  };
}

export function renderEventType(s: UriScheme, et: EventTypeRecord, owner: UserRecord): CalendlyEventType {
  return {
    uri: uris(s).eventType(et.uuid),
    name: et.name,
    slug: et.slug,
    duration: et.duration,
    active: et.active,
    scheduling_url: `${s.pages}/${owner.slug}/${et.slug}`,
    kind: 'solo',
    pooling_type: null,
    type: 'StandardEventType',
    profile: { type: 'User', name: owner.name, owner: uris(s).user(owner.uuid) },
    locations: configuredLocations(et).map((l) => ({
      kind: l.kind,
      ...(l.location !== undefined ? { location: l.location } : {}),
      ...(l.phoneNumber !== undefined ? { phone_number: l.phoneNumber } : {}),
    })),
    created_at: et.createdAt,
    updated_at: et.createdAt,
  };
}

/** The event type's locations; `locationKind` alone (older seeds and saved state) is one of that kind. */
export function configuredLocations(et: EventTypeRecord): EventTypeLocationRecord[] {
  if (et.locations) return et.locations;
  return et.locationKind ? [{ kind: et.locationKind }] : [];
}

function renderCancellation(c: CancellationRecord): CalendlyCancellation {
  return {
    canceled_by: c.canceledBy,
    reason: c.reason,
    canceler_type: c.cancelerType,
    created_at: c.createdAt,
  };
}

export function renderScheduledEvent(
  s: UriScheme,
  e: ScheduledEventRecord,
  host: UserRecord | undefined,
  invitees: readonly InviteeRecord[],
  limit: number,
): CalendlyScheduledEvent {
  const mine = invitees.filter((i) => i.eventUuid === e.uuid);
  return {
    uri: uris(s).scheduledEvent(e.uuid),
    name: e.name,
    status: e.status,
    start_time: e.startTime,
    end_time: e.endTime,
    event_type: uris(s).eventType(e.eventTypeUuid),
    location: e.location,
    invitees_counter: { total: mine.length, active: mine.filter((i) => i.status === 'active').length, limit },
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    event_memberships: host
      ? [{ user: uris(s).user(host.uuid), user_email: host.email, user_name: host.name }]
      : [],
    event_guests: [],
    ...(e.cancellation ? { cancellation: renderCancellation(e.cancellation) } : {}),
  };
}

export function renderInvitee(
  s: UriScheme,
  i: InviteeRecord,
  all: readonly InviteeRecord[],
): CalendlyInvitee {
  const u = uris(s);
  const uriOf = (uuid: string | null) => {
    const other = uuid ? all.find((x) => x.uuid === uuid) : undefined;
    return other ? u.invitee(other.eventUuid, other.uuid) : null;
  };
  return {
    uri: u.invitee(i.eventUuid, i.uuid),
    email: i.email,
    name: i.name,
    first_name: i.firstName,
    last_name: i.lastName,
    status: i.status,
    timezone: i.timezone,
    event: u.scheduledEvent(i.eventUuid),
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    tracking: {
      utm_campaign: null,
      utm_source: null,
      utm_medium: null,
      utm_content: null,
      utm_term: null,
      salesforce_uuid: null,
      ...i.tracking,
    },
    text_reminder_number: i.textReminderNumber,
    rescheduled: i.rescheduled,
    old_invitee: uriOf(i.oldInviteeUuid),
    new_invitee: uriOf(i.newInviteeUuid),
    cancel_url: `${s.pages}/cancellations/${i.uuid}`,
    reschedule_url: `${s.pages}/reschedulings/${i.uuid}`,
    questions_and_answers: i.questionsAndAnswers,
    payment: null,
    no_show: i.noShow ? renderNoShowMark(s, i.noShow) : null,
    reconfirmation: null,
    scheduling_method: i.schedulingMethod,
    invitee_scheduled_by: i.scheduledByUserUuid ? u.user(i.scheduledByUserUuid) : null,
    ...(i.cancellation ? { cancellation: renderCancellation(i.cancellation) } : {}),
  };
}

/** The `{ uri, created_at }` an invitee (and a no-show webhook's payload) carries. */
export function renderNoShowMark(s: UriScheme, n: NoShowRecord): { uri: string; created_at: string } {
  return { uri: uris(s).inviteeNoShow(n.uuid), created_at: n.createdAt };
}

export function renderWebhookSubscription(
  s: UriScheme,
  w: WebhookSubscriptionRecord,
): CalendlyWebhookSubscription {
  return {
    uri: uris(s).webhookSubscription(w.uuid),
    callback_url: w.callbackUrl,
    state: w.state,
    events: w.events,
    scope: w.scope,
    organization: uris(s).organization(w.orgUuid),
    user: w.userUuid ? uris(s).user(w.userUuid) : null,
    group: null,
    creator: uris(s).user(w.creatorUuid),
    created_at: w.createdAt,
    updated_at: w.updatedAt,
    retry_started_at: w.retryStartedAt,
  };
}
