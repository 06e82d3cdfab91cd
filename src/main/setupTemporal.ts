/**
 * `npm run temporal:setup`: creates the namespace when it does not exist (a real cluster starts with
 * none; retention NAMESPACE_RETENTION) and registers our custom search attributes
 * (src/temporal/searchAttributes.ts) on it through the operator service. Idempotent: a namespace or
 * attributes that already exist with the right type count as done. Waits up to two minutes for the
 * cluster to come up (docker-compose starts it alongside).
 *
 * Temporal Cloud manages search attributes through its own control plane, not the operator service:
 * for a `*.tmprl.cloud` address this prints the equivalent `tcld` commands instead.
 * The embedded dev server (`npm start`, tests) registers them itself at start.
 */
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { msToTs } from '@temporalio/common/lib/time';
import { type AppConfig, ConfigError, loadConfig, requireConfig } from '../config';
import { temporalConnectionOptions } from '../temporal/connection';
import { SEARCH_ATTRIBUTES } from '../temporal/searchAttributes';

const GRPC_ALREADY_EXISTS = 6;
const GRPC_NOT_FOUND = 5;
/** How long closed workflows stay in history and visibility on a namespace this script creates. */
export const NAMESPACE_RETENTION = '7 days';
const WAIT_FOR_CLUSTER_MS = 120_000;

export function isTemporalCloudAddress(address: string): boolean {
  const host = address.replace(/:\d+$/, '').toLowerCase();
  return host.endsWith('.tmprl.cloud') || host.endsWith('.api.temporal.io') || host === 'api.temporal.io';
}

/** The `tcld` commands that register SEARCH_ATTRIBUTES on a Temporal Cloud namespace (`<ns>.<account>`). */
export function tcldCommands(namespace: string): string[] {
  const flags = Object.entries(SEARCH_ATTRIBUTES).map(
    ([name, type]) => `  --search-attribute "${name}=${type}"`,
  );
  return [
    'tcld login',
    `tcld namespace search-attributes add --namespace ${namespace} \\\n${flags.join(' \\\n')}`,
  ];
}

async function connectWithRetry(config: AppConfig, address: string, waitMs: number): Promise<Connection> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const connection = await Connection.connect({
        ...temporalConnectionOptions(config, address),
        connectTimeout: 5_000,
      });
      // Connecting is not enough: the frontend answers once the cluster's services are up.
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      if (attempt === 1 || attempt % 10 === 0) {
        console.log(`waiting for Temporal at ${address}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}

/** Creates the namespace unless it exists; returns whether it was created. */
export async function ensureNamespace(
  connection: Connection,
  namespace: string,
  retention: Parameters<typeof msToTs>[0] = NAMESPACE_RETENTION,
): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return false;
  } catch (err) {
    if (!(isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND)) throw err;
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(retention),
    });
    return true;
  } catch (err) {
    // Another setup run created it between our describe and register: that is success.
    if (isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS) return false;
    throw err;
  }
}

/** Adds what is missing; returns the names added. Throws if an attribute exists with another type. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const custom = existing.customAttributes ?? {};
  const wanted = Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => {
    const code = encodeSearchAttributeIndexedValueType(type.toUpperCase() as Uppercase<typeof type>);
    if (code === undefined) throw new Error(`unknown search attribute type ${type} for ${name}`);
    return { name, type, code };
  });
  const conflicts = wanted.filter((w) => custom[w.name] !== undefined && custom[w.name] !== w.code);
  if (conflicts.length > 0) {
    throw new Error(
      `search attributes exist with another type on namespace ${namespace}: ${conflicts.map((c) => `${c.name} (want ${c.type})`).join(', ')}`,
    );
  }
  const missing = wanted.filter((w) => custom[w.name] === undefined);
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((m) => [m.name, m.code])),
    });
  } catch (err) {
    // Another setup run may have added them between our list and add: that is success.
    if (!(isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS)) throw err;
  }
  return missing.map((m) => m.name);
}

async function main() {
  const config = requireConfig(loadConfig(), ['TEMPORAL_ADDRESS'], 'temporal:setup');
  const namespace = config.TEMPORAL_NAMESPACE;
  if (isTemporalCloudAddress(config.TEMPORAL_ADDRESS)) {
    console.log(
      [
        `${config.TEMPORAL_ADDRESS} is Temporal Cloud: search attributes are added through Cloud's control plane`,
        '(tcld, the Cloud UI or the Cloud Ops API), not the operator service. Run once per namespace:',
        '',
        ...tcldCommands(namespace),
        '',
      ].join('\n'),
    );
    return;
  }
  const connection = await connectWithRetry(config, config.TEMPORAL_ADDRESS, WAIT_FOR_CLUSTER_MS);
  try {
    if (await ensureNamespace(connection, namespace))
      console.log(`created namespace ${namespace} (retention ${NAMESPACE_RETENTION})`);
    const added = await registerSearchAttributes(connection, namespace);
    console.log(
      added.length > 0
        ? `registered search attributes on ${namespace}: ${added.join(', ')}`
        : `search attributes already registered on ${namespace}`,
    );
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(
      err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : err,
    );
    process.exit(1);
  });
}
