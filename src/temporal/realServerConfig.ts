import net from 'node:net';
import { stringify } from 'yaml';

/**
 * The generated configuration of the real Temporal server (engine `server`): its static config
 * (`<root>/config/<env>.yaml`), its dynamic config and the Web UI server's config. Trimmed from the
 * release's `config/development-postgres12.yaml` (../shared/TEMPORAL-SERVER-RECIPE.md): persistence and
 * SQL visibility on PostgreSQL, the four services on the loopback interface, no metrics/pprof ports.
 */

export interface RealServerPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  frontendMembership: number;
  historyMembership: number;
  matchingMembership: number;
  workerMembership: number;
}

/**
 * Temporal's own port layout around a frontend port: gRPC 7233/7234/7235/7239, HTTP 7243,
 * membership 6933/6934/6935/6939 for the default 7233. `npm start` derives everything from TEMPORAL_PORT.
 */
export function standardPorts(frontend: number): RealServerPorts {
  return {
    frontend,
    frontendHttp: frontend + 10,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 6,
    frontendMembership: frontend - 300,
    historyMembership: frontend - 299,
    matchingMembership: frontend - 298,
    workerMembership: frontend - 294,
  };
}

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface ServerConfigInput {
  postgres: PostgresTarget;
  databases: { persistence: string; visibility: string };
  ports: RealServerPorts;
  dynamicConfigFile: string;
  numHistoryShards: number;
}

export function serverConfigYaml(c: ServerConfigInput): string {
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${c.postgres.host}:${c.postgres.port}`,
      connectProtocol: 'tcp',
      user: c.postgres.user,
      password: c.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number, httpPort?: number) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...(httpPort ? { httpPort } : {}) },
  });
  const p = c.ports;
  return stringify({
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'pg-default',
      visibilityStore: 'pg-visibility',
      numHistoryShards: c.numHistoryShards,
      datastores: {
        'pg-default': sql(c.databases.persistence, 20),
        'pg-visibility': sql(c.databases.visibility, 10),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: rpc(p.frontend, p.frontendMembership, p.frontendHttp),
      history: rpc(p.history, p.historyMembership),
      matching: rpc(p.matching, p.matchingMembership),
      worker: rpc(p.worker, p.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${p.frontend}`,
          httpAddress: `127.0.0.1:${p.frontendHttp}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: c.dynamicConfigFile, pollInterval: '10s' },
  });
}

/**
 * Dynamic config. The Update / Update-with-start (multi-operation) / eager-start switches are on by
 * default in 1.29 but are set explicitly: the service depends on them and older clusters had them off.
 * The rest mirrors what `temporal server start-dev` sets for a local machine (fresh search attributes on
 * read, higher visibility and persistence rate limits) so both engines behave alike under tests.
 */
export const DYNAMIC_CONFIG: Record<string, unknown> = {
  'frontend.enableUpdateWorkflowExecution': true,
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
  'frontend.enableExecuteMultiOperation': true,
  'system.enableEagerWorkflowStart': true,
  'limit.maxIDLength': 255,
  // Dev/test only: a new search attribute is usable at once instead of after the cache refresh.
  'system.forceSearchAttributesCacheRefreshOnRead': true,
  'frontend.persistenceMaxQPS': 10_000,
  'history.persistenceMaxQPS': 45_000,
  'frontend.namespaceRPS.visibility': 100,
  'history.hostLevelCacheMaxSize': 8096,
};

export function dynamicConfigYaml(values: Record<string, unknown> = DYNAMIC_CONFIG): string {
  return stringify(Object.fromEntries(Object.entries(values).map(([k, value]) => [k, [{ value }]])));
}

export function uiServerConfigYaml(opts: { frontend: string; port: number; namespace: string }): string {
  return stringify({
    temporalGrpcAddress: opts.frontend,
    host: '127.0.0.1',
    port: opts.port,
    enableUi: true,
    defaultNamespace: opts.namespace,
    showTemporalSystemNamespace: false,
    notifyOnNewVersion: false,
    refreshInterval: '1m',
    cors: { cookieInsecure: true, allowOrigins: [`http://127.0.0.1:${opts.port}`] },
  });
}

/**
 * Free ports for a real server: Temporal stores each host's RPC port in `cluster_membership.rpc_port`,
 * a SMALLINT, so ports above 32767 (where the OS hands out ephemeral ones) fail at start with
 * "value ... is out of range for type smallint". Picks random bindable ports in 10000–32767 instead.
 */
export async function freeServerPorts(): Promise<RealServerPorts> {
  const taken = new Set<number>();
  const pick = async (): Promise<number> => {
    for (;;) {
      const port = 10_000 + Math.floor(Math.random() * 22_767);
      if (taken.has(port) || !(await canBind(port))) continue;
      taken.add(port);
      return port;
    }
  };
  return {
    frontend: await pick(),
    frontendHttp: await pick(),
    history: await pick(),
    matching: await pick(),
    worker: await pick(),
    frontendMembership: await pick(),
    historyMembership: await pick(),
    matchingMembership: await pick(),
    workerMembership: await pick(),
  };
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
