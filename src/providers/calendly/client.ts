// Over 250 lines on purpose: one class with one method per Calendly endpoint we call (13), each with its
// request shape and response schema; splitting it would scatter the one API contract.
import type { z } from 'zod';
import { ProviderError, type ProviderErrorKind } from '../../errors';
import { type ProviderRequest, providerRequest, slotTakenKind } from '../http';
import {
  availableTimesResponseSchema,
  type CalendlyAvailableTime,
  type CalendlyEventType,
  type CalendlyInvitee,
  type CalendlyScheduledEvent,
  type CalendlyUser,
  type CalendlyWebhookEventName,
  type CalendlyWebhookSubscription,
  type CreateInviteeRequest,
  cancellationResponseSchema,
  eventTypeResponseSchema,
  eventTypesResponseSchema,
  inviteeResponseSchema,
  inviteesResponseSchema,
  type Pagination,
  scheduledEventResponseSchema,
  scheduledEventsResponseSchema,
  userResponseSchema,
  type WebhookScope,
  webhookSubscriptionResponseSchema,
  webhookSubscriptionsResponseSchema,
} from './schemas';

/**
 * Thin typed client for the Calendly API v2 endpoints the service uses (shared/specs/calendly).
 * One instance per workspace token; every call goes through `providerRequest`.
 */
export interface CalendlyClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** Injectable clock so the future-window clamp is testable. */
  now?: () => number;
}

export interface CreateInviteeInput {
  eventTypeUri: string;
  /** ISO-8601 instant. */
  startTime: string;
  invitee: { email: string; name: string; timezone: string };
  /** Only when the event type asks the invitee for a location (e.g. an outbound call number). */
  location?: { kind: string; location?: string };
}

export interface FindActiveEventInput {
  organizationUri: string;
  inviteeEmail: string;
  /** ISO-8601 instant of the slot start. */
  startTime: string;
  /** Narrows the match to one event type (a lead may hold other meetings at the same time). */
  eventTypeUri?: string;
}

export interface CreateWebhookSubscriptionInput {
  url: string;
  events: CalendlyWebhookEventName[];
  organization: string;
  user?: string;
  scope: WebhookScope;
  /** Our own key for PAT workspaces; Calendly signs every delivery with it. */
  signingKey?: string;
}

/** Calendly refuses available-time windows longer than 7 days. */
export const MAX_AVAILABILITY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * Calendly refuses windows that start in the past. A start a few milliseconds ahead of our clock can be
 * in the past by the time Calendly reads it, so the clamp keeps a margin.
 */
export const FUTURE_START_MARGIN_MS = 60 * 1000;
/** How far past the slot start the existing-booking lookup looks (the match itself is exact). */
const LOOKUP_SPAN_MS = 60 * 1000;
/** Biggest page Calendly serves; fewer round trips when following pagination. */
const PAGE_SIZE = 100;
/** Guards against a provider that keeps handing out next-page tokens. */
const MAX_PAGES = 50;
/** Wording Calendly uses when the chosen time was taken meanwhile. */
const SLOT_TAKEN = /no longer available|not available|unavailable|already (been )?(booked|taken)/i;

const EVENT_TYPE_PATH = /^\/event_types\/[A-Za-z0-9_-]+$/;
const SCHEDULED_EVENT_PATH = /^\/scheduled_events\/[A-Za-z0-9_-]+$/;
const INVITEE_PATH = /^\/scheduled_events\/[A-Za-z0-9_-]+\/invitees\/[A-Za-z0-9_-]+$/;
const WEBHOOK_SUBSCRIPTION_PATH = /^\/webhook_subscriptions\/[A-Za-z0-9_-]+$/;

type CollectionSchema<T> = z.ZodType<{ collection: T[]; pagination: Pagination }>;

export class CalendlyClient {
  private readonly now: () => number;

  constructor(private readonly options: CalendlyClientOptions) {
    this.now = options.now ?? Date.now;
  }

  async getCurrentUser(): Promise<CalendlyUser> {
    const res = await this.call({ method: 'GET', path: '/users/me', responseSchema: userResponseSchema });
    return res.resource;
  }

  /** Every event type of the user or organization (all pages). */
  async listEventTypes(owner: { user?: string; organization?: string }): Promise<CalendlyEventType[]> {
    if (!owner.user && !owner.organization) {
      throw new ProviderError(
        'calendly',
        'invalid_request',
        'listEventTypes needs a user or an organization URI',
      );
    }
    return this.listAll(
      '/event_types',
      { user: owner.user, organization: owner.organization },
      eventTypesResponseSchema,
    );
  }

  /** One event type (`GET /event_types/{uuid}`): its `active` flag, `scheduling_url` and `locations`. */
  async getEventType(uri: string): Promise<CalendlyEventType> {
    const res = await this.call({
      method: 'GET',
      path: pathOf(uri, EVENT_TYPE_PATH),
      responseSchema: eventTypeResponseSchema,
    });
    return res.resource;
  }

  /**
   * Available start times in [from, to), ascending and unique. Calendly only answers future windows of
   * at most 7 days, so the start is clamped to the near future and the range fetched in 7-day windows.
   */
  async listAvailableTimes(
    eventTypeUri: string,
    range: { from: Date; to: Date },
  ): Promise<CalendlyAvailableTime[]> {
    const fromMs = Math.max(range.from.getTime(), this.now() + FUTURE_START_MARGIN_MS);
    const toMs = range.to.getTime();
    const byStart = new Map<number, CalendlyAvailableTime>();
    for (let windowStart = fromMs; windowStart < toMs; windowStart += MAX_AVAILABILITY_WINDOW_MS) {
      const windowEnd = Math.min(windowStart + MAX_AVAILABILITY_WINDOW_MS, toMs);
      const res = await this.call({
        method: 'GET',
        path: '/event_type_available_times',
        query: {
          event_type: eventTypeUri,
          start_time: new Date(windowStart).toISOString(),
          end_time: new Date(windowEnd).toISOString(),
        },
        responseSchema: availableTimesResponseSchema,
      });
      for (const slot of res.collection) {
        const at = Date.parse(slot.start_time);
        if (slot.status === 'available' && at >= fromMs && at < toMs) byStart.set(at, slot);
      }
    }
    return [...byStart.entries()].sort(([a], [b]) => a - b).map(([, slot]) => slot);
  }

  /** Books on behalf of the invitee (Scheduling API). Needs a paid plan; a taken time → slot_unavailable. */
  async createInvitee(input: CreateInviteeInput): Promise<CalendlyInvitee> {
    const body: CreateInviteeRequest = {
      event_type: input.eventTypeUri,
      start_time: new Date(Date.parse(input.startTime)).toISOString(),
      invitee: { email: input.invitee.email, name: input.invitee.name, timezone: input.invitee.timezone },
      ...(input.location ? { location: input.location } : {}),
    };
    const res = await this.call({
      method: 'POST',
      path: '/invitees',
      body,
      responseSchema: inviteeResponseSchema,
    });
    return res.resource;
  }

  /**
   * The lead's active booking starting exactly at `startTime`, or null. This is how a retried booking
   * recognises the invitee a timed-out attempt created.
   */
  async findActiveEventAt(
    input: FindActiveEventInput,
  ): Promise<{ scheduledEventUri: string; inviteeUri: string } | null> {
    const at = Date.parse(input.startTime);
    if (!Number.isFinite(at)) {
      throw new ProviderError('calendly', 'invalid_request', `Invalid start time: ${input.startTime}`);
    }
    const events = await this.listAll(
      '/scheduled_events',
      {
        organization: input.organizationUri,
        invitee_email: input.inviteeEmail,
        min_start_time: new Date(at).toISOString(),
        max_start_time: new Date(at + LOOKUP_SPAN_MS).toISOString(),
        status: 'active',
      },
      scheduledEventsResponseSchema,
    );
    const email = input.inviteeEmail.toLowerCase();
    for (const event of events) {
      if (event.status !== 'active' || Date.parse(event.start_time) !== at) continue;
      if (input.eventTypeUri && uuidOf(event.event_type) !== uuidOf(input.eventTypeUri)) continue;
      const invitees = await this.listAll(
        `${pathOf(event.uri, SCHEDULED_EVENT_PATH)}/invitees`,
        { email: input.inviteeEmail, status: 'active' },
        inviteesResponseSchema,
      );
      const invitee = invitees.find((i) => i.status === 'active' && i.email.toLowerCase() === email);
      if (invitee) return { scheduledEventUri: event.uri, inviteeUri: invitee.uri };
    }
    return null;
  }

  async getScheduledEvent(uri: string): Promise<CalendlyScheduledEvent> {
    const res = await this.call({
      method: 'GET',
      path: pathOf(uri, SCHEDULED_EVENT_PATH),
      responseSchema: scheduledEventResponseSchema,
    });
    return res.resource;
  }

  async getInvitee(uri: string): Promise<CalendlyInvitee> {
    const res = await this.call({
      method: 'GET',
      path: pathOf(uri, INVITEE_PATH),
      responseSchema: inviteeResponseSchema,
    });
    return res.resource;
  }

  async cancelEvent(eventUri: string, reason: string): Promise<void> {
    await this.call({
      method: 'POST',
      path: `${pathOf(eventUri, SCHEDULED_EVENT_PATH)}/cancellation`,
      body: { reason },
      responseSchema: cancellationResponseSchema,
    });
  }

  async createWebhookSubscription(
    input: CreateWebhookSubscriptionInput,
  ): Promise<CalendlyWebhookSubscription> {
    const res = await this.call({
      method: 'POST',
      path: '/webhook_subscriptions',
      body: {
        url: input.url,
        events: input.events,
        organization: input.organization,
        scope: input.scope,
        ...(input.user ? { user: input.user } : {}),
        ...(input.signingKey ? { signing_key: input.signingKey } : {}),
      },
      responseSchema: webhookSubscriptionResponseSchema,
    });
    return res.resource;
  }

  listWebhookSubscriptions(query: {
    organization: string;
    user?: string;
    scope: WebhookScope;
  }): Promise<CalendlyWebhookSubscription[]> {
    return this.listAll('/webhook_subscriptions', { ...query }, webhookSubscriptionsResponseSchema);
  }

  async deleteWebhookSubscription(uri: string): Promise<void> {
    await this.call({ method: 'DELETE', path: pathOf(uri, WEBHOOK_SUBSCRIPTION_PATH) });
  }

  /** Follows `next_page_token` until the last page. */
  private async listAll<T>(
    path: string,
    query: Record<string, string | undefined>,
    schema: CollectionSchema<T>,
  ): Promise<T[]> {
    const items: T[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.call({
        method: 'GET',
        path,
        query: { ...query, count: PAGE_SIZE, page_token: pageToken },
        responseSchema: schema,
      });
      items.push(...res.collection);
      pageToken = res.pagination.next_page_token ?? undefined;
      if (!pageToken) return items;
    }
    throw new ProviderError(
      'calendly',
      'invalid_response',
      `GET ${path} kept paginating past ${MAX_PAGES} pages`,
    );
  }

  private call<T>(
    req: Pick<ProviderRequest<T>, 'method' | 'path' | 'query' | 'body' | 'responseSchema'>,
  ): Promise<T> {
    return providerRequest({
      ...req,
      provider: 'calendly',
      baseUrl: this.options.baseUrl,
      token: this.options.token,
      timeoutMs: this.options.timeoutMs,
      classifyError: classifyCalendlyError,
    });
  }
}

/**
 * Calendly's "that time is no longer available" refusal is a plain 4xx; give it its own kind so the
 * workflow offers fresh slots instead of failing. 403 (plan/permission) keeps the generic 'forbidden'.
 */
export function classifyCalendlyError(status: number, body: unknown): ProviderErrorKind | undefined {
  return slotTakenKind(status, errorText(body), SLOT_TAKEN);
}

function errorText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { title?: unknown; message?: unknown; details?: unknown };
  const parts = [b.title, b.message];
  if (Array.isArray(b.details)) for (const d of b.details) parts.push((d as { message?: unknown })?.message);
  return parts.filter((p): p is string => typeof p === 'string').join(' ');
}

/**
 * Calendly identifies resources by absolute URIs. Requests always go to our configured base URL (the
 * host in a stored URI is not trusted), so only the URI's path is used, checked against its shape.
 */
export function pathOf(resourceUri: string, shape: RegExp): string {
  let path: string;
  try {
    path = new URL(resourceUri).pathname.replace(/\/+$/, '');
  } catch {
    throw new ProviderError('calendly', 'invalid_request', `Not a Calendly resource URI: ${resourceUri}`);
  }
  if (!shape.test(path)) {
    throw new ProviderError(
      'calendly',
      'invalid_request',
      `Unexpected Calendly resource URI: ${resourceUri}`,
    );
  }
  return path;
}

/** The last path segment of a resource URI (its uuid). */
export function uuidOf(resourceUri: string): string {
  return resourceUri.replace(/\/+$/, '').split('/').pop() ?? '';
}
