/**
 * Workflow tasks this process's worker failed: a nondeterminism error (the code no longer replays the
 * history) or a bug thrown out of workflow code. Such a workflow cannot progress until someone acts, and
 * the workflow itself cannot say so (its own code is what fails), so the worker counts what the Temporal
 * Core SDK reports ("Failing workflow task", forwarded through the Runtime logger) and the count is
 * served as `booking_workflow_task_failures_total{cause}` (src/observability/metrics.ts).
 *
 * Process-wide, like the Temporal Runtime that feeds it.
 */
export type WorkflowTaskFailureCause = 'nondeterminism' | 'workflow_error';

const tally: Record<WorkflowTaskFailureCause, number> = { nondeterminism: 0, workflow_error: 0 };

/** Core's message when it fails a workflow task (not a query: "Failing legacy query request"). */
const FAILING_TASK = /^Failing workflow task\b/i;

/**
 * Reads one Core log entry; returns the cause when it reports a failed workflow task, else undefined.
 * The failure text is Core's `Failure { ... force_cause: NonDeterministicError }` debug rendering.
 */
export function noteCoreLog(
  message: string,
  meta: Record<string, unknown> = {},
): WorkflowTaskFailureCause | undefined {
  if (!FAILING_TASK.test(message)) return undefined;
  const failure = String(meta.failure ?? '');
  const cause: WorkflowTaskFailureCause = /NonDeterministic|Nondeterminism|TMPRL1100/i.test(failure)
    ? 'nondeterminism'
    : 'workflow_error';
  tally[cause] += 1;
  return cause;
}

export function workflowTaskFailureCounts(): Readonly<Record<WorkflowTaskFailureCause, number>> {
  return { ...tally };
}
