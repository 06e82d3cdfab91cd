import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Finds the `temporal` CLI (dev server + Web UI), in this order: TEMPORAL_CLI_PATH, `temporal` on PATH,
 * our cached copy, else installs it into the cache: first the official release archive (the same
 * download `@temporalio/testing`'s createLocal() does, from temporal.download), and only when that
 * fails (no internet) a build with `go install` through the Go module proxy.
 */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;

/** Time allowed for the download server to start answering: offline, we fall back to go quickly. */
export const DOWNLOAD_CONNECT_TIMEOUT_MS = 5_000;
/** Time allowed for the whole archive (~50 MB) once it started arriving. */
const DOWNLOAD_TOTAL_TIMEOUT_MS = 300_000;

/** The project's binary cache (`$XDG_CACHE_HOME` or `~/.cache`, then `booking-orchestrator`). */
export function projectCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'booking-orchestrator');
}

export function cachedCliDir(): string {
  return path.join(projectCacheDir(), `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

/** The official release archive of our pinned version for this machine (what the install script fetches). */
export function officialDownloadUrl(platform = process.platform, arch = process.arch): string {
  const p = platform === 'darwin' ? 'darwin' : platform === 'win32' ? 'windows' : 'linux';
  const a = arch === 'arm64' ? 'arm64' : 'amd64';
  return `https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=${p}&arch=${a}`;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in the folders of `pathEnv` (a PATH value). */
export function findOnPath(name: string, pathEnv: string): string | undefined {
  for (const dir of pathEnv.split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export interface ResolveCliOptions {
  /** Cache directory (default `cachedCliDir()`); the CLI ends up as `<cacheDir>/temporal`. */
  cacheDir?: string;
  /** PATH to search (default `process.env.PATH`). */
  pathEnv?: string;
  /** Release archive URL (default `officialDownloadUrl()`); `null` skips the download. */
  downloadUrl?: string | null;
  downloadConnectTimeoutMs?: number;
  /** Builds the CLI into `dir` (default: `go install`); returns whether it succeeded. */
  goInstall?: (dir: string, log: (msg: string) => void) => boolean;
}

export async function resolveTemporalCli(
  explicit?: string,
  log: (msg: string) => void = console.log,
  opts: ResolveCliOptions = {},
): Promise<string> {
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  const fromPath = findOnPath('temporal', opts.pathEnv ?? process.env.PATH ?? '');
  if (fromPath) return fromPath;
  const dir = opts.cacheDir ?? cachedCliDir();
  const cached = path.join(dir, 'temporal');
  if (isExecutable(cached)) return cached;
  mkdirSync(dir, { recursive: true });

  const url = opts.downloadUrl === undefined ? officialDownloadUrl() : opts.downloadUrl;
  if (url) {
    log(`Temporal CLI not found; downloading ${url} into ${dir}...`);
    try {
      await downloadCli(url, dir, opts.downloadConnectTimeoutMs ?? DOWNLOAD_CONNECT_TIMEOUT_MS);
      return cached;
    } catch (err) {
      log(`Temporal CLI download failed (${(err as Error).message}); building it with go instead.`);
    }
  }

  log(`Building ${MODULE} with go install into ${dir} (a few minutes, once)...`);
  const built = (opts.goInstall ?? goInstall)(dir, log);
  if (!built || !isExecutable(cached)) {
    throw new Error(
      'Could not download nor build the Temporal CLI (go install failed or Go is missing). Install it yourself and set TEMPORAL_CLI_PATH.',
    );
  }
  return cached;
}

/**
 * Fetches a release archive (.tar.gz), extracts its `temporal` binary, checks that it runs, and only
 * then moves it into `dir` (a broken or partial download never lands in the cache).
 */
async function downloadCli(url: string, dir: string, connectTimeoutMs: number): Promise<void> {
  const controller = new AbortController();
  const connectTimer = setTimeout(
    () => controller.abort(new Error(`no answer within ${connectTimeoutMs} ms`)),
    connectTimeoutMs,
  );
  const totalTimer = setTimeout(
    () => controller.abort(new Error(`download took over ${DOWNLOAD_TOTAL_TIMEOUT_MS} ms`)),
    DOWNLOAD_TOTAL_TIMEOUT_MS,
  );
  const work = mkdtempSync(path.join(dir, '.download-'));
  try {
    const res = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    clearTimeout(connectTimer);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const archive = Buffer.from(await res.arrayBuffer());
    if (archive[0] !== 0x1f || archive[1] !== 0x8b) throw new Error('the answer is not a .tar.gz archive');
    const archivePath = path.join(work, 'temporal.tar.gz');
    writeFileSync(archivePath, archive);
    const untar = spawnSync('tar', ['-xzf', archivePath, '-C', work], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.trim()}`);
    const binary = path.join(work, 'temporal');
    if (!existsSync(binary)) throw new Error('the archive has no `temporal` file');
    const version = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    if (version.status !== 0) throw new Error('the downloaded `temporal --version` did not run');
    renameSync(binary, path.join(dir, 'temporal'));
  } catch (err) {
    // A fetch abort carries our reason as `cause`; DNS/refused errors carry the system code there.
    const cause = (err as { cause?: { message?: string; code?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    throw new Error(detail ? `${(err as Error).message}: ${detail}` : (err as Error).message);
  } finally {
    clearTimeout(connectTimer);
    clearTimeout(totalTimer);
    rmSync(work, { recursive: true, force: true });
  }
}

function goInstall(dir: string): boolean {
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
  return r.status === 0 && existsSync(path.join(dir, 'temporal'));
}
