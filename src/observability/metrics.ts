import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorRequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { FailureType } from '../../workflows/failures';
import type { Logger } from '../logger';
import { workflowTaskFailureCounts } from './workflowTaskFailures';

/**
 * The service's own Prometheus metrics, in one prom-client Registry per `buildServices` call (so a test
 * process with several harnesses never double-registers). `GET /metrics` (src/api/routes/observability.ts)
 * renders this registry and appends the Temporal SDK's own metrics (src/observability/temporalRuntime.ts).
 * Names and labels are listed in docs/observability.md.
 */

export type BookingOutcome = 'booked' | 'already_booked' | 'slot_unavailable' | 'failed';
export type WebhookResult =
  | 'stored'
  | 'duplicate'
  | 'rejected_signature'
  | 'rejected_invalid'
  | 'ignored'
  | 'delivered'
  | 'delivery_failed';

export interface ServiceMetrics {
  registry: Registry;
  /** `booking_bookings_total{provider,outcome}`: one per `bookAcceptedSlot` attempt outcome. */
  bookings: Counter<'provider' | 'outcome'>;
  /** `booking_webhook_events_total{provider,result}`: what happened to each provider webhook request. */
  webhookEvents: Counter<'provider' | 'result'>;
  /** `booking_accept_to_booked_seconds{provider}`: lead's acceptance → booking recorded. */
  acceptToBooked: Histogram<'provider'>;
  /** `booking_inbound_messages_total{result}`: lead messages by what the workflow made of them. */
  inboundMessages: Counter<'result'>;
  /** The Temporal SDK's Prometheus endpoint, appended to `/metrics` when set. */
  temporalMetricsUrl?: string;
}

/**
 * `booking_workflow_task_failures_total{cause}`: workflow tasks this process's worker failed
 * (nondeterminism | workflow_error). Any increase means a workflow is stuck: alert on it. A counter
 * kept by the Temporal runtime's log hook, read at scrape time (it outlives any one registry).
 */
function workflowTaskFailuresMetric(registry: Registry): void {
  new Counter({
    name: 'booking_workflow_task_failures_total',
    help: 'Workflow tasks failed by this worker process (nondeterminism | workflow_error); the workflow cannot progress until fixed or reset (README runbook)',
    labelNames: ['cause'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [cause, n] of Object.entries(workflowTaskFailureCounts())) this.inc({ cause }, n);
    },
  });
}

export function createServiceMetrics(
  opts: { defaultMetrics?: boolean; temporalMetricsUrl?: string } = {},
): ServiceMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  workflowTaskFailuresMetric(registry);
  return {
    registry,
    bookings: new Counter({
      name: 'booking_bookings_total',
      help: 'Booking attempts of an accepted slot by provider and outcome (booked | already_booked | slot_unavailable | failed; failed counts each failed attempt, retried or not)',
      labelNames: ['provider', 'outcome'] as const,
      registers: [registry],
    }),
    webhookEvents: new Counter({
      name: 'booking_webhook_events_total',
      help: 'Provider webhook requests by provider and result (stored | duplicate | rejected_signature | rejected_invalid | ignored | delivered | delivery_failed)',
      labelNames: ['provider', 'result'] as const,
      registers: [registry],
    }),
    acceptToBooked: new Histogram({
      name: 'booking_accept_to_booked_seconds',
      help: "Seconds from the lead's acceptance of a slot to the booking being recorded",
      labelNames: ['provider'] as const,
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 1800, 3600, 14_400],
      registers: [registry],
    }),
    inboundMessages: new Counter({
      name: 'booking_inbound_messages_total',
      help: 'Lead messages handed to the booking workflow, by result (slot_accepted | counter_offered | declined | question | not_understood | no_active_offer | duplicate | ...)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    temporalMetricsUrl: opts.temporalMetricsUrl,
  };
}

/** The outcome label of a failed booking attempt. */
export function bookingFailureOutcome(err: unknown): BookingOutcome {
  return err instanceof ApplicationFailure && err.type === FailureType.SlotUnavailable
    ? 'slot_unavailable'
    : 'failed';
}

/** Observes accept → booked latency; nothing when the workflow did not say when the lead accepted. */
export function observeAcceptToBooked(
  metrics: ServiceMetrics,
  provider: string,
  acceptedAt: string | undefined,
  bookedAt: string,
): number | undefined {
  if (!acceptedAt) return undefined;
  const seconds = (Date.parse(bookedAt) - Date.parse(acceptedAt)) / 1000;
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  metrics.acceptToBooked.observe({ provider }, seconds);
  return seconds;
}

/**
 * Prometheus text: this registry, then the Temporal SDK's metrics fetched from its exporter. If that
 * fetch fails the SDK part is replaced by a comment line, so a scrape never fails because of it.
 */
export async function renderMetrics(
  metrics: ServiceMetrics,
  fetchTimeoutMs = 2_000,
): Promise<{ contentType: string; body: string }> {
  const own = await metrics.registry.metrics();
  let sdk = '';
  if (metrics.temporalMetricsUrl) {
    try {
      const res = await fetch(metrics.temporalMetricsUrl, { signal: AbortSignal.timeout(fetchTimeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      sdk = await res.text();
    } catch (err) {
      const why = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');
      sdk = `# Temporal SDK metrics unavailable from ${metrics.temporalMetricsUrl}: ${why}\n`;
    }
  } else {
    sdk = '# Temporal SDK metrics are disabled in this process (TEMPORAL_METRICS_PORT=0 or not installed)\n';
  }
  const body = `${own.endsWith('\n') ? own : `${own}\n`}${sdk.endsWith('\n') || !sdk ? sdk : `${sdk}\n`}`;
  return { contentType: metrics.registry.contentType, body };
}

/**
 * Counts a failed booking attempt (`slot_unavailable` or `failed`) and logs it; returns the error so
 * the caller can `throw bookingFailed(...)` unchanged.
 */
export function bookingFailed(metrics: ServiceMetrics, log: Logger, provider: string, err: unknown): unknown {
  const outcome = bookingFailureOutcome(err);
  metrics.bookings.inc({ provider, outcome });
  const failure = err instanceof ApplicationFailure ? err.type : undefined;
  log.warn(
    { provider, outcome, failure, reason: err instanceof Error ? err.message : String(err) },
    'booking attempt failed',
  );
  return err;
}

/**
 * Error middleware for a webhook router: counts the request it refused (401 → `rejected_signature`:
 * missing, forged or stale signature; other 4xx → `rejected_invalid`) and passes the error on unchanged.
 */
export function countWebhookRejections(metrics: ServiceMetrics, provider: string): ErrorRequestHandler {
  return (err, _req, _res, next) => {
    const status = (err as { status?: unknown } | undefined)?.status;
    if (status === 401) metrics.webhookEvents.inc({ provider, result: 'rejected_signature' });
    else if (typeof status === 'number' && status >= 400 && status < 500)
      metrics.webhookEvents.inc({ provider, result: 'rejected_invalid' });
    next(err);
  };
}

/** Counts what became of a stored event's first delivery (`undefined`: it failed and stays queued). */
export function countWebhookDelivery(
  metrics: ServiceMetrics,
  provider: string,
  outcome: { status: 'delivered' | 'ignored' } | undefined,
): void {
  const result: WebhookResult = outcome ? outcome.status : 'delivery_failed';
  metrics.webhookEvents.inc({ provider, result });
}

/**
 * A bare `GET /metrics` server for processes without the API (the worker): the same text as the API's
 * `/metrics`. Resolves once listening; `close()` stops it.
 */
export async function serveMetrics(
  metrics: ServiceMetrics,
  opts: { host: string; port: number },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    renderMetrics(metrics).then(
      ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(body),
      (err: Error) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${err.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
