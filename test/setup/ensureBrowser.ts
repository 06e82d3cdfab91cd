import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The Temporal UI test drives Debian's chromium (a test tool's own browser download cannot work on our
 * machines). On a fresh machine `npm test` installs it when it can (root + apt-get), so the README's
 * test command needs no manual step; otherwise the browser test fails saying what to install.
 */
export function ensureChromium(): string | undefined {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return undefined;
  console.log('[setup] installing chromium for the Temporal UI test (apt-get, once)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { env, stdio: 'ignore' });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { env, stdio: 'ignore' });
    r = spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { env, stdio: 'ignore' });
  }
  return existsSync(path) ? path : undefined;
}
