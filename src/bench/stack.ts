import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, ProcessGroup, tsxScript } from '../chaos/processes';
import { NOT_INHERITED as CHAOS_NOT_INHERITED } from '../chaos/service';
import { startEmbeddedPostgres } from '../db/embeddedPostgres';
import { runMigrations } from '../db/runMigrations';
import { generateSecretKey } from '../lib/secrets';
import { generateSigningKeyPair } from '../sandboxes/ghl';
import { resolveTemporalCli } from '../temporal/cli';
import { startDevServer } from '../temporal/devServer';
import { postgresTargetOf, startRealServer } from '../temporal/realServer';
import { resolveRealServerBinaries } from '../temporal/realServerBinaries';
import { freeServerPorts } from '../temporal/realServerConfig';
import type { BenchOptions } from './options';
import { findProcess } from './procStats';

/** Settings the bench must not inherit from the caller's shell: it runs on embedded defaults. */
const NOT_INHERITED = [...CHAOS_NOT_INHERITED, 'TEMPORAL_TASK_QUEUE', 'LOG_LEVEL'];

/** A started child process the bench measures (its process group). */
export interface Measured {
  name: string;
  group: ProcessGroup;
  /** The SDK's Prometheus exporter, for workers. */
  metricsUrl?: string;
  startupMs: number;
}

/**
 * What `npm start` runs, split into processes so each can be measured: PostgreSQL and the Temporal
 * engine — the dev server on a SQLite file (engine `dev`, as embedded) or the real server on that
 * PostgreSQL (engine `server`, as `TEMPORAL_ENGINE=server npm start`) —, the GHL sandbox, the API
 * (`src/main/api.ts`) and worker processes (`src/main/worker.ts`, as `npm run worker`), plus the
 * baseline workers.
 */
export class BenchStack {
  private readonly stops: (() => Promise<void>)[] = [];
  readonly workers: Measured[] = [];
  readonly baselineWorkers: Measured[] = [];
  api?: Measured;
  sandbox?: Measured;
  /** The Temporal server's pid, to read the engine's own CPU per lifecycle. */
  temporalPid?: number;
  /** PostgreSQL's postmaster, to read the database's CPU (its backends included) per lifecycle. */
  postgresPid?: number;
  databaseUrl = '';
  temporalAddress = '';
  apiUrl = '';
  ghlUrl = '';
  readonly apiToken = randomBytes(24).toString('base64url');
  readonly adminToken = randomBytes(24).toString('base64url');
  readonly secretsKey = generateSecretKey();
  readonly signingKeys = generateSigningKeyPair();
  private workerSeq = 0;

  constructor(
    readonly dataDir: string,
    readonly engine: BenchOptions['engine'],
    private readonly log: (line: string) => void,
  ) {}

  /** The caller's environment minus what the bench sets itself. */
  baseEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of NOT_INHERITED) delete env[key];
    return env;
  }

  async start(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    const pgPort = await freePort();
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(this.dataDir, 'postgres'),
      port: pgPort,
      database: 'booking',
    });
    this.stops.push(() => pg.stop());
    this.databaseUrl = pg.url;
    this.postgresPid = findProcess(['-D', path.join(this.dataDir, 'postgres'), '-p', String(pgPort)]);
    await runMigrations(pg.url);
    this.log(`PostgreSQL on ${pgPort}, migrated`);

    if (this.engine === 'server') await this.startRealServer(pg.url);
    else await this.startDevServer();

    const apiPort = await freePort();
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    const ghlPort = await freePort();
    this.ghlUrl = `http://127.0.0.1:${ghlPort}`;
    mkdirSync(path.join(this.dataDir, 'ghl-sandbox'), { recursive: true });
    writeFileSync(
      path.join(this.dataDir, 'ghl-sandbox', 'webhook-signing-key.pem'),
      this.signingKeys.privateKeyPem,
      { mode: 0o600 },
    );
    this.sandbox = await this.spawn(
      'ghl-sandbox',
      'src/bench/ghlSandbox.ts',
      { DATA_DIR: this.dataDir, GHL_SANDBOX_PORT: String(ghlPort), BENCH_API_URL: this.apiUrl },
      'bench GHL sandbox ready',
    );
    this.api = await this.spawn(
      'api',
      'src/main/api.ts',
      { ...this.serviceEnv(), PORT: String(apiPort), TEMPORAL_METRICS_PORT: '0' },
      'api ready',
    );
  }

  /** `temporal server start-dev` on a SQLite file, as `npm start` runs it. */
  private async startDevServer(): Promise<void> {
    const cliPath = await resolveTemporalCli(undefined, (m) => this.log(m));
    const dev = await startDevServer({
      cliPath,
      port: await freePort(),
      uiPort: await freePort(),
      dbFile: path.join(this.dataDir, 'temporal', 'temporal.sqlite'),
    });
    this.stops.push(() => dev.stop());
    this.temporalAddress = dev.address;
    this.temporalPid = findProcess(['start-dev', '--port', dev.address.split(':')[1] ?? '']);
    this.log(`Temporal dev server on ${dev.address}`);
  }

  /**
   * The real Temporal server (built once, cached) with its two databases in the bench's PostgreSQL
   * and SQL visibility, as `TEMPORAL_ENGINE=server npm start` runs it (4 history shards); no Web UI.
   */
  private async startRealServer(databaseUrl: string): Promise<void> {
    const binaries = resolveRealServerBinaries(
      {
        serverPath: process.env.TEMPORAL_SERVER_PATH,
        sqlToolPath: process.env.TEMPORAL_SQL_TOOL_PATH,
        uiServerPath: process.env.TEMPORAL_UI_SERVER_PATH,
      },
      (m) => this.log(m),
    );
    const server = await startRealServer({
      binaries,
      dataDir: path.join(this.dataDir, 'temporal-server'),
      postgres: postgresTargetOf(databaseUrl),
      ports: await freeServerPorts(),
      log: (m) => this.log(m),
    });
    this.stops.push(() => server.stop());
    this.temporalAddress = server.address;
    this.temporalPid = server.pid;
    this.log(`Temporal server (PostgreSQL persistence and visibility) on ${server.address}`);
  }

  /** The service's configuration, as `npm start` would hand it to its API and worker. */
  serviceEnv(): NodeJS.ProcessEnv {
    return {
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      API_TOKEN: this.apiToken,
      ADMIN_API_TOKEN: this.adminToken,
      SECRETS_ENCRYPTION_KEY: this.secretsKey,
      GHL_API_BASE_URL: this.ghlUrl,
      GHL_WEBHOOK_PUBLIC_KEY: this.signingKeys.publicKeyPem,
      PUBLIC_BASE_URL: this.apiUrl,
      HOST: '127.0.0.1',
    };
  }

  /** Service workers (`src/main/worker.ts`); `extraEnv` e.g. a workflow cache size. */
  async startWorkers(count: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    const started = await Promise.all(
      Array.from({ length: count }, async () => {
        const metricsPort = await freePort();
        const worker = await this.spawn(
          `worker-${++this.workerSeq}`,
          'src/main/worker.ts',
          {
            ...this.serviceEnv(),
            PORT: String(await freePort()),
            TEMPORAL_METRICS_PORT: String(metricsPort),
            ...extraEnv,
          },
          'worker ready',
        );
        return { ...worker, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
      }),
    );
    this.workers.push(...started);
  }

  async startBaselineWorkers(count: number, notifyUrl: string): Promise<void> {
    const started = await Promise.all(
      Array.from({ length: count }, async () => {
        const metricsPort = await freePort();
        const worker = await this.spawn(
          `baseline-worker-${++this.workerSeq}`,
          'src/bench/baseline/worker.ts',
          {
            TEMPORAL_ADDRESS: this.temporalAddress,
            TEMPORAL_METRICS_PORT: String(metricsPort),
            BENCH_NOTIFY_URL: notifyUrl,
          },
          'baseline worker ready',
        );
        return { ...worker, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
      }),
    );
    this.baselineWorkers.push(...started);
  }

  async stopWorkers(): Promise<void> {
    const all = [...this.workers.splice(0), ...this.baselineWorkers.splice(0)];
    await Promise.all(all.map((w) => w.group.stop()));
  }

  private async spawn(
    name: string,
    script: string,
    env: NodeJS.ProcessEnv,
    readyLine: string,
  ): Promise<Measured> {
    const group = new ProcessGroup(
      tsxScript(script),
      { ...this.baseEnv(), LOG_LEVEL: 'info', ...env },
      path.join(this.dataDir, `${name}.log`),
    );
    const started = Date.now();
    group.start();
    this.stops.push(() => group.stop());
    await group.waitForLine((line) => line.includes(readyLine), 240_000);
    return { name, group, startupMs: Date.now() - started };
  }

  async stop(): Promise<void> {
    for (const stop of this.stops.reverse()) await stop().catch(() => {});
  }
}
