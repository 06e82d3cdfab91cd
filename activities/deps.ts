import type { AppConfig } from '../src/config';
import type { Db } from '../src/db/prisma';
import type { SecretBox } from '../src/lib/secrets';
import type { Logger } from '../src/logger';
import type { ServiceMetrics } from '../src/observability/metrics';
import type { BookingProviderAdapter, ProviderName } from '../src/providers/types';

/** What activities need from the outside world; built once per worker by src/temporal/worker.ts. */
export interface ActivityDeps {
  config: AppConfig;
  db: Db;
  secrets: SecretBox;
  providers: Map<ProviderName, BookingProviderAdapter>;
  sendGhlMessage(input: {
    locationId: string;
    accessToken: string;
    contactId: string;
    message: string;
  }): Promise<void>;
  logger: Logger;
  metrics: ServiceMetrics;
}
