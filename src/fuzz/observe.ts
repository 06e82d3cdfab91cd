import type { Client } from '@temporalio/client';
import { leadBookingWorkflowId } from '../../workflows/messages';
import type { Db } from '../db/prisma';

/** Rows per table and the lead workflows' history lengths: taken before and after a fuzz run. */
export interface Observation {
  rows: Record<string, number>;
  /** workflowId → history length (0: no such workflow). */
  workflows: Record<string, number>;
  /** Workflows visibility lists per workspace of the run. */
  visibleWorkflows: number;
}

/**
 * Counts every table of the run's own database (so anything written anywhere is seen) and, for every
 * lead in it, whether its booking workflow exists and how long its history is (a signal, update or
 * start by rejected input would lengthen or create it). Visibility is asked too, per workspace.
 */
export async function observe(db: Db, temporal: Client, clientIds: string[]): Promise<Observation> {
  const tables = await db.$queryRaw<Array<{ name: string }>>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
    ORDER BY table_name`;
  const rows: Record<string, number> = {};
  for (const { name } of tables) {
    const [r] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
      `SELECT count(*) AS n FROM "${name.replace(/"/g, '')}"`,
    );
    rows[name] = Number(r?.n ?? 0);
  }
  const leads = await db.lead.findMany({ select: { id: true, clientId: true } });
  const workflows: Record<string, number> = {};
  for (const lead of leads) {
    const id = leadBookingWorkflowId(lead.clientId, lead.id);
    try {
      const d = await temporal.workflow.getHandle(id).describe();
      workflows[id] = d.historyLength;
    } catch {
      workflows[id] = 0;
    }
  }
  let visibleWorkflows = 0;
  for (const clientId of clientIds) {
    const { count } = await temporal.workflow.count(`WorkflowId STARTS_WITH "lead-booking:${clientId}:"`);
    visibleWorkflows += count;
  }
  return { rows, workflows, visibleWorkflows };
}

/** Rows written between two observations (sum of positive and negative changes per table). */
export function rowsChanged(before: Observation, after: Observation): number {
  const tables = new Set([...Object.keys(before.rows), ...Object.keys(after.rows)]);
  let n = 0;
  for (const t of tables) n += Math.abs((after.rows[t] ?? 0) - (before.rows[t] ?? 0));
  return n;
}

/** Workflows created, signalled or updated between two observations. */
export function workflowsChanged(before: Observation, after: Observation): number {
  const ids = new Set([...Object.keys(before.workflows), ...Object.keys(after.workflows)]);
  let n = 0;
  for (const id of ids) if ((after.workflows[id] ?? 0) !== (before.workflows[id] ?? 0)) n++;
  return n + Math.abs(after.visibleWorkflows - before.visibleWorkflows);
}
