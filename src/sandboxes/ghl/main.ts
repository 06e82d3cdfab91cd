import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { generateSigningKeyPair, startGhlSandbox } from './server';

/**
 * Standalone GHL sandbox: `tsx src/sandboxes/ghl/main.ts`.
 *
 * Listens on GHL_SANDBOX_PORT (default 4010). State and the webhook signing key live under
 * DATA_DIR/ghl-sandbox so bookings and signatures survive restarts. Set GHL_SANDBOX_WEBHOOK_URL to
 * receive signed Appointment* webhooks. A demo location is always (up)seeded (its token is DEMO_TOKEN
 * below: a sandbox-only value, never a real credential).
 */
export const DEMO_LOCATION_ID = 'sandbox-location';
export const DEMO_TOKEN = 'sandbox-location-token';
export const DEMO_CALENDAR_ID = 'sandbox-calendar';

async function main(): Promise<void> {
  const config = loadConfig();
  const dir = join(config.DATA_DIR, 'ghl-sandbox');
  mkdirSync(dir, { recursive: true });
  const sandbox = await startGhlSandbox({
    port: config.GHL_SANDBOX_PORT,
    host: config.HOST,
    stateFile: join(dir, 'state.json'),
    privateKeyPem: persistentPrivateKey(join(dir, 'webhook-signing-key.pem')),
    webhookTargetUrl: process.env.GHL_SANDBOX_WEBHOOK_URL || undefined,
  });
  // Upserting keeps the demo location's bookings across restarts.
  sandbox.seedLocation({
    locationId: DEMO_LOCATION_ID,
    token: DEMO_TOKEN,
    calendars: [{ id: DEMO_CALENDAR_ID, timezone: 'America/New_York' }],
    contacts: [
      { id: 'sandbox-contact', name: 'Sandbox Lead', email: 'lead@example.test', phone: '+15555550100' },
    ],
  });
  console.info(`GHL sandbox listening on ${sandbox.url} (control API: ${sandbox.url}/_sandbox)`);
  console.info(
    `Webhook public key: ${join(dir, 'webhook-signing-key.pem')} (GET ${sandbox.url}/_sandbox/public-key)`,
  );

  const stop = () => {
    sandbox.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function persistentPrivateKey(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const { privateKeyPem } = generateSigningKeyPair();
  writeFileSync(file, privateKeyPem, { mode: 0o600 });
  return privateKeyPem;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
