import type { Db } from '../../db/prisma';
import { AppError } from '../../errors';
import { invalidWebhook, type ProviderWebhook, parseWebhookJson } from '../webhook';
import { sameUri } from './connectSteps';
import { interpretNoShow, isNoShowEvent } from './noShows';
import { type CalendlyWebhookEvent, calendlyWebhookEventSchema } from './schemas';
import {
  CALENDLY_SIGNATURE_HEADER,
  calendlyEventKey,
  parseCalendlyWebhook,
  verifyCalendlySignature,
} from './webhooks';

const SIGNATURE_FAILURES = {
  missing: `missing ${CALENDLY_SIGNATURE_HEADER} header`,
  malformed: `${CALENDLY_SIGNATURE_HEADER} is malformed (expected t=<unix seconds>,v1=<hex>)`,
  mismatch: `${CALENDLY_SIGNATURE_HEADER} does not match the body`,
  expired: `${CALENDLY_SIGNATURE_HEADER} timestamp is outside the allowed window`,
} as const;

/**
 * Calendly webhooks: the signature is checked over the raw bytes with the workspace's own signing key
 * (constant time, stale timestamps rejected) before anything is parsed; the event key is the event name
 * + invitee URI. The lead is found by the invitee URIs we recorded (this invitee, or the one it replaces),
 * else by email: our own booking's webhook can overtake the activity that records it, and a lead who
 * booked on the Calendly page has no invitee URI with us yet.
 */
export const calendlyWebhook: ProviderWebhook = {
  async receive({ clientId, rawBody, header }, { db, secrets, config, logger }) {
    const connection = await db.calendlyConnection.findUnique({ where: { clientId } });
    if (!connection)
      throw new AppError('not_found', `unknown workspace ${clientId} (or it is not connected to Calendly)`);
    if (connection.signingKeyEnc) {
      const check = verifyCalendlySignature({
        header: header(CALENDLY_SIGNATURE_HEADER),
        rawBody,
        signingKey: secrets.decrypt(connection.signingKeyEnc),
        toleranceSeconds: Math.min(config.WEBHOOK_MAX_AGE_SECONDS, 180),
      });
      if (!check.ok) throw new AppError('unauthorized', SIGNATURE_FAILURES[check.reason]);
    } else if (!connection.allowUnsignedWebhooks) {
      throw new AppError(
        'unauthorized',
        'this workspace has no Calendly signing key; unsigned webhooks are refused',
      );
    } else {
      logger.warn(
        { clientId },
        'ACCEPTING AN UNSIGNED CALENDLY WEBHOOK (allowUnsignedWebhooks is on for this workspace)',
      );
    }
    const parsed = parseCalendlyWebhook(parseWebhookJson(rawBody));
    if (parsed.kind === 'invalid') throw invalidWebhook('Calendly', parsed.message);
    if (parsed.kind === 'ignored') return { kind: 'ignored', message: `event ${parsed.event} is not used` };
    const event = parsed.event;
    return { kind: 'event', eventKey: calendlyEventKey(event), eventType: event.event, payload: event };
  },

  async interpret(row, db) {
    const e = row.payload as CalendlyWebhookEvent;
    if (isNoShowEvent(e)) return interpretNoShow(row.clientId, e, db);
    const p = e.payload;
    const knownUris = [p.uri, p.old_invitee, p.new_invitee].filter((u): u is string => !!u);
    const ours = await db.lead.findFirst({
      where: { clientId: row.clientId, calendlyInviteeUri: { in: knownUris } },
      select: { id: true },
    });
    // The organization-wide subscription delivers every event type's invitees. One that is not the
    // workspace's event type is someone else's meeting: kept in the log, never adopted as a lead's
    // booking. A booking we already hold still follows its event (made before the event type changed).
    if (!ours) {
      const foreign = await otherEventType(db, row.clientId, eventTypeOf(e));
      if (foreign) return { kind: 'ignored', note: foreign };
    }
    const lead =
      ours ??
      (await db.lead.findFirst({
        where: { clientId: row.clientId, email: { equals: p.email, mode: 'insensitive' } },
        orderBy: { updatedAt: 'desc' },
        select: { id: true },
      }));
    if (!lead) return { kind: 'ignored', note: `no lead with invitee ${p.uri} or email` };
    if (e.event === 'invitee.created')
      return {
        kind: 'booking_event',
        leadId: lead.id,
        event: {
          kind: 'confirmed',
          bookingId: p.uri,
          scheduledEventUri: p.scheduled_event.uri,
          startTime: new Date(p.scheduled_event.start_time).toISOString(),
          replacesBookingId: p.old_invitee ?? undefined,
        },
      };
    return {
      kind: 'booking_event',
      leadId: lead.id,
      event: {
        kind: 'canceled',
        bookingId: p.uri,
        reason: p.cancellation?.reason ?? undefined,
        rescheduledToBookingId: p.rescheduled ? (p.new_invitee ?? undefined) : undefined,
      },
    };
  },

  openapi: {
    summary:
      'Calendly invitee.created / invitee.canceled / invitee_no_show.created / invitee_no_show.deleted',
    description: `HMAC-SHA256 signature \`t=<unix seconds>,v1=<hex>\` in \`${CALENDLY_SIGNATURE_HEADER}\` with the workspace's signing key; deduplicated on event + invitee URI (+ the no-show mark's uuid for no-show events); stored before the 2xx answer.`,
    signature: {
      scheme: 'calendlyWebhookSignature',
      header: CALENDLY_SIGNATURE_HEADER,
      description: "`t=<unix seconds>,v1=<hex HMAC-SHA256>` with the workspace's Calendly signing key",
    },
    body: { name: 'CalendlyWebhookEvent', schema: calendlyWebhookEventSchema },
    errors: ['400', '401', '404', '413', '415', '500'],
  },
};

/** The event type a delivery is about; undefined for an event whose payload names none. */
function eventTypeOf(e: { payload: unknown }): string | undefined {
  const event = (e.payload as { scheduled_event?: { event_type?: unknown } }).scheduled_event;
  return typeof event?.event_type === 'string' ? event.event_type : undefined;
}

/** Why a delivery for `eventTypeUri` is not this workspace's, or undefined when it is. */
async function otherEventType(
  db: Db,
  clientId: string,
  eventTypeUri: string | undefined,
): Promise<string | undefined> {
  if (!eventTypeUri) return undefined;
  const connection = await db.calendlyConnection.findUnique({
    where: { clientId },
    select: { eventTypeUri: true },
  });
  if (!connection || sameUri(connection.eventTypeUri, eventTypeUri)) return undefined;
  return `event type ${eventTypeUri} is not the workspace's (${connection.eventTypeUri}); not adopted as a booking`;
}
