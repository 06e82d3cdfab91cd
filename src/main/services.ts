import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import type { ActivityDeps } from '../../activities/deps';
import { createApp } from '../api/app';
import type { ApiDeps } from '../api/deps';
import { contactLookup } from '../booking/contactLookup';
import { LeadWorkflows } from '../booking/leadWorkflows';
import { providerDeliverer } from '../booking/webhookDelivery';
import { WebhookDeliveryQueue } from '../booking/webhookDeliveryQueue';
import { WebhookEventStore } from '../booking/webhookEventStore';
import { REDELIVERY_MIN_AGE_MS, startWebhookRedelivery } from '../booking/webhookInbox';
import { type AppConfig, temporalMetricsPort } from '../config';
import { createDb, type Db } from '../db/prisma';
import { createSecretBox } from '../lib/secrets';
import { createLogger, type Logger } from '../logger';
import { createServiceMetrics, type ServiceMetrics } from '../observability/metrics';
import { installTemporalRuntime } from '../observability/temporalRuntime';
import { createGhlMessenger } from '../providers/ghl/adapter';
import { createProviders, PROVIDER_NAMES, PROVIDERS, providerModules } from '../providers/registry';
import { connectTemporalClient } from '../temporal/connection';

export interface Services {
  config: AppConfig;
  db: Db;
  temporal: Client;
  workflows: LeadWorkflows;
  logger: Logger;
  metrics: ServiceMetrics;
  app: Express;
  apiDeps: ApiDeps;
  activityDeps: ActivityDeps;
  redelivery: ReturnType<typeof startWebhookRedelivery>;
  close(): Promise<void>;
}

/**
 * Wires the service from a resolved config: the same function serves `npm start`, the split
 * api/worker processes, the demo and the tests (which get real Postgres and a real Temporal server).
 */
export async function buildServices(
  config: AppConfig,
  opts: { temporalAddress: string; databaseUrl: string; logger?: Logger; taskQueue?: string },
): Promise<Services> {
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL });
  // Once per process, before any worker or native connection: SDK logs to pino, SDK metrics exporter.
  const runtime = installTemporalRuntime({
    logger,
    metricsHost: config.HOST,
    metricsPort: temporalMetricsPort(config),
  });
  const metrics = createServiceMetrics({ temporalMetricsUrl: runtime.metricsUrl });
  if (!config.SECRETS_ENCRYPTION_KEY) throw new Error('SECRETS_ENCRYPTION_KEY is required');
  const secrets = createSecretBox(config.SECRETS_ENCRYPTION_KEY);
  const db = createDb(opts.databaseUrl, {
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
  });
  const temporal = await connectTemporalClient(config, opts.temporalAddress);
  const workflows = new LeadWorkflows(temporal, config, opts.taskQueue);

  const providers = createProviders(config);
  const activityDeps: ActivityDeps = {
    config,
    db,
    secrets,
    providers,
    logger,
    metrics,
    ghlMessenger: createGhlMessenger(config),
  };
  // A message from a contact with no lead yet makes the lead from the provider's contact (GHL).
  const contacts = contactLookup(providerModules(), { db, secrets, config });
  const deliverers = Object.fromEntries(
    PROVIDER_NAMES.map((name) => [
      name,
      providerDeliverer(PROVIDERS[name], db, workflows, metrics, contacts),
    ]),
  ) as ApiDeps['deliverers'];
  // Deliveries after the 2xx; one that waited too long is the redelivery loop's (it takes older rows).
  const webhookDeliveries = new WebhookDeliveryQueue({ logger, maxWaitMs: REDELIVERY_MIN_AGE_MS - 1_000 });
  const apiDeps: ApiDeps = {
    config,
    db,
    webhookEvents: new WebhookEventStore(db),
    temporal,
    workflows,
    logger,
    secrets,
    deliverers,
    webhookDeliveries,
    metrics,
    contacts,
  };
  const redelivery = startWebhookRedelivery({
    db,
    deliverers,
    logger,
    maxAttempts: config.WEBHOOK_REDELIVERY_MAX_ATTEMPTS,
    registry: metrics.registry,
  });
  return {
    config,
    db,
    temporal,
    workflows,
    logger,
    metrics,
    app: createApp(apiDeps),
    apiDeps,
    activityDeps,
    redelivery,
    async close() {
      await webhookDeliveries.idle();
      await redelivery.stop();
      await temporal.connection.close();
      await db.$disconnect();
    },
  };
}
