import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Applies pending migrations by running src/db/migrate.mjs in its own Node process: the WASM schema
 * engine must be loaded with --experimental-wasm-modules, which we do not want on the service itself.
 */
export async function runMigrations(databaseUrl: string): Promise<string> {
  const script = path.resolve(__dirname, 'migrate.mjs');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--experimental-wasm-modules', '--no-warnings', script],
    { env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  return stdout.trim();
}
