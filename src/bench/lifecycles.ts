// Over 250 lines on purpose: the engine baseline and the service lifecycle are measured side by side here so
// both sides use the same clock, counters and percentile code.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { ServiceApi } from '../chaos/api';
import type { ChaosLead } from '../chaos/leads';
import type { Db } from '../db/prisma';
import { BASELINE_TASK_QUEUE, type LifecycleShape } from './baseline/shape';
import {
  type BaselineState,
  confirmSignal,
  offerUpdate,
  replyUpdate,
  stateQuery,
} from './baseline/workflows';
import { processUsage, sumUsage, treeCpuMs } from './procStats';
import { type Percentiles, percentiles, round } from './stats';
import { scrapeWorkers, taskLatencyBetween } from './workerMetrics';
import type { BenchLead } from './workspaces';

export interface LifecyclePhase {
  side: 'service' | 'baseline';
  workers: number;
  concurrency: number;
  lifecycles: number;
  completed: number;
  /** Bookings the provider confirmed (the signal arrived) by the end of the phase. */
  confirmed: number;
  seconds: number;
  perSecond: number;
  /**
   * Lifecycles per second until 95% of them were booked: the rate without the last few stragglers, which
   * on a loaded machine wait out a timeout (an activity attempt lost, a workflow task timed out) and alone
   * would set the phase's length.
   */
  perSecond95?: number;
  acceptToBookedMs: Percentiles;
  workerCpuMsPerLifecycle: number;
  apiCpuMsPerLifecycle?: number;
  /** The GHL sandbox process's CPU per lifecycle (the provider's share of the machine; service side only). */
  sandboxCpuMsPerLifecycle?: number;
  /** The Temporal server's CPU per lifecycle (the engine's share of the machine). */
  temporalCpuMsPerLifecycle?: number;
  /** PostgreSQL's CPU per lifecycle: the service's queries, and Temporal's persistence on engine `server`. */
  postgresCpuMsPerLifecycle?: number;
  workflowTasksPerLifecycle?: number;
  meanWorkflowTaskMs?: number;
  meanScheduleToStartMs?: number;
  errors: string[];
}

export interface PhaseContext {
  workers: number;
  concurrency: number;
  workerPgids: number[];
  workerMetricsUrls: (string | undefined)[];
  apiPgid?: number;
  sandboxPgid?: number;
  temporalPid?: number;
  postgresPid?: number;
}

const BOOKED_POLL_MS = 50;
const SETTLE_TIMEOUT_MS = 120_000;

/** Runs `count` items through `drive`, `concurrency` at a time (closed loop: next starts when one ends). */
async function closedLoop<T>(items: T[], concurrency: number, drive: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await drive(item);
    }),
  );
}

/** Measures CPU and SDK metrics around a phase and turns the drive's records into a phase result. */
async function measure(
  side: LifecyclePhase['side'],
  ctx: PhaseContext,
  lifecycles: number,
  run: () => Promise<{ bookedAt: number[]; errors: string[] }>,
  finalStates: () => Promise<{ acceptToBookedMs: number[]; confirmed: number }>,
): Promise<LifecyclePhase> {
  const metricsBefore = await scrapeWorkers(ctx.workerMetricsUrls);
  const cpuBefore = sumUsage(ctx.workerPgids).cpuMs;
  const apiBefore = ctx.apiPgid ? sumUsage([ctx.apiPgid]).cpuMs : 0;
  const sandboxBefore = ctx.sandboxPgid ? sumUsage([ctx.sandboxPgid]).cpuMs : 0;
  const temporalBefore = ctx.temporalPid ? processUsage(ctx.temporalPid).cpuMs : 0;
  const postgresBefore = ctx.postgresPid ? treeCpuMs(ctx.postgresPid) : 0;
  const started = Date.now();
  const { bookedAt, errors } = await run();
  const cpuAfter = sumUsage(ctx.workerPgids).cpuMs;
  const apiAfter = ctx.apiPgid ? sumUsage([ctx.apiPgid]).cpuMs : 0;
  const sandboxAfter = ctx.sandboxPgid ? sumUsage([ctx.sandboxPgid]).cpuMs : 0;
  const temporalAfter = ctx.temporalPid ? processUsage(ctx.temporalPid).cpuMs : 0;
  const postgresAfter = ctx.postgresPid ? treeCpuMs(ctx.postgresPid) : 0;
  const metricsAfter = await scrapeWorkers(ctx.workerMetricsUrls);
  const last = bookedAt.length > 0 ? Math.max(...bookedAt) : Date.now();
  const seconds = (last - started) / 1000;
  const completed = bookedAt.length;
  const first95 = Math.ceil(0.95 * lifecycles);
  const booked95 = [...bookedAt].sort((a, b) => a - b)[first95 - 1];
  const tasks = taskLatencyBetween(metricsBefore, metricsAfter);
  // Read after the measured window: these queries are workflow tasks too.
  const { acceptToBookedMs, confirmed } = await finalStates();
  return {
    side,
    workers: ctx.workers,
    concurrency: ctx.concurrency,
    lifecycles,
    completed,
    confirmed,
    seconds: round(seconds, 2),
    perSecond: round(completed / Math.max(seconds, 0.001), 2),
    perSecond95:
      booked95 === undefined ? undefined : round(first95 / Math.max((booked95 - started) / 1000, 0.001), 2),
    acceptToBookedMs: percentiles(acceptToBookedMs),
    workerCpuMsPerLifecycle: round((cpuAfter - cpuBefore) / Math.max(completed, 1), 1),
    apiCpuMsPerLifecycle: ctx.apiPgid ? round((apiAfter - apiBefore) / Math.max(completed, 1), 1) : undefined,
    sandboxCpuMsPerLifecycle: ctx.sandboxPgid
      ? round((sandboxAfter - sandboxBefore) / Math.max(completed, 1), 1)
      : undefined,
    temporalCpuMsPerLifecycle: ctx.temporalPid
      ? round((temporalAfter - temporalBefore) / Math.max(completed, 1), 1)
      : undefined,
    postgresCpuMsPerLifecycle: ctx.postgresPid
      ? round((postgresAfter - postgresBefore) / Math.max(completed, 1), 1)
      : undefined,
    workflowTasksPerLifecycle: completed > 0 ? round(tasks.workflowTasks / completed, 1) : undefined,
    meanWorkflowTaskMs: tasks.meanTaskExecMs === undefined ? undefined : round(tasks.meanTaskExecMs, 1),
    meanScheduleToStartMs:
      tasks.meanScheduleToStartMs === undefined ? undefined : round(tasks.meanScheduleToStartMs, 1),
    errors: errors.slice(0, 5),
  };
}

/** The service's API as the chaos command drives it (it reads only leadId and clientId of a lead). */
export function serviceApi(apiUrl: string, token: string): ServiceApi {
  return new ServiceApi(
    () => apiUrl,
    () => token,
  );
}
const asChaosLead = (lead: BenchLead) => lead as unknown as ChaosLead;

/**
 * Leads reach "booked" in the database (the record step writes `meeting-booked`): watched with one
 * query for all pending leads, so following them costs the worker nothing (a `bookingState` query per
 * lead would be a workflow query task each).
 */
class BookedWatcher {
  private readonly pending = new Map<string, (at: number) => void>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly db: Db) {}

  wait(leadId: string): Promise<number> {
    return new Promise((resolve) => {
      this.pending.set(leadId, resolve);
      this.timer ??= setTimeout(() => void this.poll(), BOOKED_POLL_MS);
    });
  }

  private async poll(): Promise<void> {
    const ids = [...this.pending.keys()];
    const rows = await this.db.lead
      .findMany({ where: { id: { in: ids }, status: 'meeting-booked' }, select: { id: true } })
      .catch(() => []);
    const now = Date.now();
    for (const { id } of rows) {
      this.pending.get(id)?.(now);
      this.pending.delete(id);
    }
    this.timer = this.pending.size > 0 ? setTimeout(() => void this.poll(), BOOKED_POLL_MS) : undefined;
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
  }
}

/** Offer → reply → booked through the service's HTTP API, then the provider's confirmation webhook. */
export async function serviceLifecycles(
  ctx: PhaseContext,
  deps: { api: ServiceApi; db: Db },
  leads: BenchLead[],
): Promise<LifecyclePhase> {
  const watcher = new BookedWatcher(deps.db);
  const phase = await measure(
    'service',
    ctx,
    leads.length,
    async () => {
      const bookedAt: number[] = [];
      const errors: string[] = [];
      await closedLoop(leads, ctx.concurrency, async (lead) => {
        const error = await driveServiceLead(deps.api, lead);
        if (error) {
          errors.push(error);
          return;
        }
        const at = await Promise.race([watcher.wait(lead.leadId), timeout(SETTLE_TIMEOUT_MS)]);
        if (at === undefined) errors.push(`lead ${lead.leadId} not booked within ${SETTLE_TIMEOUT_MS} ms`);
        else bookedAt.push(at);
      });
      watcher.stop();
      // The window ends once the provider's confirmation webhooks were handed to the workflows.
      await waitForConfirmations(
        deps.db,
        leads.map((l) => l.clientId),
        bookedAt.length,
      );
      return { bookedAt, errors };
    },
    () =>
      untilConfirmed(leads, async (lead) => {
        const res = await deps.api.booking(asChaosLead(lead));
        if (res.status !== 200) return undefined;
        return {
          acceptedAt: res.body.acceptedAt,
          bookedAt: res.body.booking?.bookedAt,
          confirmed: res.body.booking?.confirmed === true,
        };
      }),
  );
  return phase;
}

async function driveServiceLead(api: ServiceApi, lead: BenchLead): Promise<string | undefined> {
  const offer = await retry5xx(() => api.offer(asChaosLead(lead)));
  if (offer.status !== 201 && offer.status !== 200)
    return `offer ${lead.leadId} answered ${offer.status}: ${JSON.stringify(offer.body).slice(0, 200)}`;
  const reply = await retry5xx(() =>
    api.reply(asChaosLead(lead), `bench-${lead.leadId}-1`, 'the first one works for me'),
  );
  if (reply.status !== 200 || reply.body?.result !== 'slot_accepted')
    return `reply ${lead.leadId} answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 200)}`;
  return undefined;
}

async function retry5xx<T extends { status: number }>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await call();
    if (res.status < 500 || attempt >= 3) return res;
    await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
  }
}

/** The sandbox's AppointmentCreate webhooks, stored and signalled by the API, for these workspaces. */
async function waitForConfirmations(db: Db, clientIds: string[], expected: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const delivered = await db.webhookEventLog.count({
      where: { clientId: { in: clientIds }, status: 'delivered' },
    });
    if (delivered >= expected || Date.now() > deadline) return delivered;
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface FinalState {
  acceptedAt?: string;
  bookedAt?: string;
  confirmed: boolean;
}

/**
 * Each workflow's own accept and booked timestamps, read once it took the confirmation (a signal sent
 * just before may still be queued): re-read, for up to 15 s, the ones not confirmed yet.
 */
async function untilConfirmed<T>(
  items: T[],
  read: (item: T) => Promise<FinalState | undefined>,
): Promise<{ acceptToBookedMs: number[]; confirmed: number }> {
  const states = new Map<T, FinalState>();
  const deadline = Date.now() + 15_000;
  for (let left = items; left.length > 0 && Date.now() < deadline; ) {
    await closedLoop(left, 10, async (item) => {
      const state = await read(item);
      if (state) states.set(item, state);
    });
    left = items.filter((i) => states.get(i)?.bookedAt && !states.get(i)?.confirmed);
    if (left.length > 0) await new Promise((r) => setTimeout(r, 500));
  }
  const acceptToBookedMs: number[] = [];
  for (const s of states.values())
    if (s.acceptedAt && s.bookedAt) acceptToBookedMs.push(Date.parse(s.bookedAt) - Date.parse(s.acceptedAt));
  return { acceptToBookedMs, confirmed: [...states.values()].filter((s) => s.confirmed).length };
}

function timeout(ms: number): Promise<undefined> {
  return new Promise((r) => setTimeout(() => r(undefined), ms).unref());
}

/**
 * Receives the baseline's `booked` activity calls (the baseline's stand-in for the provider webhook the
 * real booking triggers): resolves the lead's waiter; the bench then sends the confirmation signals.
 */
export class BookedNotifier {
  private readonly waiters = new Map<string, (at: number) => void>();
  private readonly early = new Map<string, number>();
  private server?: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const at = Date.now();
        const waiter = this.waiters.get(body);
        if (waiter) {
          this.waiters.delete(body);
          waiter(at);
        } else this.early.set(body, at);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/booked`;
  }

  wait(workflowId: string): Promise<number> {
    const early = this.early.get(workflowId);
    if (early !== undefined) {
      this.early.delete(workflowId);
      return Promise.resolve(early);
    }
    return new Promise((resolve) => this.waiters.set(workflowId, resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(() => r(undefined)));
  }
}

/** The same lifecycle on the baseline workflow, driven straight through the Temporal client. */
export async function baselineLifecycles(
  ctx: PhaseContext,
  deps: { client: Client; notifier: BookedNotifier; shape: LifecycleShape },
  tag: string,
  count: number,
): Promise<LifecyclePhase> {
  const ids = Array.from({ length: count }, (_, i) => `bench-baseline:${tag}:${i}`);
  const { client, notifier, shape } = deps;
  return measure(
    'baseline',
    ctx,
    count,
    async () => {
      const bookedAt: number[] = [];
      const errors: string[] = [];
      const signals: Promise<unknown>[] = [];
      await closedLoop(ids, ctx.concurrency, async (workflowId) => {
        try {
          await client.workflow.executeUpdateWithStart(offerUpdate, {
            startWorkflowOperation: new WithStartWorkflowOperation('baselineLifecycle', {
              workflowId,
              taskQueue: BASELINE_TASK_QUEUE,
              args: [shape],
              workflowIdConflictPolicy: 'USE_EXISTING',
            }),
          });
          const handle = client.workflow.getHandle(workflowId);
          for (let i = 1; i < shape.updates; i++)
            await handle.executeUpdate(replyUpdate, { args: ['the first one works for me'] });
          const at = await Promise.race([notifier.wait(workflowId), timeout(SETTLE_TIMEOUT_MS)]);
          if (at === undefined) {
            errors.push(`${workflowId} not booked within ${SETTLE_TIMEOUT_MS} ms`);
            return;
          }
          bookedAt.push(at);
          // The provider's confirmation arrives from outside, after the booking (the real one: webhook).
          signals.push(
            (async () => {
              for (let i = 0; i < shape.signals; i++) await handle.signal(confirmSignal);
            })(),
          );
        } catch (err) {
          errors.push(`${workflowId}: ${(err as Error).message}`);
        }
      });
      // The window ends once the confirmation signals were handed to the workflows (as the service's).
      await Promise.allSettled(signals);
      return { bookedAt, errors };
    },
    () =>
      untilConfirmed(ids, async (id) => {
        const s: BaselineState | undefined = await client.workflow
          .getHandle(id)
          .query(stateQuery)
          .catch(() => undefined);
        return s && { acceptedAt: s.acceptedAt, bookedAt: s.bookedAt, confirmed: s.status === 'confirmed' };
      }),
  );
}
