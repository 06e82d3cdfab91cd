import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSecretKey } from '../lib/secrets';

const GENERATED = ['API_TOKEN', 'ADMIN_API_TOKEN', 'SECRETS_ENCRYPTION_KEY'] as const;

/**
 * Embedded mode only: tokens and the encryption key that are not set in the environment are generated
 * once and kept in `<DATA_DIR>/secrets.env` (mode 600), so restarts keep working with the same data.
 * Returns the values to merge into the environment and the file's path (printed, never the values).
 */
export function loadOrCreateEmbeddedSecrets(
  dataDir: string,
  env: NodeJS.ProcessEnv,
): { values: Record<string, string>; file: string } {
  const file = path.resolve(dataDir, 'secrets.env');
  const stored: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m?.[1] && m[2] !== undefined) stored[m[1]] = m[2];
    }
  }
  let changed = false;
  for (const key of GENERATED) {
    if (env[key] || stored[key]) continue;
    stored[key] =
      key === 'SECRETS_ENCRYPTION_KEY' ? generateSecretKey() : randomBytes(24).toString('base64url');
    changed = true;
  }
  if (changed) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      `${Object.entries(stored)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
      { mode: 0o600 },
    );
  }
  const values: Record<string, string> = {};
  for (const key of GENERATED) if (!env[key] && stored[key]) values[key] = stored[key];
  return { values, file };
}
