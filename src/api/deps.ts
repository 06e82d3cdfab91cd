import type { Client } from '@temporalio/client';
import type { LeadWorkflows } from '../booking/leadWorkflows';
import type { WebhookDeliverer } from '../booking/webhookInbox';
import type { AppConfig } from '../config';
import type { Db } from '../db/prisma';
import type { SecretBox } from '../lib/secrets';
import type { Logger } from '../logger';
import type { ServiceMetrics } from '../observability/metrics';

export interface ApiDeps {
  config: AppConfig;
  db: Db;
  temporal: Client;
  workflows: LeadWorkflows;
  logger: Logger;
  secrets: SecretBox;
  /** Public key GHL webhooks are verified with (GHL's published key, or the sandbox's in embedded mode). */
  ghlWebhookPublicKey: string;
  deliverers: Record<'ghl' | 'calendly', WebhookDeliverer>;
  metrics: ServiceMetrics;
}
