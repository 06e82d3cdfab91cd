/**
 * `npm start`: the whole service on embedded defaults. Starts (or reuses) what is not configured:
 * PostgreSQL (DATABASE_URL unset), a Temporal dev server with its Web UI (TEMPORAL_ADDRESS unset) and
 * the GHL sandbox (GHL_API_BASE_URL unset); applies migrations; runs the API and a worker; seeds a demo
 * workspace. Data persists under DATA_DIR. Ctrl-C / SIGTERM stops everything it started.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { loadConfig } from '../config';
import { startEmbeddedPostgres } from '../db/embeddedPostgres';
import { runMigrations } from '../db/runMigrations';
import { chooseLogFormat, createLogger } from '../logger';
import { DEFAULT_CALENDLY_SANDBOX_TOKEN, startCalendlySandbox } from '../sandboxes/calendly/server';
import { generateSigningKeyPair, startGhlSandbox } from '../sandboxes/ghl';
import {
  DEFAULT_HUBSPOT_SANDBOX_TOKEN,
  DEMO_HUBSPOT_MEETING_LINK,
  startHubspotSandbox,
} from '../sandboxes/hubspot';
import { resolveTemporalCli, TEMPORAL_CLI_VERSION } from '../temporal/cli';
import { startDevServer } from '../temporal/devServer';
import { startConfiguredRealServer } from '../temporal/realServer';
import { createBookingWorker } from '../temporal/worker';
import { DEMO, DEMO_SANDBOX_LOCATION, seedDemoCalendlyWorkspace, seedDemoWorkspace } from './demoWorkspace';
import { loadOrCreateEmbeddedSecrets } from './embeddedSecrets';
import { workspaceWebhookTargets } from './ghlWebhookTargets';
import { buildServices } from './services';
import { Shutdown } from './shutdown';
import { closeHttpServer, stopWorker } from './shutdownSteps';

async function main() {
  const base = loadConfig();
  const dataDir = path.resolve(base.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const generated = loadOrCreateEmbeddedSecrets(dataDir, process.env);
  const logger = createLogger({
    level: base.LOG_LEVEL,
    format: chooseLogFormat(base.LOG_FORMAT, process.stdout.isTTY),
  });
  // Bounded, ordered stops (src/main/shutdown.ts); a second Ctrl-C exits at once.
  const shutdown = new Shutdown({ logger });
  shutdown.listen();

  const env: Record<string, string | undefined> = { ...process.env, ...generated.values };

  let databaseUrl = base.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: base.POSTGRES_PORT,
      database: 'booking',
    });
    shutdown.add('embedded PostgreSQL', () => pg.stop());
    databaseUrl = pg.url;
    logger.info({ port: base.POSTGRES_PORT }, 'embedded PostgreSQL started');
  }
  logger.info({ result: await runMigrations(databaseUrl) }, 'migrations');

  let temporalAddress = base.TEMPORAL_ADDRESS;
  let uiUrl = base.TEMPORAL_UI_URL;
  if (!temporalAddress && base.TEMPORAL_ENGINE === 'server') {
    // The real Temporal server on this PostgreSQL (src/temporal/realServer.ts), like production.
    const real = await startConfiguredRealServer(base, { dataDir, databaseUrl, log: (m) => logger.info(m) });
    shutdown.add('Temporal server', () => real.stop());
    temporalAddress = real.address;
    uiUrl ??= real.uiUrl;
    logger.info({ address: real.address, reused: !real.owned, log: real.logFile }, 'Temporal server ready');
  }
  if (!temporalAddress) {
    const cliPath = await resolveTemporalCli(base.TEMPORAL_CLI_PATH, (m) => logger.info(m));
    const dev = await startDevServer({
      cliPath,
      port: base.TEMPORAL_PORT,
      uiPort: base.TEMPORAL_UI_PORT,
      dbFile: path.join(dataDir, 'temporal', 'temporal.sqlite'),
      namespace: base.TEMPORAL_NAMESPACE,
    });
    shutdown.add('Temporal dev server', () => dev.stop());
    temporalAddress = dev.address;
    uiUrl ??= dev.uiUrl;
    logger.info(
      { address: dev.address, reused: !dev.owned, cli: TEMPORAL_CLI_VERSION },
      'Temporal dev server ready',
    );
  }

  let apiUrl = `http://${base.HOST}:${base.PORT}`;
  // Every location's webhooks go to the workspace holding it (looked up once the database is up).
  const ghlTargets = workspaceWebhookTargets();
  if (!base.GHL_API_BASE_URL) {
    const keyFile = path.join(dataDir, 'ghl-sandbox', 'webhook-signing-key.pem');
    mkdirSync(path.dirname(keyFile), { recursive: true });
    if (!existsSync(keyFile)) writeFileSync(keyFile, generateSigningKeyPair().privateKeyPem, { mode: 0o600 });
    const stateFile = path.join(dataDir, 'ghl-sandbox', 'state.json');
    const sandbox = await startGhlSandbox({
      port: base.GHL_SANDBOX_PORT,
      privateKeyPem: readFileSync(keyFile, 'utf8'),
      stateFile,
      // Seeded once: re-seeding on every start replaced the contacts and calendars added since
      // (`npm run demo` leads, chaos runs), so a restart on the same data lost them.
      locations: savedSandboxHasLocation(stateFile, DEMO.locationId) ? [] : [DEMO_SANDBOX_LOCATION],
      webhookTargetUrl: ghlTargets.target,
      logger: {
        info: (m) => logger.debug(`[ghl-sandbox] ${m}`),
        warn: (m) => logger.warn(`[ghl-sandbox] ${m}`),
      },
    });
    shutdown.add('GHL sandbox', () => sandbox.close());
    env.GHL_API_BASE_URL = sandbox.url;
    env.GHL_WEBHOOK_PUBLIC_KEY ??= sandbox.publicKeyPem;
    logger.info({ url: sandbox.url }, 'GHL sandbox started');
  }

  let calendlyToken: string | undefined;
  if (!base.CALENDLY_API_BASE_URL) {
    const calendly = await startCalendlySandbox({
      port: base.CALENDLY_SANDBOX_PORT,
      stateFile: path.join(dataDir, 'calendly-sandbox', 'state.json'),
    });
    shutdown.add('Calendly sandbox', () => calendly.close());
    env.CALENDLY_API_BASE_URL = calendly.url;
    calendlyToken = DEFAULT_CALENDLY_SANDBOX_TOKEN;
    logger.info({ url: calendly.url }, 'Calendly sandbox started');
  }
  let hubspotDemoToken: string | undefined;
  if (!base.HUBSPOT_API_BASE_URL) {
    // HubSpot Meetings is an availability source only: its sandbox serves meeting-link availability.
    // One demo meeting link (https://meetings.hubspot.com/demo/intro) to point a calendar link at.
    const hubspot = await startHubspotSandbox({
      port: base.HUBSPOT_SANDBOX_PORT,
      seed: [DEMO_HUBSPOT_MEETING_LINK],
    });
    shutdown.add('HubSpot sandbox', () => hubspot.close());
    env.HUBSPOT_API_BASE_URL = hubspot.url;
    hubspotDemoToken = DEFAULT_HUBSPOT_SANDBOX_TOKEN;
    logger.info({ url: hubspot.url }, 'HubSpot sandbox started');
  }
  // Providers call back here (Calendly webhook subscriptions); embedded mode is reachable locally.
  env.PUBLIC_BASE_URL ??= `http://${base.HOST}:${base.PORT}`;

  const config = loadConfig(env);
  const services = await buildServices(config, { temporalAddress, databaseUrl, logger });
  shutdown.add('services (Temporal client, database)', () => services.close());

  const { worker } = await createBookingWorker({
    config,
    address: temporalAddress,
    deps: services.activityDeps,
  });
  const workerRun = worker.run();
  shutdown.add('worker', () => stopWorker(worker, workerRun, temporalAddress));

  const server: Server = await new Promise((resolve) => {
    const s = services.app.listen(config.PORT, config.HOST, () => resolve(s));
  });
  shutdown.add('HTTP server', () => closeHttpServer(server));
  apiUrl = config.PUBLIC_BASE_URL ?? `http://${config.HOST}:${config.PORT}`;
  ghlTargets.attach(services.db, apiUrl);

  const demo = await seedDemoWorkspace(services.db, services.apiDeps.secrets);
  const demoCalendly = calendlyToken
    ? await seedDemoCalendlyWorkspace(
        { db: services.db, secrets: services.apiDeps.secrets, config },
        calendlyToken,
      )
    : undefined;

  const lines = [
    '',
    'booking-orchestrator is up',
    `  API            ${apiUrl}   (GET /readyz)`,
    `  Temporal UI    ${uiUrl ?? '(external cluster)'}`,
    `  Temporal       ${temporalAddress} namespace=${config.TEMPORAL_NAMESPACE} taskQueue=${config.TEMPORAL_TASK_QUEUE}`,
    `  GHL            ${config.GHL_API_BASE_URL}`,
    `  Calendly       ${config.CALENDLY_API_BASE_URL}`,
    `  HubSpot        ${config.HUBSPOT_API_BASE_URL}${hubspotDemoToken ? `   (demo link https://meetings.hubspot.com/${DEMO_HUBSPOT_MEETING_LINK.slug}, token ${hubspotDemoToken})` : ''}`,
    `  Tokens         API_TOKEN / ADMIN_API_TOKEN in ${generated.file}`,
    `  Demo           clientId=${demo.clientId} leadId=${demo.leadId}   (npm run demo)`,
    ...(demoCalendly
      ? [`  Demo Calendly  clientId=${demoCalendly.clientId}   (npm run demo -- --provider calendly)`]
      : []),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Whether the GHL sandbox's saved state already holds the location (an unreadable file counts as no). */
function savedSandboxHasLocation(stateFile: string, locationId: string): boolean {
  if (!existsSync(stateFile)) return false;
  try {
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { locations?: { locationId?: string }[] };
    return saved.locations?.some((l) => l.locationId === locationId) ?? false;
  } catch {
    return false;
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
