import { Context } from '@temporalio/activity';
import type { Logger } from '../src/logger';
import type { ActivityDeps } from './deps';

/** Correlation fields an activity knows from its arguments. */
export interface ActivityLogFields {
  clientId?: string;
  leadId?: string;
  [key: string]: unknown;
}

/**
 * A child of the service logger carrying the Temporal correlation of the running activity
 * (`workflowId`, `runId`, `activityType`, `attempt`) plus the given `clientId` / `leadId`, so every
 * line an activity writes can be joined with its workflow in the Temporal UI. Outside an activity
 * (plain function calls in tests) only the given fields are added.
 */
export function activityLogger(deps: Pick<ActivityDeps, 'logger'>, fields: ActivityLogFields = {}): Logger {
  let info: Context['info'] | undefined;
  try {
    info = Context.current().info;
  } catch {
    info = undefined;
  }
  const bindings: Record<string, unknown> = {
    workflowId: info?.workflowExecution?.workflowId,
    runId: info?.workflowExecution?.runId,
    activityType: info?.activityType,
    attempt: info?.attempt,
    ...fields,
  };
  for (const key of Object.keys(bindings)) if (bindings[key] === undefined) delete bindings[key];
  return deps.logger.child(bindings);
}
