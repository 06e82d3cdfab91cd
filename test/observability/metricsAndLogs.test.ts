import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { serveMetrics } from '../../src/observability/metrics';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import { api } from '../support/api';
import { ADMIN_API_TOKEN, API_TOKEN, eventually, type Harness, startHarness } from '../support/harness';
import { freePort } from '../support/ports';

/**
 * One real booking through the API, observed from the outside: the `/metrics` scrape (service counters
 * and the Temporal SDK's own metrics) and the JSON log lines the service wrote, captured in memory.
 * This file's process installs the Temporal runtime with this logger and its own metrics port.
 */

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    cb();
  },
});
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

let h: Harness;
beforeAll(async () => {
  h = await startHarness(
    { TEMPORAL_METRICS_PORT: String(await freePort()) },
    { logger: createLogger({ level: 'debug', destination: sink }) },
  );
});
afterAll(async () => {
  await h?.close();
});

async function scrape(): Promise<string> {
  const res = await api(h).http.get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return res.text;
}

/** Value of one sample, e.g. `booking_bookings_total{provider="ghl",outcome="booked"}`; 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const BOOKED = 'booking_bookings_total{provider="ghl",outcome="booked"}';
const LATENCY_COUNT = 'booking_accept_to_booked_seconds_count{provider="ghl"}';
const ACCEPTED = 'booking_inbound_messages_total{result="slot_accepted"}';
const WEBHOOK_STORED = 'booking_webhook_events_total{provider="ghl",result="stored"}';
const WEBHOOK_DELIVERED = 'booking_webhook_events_total{provider="ghl",result="delivered"}';
const WEBHOOK_FORGED = 'booking_webhook_events_total{provider="ghl",result="rejected_signature"}';

describe('observability of a real booking', () => {
  let ws: Awaited<ReturnType<Harness['seedWorkspace']>>;
  let before: string;

  it('books a lead through the API', async () => {
    before = await scrape();
    ws = await h.seedWorkspace();
    const offer = await api(h).offer(ws.clientId, ws.leadId);
    expect(offer.status).toBe(201);
    const slots: string[] = offer.body.offer.slots;
    const reply = await api(h).reply(ws.clientId, ws.leadId, 'the second one works for me');
    expect(reply.body).toMatchObject({ result: 'slot_accepted', slot: slots[1] });
    await eventually(
      async () => {
        const res = await api(h).booking(ws.clientId, ws.leadId);
        const state = res.body as LeadBookingSnapshot;
        return state.status === 'booked' && state.booking?.confirmed;
      },
      30_000,
      'booked and confirmed by the AppointmentCreate webhook',
    );
  });

  it('/metrics shows the service counters moving', async () => {
    const forged = await api(h)
      .http.post(`/api/webhooks/ghl/${ws.clientId}`)
      .set('x-wh-signature', 'Zm9yZ2Vk')
      .set('Content-Type', 'application/json')
      .send({ type: 'AppointmentCreate' });
    expect(forged.status).toBe(401);

    const after = await eventually(async () => {
      const text = await scrape();
      return sample(text, WEBHOOK_DELIVERED) > sample(before, WEBHOOK_DELIVERED) ? text : undefined;
    });
    expect(sample(after, BOOKED) - sample(before, BOOKED)).toBe(1);
    expect(sample(after, LATENCY_COUNT) - sample(before, LATENCY_COUNT)).toBe(1);
    expect(sample(after, 'booking_accept_to_booked_seconds_sum{provider="ghl"}')).toBeGreaterThan(0);
    expect(sample(after, ACCEPTED) - sample(before, ACCEPTED)).toBe(1);
    expect(sample(after, WEBHOOK_STORED) - sample(before, WEBHOOK_STORED)).toBeGreaterThanOrEqual(1);
    expect(sample(after, WEBHOOK_FORGED) - sample(before, WEBHOOK_FORGED)).toBe(1);
    // prom-client default process metrics
    expect(after).toMatch(/^process_cpu_user_seconds_total /m);
    expect(after).toMatch(/^nodejs_heap_size_used_bytes /m);
    for (const name of [
      'booking_bookings_total',
      'booking_webhook_events_total',
      'booking_accept_to_booked_seconds',
      'booking_inbound_messages_total',
    ])
      expect(after).toContain(`# TYPE ${name} `);
  });

  it("/metrics appends the Temporal SDK's own metrics", async () => {
    const text = await eventually(async () => {
      const t = await scrape();
      return /^temporal_\w+/m.test(t) ? t : undefined;
    });
    expect(text).toMatch(/^temporal_activity_execution_latency\w*\{/m);
    expect(text).toMatch(/^temporal_workflow_completed\w*|^temporal_workflow_task_\w+/m);
    expect(text).not.toContain('Temporal SDK metrics unavailable');
  });

  it('serveMetrics exposes the same text for processes without the API (the worker)', async () => {
    const server = await serveMetrics(h.services.metrics, { host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(sample(text, BOOKED)).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^temporal_/m);
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('log lines carry workflowId / clientId / leadId and never a secret', async () => {
    const entries = logged();
    const booked = entries.find((e) => e.msg === 'booking recorded' && e.leadId === ws.leadId);
    expect(booked).toMatchObject({
      workflowId: ws.workflowId,
      clientId: ws.clientId,
      leadId: ws.leadId,
      activityType: 'bookAcceptedSlot',
      attempt: 1,
      provider: 'ghl',
      service: 'booking-orchestrator',
    });
    expect(booked?.runId).toEqual(expect.any(String));
    expect(booked?.acceptToBookedSeconds).toEqual(expect.any(Number));

    const request = entries.find(
      (e) => e.component === 'http' && e.path === '/api/inbound-messages' && e.leadId === ws.leadId,
    );
    expect(request).toMatchObject({ method: 'POST', status: 200, clientId: ws.clientId });
    expect(request?.durationMs).toEqual(expect.any(Number));
    expect(request).not.toHaveProperty('body');
    expect(request).not.toHaveProperty('headers');

    const offerLine = entries.find(
      (e) => e.component === 'http' && e.path === `/api/leads/${ws.leadId}/offers`,
    );
    expect(offerLine).toMatchObject({ status: 201, leadId: ws.leadId, clientId: ws.clientId });

    // The Temporal SDK's own lines (worker, activity context) go through the same pino logger.
    const sdk = entries.filter((e) => e.component === 'temporal');
    expect(sdk.length).toBeGreaterThan(0);
    expect(sdk.some((e) => e.workflowId === ws.workflowId && e.activityType === 'bookAcceptedSlot')).toBe(
      true,
    );

    const all = lines.join('\n');
    for (const secret of [ws.ghlToken, API_TOKEN, ADMIN_API_TOKEN, h.config.SECRETS_ENCRYPTION_KEY as string])
      expect(all).not.toContain(secret);
  });

  it('redacts secrets passed in a log object by mistake', () => {
    h.services.logger.info(
      {
        accessToken: ws.ghlToken,
        ghl: { token: ws.ghlToken },
        req: { headers: { authorization: API_TOKEN } },
      },
      'redaction probe',
    );
    const probe = lines.find((l) => l.includes('redaction probe')) as string;
    expect(probe).toContain('[redacted]');
    expect(probe).not.toContain(ws.ghlToken);
    expect(probe).not.toContain(API_TOKEN);
  });
});
