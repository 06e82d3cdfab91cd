/** Figures from the SDK's Prometheus exporter of worker processes (summed over the processes). */
export interface WorkerMetricsSnapshot {
  /** Workflow task execution latency: sum (ms) and count. */
  taskExecMsSum: number;
  taskCount: number;
  /** Workflow task schedule-to-start latency: sum (ms) and count. */
  taskScheduleToStartMsSum: number;
  taskScheduleToStartCount: number;
  stickyCacheSize: number;
  forcedEvictions: number;
  cacheMisses: number;
}

const EMPTY: WorkerMetricsSnapshot = {
  taskExecMsSum: 0,
  taskCount: 0,
  taskScheduleToStartMsSum: 0,
  taskScheduleToStartCount: 0,
  stickyCacheSize: 0,
  forcedEvictions: 0,
  cacheMisses: 0,
};

/** Sum of every series of the metric (any labels); histogram units in seconds are turned into ms. */
function sum(text: string, pattern: RegExp): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m?.[1] || !pattern.test(m[1])) continue;
    const value = Number(m[3]);
    if (Number.isFinite(value)) total += /_seconds_sum$/.test(m[1]) ? value * 1000 : value;
  }
  return total;
}

export function parseWorkerMetrics(text: string): WorkerMetricsSnapshot {
  return {
    taskExecMsSum: sum(text, /^temporal_workflow_task_execution_latency(_seconds|_milliseconds)?_sum$/),
    taskCount: sum(text, /^temporal_workflow_task_execution_latency(_seconds|_milliseconds)?_count$/),
    taskScheduleToStartMsSum: sum(
      text,
      /^temporal_workflow_task_schedule_to_start_latency(_seconds|_milliseconds)?_sum$/,
    ),
    taskScheduleToStartCount: sum(
      text,
      /^temporal_workflow_task_schedule_to_start_latency(_seconds|_milliseconds)?_count$/,
    ),
    stickyCacheSize: sum(text, /^temporal_sticky_cache_size$/),
    forcedEvictions: sum(text, /^temporal_sticky_cache_total_forced_eviction(_total)?$/),
    cacheMisses: sum(text, /^temporal_sticky_cache_miss(_total)?$/),
  };
}

export async function scrapeWorkers(urls: (string | undefined)[]): Promise<WorkerMetricsSnapshot> {
  const total = { ...EMPTY };
  for (const url of urls) {
    if (!url) continue;
    const text = await fetch(url)
      .then((r) => r.text())
      .catch(() => '');
    const one = parseWorkerMetrics(text);
    for (const key of Object.keys(total) as (keyof WorkerMetricsSnapshot)[]) total[key] += one[key];
  }
  return total;
}

/** Mean workflow task execution and schedule-to-start between two snapshots, in ms. */
export function taskLatencyBetween(before: WorkerMetricsSnapshot, after: WorkerMetricsSnapshot) {
  const tasks = after.taskCount - before.taskCount;
  const starts = after.taskScheduleToStartCount - before.taskScheduleToStartCount;
  return {
    workflowTasks: tasks,
    meanTaskExecMs: tasks > 0 ? (after.taskExecMsSum - before.taskExecMsSum) / tasks : undefined,
    meanScheduleToStartMs:
      starts > 0 ? (after.taskScheduleToStartMsSum - before.taskScheduleToStartMsSum) / starts : undefined,
  };
}
