import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/prisma';
import { AppError, isProviderError } from '../../errors';
import type { SecretBox } from '../../lib/secrets';
import { calendlyClientFor } from './adapter';
import type { CalendlyClient } from './client';
import {
  type CalendlyEventType,
  calendly,
  calendlyReason,
  chooseEventType,
  listOrganizationEventTypes,
  lockWorkspace,
  sameUri,
  subscribe,
} from './connectSteps';
import type { ConnectCalendlyInput } from './credentials';

/**
 * Connecting a workspace to Calendly (PAT flow): validate the token, pick the event type, register our
 * signed webhook subscription, and store the connection with its secrets encrypted.
 *
 * Secrets (the personal access token and the webhook signing key) go into the database as SecretBox
 * ciphertext and never appear in a return value, an error message or an error's details.
 *
 * Every mutating operation runs inside one transaction that locks the workspace row (`FOR NO KEY UPDATE`:
 * it serialises with other connects/disconnects and with the settings switch to Calendly, while lead
 * inserts, which only take a key-share lock, carry on). The Calendly calls happen while that lock is held,
 * so two concurrent connects cannot leave the stored signing key pointing at a subscription the other one
 * replaced. It is an admin operation; holding one connection for a few seconds is the price.
 */

export type CalendlyConnectConfig = Pick<
  AppConfig,
  'PUBLIC_BASE_URL' | 'CALENDLY_API_BASE_URL' | 'CALENDLY_SANDBOX_PORT' | 'PROVIDER_TIMEOUT_MS'
>;

export interface CalendlyConnectDeps {
  db: Db;
  secrets: SecretBox;
  config: CalendlyConnectConfig;
}

/** What the API shows about a connection. Never carries the token or the signing key. */
export interface CalendlyConnectionView {
  connected: true;
  organizationUri: string;
  userUri: string;
  /** `name`/`duration` are null when Calendly could not be asked (reads only). */
  eventType: { uri: string; name: string | null; duration: number | null };
  webhookSubscriptionUri: string | null;
  webhookCallbackUrl: string | null;
}

export type CalendlyConnectionState = { connected: false } | CalendlyConnectionView;

export interface DisconnectResult {
  connected: false;
  /** Set when the workspace was booking through Calendly and now books through GHL again. */
  providerResetTo?: 'ghl';
  /** Things that could not be cleaned up at Calendly (the local disconnect happened anyway). */
  warnings?: string[];
}

/** Calls per connect: users/me, event types (+fallback), create, list, delete(s), create again. */
const CONNECT_CALL_BUDGET = 10;
/** A read must not hang on Calendly for long; it only decorates the stored connection. */
const READ_LOOKUP_TIMEOUT_MS = 5_000;

/** Where Calendly delivers this workspace's webhooks (the route in src/api/routes/webhooks.ts). */
export function calendlyWebhookCallbackUrl(publicBaseUrl: string, clientId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/api/webhooks/calendly/${encodeURIComponent(clientId)}`;
}

export async function connectCalendly(
  deps: CalendlyConnectDeps,
  clientId: string,
  input: ConnectCalendlyInput,
): Promise<CalendlyConnectionView> {
  const { db, secrets, config } = deps;
  const publicBaseUrl = config.PUBLIC_BASE_URL;

  let created: { client: CalendlyClient; uri: string } | undefined;
  let previous: { tokenEnc: string; subscriptionUri: string | null } | undefined;
  let replacedUris = new Set<string>();
  let view: CalendlyConnectionView;
  try {
    view = await db.$transaction(
      async (tx) => {
        await lockWorkspace(tx, clientId);
        if (!publicBaseUrl) {
          throw new AppError(
            'conflict',
            'PUBLIC_BASE_URL is not set: Calendly must deliver webhooks to a public HTTPS URL of this API. Set PUBLIC_BASE_URL and try again.',
          );
        }
        const old = await tx.calendlyConnection.findUnique({
          where: { clientId },
          select: { accessTokenEnc: true, webhookSubscriptionUri: true },
        });
        if (old) previous = { tokenEnc: old.accessTokenEnc, subscriptionUri: old.webhookSubscriptionUri };

        const client = calendlyClientFor(config, input.personalAccessToken);
        const user = await calendly('validate the personal access token', () => client.getCurrentUser());
        const organizationUri = user.current_organization;
        const eventTypes = await listOrganizationEventTypes(client, organizationUri, user.uri);
        const eventType = chooseEventType(eventTypes, input.eventTypeUri);

        const callbackUrl = calendlyWebhookCallbackUrl(publicBaseUrl, clientId);
        const signingKey = randomBytes(32).toString('base64url');
        const subscription = await subscribe(client, { callbackUrl, organizationUri, signingKey });
        created = { client, uri: subscription.created.uri };
        replacedUris = new Set(subscription.replaced);

        const data = {
          accessTokenEnc: secrets.encrypt(input.personalAccessToken),
          signingKeyEnc: secrets.encrypt(signingKey),
          userUri: user.uri,
          organizationUri,
          eventTypeUri: eventType.uri,
          eventTypeSchedulingUrl: eventType.scheduling_url,
          webhookSubscriptionUri: subscription.created.uri,
        };
        await tx.calendlyConnection.upsert({
          where: { clientId },
          create: { clientId, ...data },
          update: data,
        });
        return {
          connected: true as const,
          organizationUri,
          userUri: user.uri,
          eventType: { uri: eventType.uri, name: eventType.name, duration: eventType.duration },
          webhookSubscriptionUri: subscription.created.uri,
          webhookCallbackUrl: callbackUrl,
        };
      },
      { timeout: config.PROVIDER_TIMEOUT_MS * CONNECT_CALL_BUDGET + 5_000 },
    );
  } catch (err) {
    // Nothing was stored: do not leave a live subscription behind whose signing key nobody knows.
    if (created) {
      const { client, uri } = created;
      await client.deleteWebhookSubscription(uri).catch(() => undefined);
    }
    throw err;
  }

  // The previous connection may have subscribed another organization (a token of a different account);
  // its subscription is not reachable through the new token, so remove it with the old one. Best effort.
  const oldUri = previous?.subscriptionUri;
  if (previous && oldUri && oldUri !== view.webhookSubscriptionUri && !replacedUris.has(oldUri)) {
    try {
      const oldClient = calendlyClientFor(config, secrets.decrypt(previous.tokenEnc));
      await oldClient.deleteWebhookSubscription(oldUri);
    } catch {
      // Revoked token, already gone, Calendly down: the orphan stops after Calendly's 24 h of retries.
    }
  }
  return view;
}

/** The stored connection, decorated with the event type's name and duration when Calendly answers. */
export async function readCalendlyConnection(
  deps: CalendlyConnectDeps,
  clientId: string,
): Promise<CalendlyConnectionState> {
  const { db, secrets, config } = deps;
  const client = await db.client.findUnique({
    where: { id: clientId },
    select: { id: true, calendly: true },
  });
  if (!client) throw new AppError('not_found', `unknown workspace ${clientId}`);
  const row = client.calendly;
  if (!row) return { connected: false };

  let eventType: CalendlyEventType | undefined;
  try {
    const calendly = calendlyClientFor(
      { ...config, PROVIDER_TIMEOUT_MS: Math.min(config.PROVIDER_TIMEOUT_MS, READ_LOOKUP_TIMEOUT_MS) },
      secrets.decrypt(row.accessTokenEnc),
    );
    const types = await calendly.listEventTypes({ organization: row.organizationUri });
    eventType = types.find((t) => sameUri(t.uri, row.eventTypeUri));
  } catch {
    // Calendly unreachable or the token revoked: show what is stored.
  }
  return {
    connected: true,
    organizationUri: row.organizationUri,
    userUri: row.userUri,
    eventType: {
      uri: row.eventTypeUri,
      name: eventType?.name ?? null,
      duration: eventType?.duration ?? null,
    },
    webhookSubscriptionUri: row.webhookSubscriptionUri,
    webhookCallbackUrl: config.PUBLIC_BASE_URL
      ? calendlyWebhookCallbackUrl(config.PUBLIC_BASE_URL, clientId)
      : null,
  };
}

/**
 * Removes the webhook subscription at Calendly (already gone is fine), deletes the connection, and puts a
 * workspace that was booking through Calendly back on GHL. Calendly being unreachable aborts with nothing
 * changed; Calendly refusing the stored token (revoked) does not block the local disconnect.
 */
export async function disconnectCalendly(
  deps: CalendlyConnectDeps,
  clientId: string,
): Promise<DisconnectResult> {
  const { db, secrets, config } = deps;
  return db.$transaction(
    async (tx) => {
      await lockWorkspace(tx, clientId);
      const row = await tx.calendlyConnection.findUnique({ where: { clientId } });
      const warnings: string[] = [];
      if (row?.webhookSubscriptionUri) {
        const uri = row.webhookSubscriptionUri;
        try {
          await calendlyClientFor(config, secrets.decrypt(row.accessTokenEnc)).deleteWebhookSubscription(uri);
        } catch (err) {
          if (!isProviderError(err)) {
            warnings.push(
              `the webhook subscription ${uri} could not be removed at Calendly; delete it there`,
            );
          } else if (err.kind === 'not_found') {
            // already gone
          } else if (err.retryable || err.kind === 'invalid_response') {
            throw new AppError(
              'unavailable',
              `Calendly could not remove the webhook subscription right now; nothing was changed, try again (${err.message})`,
            );
          } else {
            warnings.push(
              `Calendly refused to remove the webhook subscription ${uri} (${calendlyReason(err)}); delete it in Calendly`,
            );
          }
        }
      }
      if (row) await tx.calendlyConnection.delete({ where: { clientId } });
      const reset = await tx.workspaceSettings.updateMany({
        where: { clientId, meetingBookingProvider: 'calendly' },
        data: { meetingBookingProvider: 'ghl' },
      });
      return {
        connected: false as const,
        ...(reset.count > 0 ? { providerResetTo: 'ghl' as const } : {}),
        ...(warnings.length > 0 ? { warnings } : {}),
      };
    },
    { timeout: config.PROVIDER_TIMEOUT_MS * 2 + 5_000 },
  );
}
