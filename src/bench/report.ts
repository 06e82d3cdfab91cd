import type { LifecycleShape } from './baseline/shape';
import type { LifecyclePhase } from './lifecycles';
import type { BenchOptions } from './options';
import type { StartupResult } from './startup';
import type { WaitingResult } from './waitingLeads';
import type { WebhookIntakeResult } from './webhookIntake';

export interface LifecycleComparison {
  workers: number;
  concurrency: number;
  /** service / baseline lifecycles per second (target ≥ 0.9). */
  rate: number | undefined;
  /** the same until 95% of the lifecycles were booked (without the stragglers). */
  rate95: number | undefined;
  /** service / baseline worker CPU per lifecycle (target ≤ 1.5). */
  workerCpu: number | undefined;
  /** service / baseline accept→booked p99 (target ≤ 1.3). */
  acceptToBookedP99: number | undefined;
}

export interface BenchReport {
  command: string;
  engine: BenchOptions['engine'];
  code: { commit?: string; dirty?: boolean };
  machine: { cores: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[]; node: string };
  /** The bench's own processes (started through the tsx CLI): spawn → ready line, RSS once ready. */
  processes: { name: string; startupMs: number; idleRssMiB: number }[];
  /** The production entry points under tsx and compiled: spawn → ready, idle RSS, node ÷ tsx. */
  startup: StartupResult;
  shape: LifecycleShape;
  phases: LifecyclePhase[];
  ratios: LifecycleComparison[];
  waiting?: WaitingResult;
  webhooks: WebhookIntakeResult[];
  /** valid signed / 404 rate (target ≥ 0.5); rejected kinds / 404 rate (target ≥ 0.9). */
  webhookRatios: Record<string, number | undefined>;
  allLifecyclesCompleted: boolean;
  durationSeconds: number;
}

function table(headers: string[], rows: (string | number | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === undefined ? '-' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function renderTables(r: BenchReport): string {
  const out: string[] = [];
  out.push(`code: ${r.code.commit ?? 'unknown'}${r.code.dirty ? ' + uncommitted changes' : ''}`);
  out.push(
    `engine: ${r.engine === 'server' ? 'real Temporal server on PostgreSQL (SQL visibility, 4 history shards)' : 'Temporal dev server (SQLite)'}`,
  );
  out.push(
    `machine: ${r.machine.cores} cores, load average ${r.machine.loadAverageAtStart.join(' ')} at start, ` +
      `${r.machine.loadAverageAtEnd.join(' ')} at end; node ${r.machine.node}`,
  );
  const s = r.shape;
  out.push(
    `lifecycle shape (from a booked lead's history): ${s.updates} updates, ${s.localActivities} local activities, ` +
      `${s.activities} activities, ${s.childWorkflows} child workflows, ${s.signals} signals; the service also does ` +
      `${s.searchAttributeUpserts} search-attribute upserts, ${s.workflowTasks} workflow tasks, ${s.historyEvents} history events`,
  );
  out.push('');
  out.push(
    table(
      [
        'side',
        'workers',
        'conc',
        'done',
        'confirmed',
        'per s',
        'per s 95%',
        'a→b p50',
        'p95',
        'p99 ms',
        'worker cpu ms',
        'api cpu ms',
        'sandbox cpu ms',
        'temporal cpu ms',
        'postgres cpu ms',
        'wf tasks',
        'task ms',
        'sched→start ms',
      ],
      r.phases.map((p) => [
        p.side,
        p.workers,
        p.concurrency,
        `${p.completed}/${p.lifecycles}`,
        p.confirmed,
        p.perSecond,
        p.perSecond95,
        p.acceptToBookedMs.p50,
        p.acceptToBookedMs.p95,
        p.acceptToBookedMs.p99,
        p.workerCpuMsPerLifecycle,
        p.apiCpuMsPerLifecycle,
        p.sandboxCpuMsPerLifecycle,
        p.temporalCpuMsPerLifecycle,
        p.postgresCpuMsPerLifecycle,
        p.workflowTasksPerLifecycle,
        p.meanWorkflowTaskMs,
        p.meanScheduleToStartMs,
      ]),
    ),
  );
  out.push('');
  out.push(
    table(
      [
        'workers',
        'conc',
        'rate ratio (≥0.9)',
        'rate to 95% ratio',
        'cpu ratio (≤1.5)',
        'a→b p99 ratio (≤1.3)',
      ],
      r.ratios.map((x) => [x.workers, x.concurrency, x.rate, x.rate95, x.workerCpu, x.acceptToBookedP99]),
    ),
  );
  if (r.waiting) {
    const w = r.waiting;
    out.push('');
    out.push(
      `waiting leads: ${w.offered}/${w.waitingLeads} offered and waiting; worker RSS ${w.workerRssBeforeMiB} → ` +
        `${w.workerRssAfterMiB} MiB = ${w.workerRssPerWaitingLeadKiB} KiB per waiting lead (API ` +
        `${w.apiRssPerWaitingLeadKiB} KiB); sticky cache ${w.stickyCacheSize}, forced evictions ${w.forcedEvictions}; ` +
        `workflow cache: ${w.workflowCache}`,
    );
    out.push(
      `reply latency: lead offered first ${w.replyOldestLeadMs} ms (evicted: ${w.oldestLeadEvicted}), ` +
        `lead offered last ${w.replyNewestLeadMs} ms`,
    );
  }
  out.push('');
  out.push(
    table(
      ['webhook', 'requests', 'per s', 'p50 ms', 'p99 ms', 'statuses'],
      r.webhooks.map((x) => [
        x.kind,
        x.requests,
        x.perSecond,
        x.latencyMs.p50,
        x.latencyMs.p99,
        Object.entries(x.statuses)
          .map(([k, v]) => `${k}×${v}`)
          .join(' '),
      ]),
    ),
  );
  out.push(
    `webhook rate vs 404 path: ${Object.entries(r.webhookRatios)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  out.push('');
  out.push(
    table(
      ['bench process (tsx CLI)', 'startup ms', 'idle RSS MiB'],
      r.processes.map((p) => [p.name, p.startupMs, p.idleRssMiB]),
    ),
  );
  out.push('');
  out.push(
    `production entry points, spawn → ready (api: /readyz 200; worker: polling), median of runs; build ${r.startup.buildSeconds} s`,
  );
  out.push(
    table(
      ['process', 'runtime', 'runs', 'startup ms', 'idle RSS MiB'],
      r.startup.figures.map((f) => [
        f.process,
        f.runtime === 'tsx' ? 'node --import tsx' : 'node dist/ (compiled)',
        f.runs,
        f.startupMs,
        f.idleRssMiB,
      ]),
    ),
  );
  out.push(
    `compiled ÷ tsx: ${r.startup.ratios.map((x) => `${x.process} start-up ${x.startup}, idle RSS ${x.idleRss}`).join('; ')}`,
  );
  return out.join('\n');
}
