import type { Client } from '@temporalio/client';
import type { ContactLookup } from '../booking/contactLookup';
import type { LeadWorkflows } from '../booking/leadWorkflows';
import type { WebhookDeliveryQueue } from '../booking/webhookDeliveryQueue';
import type { WebhookEventStore } from '../booking/webhookEventStore';
import type { WebhookDeliverer } from '../booking/webhookInbox';
import type { AppConfig } from '../config';
import type { Db } from '../db/prisma';
import type { SecretBox } from '../lib/secrets';
import type { Logger } from '../logger';
import type { ServiceMetrics } from '../observability/metrics';
import type { ProviderName } from '../providers/names';

export interface ApiDeps {
  config: AppConfig;
  db: Db;
  temporal: Client;
  workflows: LeadWorkflows;
  logger: Logger;
  secrets: SecretBox;
  /** Per provider: hands a stored webhook to its lead's workflow (src/booking/webhookDelivery.ts). */
  deliverers: Record<ProviderName, WebhookDeliverer>;
  /** Stores verified webhooks before their 2xx (a burst in one INSERT: src/booking/webhookEventStore.ts). */
  webhookEvents: WebhookEventStore;
  /** Where a stored webhook waits for its delivery once the provider has its 2xx. */
  webhookDeliveries: WebhookDeliveryQueue;
  metrics: ServiceMetrics;
  /** A workspace's contact from the provider that keeps contacts (an inbound message from a new contact). */
  contacts: ContactLookup;
}
