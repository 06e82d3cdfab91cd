import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { findOnPath, isExecutable, projectCacheDir } from './cli';

/**
 * Finds the real Temporal server's binaries (engine `server`): `temporal-server`, its SQL schema tool
 * `temporal-sql-tool` and the Web UI server `temporal-ui-server`, each in the order the CLI uses
 * (src/temporal/cli.ts): an explicit path, the name on PATH, our cached build, else `go install`
 * through the Go module proxy into the cache. Temporal publishes no offline installer for these, so
 * there is no download step. The PostgreSQL schema files come with the server's Go module and are
 * copied next to the cached binaries.
 */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
export const TEMPORAL_UI_SERVER_VERSION = '2.42.1';
const SERVER_MODULE = 'go.temporal.io/server';
const SERVER_PACKAGES = [
  `${SERVER_MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
  `${SERVER_MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
];
const UI_SERVER_PACKAGE = `github.com/temporalio/ui-server/v2/cmd/server@v${TEMPORAL_UI_SERVER_VERSION}`;

export interface RealServerBinaries {
  server: string;
  sqlTool: string;
  uiServer: string;
  /** `schema/postgresql/v12` of the server release: `temporal/versioned` and `visibility/versioned`. */
  schemaDir: string;
}

export interface ResolveRealServerOptions {
  serverPath?: string;
  sqlToolPath?: string;
  uiServerPath?: string;
  /** PATH to search (default `process.env.PATH`). */
  pathEnv?: string;
  /** Cache root (default `projectCacheDir()`). */
  cacheDir?: string;
  /** Runs `go install` of `packages` into `gobin`; returns whether it succeeded. */
  goInstall?: (gobin: string, packages: string[]) => boolean;
}

export function cachedServerDir(cacheDir = projectCacheDir()): string {
  return path.join(cacheDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

export function cachedUiServerDir(cacheDir = projectCacheDir()): string {
  return path.join(cacheDir, `temporal-ui-server-${TEMPORAL_UI_SERVER_VERSION}`);
}

export function resolveRealServerBinaries(
  opts: ResolveRealServerOptions = {},
  log: (msg: string) => void = console.log,
): RealServerBinaries {
  const pathEnv = opts.pathEnv ?? process.env.PATH ?? '';
  const serverDir = cachedServerDir(opts.cacheDir);
  const uiDir = cachedUiServerDir(opts.cacheDir);
  const install = opts.goInstall ?? goInstall;

  // go install names a binary after its package folder: cmd/server → server, cmd/tools/sql → sql.
  const find = (explicit: string | undefined, envName: string, onPathName: string, cached: string) => {
    if (explicit) {
      if (!isExecutable(explicit)) throw new Error(`${envName}=${explicit} is not an executable file`);
      return explicit;
    }
    return findOnPath(onPathName, pathEnv) ?? (isExecutable(cached) ? cached : undefined);
  };
  let server = find(
    opts.serverPath,
    'TEMPORAL_SERVER_PATH',
    'temporal-server',
    path.join(serverDir, 'server'),
  );
  let sqlTool = find(
    opts.sqlToolPath,
    'TEMPORAL_SQL_TOOL_PATH',
    'temporal-sql-tool',
    path.join(serverDir, 'sql'),
  );
  let uiServer = find(
    opts.uiServerPath,
    'TEMPORAL_UI_SERVER_PATH',
    'temporal-ui-server',
    path.join(uiDir, 'server'),
  );

  if (!server || !sqlTool) {
    log(
      `Building Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with go install into ${serverDir} (about a minute once the Temporal CLI is built)...`,
    );
    mkdirSync(serverDir, { recursive: true });
    if (!install(serverDir, SERVER_PACKAGES) || !isExecutable(path.join(serverDir, 'server'))) {
      throw new Error(
        `Could not build ${SERVER_PACKAGES.join(' and ')} (go install failed or Go ≥ 1.25 is missing). Build them yourself and set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH.`,
      );
    }
    server ??= path.join(serverDir, 'server');
    sqlTool ??= path.join(serverDir, 'sql');
  }
  if (!uiServer) {
    log(`Building the Temporal Web UI server ${TEMPORAL_UI_SERVER_VERSION} with go install into ${uiDir}...`);
    mkdirSync(uiDir, { recursive: true });
    if (!install(uiDir, [UI_SERVER_PACKAGE]) || !isExecutable(path.join(uiDir, 'server'))) {
      throw new Error(
        `Could not build ${UI_SERVER_PACKAGE} (go install failed or Go is missing). Build it yourself and set TEMPORAL_UI_SERVER_PATH.`,
      );
    }
    uiServer = path.join(uiDir, 'server');
  }
  return { server, sqlTool, uiServer, schemaDir: resolveSchemaDir(serverDir) };
}

/** The release's PostgreSQL schema, copied into the cache from the server's Go module (downloaded if needed). */
function resolveSchemaDir(serverDir: string): string {
  const cached = path.join(serverDir, 'schema', 'postgresql', 'v12');
  if (existsSync(path.join(cached, 'temporal', 'versioned'))) return cached;
  const r = spawnSync('go', ['mod', 'download', '-json', `${SERVER_MODULE}@v${TEMPORAL_SERVER_VERSION}`], {
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  const moduleDir = r.status === 0 ? (JSON.parse(r.stdout) as { Dir?: string }).Dir : undefined;
  const source = moduleDir && path.join(moduleDir, 'schema', 'postgresql', 'v12');
  if (!source || !existsSync(source)) {
    throw new Error(
      `Could not find Temporal ${TEMPORAL_SERVER_VERSION}'s PostgreSQL schema (go mod download ${SERVER_MODULE}@v${TEMPORAL_SERVER_VERSION} failed: ${r.stderr?.trim() || 'Go missing?'}). Copy schema/postgresql/v12 of the server release to ${cached}.`,
    );
  }
  mkdirSync(path.dirname(cached), { recursive: true });
  // The module cache is read-only; the copy must stay removable.
  cpSync(source, cached, { recursive: true, mode: 0 });
  spawnSync('chmod', ['-R', 'u+w', cached]);
  return cached;
}

function goInstall(gobin: string, packages: string[]): boolean {
  const r = spawnSync('go', ['install', ...packages], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return r.status === 0;
}
