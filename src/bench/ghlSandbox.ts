/**
 * The GHL sandbox in its own process for the bench (so its CPU is not the service's), configured like
 * the embedded one (state file saved on every change, signed webhooks to the API) but with one
 * webhook target per bench workspace: location `loc-<clientId>` posts to /api/webhooks/ghl/<clientId>.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startGhlSandbox } from '../sandboxes/ghl';

export const BENCH_LOCATION_PREFIX = 'loc-';

async function main() {
  const dataDir = process.env.DATA_DIR ?? '.';
  const apiUrl = process.env.BENCH_API_URL;
  const sandbox = await startGhlSandbox({
    port: Number(process.env.GHL_SANDBOX_PORT),
    host: '127.0.0.1',
    privateKeyPem: readFileSync(path.join(dataDir, 'ghl-sandbox', 'webhook-signing-key.pem'), 'utf8'),
    stateFile: path.join(dataDir, 'ghl-sandbox', 'state.json'),
    webhookTargetUrl: (locationId) =>
      apiUrl && locationId.startsWith(BENCH_LOCATION_PREFIX)
        ? `${apiUrl}/api/webhooks/ghl/${locationId.slice(BENCH_LOCATION_PREFIX.length)}`
        : undefined,
  });
  process.stdout.write(`bench GHL sandbox ready ${sandbox.url}\n`);
  const stop = () => void sandbox.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module)
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
