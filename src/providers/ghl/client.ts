import { isProviderError, type ProviderErrorKind } from '../../errors';
import { type ProviderRequest, providerRequest, slotTakenKind } from '../http';
import {
  type AppointmentCreateRequest,
  type AppointmentEditRequest,
  type AppointmentResponse,
  appointmentResponseSchema,
  type CalendarEvent,
  calendarEventResponseSchema,
  calendarEventsResponseSchema,
  contactResponseSchema,
  deleteEventResponseSchema,
  freeSlotsResponseSchema,
  GHL_CONTACTS_API_VERSION,
  type GhlContact,
  type GhlMessageType,
  type SendMessageResponse,
  sendMessageResponseSchema,
} from './schemas';

/**
 * Thin typed client for the GHL endpoints the service uses. One instance per location token: GHL
 * tokens are scoped to a sub-account, so there is no shared client.
 */
export interface GhlClientOptions {
  baseUrl: string;
  token: string;
  /** Sent as the `Version` header every GHL v2 endpoint requires. */
  apiVersion: string;
  timeoutMs: number;
}

export interface FreeSlotsQuery {
  from: Date;
  to: Date;
  /** IANA zone the days are cut in (the answer's day keys); start times are returned in UTC anyway. */
  timezone?: string;
}

export interface CreateAppointmentInput {
  calendarId: string;
  locationId: string;
  contactId: string;
  /** ISO-8601 instants. */
  startTime: string;
  endTime: string;
  title: string;
}

export interface FindContactAppointmentInput {
  locationId: string;
  calendarId: string;
  contactId: string;
  /** ISO-8601 instant of the slot start. */
  startTime: string;
}

export interface SendMessageInput {
  type: GhlMessageType;
  contactId: string;
  message: string;
  /** Email only; GHL needs a subject for e-mails. */
  subject?: string;
}

/** GHL refuses free-slot ranges over 31 days; longer windows are fetched in chunks. */
const MAX_FREE_SLOTS_RANGE_MS = 31 * 24 * 60 * 60 * 1000;
/** How far around the slot start the existing-booking lookup searches. */
const LOOKUP_MARGIN_MS = 60 * 1000;
/** Wording GHL uses when the chosen time was taken meanwhile (or is outside the calendar's slots). */
/** GHL's answer (a 400) for a contact id it does not hold. */
const CONTACT_NOT_FOUND = /contact (with id \S+ )?not found/i;
const SLOT_TAKEN = /slot.*(no longer|not|un)\s?available|already (been )?booked|not a valid slot/i;

export class GhlClient {
  constructor(private readonly options: GhlClientOptions) {}

  /** Free start times in [from, to) as ISO UTC strings, ascending and unique. */
  async getFreeSlots(calendarId: string, query: FreeSlotsQuery): Promise<string[]> {
    const fromMs = query.from.getTime();
    const toMs = query.to.getTime();
    const starts = new Set<number>();
    for (let chunkStart = fromMs; chunkStart < toMs; chunkStart += MAX_FREE_SLOTS_RANGE_MS) {
      const chunkEnd = Math.min(chunkStart + MAX_FREE_SLOTS_RANGE_MS, toMs);
      const days = await this.call({
        method: 'GET',
        path: `/calendars/${encodeURIComponent(calendarId)}/free-slots`,
        // endDate is inclusive at GHL; stop one millisecond short of the half-open window.
        query: { startDate: chunkStart, endDate: chunkEnd - 1, timezone: query.timezone },
        responseSchema: freeSlotsResponseSchema,
      });
      for (const day of Object.values(days)) {
        for (const slot of day.slots) {
          const at = Date.parse(slot);
          if (Number.isFinite(at) && at >= fromMs && at < toMs) starts.add(at);
        }
      }
    }
    return [...starts].sort((a, b) => a - b).map((ms) => new Date(ms).toISOString());
  }

  createAppointment(input: CreateAppointmentInput): Promise<AppointmentResponse> {
    const body: AppointmentCreateRequest = {
      calendarId: input.calendarId,
      locationId: input.locationId,
      contactId: input.contactId,
      startTime: input.startTime,
      endTime: input.endTime,
      title: input.title,
      appointmentStatus: 'confirmed',
    };
    return this.call({
      method: 'POST',
      path: '/calendars/events/appointments',
      body,
      responseSchema: appointmentResponseSchema,
    });
  }

  async getAppointment(eventId: string): Promise<CalendarEvent> {
    const res = await this.call({
      method: 'GET',
      path: `/calendars/events/appointments/${encodeURIComponent(eventId)}`,
      responseSchema: calendarEventResponseSchema,
    });
    return res.event;
  }

  updateAppointment(eventId: string, patch: AppointmentEditRequest): Promise<AppointmentResponse> {
    return this.call({
      method: 'PUT',
      path: `/calendars/events/appointments/${encodeURIComponent(eventId)}`,
      body: patch,
      responseSchema: appointmentResponseSchema,
    });
  }

  async deleteAppointment(eventId: string): Promise<void> {
    await this.call({
      method: 'DELETE',
      path: `/calendars/events/${encodeURIComponent(eventId)}`,
      // The spec declares a (empty) DeleteAppointmentSchema body as required.
      body: {},
      responseSchema: deleteEventResponseSchema,
    });
  }

  /**
   * The contact's live (not cancelled) appointment starting exactly at `startTime` on the calendar, or
   * null. This is how a retried booking recognises the appointment its timed-out attempt created.
   */
  async findContactAppointmentAt(input: FindContactAppointmentInput): Promise<CalendarEvent | null> {
    const at = Date.parse(input.startTime);
    const res = await this.call({
      method: 'GET',
      path: '/calendars/events',
      query: {
        locationId: input.locationId,
        calendarId: input.calendarId,
        startTime: String(at - LOOKUP_MARGIN_MS),
        endTime: String(at + LOOKUP_MARGIN_MS),
      },
      responseSchema: calendarEventsResponseSchema,
    });
    return (
      res.events.find(
        (e) =>
          e.contactId === input.contactId &&
          e.appointmentStatus !== 'cancelled' &&
          e.calendarId === input.calendarId &&
          toEpochMs(e.startTime) === at,
      ) ?? null
    );
  }

  /**
   * The contact, or null when GHL does not know it. The spec documents no 404 for this endpoint (GHL
   * answers an unknown id with a 400 "Contact not found"); both are read as "no such contact".
   */
  async getContact(contactId: string): Promise<GhlContact | null> {
    try {
      const res = await this.call({
        method: 'GET',
        path: `/contacts/${encodeURIComponent(contactId)}`,
        responseSchema: contactResponseSchema,
        version: GHL_CONTACTS_API_VERSION,
      });
      return res.contact;
    } catch (err) {
      if (
        isProviderError(err) &&
        (err.kind === 'not_found' || (err.kind === 'invalid_request' && CONTACT_NOT_FOUND.test(err.message)))
      )
        return null;
      throw err;
    }
  }

  sendMessage(input: SendMessageInput): Promise<SendMessageResponse> {
    return this.call({
      method: 'POST',
      path: '/conversations/messages',
      body: {
        type: input.type,
        contactId: input.contactId,
        message: input.message,
        ...(input.type === 'Email' ? { html: input.message } : {}),
        ...(input.subject !== undefined ? { subject: input.subject } : {}),
      },
      responseSchema: sendMessageResponseSchema,
    });
  }

  private call<T>(
    req: Pick<ProviderRequest<T>, 'method' | 'path' | 'query' | 'body' | 'responseSchema'> & {
      /** An API whose `Version` differs from the configured one (contacts). */
      version?: string;
    },
  ): Promise<T> {
    const { version, ...rest } = req;
    return providerRequest({
      ...rest,
      provider: 'ghl',
      baseUrl: this.options.baseUrl,
      token: this.options.token,
      timeoutMs: this.options.timeoutMs,
      headers: { Version: version ?? this.options.apiVersion },
      classifyError: classifyGhlError,
    });
  }
}

/** Maps GHL's "slot no longer available" refusal (a plain 400/409/422) to its own kind. */
export function classifyGhlError(status: number, body: unknown): ProviderErrorKind | undefined {
  return slotTakenKind(status, errorMessage(body), SLOT_TAKEN);
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return undefined;
  const msg = (body as { message?: unknown }).message;
  if (typeof msg === 'string') return msg;
  if (Array.isArray(msg)) return msg.filter((m) => typeof m === 'string').join('; ');
  return undefined;
}

/** Event times arrive as ISO strings (with any offset) or epoch millis. */
export function toEpochMs(value: string | number): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

export function toIsoUtc(value: string | number): string {
  return new Date(toEpochMs(value)).toISOString();
}
