import type { Client } from '@temporalio/client';
import type { Db } from '../db/prisma';
import { type HostileCase, hostileCases } from './hostileRequests';
import { observe, rowsChanged, workflowsChanged } from './observe';
import { sendRaw } from './send';
import type { FuzzTarget } from './target';

export interface FuzzSummary {
  requests: number;
  byStatus: Record<string, number>;
  fiveXx: number;
  wronglyAccepted: number;
  rowsWritten: number;
  workflowsTouched: number;
  /** Requests that got no HTTP answer at all (counted as failures too). */
  noAnswer: number;
  seed: number;
  routes: number;
  byKind: Record<string, number>;
  /** A few of the requests that were not refused with a 4xx, to reproduce them. */
  failures: Array<{ kind: string; route: string; status: number; method: string; path: string }>;
}

export function fuzzPassed(s: FuzzSummary): boolean {
  return (
    s.fiveXx === 0 &&
    s.wronglyAccepted === 0 &&
    s.noAnswer === 0 &&
    s.rowsWritten === 0 &&
    s.workflowsTouched === 0
  );
}

/**
 * Sends `requests` generated hostile requests (src/fuzz/hostileRequests.ts) at the service, a few at a
 * time, and checks what must hold for every one: a 4xx answer (5xx = a bug, 2xx/3xx = wrongly
 * accepted), and, over the whole run, not one row written and not one workflow started, signalled or
 * updated (src/fuzz/observe.ts, before and after).
 */
export async function runFuzz(opts: {
  target: FuzzTarget;
  db: Db;
  temporal: Client;
  requests: number;
  seed: number;
  concurrency?: number;
  onProgress?: (done: number) => void;
}): Promise<FuzzSummary> {
  const cases = hostileCases(opts.target, opts.requests, opts.seed);
  const before = await observe(opts.db, opts.temporal, opts.target.clientIds);
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const failures: FuzzSummary['failures'] = [];
  let fiveXx = 0;
  let wronglyAccepted = 0;
  let noAnswer = 0;
  let next = 0;
  let done = 0;
  const one = async (c: HostileCase) => {
    const { status } = await sendRaw(opts.target.apiUrl, c.req);
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
    byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
    const refused = status >= 400 && status < 500;
    if (status === 0) noAnswer++;
    else if (status >= 500) fiveXx++;
    else if (!refused) wronglyAccepted++;
    if (!refused && failures.length < 20)
      failures.push({
        kind: c.kind,
        route: c.route,
        status,
        method: c.req.method,
        path: c.req.path.slice(0, 200),
      });
    done++;
    if (done % 500 === 0) opts.onProgress?.(done);
  };
  await Promise.all(
    Array.from({ length: opts.concurrency ?? 8 }, async () => {
      while (next < cases.length) await one(cases[next++] as HostileCase);
    }),
  );
  // Anything a request set off (a workflow task, a delivery) has had time to land before counting.
  await new Promise((r) => setTimeout(r, 1_500));
  const after = await observe(opts.db, opts.temporal, opts.target.clientIds);
  return {
    requests: cases.length,
    byStatus,
    fiveXx,
    wronglyAccepted,
    rowsWritten: rowsChanged(before, after),
    workflowsTouched: workflowsChanged(before, after),
    noAnswer,
    seed: opts.seed,
    routes: opts.target.routes.length,
    byKind,
    failures,
  };
}
