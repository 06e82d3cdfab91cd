/**
 * `npm run bench -- [--quick] [--engine dev|server] [--concurrency 20,50] [--workers 1,2] [--lifecycles N]
 *  [--waiting N] [--webhook-seconds S] [--webhook-senders N] [--startup-runs N] [--data-dir D] [--keep-data]`
 *
 * One run on embedded defaults (PostgreSQL, the Temporal dev server on a SQLite file or, with
 * `--engine server`, the real Temporal server on that PostgreSQL, the GHL sandbox in its own process,
 * the API and `npm run worker` processes), measuring: start-up time and idle RSS of the API and worker
 * under tsx and compiled (`npm run build`); the engine baseline (a minimal
 * workflow of the same shape, its own worker and task queue); the service's offer → reply → booked
 * lifecycle through its HTTP API at each concurrency and worker count; accept→booked latency from the
 * workflows' own timestamps; worker CPU per lifecycle from /proc; RSS per waiting lead and the reply
 * latency of the lead offered first; webhook intake. Prints tables to stderr... and stdout, and, as the
 * LAST stdout line, one JSON object with every figure. Ratios are the results; absolute times vary.
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { CONFIG_KEYS, loadConfig } from '../config';
import { createDb } from '../db/prisma';
import { createSecretBox } from '../lib/secrets';
import type { LifecycleShape } from './baseline/shape';
import { shapeFromHistory } from './lifecycleShape';
import {
  BookedNotifier,
  baselineLifecycles,
  type LifecyclePhase,
  type PhaseContext,
  serviceApi,
  serviceLifecycles,
} from './lifecycles';
import { codeVersion, loadAverage } from './machine';
import { type BenchOptions, parseBenchOptions } from './options';
import { groupUsage } from './procStats';
import { type BenchReport, type LifecycleComparison, renderTables } from './report';
import { BenchStack, type Measured } from './stack';
import { measureStartup } from './startup';
import { ratio, round } from './stats';
import { measureWaitingLeads, type WaitingResult } from './waitingLeads';
import { measureWebhookIntake } from './webhookIntake';
import { createLifecycleLeads, createWorkspaceWithLeads } from './workspaces';

const log = (line: string) =>
  process.stderr.write(`${new Date().toISOString().slice(11, 19)}  bench: ${line}\n`);

async function runBench(options: BenchOptions, stack: BenchStack): Promise<BenchReport> {
  const started = Date.now();
  const loadAverageAtStart = loadAverage();
  log(
    `${os.cpus().length} cores, load average ${loadAverageAtStart.join(' ')}; engine ${options.engine}; data dir ${options.dataDir}`,
  );
  await stack.start();
  // Before any load: spawn → ready and idle RSS of the entry points, under tsx and compiled.
  const startup = await measureStartup({
    dataDir: options.dataDir,
    env: { ...stack.baseEnv(), ...stack.serviceEnv() },
    runs: options.startupRuns,
    log,
  });
  log(`startup ${JSON.stringify(startup)}`);
  const db = createDb(stack.databaseUrl);
  const secrets = createSecretBox(stack.secretsKey);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection });
  const notifier = new BookedNotifier();
  await notifier.start();
  const api = serviceApi(stack.apiUrl, stack.apiToken);
  const ctx = { db, secrets, ghlUrl: stack.ghlUrl, apiUrl: stack.apiUrl, apiToken: stack.apiToken };
  const processes: BenchReport['processes'] = [];
  const idle = (m: Measured) => ({
    name: m.name,
    startupMs: m.startupMs,
    idleRssMiB: round(groupUsage(m.group.pid ?? 0).rssBytes / 1024 / 1024, 1),
  });
  if (stack.api) processes.push(idle(stack.api));
  if (stack.sandbox) processes.push(idle(stack.sandbox));

  const phases: LifecyclePhase[] = [];
  const ratios: LifecycleComparison[] = [];
  let shape: LifecycleShape | undefined;
  let waiting: WaitingResult | undefined;
  // A worker cache setting, if the service has one by now (the SDK default otherwise).
  const cacheKnob = CONFIG_KEYS.find((k) => /WORKFLOW_CACHE/.test(k));
  try {
    for (const [round_, workers] of options.workers.entries()) {
      log(`starting ${workers} service worker(s) and ${workers} baseline worker(s)`);
      await stack.startWorkers(workers);
      await stack.startBaselineWorkers(workers, notifier.url);
      if (round_ === 0) {
        processes.push(idle(stack.workers[0] as Measured), idle(stack.baselineWorkers[0] as Measured));
      }
      const context = (concurrency: number, side: 'service' | 'baseline'): PhaseContext => {
        const measured = side === 'service' ? stack.workers : stack.baselineWorkers;
        return {
          workers,
          concurrency,
          workerPgids: measured.map((w) => w.group.pid ?? 0),
          workerMetricsUrls: measured.map((w) => w.metricsUrl),
          apiPgid: side === 'service' ? stack.api?.group.pid : undefined,
          sandboxPgid: side === 'service' ? stack.sandbox?.group.pid : undefined,
          temporalPid: stack.temporalPid,
          postgresPid: stack.postgresPid,
        };
      };

      // Warm-up: one real lifecycle, whose history gives the shape the baseline mirrors.
      const warmLeads = await createLifecycleLeads(ctx, `warm${round_}`, 2);
      const warm = await serviceLifecycles(context(1, 'service'), { api, db }, warmLeads);
      if (warm.completed === 0) throw new Error(`the warm-up lifecycle failed: ${warm.errors.join('; ')}`);
      if (!shape) {
        const lead = warmLeads[0] as (typeof warmLeads)[number];
        shape = await shapeFromHistory(client, `lead-booking:${lead.clientId}:${lead.leadId}`);
        log(`lifecycle shape: ${JSON.stringify(shape)}`);
      }
      await baselineLifecycles(context(1, 'baseline'), { client, notifier, shape }, `warm${round_}`, 2);

      for (const concurrency of options.concurrency) {
        const tag = `w${workers}c${concurrency}`;
        const leads = await createLifecycleLeads(ctx, tag, options.lifecycles);
        log(`${tag}: baseline, ${options.lifecycles} lifecycles at concurrency ${concurrency}`);
        const base = await baselineLifecycles(
          context(concurrency, 'baseline'),
          { client, notifier, shape },
          tag,
          options.lifecycles,
        );
        log(`${tag}: baseline ${base.perSecond}/s; service ...`);
        const service = await serviceLifecycles(context(concurrency, 'service'), { api, db }, leads);
        log(`${tag}: service ${service.perSecond}/s (${service.completed}/${service.lifecycles})`);
        phases.push(base, service);
        // Each phase's figures as soon as they exist: a run cut short still leaves them in the log.
        log(`phase ${JSON.stringify(base)}`);
        log(`phase ${JSON.stringify(service)}`);
        ratios.push({
          workers,
          concurrency,
          rate: ratio(service.perSecond, base.perSecond),
          rate95: ratio(service.perSecond95, base.perSecond95),
          workerCpu: ratio(service.workerCpuMsPerLifecycle, base.workerCpuMsPerLifecycle),
          acceptToBookedP99: ratio(service.acceptToBookedMs.p99, base.acceptToBookedMs.p99),
        });
      }

      if (round_ === 0) {
        let workflowCache = 'no workflow cache setting in src/config.ts: the SDK default';
        const cacheDefault = cacheKnob ? Number(loadConfig({})[cacheKnob]) : undefined;
        if (cacheKnob) workflowCache = `${cacheKnob}=${cacheDefault} (default)`;
        // The default cache holds every waiting lead: a smaller one, so the first lead is evicted.
        if (cacheKnob && cacheDefault !== undefined && cacheDefault >= options.waiting) {
          const size = Math.max(10, Math.floor(options.waiting / 4));
          workflowCache = `${cacheKnob}=${size} (the default ${cacheDefault} would hold every waiting lead)`;
          log(`restarting the service worker(s) with ${cacheKnob}=${size}`);
          const baseline = stack.baselineWorkers.splice(0);
          await Promise.all(baseline.map((w) => w.group.stop()));
          await stack.stopWorkers();
          await stack.startWorkers(1, { [cacheKnob]: String(size) });
        }
        const waitingLeads = await createWorkspaceWithLeads(ctx, `waiting${round_}`, options.waiting);
        log(`${options.waiting} waiting leads created; offering them slots`);
        waiting = await measureWaitingLeads(api, waitingLeads, {
          workerPgids: stack.workers.map((w) => w.group.pid ?? 0),
          workerMetricsUrls: stack.workers.map((w) => w.metricsUrl),
          apiPgid: stack.api?.group.pid ?? 0,
          workflowCache,
        });
        log(`waiting ${JSON.stringify(waiting)}`);
      }
      await stack.stopWorkers();
    }

    log(`webhook intake, ${options.webhookSenders} senders, ${options.webhookSeconds} s per kind`);
    const [hook] = await createWorkspaceWithLeads(ctx, 'webhooks', 1);
    const webhooks = await measureWebhookIntake({
      apiUrl: stack.apiUrl,
      clientId: hook?.clientId ?? '',
      locationId: `loc-${hook?.clientId}`,
      privateKeyPem: stack.signingKeys.privateKeyPem,
      seconds: options.webhookSeconds,
      senders: options.webhookSenders,
      maxRequests: options.quick ? 500 : Math.min(4000 * options.webhookSeconds, 20_000),
    });
    const floor = webhooks.find((w) => w.kind === 'notFoundPath')?.perSecond;
    const webhookRatios = Object.fromEntries(
      webhooks.filter((w) => w.kind !== 'notFoundPath').map((w) => [w.kind, ratio(w.perSecond, floor)]),
    );
    const measuredPhases = phases;
    return {
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      engine: options.engine,
      code: codeVersion(),
      machine: {
        cores: os.cpus().length,
        loadAverageAtStart,
        loadAverageAtEnd: loadAverage(),
        node: process.version,
      },
      processes,
      startup,
      shape: shape as LifecycleShape,
      phases: measuredPhases,
      ratios,
      waiting,
      webhooks,
      webhookRatios,
      allLifecyclesCompleted:
        measuredPhases.every((p) => p.completed === p.lifecycles) &&
        (waiting ? waiting.offered === waiting.waitingLeads && waiting.errors.length === 0 : true),
      durationSeconds: round((Date.now() - started) / 1000, 0),
    };
  } finally {
    await notifier.stop();
    await connection.close().catch(() => {});
    await db.$disconnect().catch(() => {});
  }
}

async function main() {
  const options = parseBenchOptions(process.argv.slice(2));
  const stack = new BenchStack(options.dataDir, options.engine, log);
  const stop = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let report: BenchReport;
  try {
    report = await runBench(options, stack);
  } finally {
    await stack.stop();
  }
  // Kept when the run failed: the process logs are there.
  if (!options.keepData) rmSync(options.dataDir, { recursive: true, force: true });
  process.stdout.write(`${renderTables(report)}\n`);
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}

main().catch((err) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
  process.stdout.write(
    `${JSON.stringify({ ok: false, error: String(err instanceof Error ? err.message : err) })}\n`,
  );
  process.exit(1);
});
