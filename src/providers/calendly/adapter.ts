import type { AppConfig } from '../../config';
import { isProviderError, ProviderError } from '../../errors';
import {
  type BookingConfirmation,
  type BookingProviderAdapter,
  requireCredentials,
  type WorkspaceProviderContext,
} from '../types';
import { CalendlyClient } from './client';
import type { CalendlyCredentials } from './credentials';
import { chooseInviteeLocation } from './inviteeLocation';

type CalendlyConfig = Pick<
  AppConfig,
  'CALENDLY_API_BASE_URL' | 'CALENDLY_SANDBOX_PORT' | 'PROVIDER_TIMEOUT_MS'
>;

/**
 * Where Calendly calls go. An unset CALENDLY_API_BASE_URL means "embedded": the local sandbox that
 * `npm start` runs on CALENDLY_SANDBOX_PORT.
 */
export function calendlyBaseUrl(config: CalendlyConfig): string {
  return config.CALENDLY_API_BASE_URL ?? `http://127.0.0.1:${config.CALENDLY_SANDBOX_PORT}`;
}

export function calendlyClientFor(config: CalendlyConfig, token: string): CalendlyClient {
  return new CalendlyClient({
    baseUrl: calendlyBaseUrl(config),
    token,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
  });
}

const requireCalendly = (ctx: WorkspaceProviderContext<CalendlyCredentials>) =>
  requireCredentials(ctx, {
    name: 'calendly',
    label: 'Calendly',
    needs: 'token, event type and organization',
  });

export function createCalendlyAdapter(config: CalendlyConfig): BookingProviderAdapter<CalendlyCredentials> {
  return {
    name: 'calendly',

    async listAvailableSlots(ctx, window) {
      const calendly = requireCalendly(ctx);
      const times = await calendlyClientFor(config, calendly.accessToken).listAvailableTimes(
        calendly.eventTypeUri,
        window,
      );
      return times.map((t) => new Date(Date.parse(t.start_time)).toISOString());
    },

    async bookSlot(ctx, request) {
      const calendly = requireCalendly(ctx);
      const { lead } = request;
      // Calendly identifies an invitee by e-mail; without one there is nothing to book or to look up.
      if (!lead.email) throw new ProviderError('calendly', 'invalid_request', 'lead has no email address');
      const start = Date.parse(request.startTime);
      if (!Number.isFinite(start)) {
        throw new ProviderError(
          'calendly',
          'invalid_request',
          `Invalid slot start time: ${request.startTime}`,
        );
      }
      const startTime = new Date(start).toISOString();
      const client = calendlyClientFor(config, calendly.accessToken);
      const lookup = {
        organizationUri: calendly.organizationUri,
        inviteeEmail: lead.email,
        startTime,
        eventTypeUri: calendly.eventTypeUri,
      };

      const existing = await client.findActiveEventAt(lookup);
      if (existing)
        return confirm(client, ctx, existing.inviteeUri, existing.scheduledEventUri, startTime, true);

      // The event type may ask the invitee where to meet; read its configured kinds before booking.
      const location = chooseInviteeLocation(
        (await client.getEventType(calendly.eventTypeUri)).locations,
        lead,
      );
      if (location.kind === 'unfillable')
        throw new ProviderError(
          'calendly',
          location.leadIsMissing ? 'lead_not_bookable' : 'invalid_request',
          location.reason,
        );
      try {
        const invitee = await client.createInvitee({
          eventTypeUri: calendly.eventTypeUri,
          startTime,
          invitee: {
            email: lead.email,
            name: lead.name?.trim() || lead.email,
            timezone: lead.timezone || ctx.timezone,
          },
          ...(location.kind === 'send' ? { location: location.location } : {}),
        });
        return confirm(client, ctx, invitee.uri, invitee.event, startTime, false);
      } catch (err) {
        // A previous attempt whose answer we never saw may have landed between our lookup and this
        // create; Calendly then refuses "our" time. Look once more before telling the lead it is gone.
        if (isProviderError(err) && err.kind === 'slot_unavailable') {
          const late = await client.findActiveEventAt(lookup);
          if (late) return confirm(client, ctx, late.inviteeUri, late.scheduledEventUri, startTime, true);
        }
        throw err;
      }
    },

    async cancelBooking(ctx, inviteeUri, reason) {
      const calendly = requireCalendly(ctx);
      const client = calendlyClientFor(config, calendly.accessToken);
      let eventUri: string;
      try {
        const invitee = await client.getInvitee(inviteeUri);
        // A canceled invitee (the lead canceled, or rescheduled away) no longer holds the meeting.
        if (invitee.status === 'canceled') return;
        eventUri = invitee.event;
        if ((await client.getScheduledEvent(eventUri)).status === 'canceled') return;
      } catch (err) {
        if (isProviderError(err) && err.kind === 'not_found') return; // already gone
        throw err;
      }
      try {
        await client.cancelEvent(eventUri, reason);
      } catch (err) {
        // Canceled meanwhile (by the lead, or by an earlier attempt whose answer we lost): that is the
        // outcome we wanted. Calendly refuses a second cancellation, so check the event, not the error.
        if (isProviderError(err) && !err.retryable) {
          const event = await client.getScheduledEvent(eventUri).catch(() => undefined);
          if (event?.status === 'canceled') return;
        }
        throw err;
      }
    },
  };
}

/** Reads the event for its real end (the event type's duration rules, not the workspace default). */
async function confirm(
  client: CalendlyClient,
  ctx: WorkspaceProviderContext,
  inviteeUri: string,
  scheduledEventUri: string,
  startTime: string,
  alreadyExisted: boolean,
): Promise<BookingConfirmation> {
  let endTime: string;
  try {
    const event = await client.getScheduledEvent(scheduledEventUri);
    endTime = new Date(Date.parse(event.end_time)).toISOString();
  } catch {
    // The booking itself succeeded; failing it now would only make the workflow book again.
    endTime = new Date(Date.parse(startTime) + ctx.meetingDurationMinutes * 60_000).toISOString();
  }
  return {
    provider: 'calendly',
    bookingId: inviteeUri,
    scheduledEventUri,
    startTime,
    endTime,
    alreadyExisted,
  };
}
