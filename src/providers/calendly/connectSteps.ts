import type { Db } from '../../db/prisma';
import { AppError, isProviderError, type ProviderError } from '../../errors';
import type { CalendlyClient } from './client';
import type { CalendlyEventType, CalendlyWebhookEventName, CalendlyWebhookSubscription } from './schemas';

export type { CalendlyEventType };

/** The steps of connecting a workspace to Calendly (./connect.ts runs them inside its transaction). */

export const CALENDLY_WEBHOOK_EVENTS_USED: CalendlyWebhookEventName[] = [
  'invitee.created',
  'invitee.canceled',
  'invitee_no_show.created',
  'invitee_no_show.deleted',
];

export interface EventTypeChoice {
  uri: string;
  name: string;
  /** Minutes. */
  duration: number;
}

// ---- steps -------------------------------------------------------------------------------------------

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export async function lockWorkspace(tx: Tx, clientId: string): Promise<void> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "Client" WHERE "id" = ${clientId} FOR NO KEY UPDATE`;
  if (rows.length === 0) throw new AppError('not_found', `unknown workspace ${clientId}`);
}

/**
 * The organization's event types. Listing by organization needs an admin token; a member's token falls
 * back to the user's own event types (which belong to the same organization).
 */
export async function listOrganizationEventTypes(
  client: CalendlyClient,
  organizationUri: string,
  userUri: string,
): Promise<CalendlyEventType[]> {
  try {
    return await client.listEventTypes({ organization: organizationUri });
  } catch (err) {
    if (!isProviderError(err) || err.kind !== 'forbidden') throw calendlyFailure(err, 'list event types');
  }
  return calendly('list event types', () => client.listEventTypes({ user: userUri }));
}

export function chooseEventType(all: CalendlyEventType[], wanted: string | undefined): CalendlyEventType {
  const active = all.filter((t) => t.active).sort((a, b) => a.name.localeCompare(b.name));
  const choices = active.map(choice);
  if (wanted) {
    const match = active.find((t) => sameUri(t.uri, wanted));
    if (match) return match;
    const inactive = all.some((t) => sameUri(t.uri, wanted));
    throw new AppError(
      'unprocessable',
      inactive
        ? 'eventTypeUri names an event type that is not active in Calendly; activate it or choose one of the active event types (listed in details)'
        : 'eventTypeUri is not an event type of this Calendly organization; choose one of the active event types (listed in details)',
      choiceDetails(choices),
    );
  }
  const only = active.length === 1 ? active[0] : undefined;
  if (only) return only;
  if (active.length === 0) {
    throw new AppError(
      'unprocessable',
      'this Calendly organization has no active event type; create or activate one in Calendly, then connect again',
      choiceDetails([]),
    );
  }
  throw new AppError(
    'unprocessable',
    `this Calendly organization has ${active.length} active event types; choose one by sending eventTypeUri (choices listed in details)`,
    choiceDetails(choices),
  );
}

const choice = (t: CalendlyEventType): EventTypeChoice => ({
  uri: t.uri,
  name: t.name,
  duration: t.duration,
});

/** AppError's details are typed for field errors; the event type list is the other documented use. */
function choiceDetails(choices: EventTypeChoice[]): Record<string, unknown> {
  return choices as unknown as Record<string, unknown>;
}

/**
 * Creates our organization-scoped subscription. Calendly answers 409 when one with the same URL and
 * scope exists (an earlier connect, or a half-finished one). Its signing key cannot be read back, so
 * keeping it would leave us unable to verify deliveries: we delete every subscription with our callback
 * URL and create it again with the new key. Deliveries in the gap between delete and create are lost;
 * Calendly does not queue them for a deleted subscription.
 */
export async function subscribe(
  client: CalendlyClient,
  input: { callbackUrl: string; organizationUri: string; signingKey: string },
): Promise<{ created: CalendlyWebhookSubscription; replaced: string[] }> {
  const create = () =>
    client.createWebhookSubscription({
      url: input.callbackUrl,
      events: CALENDLY_WEBHOOK_EVENTS_USED,
      organization: input.organizationUri,
      scope: 'organization',
      signingKey: input.signingKey,
    });
  const action = 'create the webhook subscription (the token must belong to an admin of the organization)';
  try {
    return { created: await create(), replaced: [] };
  } catch (err) {
    if (!isProviderError(err) || err.httpStatus !== 409) throw calendlyFailure(err, action);
  }
  const existing = await calendly('list webhook subscriptions', () =>
    client.listWebhookSubscriptions({ organization: input.organizationUri, scope: 'organization' }),
  );
  const ours = existing.filter((s) => sameUri(s.callback_url, input.callbackUrl));
  for (const s of ours) {
    try {
      await client.deleteWebhookSubscription(s.uri);
    } catch (err) {
      if (!isProviderError(err) || err.kind !== 'not_found') {
        throw calendlyFailure(err, 'replace the existing webhook subscription');
      }
    }
  }
  return { created: await calendly(action, create), replaced: ours.map((s) => s.uri) };
}

// ---- Calendly failures → API errors ------------------------------------------------------------------

export async function calendly<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw calendlyFailure(err, action);
  }
}

/**
 * A refusal (bad token, missing permission, invalid request) is the caller's to fix → 422 with Calendly's
 * own reason. Outages, rate limits and off-contract answers → 503. Messages never carry the token: the
 * provider error names the method and path only, and Calendly's error bodies do not echo credentials.
 */
export function calendlyFailure(err: unknown, action: string): unknown {
  if (!isProviderError(err)) return err;
  const reason = calendlyReason(err);
  switch (err.kind) {
    case 'unauthorized':
      return new AppError('unprocessable', `Calendly rejected the personal access token: ${reason}`);
    case 'forbidden':
    case 'invalid_request':
    case 'not_found':
    case 'slot_unavailable':
      return new AppError('unprocessable', `Calendly refused to ${action}: ${reason}`);
    default:
      return new AppError(
        'unavailable',
        `Calendly could not ${action} right now; try again (${err.message})`,
      );
  }
}

/** Calendly's own message out of a provider error (`GET /users/me answered 401: <message>`). */
export function calendlyReason(err: ProviderError): string {
  const match = /answered \d{3}: ([\s\S]*)$/.exec(err.message);
  return (match?.[1] ?? err.message).trim();
}

export function sameUri(a: string, b: string): boolean {
  return a.trim().replace(/\/+$/, '') === b.trim().replace(/\/+$/, '');
}
