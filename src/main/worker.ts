/**
 * Production worker process (`npm run worker`): polls TEMPORAL_TASK_QUEUE and runs the lead booking
 * workflows and their activities. Needs PostgreSQL and Temporal configured (nothing embedded) and prints
 * one `worker ready` line once it polls. Compiled (`node dist/src/main/worker.js`, after `npm run build`)
 * it runs the workflow bundle made at build time; under tsx it bundles the workflow sources at start. Run as many as you like; Temporal spreads the work.
 * SIGTERM / SIGINT: stop polling, let running activities finish, then close connections and exit.
 */
import { ConfigError, loadConfig, requireConfig } from '../config';
import { createLogger } from '../logger';
import { serveMetrics } from '../observability/metrics';
import { createBookingWorker, prebuiltWorkflowBundle, WORKFLOWS_PATH } from '../temporal/worker';
import { SHUTDOWN_TIMEOUT_MS } from './api';
import { buildServices } from './services';

/** What the worker process refuses to start without. */
export const WORKER_REQUIRED_KEYS = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SECRETS_ENCRYPTION_KEY'] as const;

async function main() {
  const config = requireConfig(loadConfig(), WORKER_REQUIRED_KEYS, 'worker');
  const logger = createLogger({ level: config.LOG_LEVEL });
  const services = await buildServices(config, {
    temporalAddress: config.TEMPORAL_ADDRESS,
    databaseUrl: config.DATABASE_URL,
    logger,
  });
  // The webhook redelivery loop belongs to the API process; the worker only needs the activity deps.
  await services.redelivery.stop();

  const { worker, connection } = await createBookingWorker({
    config,
    address: config.TEMPORAL_ADDRESS,
    deps: services.activityDeps,
  });

  // The Temporal runtime also reacts to SIGINT/SIGTERM by shutting its workers down; this handler
  // covers the same signals explicitly and bounds how long draining may take.
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'graceful shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));

  // The worker has no API: it serves its own /metrics (bookings, latency, Temporal SDK) on HOST:PORT.
  const metricsServer = await serveMetrics(services.metrics, { host: config.HOST, port: config.PORT });
  const running = worker.run();
  // Which workflow code runs: the bundle `npm run build` made, or the sources bundled at this start.
  const workflowCode = prebuiltWorkflowBundle()?.codePath ?? `bundled at start from ${WORKFLOWS_PATH}`;
  const ready = { namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, workflowCode };
  if (logger.isLevelEnabled('info')) logger.info(ready, 'worker ready');
  else process.stdout.write('worker ready\n');

  let exitCode = 0;
  try {
    await running;
  } catch (err) {
    logger.error({ err }, 'worker failed');
    exitCode = 1;
  }
  await metricsServer.close().catch((err) => logger.error({ err }, 'closing metrics server failed'));
  await connection.close().catch((err) => logger.error({ err }, 'closing worker connection failed'));
  await services.close().catch((err) => logger.error({ err }, 'closing services failed'));
  logger.info('worker stopped');
  process.exit(exitCode);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(
      err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : err,
    );
    process.exit(1);
  });
}
