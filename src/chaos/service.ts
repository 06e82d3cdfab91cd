import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { resolveTemporalCli } from '../temporal/cli';
import { type RunningDevServer, startDevServer } from '../temporal/devServer';
import { freePort, ProcessGroup, sleep, tsxScript } from './processes';

/** Settings a run on embedded defaults must not inherit from the caller's shell (chaos, bench). */
export const NOT_INHERITED = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_UI_URL',
  'GHL_API_BASE_URL',
  'GHL_WEBHOOK_PUBLIC_KEY',
  'CALENDLY_API_BASE_URL',
  'PUBLIC_BASE_URL',
  'API_TOKEN',
  'ADMIN_API_TOKEN',
  'SECRETS_ENCRYPTION_KEY',
  'NODE_ENV',
  'SUPABASE_URL',
  'SUPABASE_SERVICE_ROLE_KEY',
];

export interface ServicePorts {
  api: number;
  postgres: number;
  temporal: number;
  temporalUi: number;
  ghl: number;
  calendly: number;
  workerMetrics: number;
}

export interface ServiceInfo {
  apiUrl: string;
  ghlUrl: string;
  calendlyUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  apiToken: string;
  adminToken: string;
  ghlClientId: string;
  calendlyClientId: string;
}

/**
 * The service exactly as `npm start` runs it (src/main/embedded.ts: PostgreSQL, sandboxes, API and
 * worker in one process tree), on ports and a data directory fixed for the whole run so a restart after
 * SIGKILL finds the same data. The Temporal dev server (on the same SQLite file `npm start` would use)
 * runs beside it, held by this process, so the run can crash the Temporal server alone; `npm start`
 * finds it on its port and uses it, as it does with any server already running there. Plus, separately,
 * an extra `npm run worker` process polling the same task queue: the worker the run kills on its own.
 */
export class ChaosService {
  private readonly service: ProcessGroup;
  private worker?: ProcessGroup;
  private temporal?: RunningDevServer;
  private stopping = false;
  info?: ServiceInfo;

  private constructor(
    private readonly dataDir: string,
    readonly ports: ServicePorts,
  ) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of NOT_INHERITED) delete env[key];
    Object.assign(env, {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(ports.api),
      POSTGRES_PORT: String(ports.postgres),
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.temporalUi),
      GHL_SANDBOX_PORT: String(ports.ghl),
      CALENDLY_SANDBOX_PORT: String(ports.calendly),
      // Two processes of ours run side by side (and maybe other copies): no fixed SDK metrics port.
      TEMPORAL_METRICS_PORT: '0',
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
    });
    this.service = new ProcessGroup(
      tsxScript('src/main/embedded.ts'),
      env,
      path.join(dataDir, 'service.log'),
    );
  }

  static async create(dataDir: string): Promise<ChaosService> {
    mkdirSync(dataDir, { recursive: true });
    const ports: ServicePorts = {
      api: await freePort(),
      postgres: await freePort(),
      temporal: await freePort(),
      temporalUi: await freePort(),
      ghl: await freePort(),
      calendly: await freePort(),
      workerMetrics: await freePort(),
    };
    return new ChaosService(dataDir, ports);
  }

  /** Starts the Temporal dev server the embedded service will find on its port. */
  async startTemporal(): Promise<void> {
    const config = loadConfig({ ...process.env, DATA_DIR: this.dataDir });
    this.temporal = await startDevServer({
      cliPath: await resolveTemporalCli(config.TEMPORAL_CLI_PATH, () => {}),
      port: this.ports.temporal,
      uiPort: this.ports.temporalUi,
      dbFile: path.join(this.dataDir, 'temporal', 'temporal.sqlite'),
      namespace: config.TEMPORAL_NAMESPACE,
    });
  }

  /** The Temporal server alone dies (SIGKILL), stays down for `outageMs`, then restarts on its data. */
  async killAndRestartTemporal(outageMs: number): Promise<number> {
    const started = Date.now();
    await this.requireTemporal().kill('SIGKILL');
    await sleep(outageMs);
    await this.requireTemporal().restart();
    return Date.now() - started;
  }

  /** Starts the embedded service and waits for its "is up" banner and a 200 from /readyz. */
  async startService(timeoutMs = 180_000): Promise<ServiceInfo> {
    const lines: string[] = [];
    this.service.start();
    await this.service.waitForLine((line) => {
      lines.push(line);
      return line.includes('Demo Calendly');
    }, timeoutMs);
    const ghlClientId = /Demo\s+clientId=(\S+)/.exec(lines.join('\n'))?.[1];
    const calendlyClientId = /Demo Calendly\s+clientId=(\S+)/.exec(lines.join('\n'))?.[1];
    if (!ghlClientId || !calendlyClientId) throw new Error('the service banner names no demo workspaces');
    const secrets = readSecrets(path.join(this.dataDir, 'secrets.env'));
    const apiUrl = `http://127.0.0.1:${this.ports.api}`;
    this.info = {
      apiUrl,
      ghlUrl: `http://127.0.0.1:${this.ports.ghl}`,
      calendlyUrl: `http://127.0.0.1:${this.ports.calendly}`,
      databaseUrl: `postgresql://postgres:postgres@127.0.0.1:${this.ports.postgres}/booking`,
      temporalAddress: `127.0.0.1:${this.ports.temporal}`,
      apiToken: required(secrets, 'API_TOKEN'),
      adminToken: required(secrets, 'ADMIN_API_TOKEN'),
      ghlClientId,
      calendlyClientId,
    };
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${apiUrl}/readyz`).catch(() => undefined);
      if (ready?.ok) break;
      if (Date.now() > deadline) throw new Error(`${apiUrl}/readyz did not answer 200`);
      await sleep(250);
    }
    return this.info;
  }

  /**
   * The whole host dies at once: the service's process group and the Temporal server (kill -9), then
   * both start on the same data.
   */
  async killAndRestartService(): Promise<number> {
    const started = Date.now();
    await Promise.all([this.service.killHard(), this.requireTemporal().kill('SIGKILL')]);
    await this.requireTemporal().restart();
    await this.startService();
    return Date.now() - started;
  }

  /** Starts the extra worker process and restarts it whenever it exits unless we are stopping. */
  async startWorker(): Promise<void> {
    const info = this.requireInfo();
    const secrets = readSecrets(path.join(this.dataDir, 'secrets.env'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of NOT_INHERITED) delete env[key];
    Object.assign(env, {
      DATABASE_URL: info.databaseUrl,
      TEMPORAL_ADDRESS: info.temporalAddress,
      SECRETS_ENCRYPTION_KEY: required(secrets, 'SECRETS_ENCRYPTION_KEY'),
      GHL_API_BASE_URL: info.ghlUrl,
      CALENDLY_API_BASE_URL: info.calendlyUrl,
      HOST: '127.0.0.1',
      PORT: String(this.ports.workerMetrics),
      TEMPORAL_METRICS_PORT: '0',
      LOG_LEVEL: 'info',
    });
    this.worker = new ProcessGroup(
      tsxScript('src/main/worker.ts'),
      env,
      path.join(this.dataDir, 'worker.log'),
    );
    this.worker.start();
    await this.worker.waitForLine((line) => line.includes('worker ready'), 120_000);
  }

  /** SIGKILL of the extra worker mid-run, then a new one on the same data. */
  async killAndRestartWorker(): Promise<void> {
    await this.worker?.killHard();
    // A worker may also die on its own while the whole service is down: it is simply restarted.
    await this.startWorker();
  }

  /** Brings the extra worker back when it exited (e.g. it gave up while Temporal was down). */
  async ensureWorker(): Promise<boolean> {
    if (this.stopping || this.worker?.running) return false;
    await this.startWorker();
    return true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker?.stop();
    await this.service.stop(30_000);
    await this.temporal?.stop();
  }

  private requireTemporal(): RunningDevServer {
    if (!this.temporal) throw new Error('the Temporal server is not started');
    return this.temporal;
  }

  requireInfo(): ServiceInfo {
    if (!this.info) throw new Error('the service is not started');
    return this.info;
  }
}

function readSecrets(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) values[m[1]] = m[2];
  }
  return values;
}

function required(values: Record<string, string>, key: string): string {
  const value = values[key];
  if (!value) throw new Error(`${key} missing from the data directory's secrets.env`);
  return value;
}
