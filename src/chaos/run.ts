// Over 250 lines on purpose: the chaos run's phases (start, leads, faults, kills, verification) in the order
// they happen, so the run reads top to bottom.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import { ServiceApi } from './api';
import { FaultInjector, GHL_ERROR_RATE } from './faults';
import { type JourneyRecord, runJourney } from './journey';
import { type ChaosLead, createLeads, planLeads } from './leads';
import type { ChaosOptions } from './options';
import { sleep } from './processes';
import { Chance } from './random';
import { CalendlySandboxControl, GhlSandboxControl } from './sandboxes';
import { ChaosService } from './service';
import { type Verification, verifyLeads } from './verify';
import { duplicateAndReorder, redeliverConfirmation } from './webhooks';

/** The run's last stdout line: the verification's counts plus what the run did to the service. */
export interface ChaosSummary extends Omit<Verification, 'verdicts'> {
  leads: number;
  workerKills: number;
  workerRestartsAfterOutage: number;
  serviceKills: number;
  temporalKills: number;
  faultsInjected: number;
  ghlErrorRate: number;
  webhooksDuplicated: number;
  confirmationsRedelivered: number;
  doubleTexts: number;
  reofferRounds: number;
  seed: number;
  durationSeconds: number;
  ok: boolean;
}

type Log = (line: string) => void;

type KillTarget = 'worker' | 'service' | 'temporal';

/** When (in leads started) each kill happens: spread over the run, the three kinds interleaved. */
function killPlan(options: ChaosOptions): { at: number; what: KillTarget }[] {
  const plan: { at: number; what: KillTarget }[] = [];
  const spread = (count: number, offset: number, what: KillTarget) => {
    for (let k = 0; k < count; k++)
      plan.push({ at: Math.floor((options.leads * (k + offset)) / count), what });
  };
  spread(options.workerKills, 0.3, 'worker');
  spread(options.temporalKills, 0.45, 'temporal');
  spread(options.serviceKills, 0.6, 'service');
  return plan.sort((a, b) => a.at - b.at);
}

export async function runChaos(options: ChaosOptions, log: Log): Promise<ChaosSummary> {
  const started = Date.now();
  const chance = new Chance(options.seed);
  const service = await ChaosService.create(options.dataDir);
  const stopOnSignal = () => {
    void service.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    log(
      `data dir ${options.dataDir}; starting the Temporal dev server and the embedded service (npm start) ...`,
    );
    await service.startTemporal();
    const info = await service.startService();
    await service.startWorker();
    log(`service up at ${info.apiUrl}; extra worker polling`);
    const ghl = new GhlSandboxControl(info.ghlUrl);
    const calendly = new CalendlySandboxControl(info.calendlyUrl);
    const api = new ServiceApi(
      () => service.requireInfo().apiUrl,
      () => service.requireInfo().apiToken,
    );
    const leads = await createLeads(planLeads(options, chance), {
      apiUrl: info.apiUrl,
      apiToken: info.apiToken,
      ghlClientId: info.ghlClientId,
      calendlyClientId: info.calendlyClientId,
      ghl,
    });
    log(`${leads.length} leads created`);

    const faults = new FaultInjector(
      new Chance(options.seed + 1),
      () => ghl,
      () => calendly,
    );
    await faults.start(options.seed);

    const counters = {
      workerKills: 0,
      serviceKills: 0,
      temporalKills: 0,
      workerRestartsAfterOutage: 0,
      webhooksDuplicated: 0,
    };
    const kills = killPlan(options);
    let startedJourneys = 0;
    let killing: Promise<void> = Promise.resolve();
    const maybeKill = () => {
      while (kills.length > 0 && (kills[0]?.at ?? Number.POSITIVE_INFINITY) <= startedJourneys) {
        const kill = kills.shift() as { what: KillTarget };
        killing = killing.then(async () => {
          if (kill.what === 'worker') {
            log(`SIGKILL worker (after ${startedJourneys} leads started)`);
            await service.killAndRestartWorker();
            counters.workerKills += 1;
          } else if (kill.what === 'temporal') {
            log(`SIGKILL the Temporal server (after ${startedJourneys} leads started)`);
            const ms = await service.killAndRestartTemporal(options.temporalOutageMs);
            counters.temporalKills += 1;
            log(`Temporal server back after ${ms} ms`);
          } else {
            log(`SIGKILL the whole service (after ${startedJourneys} leads started)`);
            const ms = await service.killAndRestartService();
            counters.serviceKills += 1;
            await faults.applyBaseline(options.seed).catch(() => {});
            log(`service back after ${ms} ms`);
          }
        });
      }
    };
    let watching = true;
    const watchdog = (async () => {
      while (watching) {
        await sleep(2_000);
        await killing;
        if (await service.ensureWorker().catch(() => false)) counters.workerRestartsAfterOutage += 1;
      }
    })();

    const records: JourneyRecord[] = [];
    const queue = [...leads];
    const runOne = async (lead: ChaosLead) => {
      startedJourneys += 1;
      maybeKill();
      const record = await runJourney(lead, api).catch((err: Error) => ({
        lead,
        offered: false,
        noSlots: false,
        replies: [],
        accepted: false,
        doubleText: lead.script.startsWith('double_'),
        reofferRounds: 0,
        errors: [`journey failed: ${err.message}`],
      }));
      records.push(record);
      if (records.length % 20 === 0) log(`${records.length}/${leads.length} journeys done`);
      if (lead.webhookChaos && record.accepted) {
        counters.webhooksDuplicated += await webhookChaos(lead, api, ghl).catch((err: Error) => {
          record.errors.push(`webhook chaos failed: ${err.message}`);
          return 0;
        });
      }
    };
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        for (let lead = queue.shift(); lead; lead = queue.shift()) await runOne(lead);
        // Every lead has started: the bookings still in flight finish without new faults, or the
        // few of them left would take every fault meant for two hundred and the run would crawl.
        await faults.stop();
      }),
    );
    await killing;
    await faults.stop();
    watching = false;
    await watchdog;
    log('journeys done; letting bookings settle');

    const confirmationsRedelivered = await settle(records, api, ghl, log);
    const verification = await verifyLeads(records, {
      api,
      databaseUrl: info.databaseUrl,
      ghlAppointments: await ghl.appointments(),
      calendlyInvitees: await calendly.invitees(),
    });
    const summary = summarize(options, verification, records, counters, {
      faultsInjected: faults.injected,
      confirmationsRedelivered,
      durationSeconds: Math.round((Date.now() - started) / 1000),
    });
    writeFileSync(
      path.join(options.dataDir, 'chaos-report.json'),
      JSON.stringify({ summary, verdicts: verification.verdicts, records }, null, 2),
    );
    const statuses: Record<string, number> = {};
    for (const v of verification.verdicts) {
      const key = `${v.script}:${v.status ?? v.httpStatus}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    log(`final status by script: ${JSON.stringify(statuses)}`);
    for (const v of verification.verdicts.filter((x) => x.problems.length > 0).slice(0, 25))
      log(
        `lead ${v.leadId} (${v.provider}, ${v.script}, ${v.status ?? v.httpStatus}): ${v.problems.join('; ')}`,
      );
    return summary;
  } finally {
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
    await service.stop();
  }
}

/** Removes the run's data unless kept or needed to investigate a failed run. */
export function cleanUp(options: ChaosOptions, summary: ChaosSummary | undefined, log: Log): void {
  if (options.keepData || !summary?.ok) {
    log(`data kept in ${options.dataDir} (chaos-report.json, service.log, worker.log)`);
    return;
  }
  rmSync(options.dataDir, { recursive: true, force: true });
}

async function webhookChaos(lead: ChaosLead, api: ServiceApi, ghl: GhlSandboxControl): Promise<number> {
  const res = await api.booking(lead);
  const state = res.body as LeadBookingSnapshot;
  if (res.status !== 200 || state.status !== 'booked' || !state.booking) return 0;
  const appointment = (await ghl.appointments()).find((a) => a.id === state.booking?.bookingId);
  if (!appointment) return 0;
  return duplicateAndReorder(ghl, lead, appointment);
}

/**
 * Waits until no accepted lead is mid-booking and every booking is confirmed. GHL confirmations the
 * sandbox fired while the service was dead are redelivered (GHL retries a delivery that failed);
 * Calendly's sandbox retries its deliveries by itself.
 */
async function settle(
  records: JourneyRecord[],
  api: ServiceApi,
  ghl: GhlSandboxControl,
  log: Log,
): Promise<number> {
  const redelivered = new Set<string>();
  const deadline = Date.now() + 300_000;
  for (;;) {
    const pending: string[] = [];
    const appointments = await ghl.appointments();
    for (const record of records.filter((r) => r.accepted)) {
      const res = await api.booking(record.lead);
      if (res.status !== 200) continue;
      const state = res.body as LeadBookingSnapshot;
      if (state.status === 'booking' || state.status === 'offered') pending.push(record.lead.leadId);
      else if (state.status === 'booked' && state.booking && !state.booking.confirmed) {
        pending.push(record.lead.leadId);
        const appointment = appointments.find((a) => a.id === state.booking?.bookingId);
        if (record.lead.provider === 'ghl' && appointment && !redelivered.has(appointment.id)) {
          redelivered.add(appointment.id);
          await redeliverConfirmation(ghl, appointment);
        }
      }
    }
    if (pending.length === 0 || Date.now() > deadline) {
      if (pending.length > 0) log(`still settling after 5 minutes: ${pending.length} leads`);
      return redelivered.size;
    }
    await sleep(3_000);
  }
}

function summarize(
  options: ChaosOptions,
  v: Verification,
  records: JourneyRecord[],
  counters: {
    workerKills: number;
    serviceKills: number;
    temporalKills: number;
    workerRestartsAfterOutage: number;
    webhooksDuplicated: number;
  },
  extra: { faultsInjected: number; confirmationsRedelivered: number; durationSeconds: number },
): ChaosSummary {
  const ok =
    v.doubleBooked === 0 &&
    v.lostAcceptances === 0 &&
    v.unqueryable === 0 &&
    v.taskFailures === 0 &&
    v.stuckUnflagged === 0 &&
    v.unconfirmed === 0 &&
    v.providerMismatches === 0 &&
    v.databaseMismatches === 0 &&
    v.driverErrors === 0 &&
    records.length === options.leads &&
    v.booked > 0 &&
    counters.workerKills === options.workerKills &&
    counters.serviceKills === options.serviceKills &&
    counters.temporalKills === options.temporalKills;
  return {
    leads: records.length,
    accepted: v.accepted,
    booked: v.booked,
    declined: v.declined,
    flagged: v.flagged,
    noSlots: v.noSlots,
    doubleBooked: v.doubleBooked,
    lostAcceptances: v.lostAcceptances,
    unqueryable: v.unqueryable,
    taskFailures: v.taskFailures,
    stuckUnflagged: v.stuckUnflagged,
    unconfirmed: v.unconfirmed,
    providerMismatches: v.providerMismatches,
    databaseMismatches: v.databaseMismatches,
    driverErrors: v.driverErrors,
    workerKills: counters.workerKills,
    workerRestartsAfterOutage: counters.workerRestartsAfterOutage,
    serviceKills: counters.serviceKills,
    temporalKills: counters.temporalKills,
    faultsInjected: extra.faultsInjected,
    ghlErrorRate: GHL_ERROR_RATE,
    webhooksDuplicated: counters.webhooksDuplicated,
    confirmationsRedelivered: extra.confirmationsRedelivered,
    doubleTexts: records.filter((r) => r.doubleText).length,
    reofferRounds: records.reduce((n, r) => n + r.reofferRounds, 0),
    seed: options.seed,
    durationSeconds: extra.durationSeconds,
    ok,
  };
}
