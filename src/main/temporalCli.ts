/**
 * `npm run temporal -- <args>`: the `temporal` CLI that `npm start` uses (found or built by
 * src/temporal/cli.ts, so it works without `temporal` on PATH), pointed at the configured cluster.
 * The address and namespace come from the config (TEMPORAL_ADDRESS, else the embedded server on
 * TEMPORAL_PORT; TEMPORAL_NAMESPACE) through the CLI's own environment variables, so any `--address`
 * or `--namespace` typed on the command line still wins, and commands without those flags
 * (`--version`, `server start-dev`) run unchanged.
 */
import { spawn } from 'node:child_process';
import { type AppConfig, loadConfig } from '../config';
import { resolveTemporalCli } from '../temporal/cli';

/** The environment the CLI runs with: the caller's, plus the cluster this service is configured for. */
export function temporalCliEnv(config: AppConfig, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const cluster: NodeJS.ProcessEnv = {
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_PORT}`,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
  };
  if (config.TEMPORAL_TLS) cluster.TEMPORAL_TLS = 'true';
  return { ...env, ...cluster };
}

async function main() {
  const config = loadConfig();
  // Progress of a first-time download/build goes to stderr: stdout stays the CLI's (e.g. `-o json`).
  const cli = await resolveTemporalCli(config.TEMPORAL_CLI_PATH, (m) => process.stderr.write(`${m}\n`));
  const child = spawn(cli, process.argv.slice(2), {
    stdio: 'inherit',
    env: temporalCliEnv(config, process.env),
  });
  // Ctrl-C reaches the CLI directly (same process group); wait for it to finish rather than die first.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
