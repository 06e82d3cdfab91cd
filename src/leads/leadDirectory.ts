import { z } from 'zod';
import type { Db } from '../db/prisma';
import { Prisma } from '../db/prisma';
import { AppError } from '../errors';
import { freeText, IdString, InstantString } from '../lib/safeText';
import { emailSchema, timezoneSchema } from '../workspaces/normalize';

/**
 * Leads enter through the API (or GHL's contact webhooks), never by writing the database: one upsert
 * keyed by the workspace and the lead's GHL contact id (`externalId`), so a repeated call, a webhook
 * redelivery or the inbound-message path all land on the same row.
 */
export const leadUpsertSchema = z.strictObject({
  name: freeText(200).optional(),
  email: emailSchema.nullable().optional(),
  phone: z
    .string({ error: 'must be a string' })
    .trim()
    .regex(/^\+?[0-9 ().-]{5,32}$/, { error: 'must be a phone number (digits, +, spaces, ().-)' })
    .nullable()
    .optional(),
  /** IANA time zone; bare times in the lead's replies are read on this clock. */
  timezone: timezoneSchema.nullable().optional(),
  /** A booking the lead already has (the system this replaces made it): never booked again. */
  existingBooking: z
    .strictObject({
      ghlAppointmentId: IdString.optional(),
      calendlyInviteeUri: freeText(2048).url({ error: 'must be a URI' }).optional(),
      bookedSlot: InstantString.optional(),
    })
    .refine((b) => b.ghlAppointmentId || b.calendlyInviteeUri, {
      error: 'give ghlAppointmentId or calendlyInviteeUri',
    })
    .optional(),
});
export type LeadUpsert = z.infer<typeof leadUpsertSchema>;

export interface LeadView {
  id: string;
  clientId: string;
  externalId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  timezone: string | null;
  status: string;
  ghlAppointmentId: string | null;
  calendlyInviteeUri: string | null;
  bookedSlot: string | null;
  createdAt: string;
  updatedAt: string;
}

type LeadRow = Prisma.LeadGetPayload<object>;

export function leadView(row: LeadRow): LeadView {
  return {
    id: row.id,
    clientId: row.clientId,
    externalId: row.ghlContactId ?? '',
    name: row.name,
    email: row.email,
    phone: row.phone,
    timezone: row.timezone,
    status: row.status,
    ghlAppointmentId: row.ghlAppointmentId,
    calendlyInviteeUri: row.calendlyInviteeUri,
    bookedSlot: row.bookedSlot?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Creates or updates the lead (fields not given are left as they are). `created` tells the caller which.
 * An existing booking id is recorded as such (status `meeting-booked`): the booking workflow then
 * treats the lead as booked and never books it again.
 */
export async function upsertLead(
  db: Db,
  clientId: string,
  externalId: string,
  input: LeadUpsert,
): Promise<{ lead: LeadView; created: boolean }> {
  const workspace = await db.client.findUnique({ where: { id: clientId }, select: { id: true } });
  if (!workspace) throw new AppError('not_found', `unknown workspace ${clientId}`);
  const fields = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
    ...(input.existingBooking
      ? {
          ghlAppointmentId: input.existingBooking.ghlAppointmentId ?? null,
          calendlyInviteeUri: input.existingBooking.calendlyInviteeUri ?? null,
          bookedSlot: input.existingBooking.bookedSlot ? new Date(input.existingBooking.bookedSlot) : null,
          status: 'meeting-booked',
        }
      : {}),
  };
  const where = { clientId_ghlContactId: { clientId, ghlContactId: externalId } };
  for (let attempt = 0; ; attempt++) {
    const existing = await db.lead.findUnique({ where });
    try {
      if (existing) return { lead: leadView(await db.lead.update({ where, data: fields })), created: false };
      const row = await db.lead.create({
        data: { clientId, ghlContactId: externalId, ...fields },
      });
      return { lead: leadView(row), created: true };
    } catch (err) {
      // Two first deliveries of one contact at once: the loser updates the row the winner created.
      const duplicate = err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
      if (!duplicate || attempt > 0) throw conflictIfTaken(err);
    }
  }
}

/** A Calendly invitee is unique across leads: the same invitee on a second lead is a 409, not a 500. */
function conflictIfTaken(err: unknown): unknown {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
    return new AppError('conflict', 'that Calendly invitee is already the booking of another lead');
  return err;
}
