import { z } from 'zod';
import { AppError, isProviderError } from '../../errors';
import type { ConnectDeps, ProviderConnectionSettings } from '../module';
import { calendlyClientFor } from './adapter';
import { calendlyFailure, listOrganizationEventTypes, sameUri } from './connectSteps';
import type { CalendlyEventType } from './schemas';

/**
 * The event type leads are booked into, as a workspace setting (PATCH .../settings
 * `calendlyEventTypeUri`): checked at Calendly with the workspace's stored token, then stored with its
 * public `scheduling_url` (the workspace's display link). The token, the signing key and the webhook
 * subscription stay as they are: the organization-scoped subscription already delivers every event
 * type's invitees, so changing the event type loses no delivery and needs no reconnect.
 */

const FIELD = 'calendlyEventTypeUri';
const EVENT_TYPE_PATH = /^\/event_types\/[A-Za-z0-9_-]+\/?$/;

const eventTypeUriSchema = z
  .url({ protocol: /^https?$/, error: `${FIELD} must be a Calendly event type URI` })
  .max(2048, { error: `${FIELD} is too long` })
  // zod runs refinements even when `url()` failed: parse only what is a URL (the url error then stands alone).
  .refine((v) => !URL.canParse(v) || EVENT_TYPE_PATH.test(new URL(v).pathname), {
    error: `${FIELD} must be a Calendly event type URI (https://api.calendly.com/event_types/<uuid>)`,
  });

const refused = (message: string) =>
  new AppError('validation_failed', 'invalid request body', [{ path: FIELD, message }]);

export const calendlyEventTypeSetting: ProviderConnectionSettings = {
  patchFields: { [FIELD]: eventTypeUriSchema.optional() },

  async view(db, clientId) {
    const row = await db.calendlyConnection.findUnique({
      where: { clientId },
      select: { eventTypeUri: true, eventTypeSchedulingUrl: true },
    });
    return {
      calendlyEventTypeUri: row?.eventTypeUri ?? null,
      calendlySchedulingUrl: row?.eventTypeSchedulingUrl ?? null,
    };
  },

  async apply(deps: ConnectDeps, tx, clientId, values) {
    const wanted = values[FIELD];
    if (typeof wanted !== 'string') return false;
    const row = await tx.calendlyConnection.findUnique({ where: { clientId } });
    if (!row)
      throw new AppError(
        'conflict',
        `Calendly is not connected for this workspace: connect it first via PUT /api/workspaces/${clientId}/integrations/calendly`,
      );
    const eventType = await fetchEventType(deps, row.accessTokenEnc, wanted);
    if (!eventType.active)
      throw refused(
        `the Calendly event type "${eventType.name}" is not active; activate it in Calendly or choose an active one`,
      );
    // An organization-scoped lookup is what proves the event type is the connected organization's
    // (Calendly may show another organization's public event type to any token).
    const own = await listOrganizationEventTypes(
      calendlyClientFor(deps.config, deps.secrets.decrypt(row.accessTokenEnc)),
      row.organizationUri,
      row.userUri,
    );
    if (!own.some((t) => sameUri(t.uri, eventType.uri)))
      throw refused(
        'the event type belongs to another Calendly organization than the connected one; choose one of its own event types',
      );
    // Offers come from the default calendar link: when it showed the old event type's page, it follows
    // to the new one, so leads are not offered times of an event type they are no longer booked into.
    if (row.eventTypeSchedulingUrl && row.eventTypeSchedulingUrl !== eventType.scheduling_url)
      await tx.calendarLink.updateMany({
        where: { clientId, type: 'calendly', url: row.eventTypeSchedulingUrl, isDefault: true },
        data: { url: eventType.scheduling_url },
      });
    await tx.calendlyConnection.update({
      where: { clientId },
      data: { eventTypeUri: eventType.uri, eventTypeSchedulingUrl: eventType.scheduling_url },
    });
    return true;
  },
};

async function fetchEventType(deps: ConnectDeps, tokenEnc: string, uri: string): Promise<CalendlyEventType> {
  const client = calendlyClientFor(deps.config, deps.secrets.decrypt(tokenEnc));
  try {
    return await client.getEventType(uri);
  } catch (err) {
    if (isProviderError(err) && err.kind === 'not_found')
      throw refused('Calendly knows no event type with this URI');
    if (isProviderError(err) && err.kind === 'forbidden')
      throw refused(
        'the event type belongs to another Calendly organization than the connected one; choose one of its own event types',
      );
    throw calendlyFailure(err, 'read the event type');
  }
}
