import type { AppConfig } from '../src/config';
import type { Db } from '../src/db/prisma';
import type { SecretBox } from '../src/lib/secrets';
import type { Logger } from '../src/logger';
import type { ServiceMetrics } from '../src/observability/metrics';
import type { GhlMessenger } from '../src/providers/ghl/adapter';
import type { BookingProviderAdapter, ProviderName } from '../src/providers/types';

/** What activities need from the outside world; built once per worker by src/temporal/worker.ts. */
export interface ActivityDeps {
  config: AppConfig;
  db: Db;
  secrets: SecretBox;
  providers: Map<ProviderName, BookingProviderAdapter>;
  /** Reminders go through GHL conversations whatever the booking provider. */
  ghlMessenger: GhlMessenger;
  logger: Logger;
  metrics: ServiceMetrics;
}
