import type { ServiceApi } from '../chaos/api';
import type { ChaosLead } from '../chaos/leads';
import { groupUsage, sumUsage } from './procStats';
import { round } from './stats';
import { scrapeWorkers } from './workerMetrics';
import type { BenchLead } from './workspaces';

export interface WaitingResult {
  waitingLeads: number;
  offered: number;
  workers: number;
  /** The worker setting used for the workflow cache, or why none was set. */
  workflowCache: string;
  workerRssBeforeMiB: number;
  workerRssAfterMiB: number;
  workerRssPerWaitingLeadKiB: number;
  apiRssPerWaitingLeadKiB: number;
  stickyCacheSize: number;
  forcedEvictions: number;
  /** Reply latency (accept → booked answer) of the lead offered first (the least recently used) and last. */
  replyOldestLeadMs?: number;
  replyNewestLeadMs?: number;
  oldestLeadEvicted: boolean;
  errors: string[];
}

/**
 * N leads offered slots and left waiting for a reply: what each costs in worker (and API) memory, and
 * how fast the lead offered first (the first to leave the workflow cache) answers its reply.
 */
export async function measureWaitingLeads(
  api: ServiceApi,
  leads: BenchLead[],
  ctx: {
    workerPgids: number[];
    workerMetricsUrls: (string | undefined)[];
    apiPgid: number;
    workflowCache: string;
  },
): Promise<WaitingResult> {
  const asLead = (l: BenchLead) => l as unknown as ChaosLead;
  const errors: string[] = [];
  const before = sumUsage(ctx.workerPgids).rssBytes;
  const apiBefore = groupUsage(ctx.apiPgid).rssBytes;
  const metricsBefore = await scrapeWorkers(ctx.workerMetricsUrls);
  let offered = 0;
  const queue = [...leads];
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let lead = queue.shift(); lead; lead = queue.shift()) {
        const res = await api.offer(asLead(lead));
        if (res.status === 200 || res.status === 201) offered += 1;
        else if (errors.length < 5) errors.push(`offer answered ${res.status}`);
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 2_000));
  const after = sumUsage(ctx.workerPgids).rssBytes;
  const apiAfter = groupUsage(ctx.apiPgid).rssBytes;
  const metrics = await scrapeWorkers(ctx.workerMetricsUrls);
  const oldest = leads[0];
  const newest = leads[leads.length - 1];
  const timedReply = async (lead: BenchLead | undefined, text: string) => {
    if (!lead) return undefined;
    const started = Date.now();
    const res = await api.reply(asLead(lead), `bench-wait-${lead.leadId}`, text);
    if (res.status !== 200 || res.body?.result !== 'slot_accepted')
      errors.push(
        `reply of a waiting lead answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`,
      );
    return Date.now() - started;
  };
  const evictionsBefore = metrics.forcedEvictions;
  const replyOldestLeadMs = await timedReply(oldest, 'the first one works for me');
  const replyNewestLeadMs = await timedReply(newest, 'the second one works for me');
  const mib = (b: number) => round(b / 1024 / 1024, 1);
  const kib = (b: number) => round(b / 1024 / Math.max(offered, 1), 1);
  return {
    waitingLeads: leads.length,
    offered,
    workers: ctx.workerPgids.length,
    workflowCache: ctx.workflowCache,
    workerRssBeforeMiB: mib(before),
    workerRssAfterMiB: mib(after),
    workerRssPerWaitingLeadKiB: kib(after - before),
    apiRssPerWaitingLeadKiB: kib(apiAfter - apiBefore),
    stickyCacheSize: metrics.stickyCacheSize,
    forcedEvictions: metrics.forcedEvictions - metricsBefore.forcedEvictions,
    replyOldestLeadMs,
    replyNewestLeadMs,
    // Evicted when the cache holds fewer workflows than were offered (LRU: the first offered goes first).
    oldestLeadEvicted: evictionsBefore > metricsBefore.forcedEvictions || metrics.stickyCacheSize < offered,
    errors,
  };
}
