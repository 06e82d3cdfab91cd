import type { AppConfig } from '../../config';
import { isProviderError, ProviderError } from '../../errors';
import {
  type BookingConfirmation,
  type BookingProviderAdapter,
  requireCredentials,
  type WorkspaceProviderContext,
} from '../types';
import { GhlClient, type SendMessageInput, toIsoUtc } from './client';
import type { GhlCredentials } from './credentials';

type GhlConfig = Pick<
  AppConfig,
  'GHL_API_BASE_URL' | 'GHL_API_VERSION' | 'GHL_SANDBOX_PORT' | 'PROVIDER_TIMEOUT_MS'
>;

/**
 * Where GHL calls go. An unset GHL_API_BASE_URL means "embedded": the local sandbox that `npm start`
 * runs on GHL_SANDBOX_PORT.
 */
export function ghlBaseUrl(config: GhlConfig): string {
  return config.GHL_API_BASE_URL ?? `http://127.0.0.1:${config.GHL_SANDBOX_PORT}`;
}

function clientFor(config: GhlConfig, ghl: Pick<GhlCredentials, 'accessToken'>): GhlClient {
  return new GhlClient({
    baseUrl: ghlBaseUrl(config),
    token: ghl.accessToken,
    apiVersion: config.GHL_API_VERSION,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
  });
}

const requireGhl = (ctx: WorkspaceProviderContext<GhlCredentials>) =>
  requireCredentials(ctx, { name: 'ghl', label: 'GoHighLevel', needs: 'location, token and calendar' });

export function createGhlAdapter(config: GhlConfig): BookingProviderAdapter<GhlCredentials> {
  return {
    name: 'ghl',

    listAvailableSlots(ctx, window) {
      const ghl = requireGhl(ctx);
      return clientFor(config, ghl).getFreeSlots(ghl.calendarId, { ...window, timezone: ctx.timezone });
    },

    async bookSlot(ctx, request) {
      const ghl = requireGhl(ctx);
      const contactId = request.lead.ghlContactId;
      if (!contactId) {
        throw new ProviderError(
          'ghl',
          'invalid_request',
          `Lead ${request.lead.id} has no GoHighLevel contact id; GHL appointments must belong to a contact`,
        );
      }
      const start = Date.parse(request.startTime);
      if (!Number.isFinite(start)) {
        throw new ProviderError('ghl', 'invalid_request', `Invalid slot start time: ${request.startTime}`);
      }
      const startTime = new Date(start).toISOString();
      const endTime = new Date(start + ctx.meetingDurationMinutes * 60_000).toISOString();
      const client = clientFor(config, ghl);
      const lookup = { locationId: ghl.locationId, calendarId: ghl.calendarId, contactId, startTime };

      const existing = await client.findContactAppointmentAt(lookup);
      if (existing) return confirmation(existing, true);

      try {
        const created = await client.createAppointment({ ...lookup, endTime, title: request.title });
        return confirmation(
          { id: created.id, startTime: created.startTime ?? startTime, endTime: created.endTime ?? endTime },
          false,
        );
      } catch (err) {
        // A previous attempt whose answer we never saw may have landed between our lookup and this
        // create; GHL then refuses "our" slot. Look once more before telling the lead it is gone.
        if (isProviderError(err) && err.kind === 'slot_unavailable') {
          const late = await client.findContactAppointmentAt(lookup);
          if (late) return confirmation(late, true);
        }
        throw err;
      }
    },

    async cancelBooking(ctx, bookingId, _reason) {
      const ghl = requireGhl(ctx);
      // Deleting frees the slot at once. GHL's delete takes no reason; the caller records it locally.
      try {
        await clientFor(config, ghl).deleteAppointment(bookingId);
      } catch (err) {
        if (isProviderError(err) && err.kind === 'not_found') return; // already gone
        throw err;
      }
    },
  };
}

function confirmation(
  appointment: { id: string; startTime: string | number; endTime: string | number },
  alreadyExisted: boolean,
): BookingConfirmation {
  return {
    provider: 'ghl',
    bookingId: appointment.id,
    startTime: toIsoUtc(appointment.startTime),
    endTime: toIsoUtc(appointment.endTime),
    alreadyExisted,
  };
}

/**
 * Sends reminders and follow-ups through GHL conversations. Reminders always go through GHL (the
 * workspace's SMS/e-mail channel) whatever provider holds the booking.
 */
export interface GhlMessenger {
  /** Only the location's token is needed: a workspace booking through Calendly has no GHL calendar. */
  sendMessage(
    location: { locationId: string; accessToken: string },
    message: SendMessageInput,
  ): Promise<{ messageId: string; conversationId: string }>;
}

export function createGhlMessenger(config: GhlConfig): GhlMessenger {
  return {
    async sendMessage(location, message) {
      const res = await clientFor(config, location).sendMessage(message);
      return { messageId: res.messageId, conversationId: res.conversationId };
    },
  };
}
