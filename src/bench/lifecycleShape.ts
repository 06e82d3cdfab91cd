import type { Client } from '@temporalio/client';
import type { LifecycleShape } from './baseline/shape';

/** Counts what one booked lead's workflow did, from its recorded history (the baseline mirrors it). */
export async function shapeFromHistory(client: Client, workflowId: string): Promise<LifecycleShape> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const shape: LifecycleShape = {
    updates: 0,
    localActivities: 0,
    activities: 0,
    childWorkflows: 0,
    signals: 0,
    searchAttributeUpserts: 0,
    workflowTasks: 0,
    historyEvents: history.events?.length ?? 0,
  };
  for (const e of history.events ?? []) {
    if (e.workflowExecutionUpdateAcceptedEventAttributes) shape.updates += 1;
    if (e.markerRecordedEventAttributes?.markerName?.includes('local_activity')) shape.localActivities += 1;
    if (e.activityTaskScheduledEventAttributes) shape.activities += 1;
    if (e.startChildWorkflowExecutionInitiatedEventAttributes) shape.childWorkflows += 1;
    if (e.workflowExecutionSignaledEventAttributes) shape.signals += 1;
    if (e.upsertWorkflowSearchAttributesEventAttributes) shape.searchAttributeUpserts += 1;
    if (e.workflowTaskCompletedEventAttributes) shape.workflowTasks += 1;
  }
  return shape;
}
