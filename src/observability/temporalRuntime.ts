import type { LogLevel } from '@temporalio/common';
import { DefaultLogger, type LogEntry, Runtime } from '@temporalio/worker';
import type { Logger } from '../logger';
import { noteCoreLog } from './workflowTaskFailures';

/**
 * The Temporal SDK's process-wide Runtime, installed once per process (from src/main/services.ts,
 * before any worker or native connection exists): its logs — the worker's own, Core's (forwarded) and
 * those written through the workflow/activity context loggers — go to our pino logger, and its metrics
 * are served in Prometheus format on TEMPORAL_METRICS_PORT (`GET /metrics` appends them).
 */

export interface TemporalRuntimeStatus {
  /** `installed`: ours, with metrics if a port was given; `preexisting`: someone created it first. */
  state: 'installed' | 'installed_without_metrics' | 'preexisting';
  /** Where the SDK's Prometheus exporter answers, when it runs. */
  metricsUrl?: string;
  note?: string;
}

let status: TemporalRuntimeStatus | undefined;

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

function temporalLevel(pinoLevel: string): LogLevel {
  switch (pinoLevel) {
    case 'trace':
      return 'TRACE';
    case 'debug':
      return 'DEBUG';
    case 'info':
      return 'INFO';
    case 'warn':
      return 'WARN';
    default:
      return 'ERROR';
  }
}

/** A Temporal SDK logger writing each entry to pino, under `component: "temporal"`. */
export function pinoTemporalLogger(logger: Logger): DefaultLogger {
  const child = logger.child({ component: 'temporal' });
  return new DefaultLogger(temporalLevel(logger.level), (entry: LogEntry) => {
    // The workflow bundler's webpack report (dozens of lines) is for whoever debugs the bundle; its errors stay errors.
    const method = isBundlerReport(entry) ? 'debug' : (PINO_LEVEL[entry.level] ?? 'info');
    // The task token is an opaque server handle: long, and of no use to a reader.
    const { taskToken: _token, ...meta } = entry.meta ?? {};
    const taskFailure = noteCoreLog(entry.message, meta);
    if (taskFailure) {
      // A workflow that cannot progress: say so loudly, once per failed attempt (see the README runbook).
      child.error({ ...meta, cause: taskFailure, alert: 'workflow_task_failed' }, entry.message);
      return;
    }
    child[method](meta, entry.message);
  });
}

/** The webpack stats the SDK's workflow bundler logs at INFO once per worker start. */
export function isBundlerReport(entry: Pick<LogEntry, 'level' | 'message'>): boolean {
  return entry.level === 'INFO' && /^webpack \d+\.\d+\.\d+ compiled/m.test(entry.message);
}

/** Host the SDK exporter is reached at from this process (a wildcard bind is reached on loopback). */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '' || host === '::' || host === '[::]') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Installs the Runtime once per process; later calls return the first call's status. A port of 0
 * disables the SDK metrics exporter; a port already in use is logged and the Runtime is installed
 * without it (the service still starts). If something created the Runtime before (a worker built
 * before `buildServices`), it is left alone.
 */
export function installTemporalRuntime(opts: {
  logger: Logger;
  metricsHost: string;
  metricsPort: number;
}): TemporalRuntimeStatus {
  if (status) return status;
  if (Runtime._instance !== undefined) {
    status = {
      state: 'preexisting',
      note: 'the Temporal runtime was created before buildServices; its logs and metrics are not ours',
    };
    opts.logger.warn(status, 'Temporal runtime not installed');
    return status;
  }
  const logger = pinoTemporalLogger(opts.logger);
  const logging = { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } as const;
  if (opts.metricsPort > 0) {
    const bindAddress = `${opts.metricsHost}:${opts.metricsPort}`;
    try {
      Runtime.install({
        logger,
        telemetryOptions: { logging, metrics: { prometheus: { bindAddress } } },
      });
      status = {
        state: 'installed',
        metricsUrl: `http://${reachableHost(opts.metricsHost)}:${opts.metricsPort}/metrics`,
      };
      return status;
    } catch (err) {
      if (Runtime._instance !== undefined) throw err;
      opts.logger.warn(
        { bindAddress, err: err instanceof Error ? err.message : String(err) },
        'Temporal SDK metrics exporter could not start; continuing without SDK metrics',
      );
      status = { state: 'installed_without_metrics', note: `exporter failed on ${bindAddress}` };
    }
  }
  Runtime.install({ logger, telemetryOptions: { logging } });
  status ??= { state: 'installed_without_metrics', note: 'TEMPORAL_METRICS_PORT=0' };
  return status;
}

/** What `installTemporalRuntime` did in this process, if it ran. */
export function temporalRuntimeStatus(): TemporalRuntimeStatus | undefined {
  return status;
}
