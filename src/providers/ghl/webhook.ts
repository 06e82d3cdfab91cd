import { GHL_PUBLISHED_WEBHOOK_PUBLIC_KEY } from '../../config';
import type { Db } from '../../db/prisma';
import { AppError } from '../../errors';
import { NO_SHOW_LEAD_STATUS } from '../../leads/leadStatus';
import { TtlCache } from '../../lib/ttlCache';
import { invalidWebhook, type ProviderWebhook, parseWebhookJson, type WebhookMeaning } from '../webhook';
import { contactDetails } from './contacts';
import { type AppointmentWebhook, type GhlWebhookEvent, ghlWebhookEventSchema } from './schemas';
import { GHL_SIGNATURE_HEADER, isFreshGhlWebhook, parseGhlWebhook, verifyGhlSignature } from './webhooks';

const CANCELLED = new Set(['cancelled', 'canceled', 'invalid']);
/** Statuses that say the lead did come (or is expected again): a no-show mark taken back. */
const NOT_A_NO_SHOW = new Set(['showed', 'confirmed']);

/**
 * Workspace id → its GHL location, so a burst of webhooks costs no workspace query each. A workspace's
 * `ghlLocationId` never changes once created (no endpoint updates it), so a cached location cannot be
 * wrong, only a deleted workspace's can outlive it by the TTL; "no such workspace" is remembered
 * briefly, so a burst for a bad id costs one query and a workspace created under a fixed id (demo,
 * bench) answers within seconds. Per process: each API replica has its own.
 */
const workspaceLocations = new TtlCache<string>({ ttlMs: 60_000, missingTtlMs: 2_000, maxEntries: 10_000 });

/**
 * GHL webhooks. Order matters: signature over the raw bytes first, then JSON and schema, freshness,
 * workspace match; only then is anything written (so rejected input changes nothing). The event key is
 * GHL's `webhookId`.
 */
export const ghlWebhook: ProviderWebhook = {
  async receive({ clientId, rawBody, header }, { db, config }) {
    const signature = header(GHL_SIGNATURE_HEADER);
    if (!signature) throw new AppError('unauthorized', `missing ${GHL_SIGNATURE_HEADER} header`);
    const publicKey = config.GHL_WEBHOOK_PUBLIC_KEY ?? GHL_PUBLISHED_WEBHOOK_PUBLIC_KEY;
    if (!verifyGhlSignature(rawBody, signature, publicKey))
      throw new AppError('unauthorized', `${GHL_SIGNATURE_HEADER} does not match the body`);
    const parsed = parseGhlWebhook(parseWebhookJson(rawBody));
    if (parsed.kind === 'invalid') throw invalidWebhook('GHL', parsed.message);
    if (parsed.kind === 'ignored')
      return { kind: 'ignored', message: `event type ${parsed.type} is not used` };
    const event = parsed.event;
    if (!isFreshGhlWebhook(event.timestamp, config.WEBHOOK_MAX_AGE_SECONDS))
      throw new AppError(
        'unauthorized',
        `webhook timestamp ${event.timestamp} is outside the ${config.WEBHOOK_MAX_AGE_SECONDS}s window`,
      );
    const locationId = await workspaceLocations.getOrLoad(clientId, async () => {
      const client = await db.client.findUnique({ where: { id: clientId }, select: { ghlLocationId: true } });
      return client?.ghlLocationId ?? null;
    });
    if (locationId === null) throw new AppError('not_found', `unknown workspace ${clientId}`);
    if (locationId !== event.locationId)
      throw new AppError(
        'forbidden',
        `webhook location ${event.locationId} does not belong to workspace ${clientId}`,
      );
    return { kind: 'event', eventKey: event.webhookId, eventType: event.type, payload: event };
  },

  async interpret(row, db) {
    const event = row.payload as GhlWebhookEvent;
    if (event.type === 'ContactCreate' || event.type === 'ContactUpdate')
      return { kind: 'contact_details', externalId: event.id, contact: contactDetails(event) };
    if (event.type !== 'InboundMessage') return appointmentMeaning(db, row.clientId, event);
    if (!event.body?.trim()) return { kind: 'ignored', note: 'message has no text' };
    const message = {
      messageId: event.messageId ?? event.webhookId,
      body: event.body,
      channel: event.messageType ?? 'SMS',
      receivedAt: event.dateAdded ?? event.timestamp,
    };
    const lead = await db.lead.findFirst({
      where: { clientId: row.clientId, ghlContactId: event.contactId },
      select: { id: true },
    });
    // A contact we have no lead for yet: the deliverer makes the lead from GHL's contact first.
    if (!lead) return { kind: 'contact_message', externalId: event.contactId, message };
    return { kind: 'lead_message', leadId: lead.id, message };
  },

  openapi: {
    summary:
      'GHL InboundMessage / AppointmentCreate / AppointmentUpdate / AppointmentDelete / ContactCreate / ContactUpdate',
    description: `RSA-SHA256 signature of the raw body in \`${GHL_SIGNATURE_HEADER}\`; stale \`timestamp\` rejected; deduplicated on \`webhookId\`; stored before the 2xx answer. ContactCreate/ContactUpdate upsert the lead whose externalId is the contact id; an InboundMessage from a contact with no lead yet creates the lead from GHL's contact. Other event types are acknowledged and ignored.`,
    signature: {
      scheme: 'ghlWebhookSignature',
      header: GHL_SIGNATURE_HEADER,
      description:
        "Base64 RSA-SHA256 signature of the raw body, verified with GHL's public key (GHL_WEBHOOK_PUBLIC_KEY)",
    },
    body: { name: 'GhlWebhookEvent', schema: ghlWebhookEventSchema },
    errors: ['400', '401', '403', '404', '413', '415', '500'],
  },
};

/** An appointment made, moved or deleted in GHL; one made there for a lead without a workflow is adopted. */
async function appointmentMeaning(
  db: Db,
  clientId: string,
  event: AppointmentWebhook,
): Promise<WebhookMeaning> {
  const appt = event.appointment;
  const lead = await db.lead.findFirst({
    where: {
      clientId,
      OR: [{ ghlAppointmentId: appt.id }, ...(appt.contactId ? [{ ghlContactId: appt.contactId }] : [])],
    },
    select: { id: true, status: true, bookedSlot: true },
  });
  if (!lead) return { kind: 'ignored', note: `no lead for appointment ${appt.id}` };
  const leadId = lead.id;
  const startTime = appt.startTime ? new Date(appt.startTime).toISOString() : undefined;
  const status = (appt.appointmentStatus ?? '').toLowerCase();
  if (event.type === 'AppointmentDelete' || CANCELLED.has(status))
    return {
      kind: 'booking_event',
      leadId,
      event: { kind: 'canceled', bookingId: appt.id, reason: appt.appointmentStatus ?? 'deleted' },
    };
  // A setter marks a no-show in GHL by the appointment's status; setting it back (showed, or confirmed
  // again) at the same time undoes it. The workflow checks the booking is the lead's current one.
  if (event.type === 'AppointmentUpdate' && status === 'noshow')
    return { kind: 'booking_event', leadId, event: { kind: 'no_show', bookingId: appt.id } };
  const sameTime = !startTime || lead.bookedSlot?.toISOString() === startTime;
  if (
    event.type === 'AppointmentUpdate' &&
    NOT_A_NO_SHOW.has(status) &&
    lead.status === NO_SHOW_LEAD_STATUS &&
    sameTime
  )
    return { kind: 'booking_event', leadId, event: { kind: 'no_show_undone', bookingId: appt.id } };
  if (!startTime) return { kind: 'ignored', leadId, note: 'appointment without start time' };
  const kind = event.type === 'AppointmentUpdate' ? 'moved' : 'confirmed';
  return { kind: 'booking_event', leadId, event: { kind, bookingId: appt.id, startTime } };
}
