import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config';

/** One Temporal connection config for API, worker and scripts (local dev server, cluster or Temporal Cloud). */
export function temporalConnectionOptions(config: AppConfig, address: string) {
  return {
    address,
    tls: config.TEMPORAL_TLS || config.TEMPORAL_API_KEY ? {} : undefined,
    apiKey: config.TEMPORAL_API_KEY,
  };
}

export async function connectTemporalClient(config: AppConfig, address: string): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(config, address));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}
