import { join } from 'node:path';
import { loadConfig } from '../../config';
import { startCalendlySandbox } from './server';

/**
 * Standalone Calendly sandbox: `tsx src/sandboxes/calendly/main.ts`. Listens on
 * CALENDLY_SANDBOX_PORT and keeps its state in DATA_DIR so bookings survive restarts.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const sandbox = await startCalendlySandbox({
    port: config.CALENDLY_SANDBOX_PORT,
    host: config.HOST,
    stateFile: join(config.DATA_DIR, 'calendly-sandbox.json'),
  });
  console.log(`Calendly sandbox listening on ${sandbox.url} (control API under ${sandbox.url}/_sandbox)`);
  if (sandbox.defaultSeed) {
    const seed = sandbox.defaultSeed;
    // The token is not printed: it is the documented sandbox default, DEFAULT_CALENDLY_SANDBOX_TOKEN.
    console.log(
      `Seeded user ${seed.userUri} in ${seed.organizationUri}; event type ${seed.eventTypeUris[0] ?? '-'}`,
    );
  }
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
