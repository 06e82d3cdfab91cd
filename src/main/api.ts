/**
 * Production API process (`npm run api`; the Docker image's default command). Unlike `npm start` it
 * starts nothing embedded: PostgreSQL and Temporal must be configured, migrations are applied by the
 * separate `migrate` job and workflows run in the separate worker process (src/main/worker.ts).
 * SIGTERM / SIGINT: stop accepting connections, let in-flight requests finish, close the services.
 */
import type { Server } from 'node:http';
import { type AppConfig, ConfigError, loadConfig, requireConfig } from '../config';
import { createLogger } from '../logger';
import { buildServices } from './services';

/** What the API process refuses to start without (there is no embedded fallback in production). */
export const API_REQUIRED_KEYS = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'API_TOKEN',
  'ADMIN_API_TOKEN',
  'SECRETS_ENCRYPTION_KEY',
] as const satisfies readonly (keyof AppConfig)[];

/** Milliseconds a graceful shutdown may take before the process exits anyway. */
export const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main() {
  const config = requireConfig(loadConfig(), API_REQUIRED_KEYS, 'api');
  const logger = createLogger({ level: config.LOG_LEVEL });
  const services = await buildServices(config, {
    temporalAddress: config.TEMPORAL_ADDRESS,
    databaseUrl: config.DATABASE_URL,
    logger,
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = services.app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  logger.info(
    {
      host: config.HOST,
      port: config.PORT,
      temporal: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
    },
    'api ready',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'graceful shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await services.close().catch((err) => logger.error({ err }, 'closing services failed'));
    logger.info('api stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(
      err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : err,
    );
    process.exit(1);
  });
}
