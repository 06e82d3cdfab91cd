import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Finds the `temporal` CLI (dev server + Web UI), in this order:
 * TEMPORAL_CLI_PATH, `temporal` on PATH, our cached build, else builds it with `go install`
 * (the SDK's own download and the official installers need the internet, which we do not have).
 */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;

export function cachedCliDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'booking-orchestrator', `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function resolveTemporalCli(explicit?: string, log: (msg: string) => void = console.log): string {
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  const fromPath = onPath();
  if (fromPath) return fromPath;
  const dir = cachedCliDir();
  const cached = path.join(dir, 'temporal');
  if (isExecutable(cached)) return cached;

  log(`Temporal CLI not found; building ${MODULE} with go install into ${dir} (a few minutes, once)...`);
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    'go',
    [
      'install',
      '-ldflags',
      `-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
      MODULE,
    ],
    {
      env: { ...process.env, GOBIN: dir, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (r.status !== 0 || !existsSync(cached)) {
    throw new Error(
      `Could not build the Temporal CLI (go install exited ${r.status}). Install it yourself and set TEMPORAL_CLI_PATH.`,
    );
  }
  return cached;
}
