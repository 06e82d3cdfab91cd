/**
 * What one lead lifecycle (offer → reply → booked → provider confirmation) costs in Temporal terms,
 * counted from a real lead's history; the baseline workflow mirrors these counts.
 */
export interface LifecycleShape {
  updates: number;
  localActivities: number;
  activities: number;
  childWorkflows: number;
  signals: number;
  /** Counted for the report only: the baseline does none (they are part of what the service adds). */
  searchAttributeUpserts: number;
  workflowTasks: number;
  historyEvents: number;
}

export const BASELINE_TASK_QUEUE = 'bench-baseline';
