/**
 * The baseline worker process (spawned by the bench like `npm run worker`, so its CPU and RSS can be
 * read from /proc): polls BASELINE_TASK_QUEUE on TEMPORAL_ADDRESS with SDK defaults, as the service's
 * worker does (src/temporal/worker.ts), and prints `baseline worker ready`.
 */
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createBaselineActivities } from './activities';
import { BASELINE_TASK_QUEUE } from './shape';

async function main() {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is required');
  const metricsPort = Number(process.env.TEMPORAL_METRICS_PORT ?? 0);
  if (metricsPort > 0)
    Runtime.install({
      telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${metricsPort}` } } },
    });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: BASELINE_TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    activities: createBaselineActivities(process.env.BENCH_NOTIFY_URL),
  });
  const running = worker.run();
  process.stdout.write('baseline worker ready\n');
  await running;
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
