// Over 250 lines on purpose: the in-process service stack the fuzz run needs (PostgreSQL, Temporal,
// sandboxes, API, worker, seeded data) and its teardown.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { leadBookingWorkflowId } from '../../workflows/messages';
import { registeredRoutes } from '../api/routeTable';
import { type AppConfig, loadConfig } from '../config';
import { ensureDatabase, startEmbeddedPostgres } from '../db/embeddedPostgres';
import { runMigrations } from '../db/runMigrations';
import { generateSecretKey } from '../lib/secrets';
import { createLogger, type Logger } from '../logger';
import { buildServices, type Services } from '../main/services';
import { startCalendlySandbox } from '../sandboxes/calendly';
import { generateSigningKeyPair, startGhlSandbox } from '../sandboxes/ghl';
import { resolveTemporalCli } from '../temporal/cli';
import { BOOKING_SEARCH_ATTRIBUTE_KEYS } from '../temporal/searchAttributes';
import { createBookingWorker } from '../temporal/worker';
import type { FuzzTarget } from './target';

export interface FuzzStack {
  config: AppConfig;
  services: Services;
  target: FuzzTarget;
  close(): Promise<void>;
}

export interface FuzzStackOptions {
  /** A PostgreSQL server to create a fresh database on (its own, so every table can be counted). Unset: embedded PostgreSQL. */
  adminDatabaseUrl?: string;
  /** A running Temporal server. Unset: a Temporal dev server through @temporalio/testing, on the cached CLI. */
  temporalAddress?: string;
  workflowBundle?: WorkerOptions['workflowBundle'];
  logger?: Logger;
  env?: Record<string, string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The whole service, started in this process for a fuzz run: a database of its own (fresh, migrated),
 * Temporal, the GHL and Calendly sandboxes, the API on a free port and a worker; then one GHL workspace
 * with a lead whose booking workflow is running (offered slots) and one Calendly workspace with a
 * signing key, so hostile requests can aim at real ids, real signatures and a real workflow.
 */
export async function startFuzzStack(opts: FuzzStackOptions = {}): Promise<FuzzStack> {
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    let databaseUrl: string;
    if (opts.adminDatabaseUrl) {
      const database = `fuzz_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      await ensureDatabase(opts.adminDatabaseUrl, database);
      databaseUrl = opts.adminDatabaseUrl.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
    } else {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'booking-fuzz-'));
      stops.push(async () => rmSync(dir, { recursive: true, force: true }));
      chmodSync(dir, 0o755); // PostgreSQL runs as an unprivileged user when we are root
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(dir, 'pg'),
        port: await freePort(),
        database: 'booking_fuzz',
        persistent: false,
      });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    await runMigrations(databaseUrl);

    let temporalAddress = opts.temporalAddress;
    if (!temporalAddress) {
      const env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: {
            type: 'existing-path',
            path: await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, () => {}),
          },
          ip: '127.0.0.1',
          port: await freePort(),
          ui: false,
          searchAttributes: BOOKING_SEARCH_ATTRIBUTE_KEYS,
          extraArgs: ['--http-port', String(await freePort()), '--metrics-port', String(await freePort())],
        },
      });
      stops.push(() => env.teardown());
      temporalAddress = env.address;
    }

    const signing = generateSigningKeyPair();
    let apiUrl = '';
    let ghlClientId = '';
    const ghl = await startGhlSandbox({
      privateKeyPem: signing.privateKeyPem,
      logger: { info() {}, warn() {} },
      webhookTargetUrl: () => (ghlClientId ? `${apiUrl}/api/webhooks/ghl/${ghlClientId}` : undefined),
    });
    stops.push(() => ghl.close());
    const calendly = await startCalendlySandbox({ seed: false });
    stops.push(() => calendly.close());

    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      API_TOKEN: `fuzz-api-${randomUUID()}`,
      ADMIN_API_TOKEN: `fuzz-admin-${randomUUID()}`,
      SECRETS_ENCRYPTION_KEY: generateSecretKey(),
      GHL_API_BASE_URL: ghl.url,
      GHL_WEBHOOK_PUBLIC_KEY: ghl.publicKeyPem,
      CALENDLY_API_BASE_URL: calendly.url,
      PROVIDER_TIMEOUT_MS: '3000',
      TEMPORAL_METRICS_PORT: '0',
      ...opts.env,
    });
    const taskQueue = `fuzz-${randomUUID()}`;
    const services = await buildServices(config, {
      temporalAddress,
      databaseUrl,
      taskQueue,
      logger: opts.logger ?? createLogger({ level: 'silent' }),
    });
    stops.push(() => services.close());
    const { worker } = await createBookingWorker({
      config,
      address: temporalAddress,
      deps: services.activityDeps,
      taskQueue,
      workflowBundle: opts.workflowBundle,
    });
    const running = worker.run();
    stops.push(async () => {
      if ((worker as Worker).getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    const server: Server = await new Promise((resolve) => {
      const s = services.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    stops.push(() => new Promise((r) => server.close(() => r())));
    apiUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;

    // A GHL workspace with a lead whose workflow is running (it holds an offer).
    const suffix = randomUUID().slice(0, 8);
    const locationId = `fuzz-loc-${suffix}`;
    const contactId = `fuzz-contact-${suffix}`;
    const ghlToken = `fuzz-ghl-token-${suffix}`;
    ghl.seedLocation({
      locationId,
      token: ghlToken,
      calendars: [
        {
          id: `fuzz-cal-${suffix}`,
          timezone: 'UTC',
          openHours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' }],
        },
      ],
      contacts: [
        { id: contactId, name: 'Fuzz Lead', email: `fuzz-${suffix}@example.com`, phone: '+15550100' },
      ],
    });
    const secrets = services.apiDeps.secrets;
    const client = await services.db.client.create({
      data: {
        name: `Fuzz ${suffix}`,
        ghlLocationId: locationId,
        ghlAccessTokenEnc: secrets.encrypt(ghlToken),
        settings: { create: { ghlCalendarId: `fuzz-cal-${suffix}`, timezone: 'UTC' } },
      },
    });
    ghlClientId = client.id;
    const lead = await services.db.lead.create({
      data: {
        clientId: client.id,
        ghlContactId: contactId,
        name: 'Fuzz Lead',
        email: `fuzz-${suffix}@example.com`,
        timezone: 'UTC',
      },
    });
    const offered = await fetch(`${apiUrl}/api/leads/${lead.id}/offers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.API_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ clientId: client.id }),
    });
    if (offered.status !== 201)
      throw new Error(`fuzz setup: offer answered ${offered.status}: ${await offered.text()}`);
    await untilHistoryIsQuiet(services, leadBookingWorkflowId(client.id, lead.id));

    // A Calendly workspace with a signing key (webhooks are verified with it).
    const calendlySigningKey = `fuzz-signing-${randomUUID()}`;
    const calendlyClient = await services.db.client.create({
      data: {
        name: `Fuzz Calendly ${suffix}`,
        ghlLocationId: `fuzz-cal-loc-${suffix}`,
        settings: { create: { meetingBookingProvider: 'calendly', timezone: 'UTC' } },
        calendly: {
          create: {
            accessTokenEnc: secrets.encrypt(`fuzz-calendly-${suffix}`),
            signingKeyEnc: secrets.encrypt(calendlySigningKey),
            userUri: `${calendly.url}/users/fuzz-${suffix}`,
            organizationUri: `${calendly.url}/organizations/fuzz-${suffix}`,
            eventTypeUri: `${calendly.url}/event_types/fuzz-${suffix}`,
          },
        },
      },
    });
    await services.db.lead.create({
      data: {
        clientId: calendlyClient.id,
        name: 'Fuzz Calendly Lead',
        email: `fuzz-c-${suffix}@example.com`,
      },
    });

    const target: FuzzTarget = {
      apiUrl,
      apiToken: config.API_TOKEN as string,
      adminToken: config.ADMIN_API_TOKEN as string,
      bodyLimitBytes: parseBytes(config.BODY_LIMIT),
      routes: [],
      ghl: {
        clientId: client.id,
        leadId: lead.id,
        contactId,
        locationId,
        workflowId: leadBookingWorkflowId(client.id, lead.id),
        privateKeyPem: signing.privateKeyPem,
      },
      calendly: { clientId: calendlyClient.id, signingKey: calendlySigningKey },
      clientIds: [client.id, calendlyClient.id],
    };
    target.routes = registeredRoutes(services.app);
    return { config, services, target, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Waits until the workflow's history stops growing (the offer's Update has completed and the workflow
 * task after it is recorded), so the run's "before" observation is not taken mid-step.
 */
async function untilHistoryIsQuiet(services: Services, workflowId: string): Promise<void> {
  const handle = services.temporal.workflow.getHandle(workflowId);
  const deadline = Date.now() + 20_000;
  let last = -1;
  while (Date.now() < deadline) {
    const { historyLength } = await handle.describe();
    if (historyLength === last) return;
    last = historyLength;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

function parseBytes(limit: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(limit.trim());
  if (!m) return 100 * 1024;
  const unit = (m[2] ?? 'b').toLowerCase();
  return Math.floor(Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1));
}
