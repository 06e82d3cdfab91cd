import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postgresTargetOf, type RunningRealServer, startRealServer } from '../../src/temporal/realServer';
import { resolveRealServerBinaries } from '../../src/temporal/realServerBinaries';
import { freeServerPorts } from '../../src/temporal/realServerConfig';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import { bookingStateQuery } from '../../workflows/messages';
import { api } from '../support/api';
import { eventually, type Harness, type SeededWorkspace, startHarness } from '../support/harness';

/**
 * The Temporal server itself crashes (SIGKILL) in the middle of bookings and webhook deliveries and
 * comes back on the same data. This file runs its own real Temporal server (src/temporal/realServer.ts,
 * its databases in the test PostgreSQL) on either engine, so killing it never disturbs other files.
 * Senders behave like real ones: a request answered 5xx (or not answered) is sent again, same id.
 */
const LEADS = 6;
/** Leads that reply before the crash; the others reply while the server is down. */
const REPLY_BEFORE_CRASH = 4;
const OUTAGE_MS = 9_000;
/** Every non-2xx answer a sender got (0: no answer). */
const refused: number[] = [];

let dir: string;
let server: RunningRealServer | undefined;
let h: Harness;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'temporal-crash-'));
  const suffix = randomUUID().slice(0, 8);
  server = await startRealServer({
    binaries: resolveRealServerBinaries({
      serverPath: process.env.TEMPORAL_SERVER_PATH,
      sqlToolPath: process.env.TEMPORAL_SQL_TOOL_PATH,
      uiServerPath: process.env.TEMPORAL_UI_SERVER_PATH,
    }),
    dataDir: dir,
    postgres: postgresTargetOf(inject('databaseUrl')),
    databases: { persistence: `temporal_crash_${suffix}`, visibility: `temporal_crash_${suffix}_visibility` },
    ports: await freeServerPorts(),
  });
  h = await startHarness(
    {
      // During the outage requests answer 503 within a few seconds instead of the default deadlines.
      TEMPORAL_RPC_TIMEOUT_MS: '4000',
      // Shorter than the outage, so replies sent during it are answered 503 (and sent again).
      TEMPORAL_LONG_CALL_TIMEOUT_MS: '6000',
      BOOKING_CALL_TIMEOUT_SECONDS: '8',
    },
    { temporalAddress: server.address },
  );
}, 900_000); // the first run on a machine may build the server binaries (go install)

afterAll(async () => {
  await h?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends until a 2xx, like GHL or our inbound-message relay would; returns how many attempts it took. */
async function sendUntilAcknowledged(what: string, send: () => Promise<number>): Promise<number> {
  const deadline = Date.now() + 120_000;
  for (let attempt = 1; ; attempt++) {
    const status = await send().catch(() => 0); // 0: no answer (connection refused, timeout)
    if (status >= 200 && status < 300) return attempt;
    refused.push(status);
    if (status >= 400 && status < 500 && status !== 429) throw new Error(`${what} refused with ${status}`);
    if (Date.now() > deadline) throw new Error(`${what} never acknowledged (last ${status})`);
    await sleep(500);
  }
}

/** Even leads reply through our API, odd leads through a signed GHL InboundMessage webhook. */
function reply(ws: SeededWorkspace, i: number): { webhookId?: string; acknowledged: Promise<number> } {
  const messageId = `crash-msg-${i}-${randomUUID()}`;
  if (i % 2 === 0) {
    return {
      acknowledged: sendUntilAcknowledged(`reply of lead ${i}`, async () => {
        const res = await api(h).reply(ws.clientId, ws.leadId, '1', messageId);
        return res.status;
      }),
    };
  }
  return {
    webhookId: messageId,
    acknowledged: sendUntilAcknowledged(`InboundMessage webhook of lead ${i}`, () =>
      h.ghl.sendWebhook(ws.locationId, {
        type: 'InboundMessage',
        webhookId: messageId,
        messageId,
        contactId: ws.contactId,
        body: '1',
        messageType: 'SMS',
        direction: 'inbound',
      }),
    ),
  };
}

describe('the Temporal server killed with SIGKILL mid-bookings', () => {
  it('loses nothing and books nothing twice once it restarts on the same data', async () => {
    const leads: SeededWorkspace[] = [];
    for (let i = 0; i < LEADS; i++) leads.push(await h.seedWorkspace());
    const offeredSlot = new Map<string, string>();
    for (const ws of leads) {
      // 201 with the new offer; a retry after a slow first answer gets 200 with the same offer.
      const offer = await eventually(
        async () => {
          const res = await api(h).offer(ws.clientId, ws.leadId);
          return res.status === 201 || res.status === 200 ? res : undefined;
        },
        60_000,
        'an offer',
      );
      offeredSlot.set(ws.leadId, offer.body.offer.slots[0]);
    }
    const appointmentsAtGhl = () => leads.reduce((n, ws) => n + h.ghl.appointments(ws.locationId).length, 0);

    // Bookings in flight: GHL answers slowly, replies arrive one after another.
    h.ghl.setKnobs({ latencyMs: 1_200 });
    const sent = leads.slice(0, REPLY_BEFORE_CRASH).map((ws, i) => ({ i, ...reply(ws, i) }));
    await eventually(() => appointmentsAtGhl() >= 1, 60_000, 'a first appointment committed at GHL');
    await sleep(300);

    const pidBefore = server?.pid;
    await server?.kill('SIGKILL');
    const bookedAtCrash = appointmentsAtGhl();
    // The rest of the leads answer while Temporal is down: their senders see 503s and retry.
    sent.push(
      ...leads
        .slice(REPLY_BEFORE_CRASH)
        .map((ws, j) => ({ i: REPLY_BEFORE_CRASH + j, ...reply(ws, REPLY_BEFORE_CRASH + j) })),
    );
    await sleep(OUTAGE_MS);
    await server?.restart();
    expect(server?.pid).not.toBe(pidBefore);
    h.ghl.setKnobs({ latencyMs: 0 });

    const attempts = await Promise.all(sent.map((s) => s.acknowledged));
    expect(bookedAtCrash).toBeLessThan(LEADS); // the crash did land in the middle
    // Replies sent during the outage were answered 503 at first and sent again.
    expect(refused).toContain(503);
    expect(Math.max(...attempts)).toBeGreaterThan(1);

    // Every accepted lead booked exactly once, and the workflow, the database and GHL agree.
    let last: LeadBookingSnapshot | undefined;
    for (const [i, ws] of leads.entries()) {
      const state = await eventually(
        async () => {
          await h.services.redelivery.runOnce(); // stored webhooks go out again, as the service's loop does
          const s = await api(h).state(ws);
          last = s;
          return s?.status === 'booked' ? s : undefined;
        },
        120_000,
        `lead ${i} booked`,
      ).catch((err: Error) => {
        const seen = { status: last?.status, attention: last?.attention, timeline: last?.timeline.slice(-4) };
        throw new Error(`${err.message}; its last state: ${JSON.stringify(seen)}`);
      });
      const appointments = h.ghl.appointments(ws.locationId);
      expect(appointments, `lead ${i}: one appointment at GHL`).toHaveLength(1);
      expect(state.booking?.bookingId).toBe(appointments[0]?.id);
      expect(state.booking?.startTime).toBe(offeredSlot.get(ws.leadId));
      const lead = await h.services.db.lead.findUniqueOrThrow({ where: { id: ws.leadId } });
      expect(lead.ghlAppointmentId).toBe(appointments[0]?.id);
      expect(lead.bookedSlot?.toISOString()).toBe(offeredSlot.get(ws.leadId));
    }

    // Every acknowledged webhook was applied: ours (the replies) and the ones GHL sent about bookings.
    const clientIds = leads.map((ws) => ws.clientId);
    await eventually(
      async () => {
        await h.services.redelivery.runOnce();
        const pending = await h.services.db.webhookEventLog.count({
          where: { clientId: { in: clientIds }, status: { notIn: ['delivered', 'ignored'] } },
        });
        return pending === 0;
      },
      60_000,
      'every stored webhook delivered',
    );
    for (const s of sent.filter((x) => x.webhookId)) {
      const row = await h.services.db.webhookEventLog.findFirstOrThrow({ where: { eventKey: s.webhookId } });
      expect(row.status, `webhook ${s.webhookId}`).toBe('delivered');
    }

    // Every workflow is there and answers queries on the restarted server.
    for (const ws of leads) {
      const handle = h.services.temporal.workflow.getHandle(ws.workflowId);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect((await handle.query(bookingStateQuery)).status).toBe('booked');
    }
  }, 300_000);
});
