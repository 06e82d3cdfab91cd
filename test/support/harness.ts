import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { type AppConfig, loadConfig } from '../../src/config';
import { generateSecretKey } from '../../src/lib/secrets';
import { createLogger, type Logger } from '../../src/logger';
import { buildServices, type Services } from '../../src/main/services';
import { CalendlyClient } from '../../src/providers/calendly/client';
import { CALENDLY_WEBHOOK_EVENTS_USED } from '../../src/providers/calendly/connectSteps';
import { type CalendlySandbox, startCalendlySandbox } from '../../src/sandboxes/calendly';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandboxes/ghl';
import { type HubspotSandbox, startHubspotSandbox } from '../../src/sandboxes/hubspot';
import { createBookingWorker } from '../../src/temporal/worker';
import { leadBookingWorkflowId } from '../../workflows/messages';

export const API_TOKEN = 'test-api-token-0123456789';
export const ADMIN_API_TOKEN = 'test-admin-token-0123456789';

export interface Harness {
  config: AppConfig;
  services: Services;
  ghl: GhlSandbox;
  calendly: CalendlySandbox;
  /** HubSpot Meetings (an availability source only). */
  hubspot: HubspotSandbox;
  /** Where the GHL sandbox sends each location's webhooks (restore it after changing the target). */
  ghlWebhookTarget: (locationId: string) => string | undefined;
  apiUrl: string;
  taskQueue: string;
  worker?: Worker;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  seedWorkspace(opts?: Partial<WorkspaceSeed>): Promise<SeededWorkspace>;
  seedCalendlyWorkspace(opts?: {
    leadEmail?: string | null;
    plan?: 'free' | 'standard';
  }): Promise<SeededCalendlyWorkspace>;
  close(): Promise<void>;
}

export interface WorkspaceSeed {
  timezone: string;
  slotsToOffer: number;
  offerExpiryHours: number;
  reminderOffsetsMinutes: number[];
}

export interface SeededWorkspace {
  clientId: string;
  locationId: string;
  calendarId: string;
  ghlToken: string;
  leadId: string;
  contactId: string;
  workflowId: string;
}

export interface SeededCalendlyWorkspace {
  clientId: string;
  leadId: string;
  leadEmail: string | null;
  token: string;
  userUri: string;
  organizationUri: string;
  eventTypeUri: string;
  signingKey: string;
  workflowId: string;
}

/**
 * Everything a test file needs, all real: the service wiring from src/main/services.ts on the shared
 * PostgreSQL and Temporal servers, a worker on a task queue of its own, the API listening on a port,
 * and a GHL sandbox that sends its signed webhooks to that API.
 */
export async function startHarness(
  env: Record<string, string> = {},
  opts: { worker?: boolean; logger?: Logger; temporalAddress?: string } = {},
): Promise<Harness> {
  const clientIdByLocation = new Map<string, string>();
  let apiUrl = '';
  const ghlWebhookTarget = (locationId: string) => {
    const clientId = clientIdByLocation.get(locationId);
    return clientId ? `${apiUrl}/api/webhooks/ghl/${clientId}` : undefined;
  };
  const ghl = await startGhlSandbox({ logger: { info() {}, warn() {} }, webhookTargetUrl: ghlWebhookTarget });
  const calendly = await startCalendlySandbox({
    seed: false,
    webhookRetry: { baseDelayMs: 200, maxDelayMs: 1_000, giveUpAfterMs: 30_000, attemptTimeoutMs: 5_000 },
  });
  const hubspot = await startHubspotSandbox();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    API_TOKEN,
    ADMIN_API_TOKEN,
    SECRETS_ENCRYPTION_KEY: generateSecretKey(),
    GHL_API_BASE_URL: ghl.url,
    GHL_WEBHOOK_PUBLIC_KEY: ghl.publicKeyPem,
    CALENDLY_API_BASE_URL: calendly.url,
    HUBSPOT_API_BASE_URL: hubspot.url,
    PROVIDER_TIMEOUT_MS: '3000',
    BOOKING_CALL_TIMEOUT_SECONDS: '8',
    ...env,
  });
  const taskQueue = `test-${randomUUID()}`;
  // A test may bring its own Temporal server (the server-crash test kills it); else the shared one.
  const temporalAddress = opts.temporalAddress ?? inject('temporalAddress');
  const services = await buildServices(config, {
    temporalAddress,
    databaseUrl: inject('databaseUrl'),
    taskQueue,
    logger: opts.logger ?? createLogger({ level: 'silent' }),
  });
  const server: Server = await new Promise((resolve) => {
    const s = services.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let running: Promise<void> | undefined;
  const h: Harness = {
    config,
    services,
    ghl,
    calendly,
    hubspot,
    ghlWebhookTarget,
    apiUrl,
    taskQueue,
    async startWorker() {
      const { worker } = await createBookingWorker({
        config,
        address: temporalAddress,
        deps: services.activityDeps,
        taskQueue,
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
      h.worker = worker;
      running = worker.run();
    },
    async stopWorker() {
      if (!h.worker) return;
      if (h.worker.getState() === 'RUNNING') h.worker.shutdown();
      await running;
      h.worker = undefined;
    },
    async seedWorkspace(seed = {}) {
      const suffix = randomUUID().slice(0, 8);
      const locationId = `loc-${suffix}`;
      const calendarId = `cal-${suffix}`;
      const contactId = `contact-${suffix}`;
      const ghlToken = `ghl-token-${suffix}`;
      const timezone = seed.timezone ?? 'America/New_York';
      ghl.seedLocation({
        locationId,
        token: ghlToken,
        calendars: [
          {
            id: calendarId,
            timezone,
            openHours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '08:00', to: '19:00' }],
          },
        ],
        contacts: [
          { id: contactId, name: 'Lee Lead', email: `lee-${suffix}@example.com`, phone: '+15550100' },
        ],
      });
      const secrets = services.apiDeps.secrets;
      const client = await services.db.client.create({
        data: {
          name: `Workspace ${suffix}`,
          ghlLocationId: locationId,
          ghlAccessTokenEnc: secrets.encrypt(ghlToken),
          settings: {
            create: {
              ghlCalendarId: calendarId,
              timezone,
              slotsToOffer: seed.slotsToOffer ?? 3,
              offerExpiryHours: seed.offerExpiryHours ?? 72,
              reminderOffsetsMinutes: seed.reminderOffsetsMinutes ?? [1440, 60],
            },
          },
        },
      });
      clientIdByLocation.set(locationId, client.id);
      const lead = await services.db.lead.create({
        data: {
          clientId: client.id,
          ghlContactId: contactId,
          name: 'Lee Lead',
          email: `lee-${suffix}@example.com`,
          phone: '+15550100',
          timezone,
          followUps: {
            create: [{ triggeredByMeetingSelection: false }, { triggeredByMeetingSelection: true }],
          },
        },
      });
      return {
        clientId: client.id,
        locationId,
        calendarId,
        ghlToken,
        leadId: lead.id,
        contactId,
        workflowId: leadBookingWorkflowId(client.id, lead.id),
      };
    },
    async seedCalendlyWorkspace(seed = {}) {
      const suffix = randomUUID().slice(0, 8);
      const timezone = 'America/New_York';
      const account = calendly.seed({
        plan: seed.plan ?? 'standard',
        user: { name: `Host ${suffix}`, email: `host-${suffix}@example.com`, timezone },
        eventTypes: [{ name: 'Intro call', duration: 30, timezone }],
      });
      const eventTypeUri = account.eventTypeUris[0] as string;
      const signingKey = `signing-key-${randomUUID()}`;
      const secrets = services.apiDeps.secrets;
      const client = await services.db.client.create({
        data: {
          name: `Calendly workspace ${suffix}`,
          ghlLocationId: `cal-loc-${suffix}`,
          settings: { create: { meetingBookingProvider: 'calendly', timezone } },
          calendly: {
            create: {
              accessTokenEnc: secrets.encrypt(account.token),
              signingKeyEnc: secrets.encrypt(signingKey),
              userUri: account.userUri,
              organizationUri: account.organizationUri,
              eventTypeUri,
            },
          },
        },
      });
      // The subscription is made through the real client, as the connect endpoint does.
      const sub = await new CalendlyClient({
        baseUrl: calendly.url,
        token: account.token,
        timeoutMs: 3000,
      }).createWebhookSubscription({
        url: `${apiUrl}/api/webhooks/calendly/${client.id}`,
        events: CALENDLY_WEBHOOK_EVENTS_USED,
        organization: account.organizationUri,
        scope: 'organization',
        signingKey,
      });
      await services.db.calendlyConnection.update({
        where: { clientId: client.id },
        data: { webhookSubscriptionUri: sub.uri },
      });
      const leadEmail = seed.leadEmail === undefined ? `lead-${suffix}@example.com` : seed.leadEmail;
      const lead = await services.db.lead.create({
        data: {
          clientId: client.id,
          name: 'Casey Calendly',
          email: leadEmail,
          timezone,
          followUps: { create: [{}] },
        },
      });
      return {
        clientId: client.id,
        leadId: lead.id,
        leadEmail,
        token: account.token,
        userUri: account.userUri,
        organizationUri: account.organizationUri,
        eventTypeUri,
        signingKey,
        workflowId: leadBookingWorkflowId(client.id, lead.id),
      };
    },
    async close() {
      await h.stopWorker();
      await new Promise((r) => server.close(r));
      await services.close();
      await ghl.close();
      await calendly.close();
      await hubspot.close();
    },
  };
  if (opts.worker !== false) await h.startWorker();
  return h;
}

/** Polls until `check` returns a truthy value (real servers answer asynchronously). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
