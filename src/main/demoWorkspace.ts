import type { Db } from '../db/prisma';
import type { SecretBox } from '../lib/secrets';
import { type CalendlyConnectDeps, connectCalendly } from '../providers/calendly/connect';
import type { LocationSeed } from '../sandboxes/ghl';

/** The demo workspace `npm start` seeds (idempotently) in the database and in the GHL sandbox. */
export const DEMO = {
  locationId: 'demo-location',
  calendarId: 'demo-calendar',
  ghlToken: 'demo-ghl-private-integration-token',
  timezone: 'America/New_York',
  contactId: 'demo-contact-1',
  leadName: 'Dana Demo',
  leadEmail: 'dana.demo@example.com',
  leadPhone: '+15555550123',
};

export const DEMO_SANDBOX_LOCATION: LocationSeed = {
  locationId: DEMO.locationId,
  token: DEMO.ghlToken,
  calendars: [
    {
      id: DEMO.calendarId,
      timezone: DEMO.timezone,
      openHours: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }],
    },
  ],
  contacts: [{ id: DEMO.contactId, name: DEMO.leadName, email: DEMO.leadEmail, phone: DEMO.leadPhone }],
};

export async function seedDemoWorkspace(
  db: Db,
  secrets: SecretBox,
): Promise<{ clientId: string; leadId: string }> {
  const client =
    (await db.client.findUnique({ where: { ghlLocationId: DEMO.locationId } })) ??
    (await db.client.create({
      data: {
        name: 'Demo Workspace',
        ghlLocationId: DEMO.locationId,
        ghlAccessTokenEnc: secrets.encrypt(DEMO.ghlToken),
        settings: { create: { ghlCalendarId: DEMO.calendarId, timezone: DEMO.timezone } },
      },
    }));
  const lead =
    (await db.lead.findFirst({ where: { clientId: client.id, ghlContactId: DEMO.contactId } })) ??
    (await db.lead.create({
      data: {
        clientId: client.id,
        ghlContactId: DEMO.contactId,
        name: DEMO.leadName,
        email: DEMO.leadEmail,
        phone: DEMO.leadPhone,
        timezone: DEMO.timezone,
        followUps: { create: [{ triggeredByMeetingSelection: false }] },
      },
    }));
  return { clientId: client.id, leadId: lead.id };
}

export const DEMO_CALENDLY = {
  locationId: 'demo-calendly-location',
  timezone: 'America/New_York',
};

/**
 * A second demo workspace that books through Calendly (the Calendly sandbox in embedded mode). It is
 * connected through the real connect flow (token check, event type, webhook subscription).
 */
export async function seedDemoCalendlyWorkspace(
  deps: CalendlyConnectDeps,
  personalAccessToken: string,
): Promise<{ clientId: string }> {
  const { db } = deps;
  const client =
    (await db.client.findUnique({ where: { ghlLocationId: DEMO_CALENDLY.locationId } })) ??
    (await db.client.create({
      data: {
        name: 'Demo Calendly Workspace',
        ghlLocationId: DEMO_CALENDLY.locationId,
        settings: { create: { timezone: DEMO_CALENDLY.timezone } },
      },
    }));
  if (!(await db.calendlyConnection.findUnique({ where: { clientId: client.id } }))) {
    await connectCalendly(deps, client.id, { personalAccessToken });
  }
  await db.workspaceSettings.update({
    where: { clientId: client.id },
    data: { meetingBookingProvider: 'calendly' },
  });
  return { clientId: client.id };
}
