import http from 'node:http';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRejectionLog } from '../../src/api/rejectionLog';
import { createLogger } from '../../src/logger';
import {
  ADMIN_API_TOKEN,
  API_TOKEN,
  type Harness,
  type SeededWorkspace,
  startHarness,
} from '../support/harness';

/** Every line the service logs, captured from its real pino logger. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line));
      }
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines, raw };
}

describe('rejected requests cannot flood the logs', () => {
  let h: Harness;
  let ws: SeededWorkspace;
  const captured = capturingLogger();
  beforeAll(async () => {
    h = await startHarness({}, { logger: captured.logger, worker: false });
    ws = await h.seedWorkspace();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('10,000 unauthenticated webhooks: all counted, a handful of warn lines, no secret logged', {
    timeout: 300_000,
  }, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const url = new URL(`${h.apiUrl}/api/webhooks/ghl/${ws.clientId}`);
    const body = JSON.stringify({ type: 'AppointmentCreate', webhookId: 'x', locationId: ws.locationId });
    const post = () =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(body),
              // A forged signature, plus a bearer token nobody should ever see in a log.
              'x-wh-signature': 'Zm9yZ2Vk',
              Authorization: `Bearer ${API_TOKEN}`,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const started = Date.now();
    const statuses = new Map<number, number>();
    let sent = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < 10_000) {
          sent++;
          const status = await post();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    agent.destroy();
    expect(Object.fromEntries(statuses)).toEqual({ 401: 10_000 });

    // At most 10 lines per (route, reason) per minute: 10 on a quiet machine, a few more if the run
    // spans window boundaries on a loaded one — never thousands.
    const windows = Math.ceil((Date.now() - started) / 60_000) + 1;
    const warns = captured.lines.filter(
      (l) => l.level === 40 && l.component === 'http' && l.msg === 'request',
    );
    expect(warns.length).toBeGreaterThan(0);
    expect(warns.length).toBeLessThanOrEqual(10 * windows);
    expect(captured.lines.filter((l) => Number(l.level) >= 40).length).toBeLessThanOrEqual(11 * windows);
    expect(warns[0]).toMatchObject({
      route: '/api/webhooks/ghl/:clientId',
      reason: 'unauthorized',
      status: 401,
      method: 'POST',
    });

    const metric = await h.services.metrics.registry.getSingleMetricAsString('booking_http_rejections_total');
    expect(metric).toContain(
      'booking_http_rejections_total{route="/api/webhooks/ghl/:clientId",reason="unauthorized"} 10000',
    );
    const all = captured.raw.join('\n');
    for (const secret of [API_TOKEN, ADMIN_API_TOKEN, 'Zm9yZ2Vk']) expect(all).not.toContain(secret);
  });

  it('rejections are labelled by route pattern and a fixed reason, whatever path is sent', async () => {
    for (let i = 0; i < 50; i++) await fetch(`${h.apiUrl}/no/such/path/${i}-${Math.random()}`);
    await fetch(`${h.apiUrl}/api/leads/x%00${Math.random()}/booking`);
    const metric = await h.services.metrics.registry.getSingleMetricAsString('booking_http_rejections_total');
    expect(metric).toContain('booking_http_rejections_total{route="unmatched",reason="not_found"} 50');
    expect(metric).toContain(
      'booking_http_rejections_total{route="/api/leads/:leadId/booking",reason="nul_byte"} 1',
    );
    expect(
      metric.split('\n').filter((l) => l.startsWith('booking_http_rejections_total{')).length,
    ).toBeLessThan(10);
  });
});

describe('createRejectionLog', () => {
  it('logs N lines per (route, reason) per window, then one "suppressed k" line when the window ends', () => {
    let now = 1_000_000;
    const { logger, lines } = capturingLogger();
    const log = createRejectionLog({
      registry: new Registry(),
      logger,
      linesPerWindow: 3,
      windowMs: 60_000,
      now: () => now,
    });
    for (let i = 0; i < 100; i++) log.record('/a', 'unauthorized', { status: 401 });
    for (let i = 0; i < 2; i++) log.record('/b', 'nul_byte', { status: 400 });
    expect(lines.filter((l) => l.msg === 'request')).toHaveLength(5);
    now += 60_000;
    log.record('/a', 'unauthorized', { status: 401 }); // a new window: the old one is summed up first
    const suppressed = lines.filter((l) => String(l.msg).startsWith('suppressed'));
    expect(suppressed).toEqual([
      expect.objectContaining({
        route: '/a',
        reason: 'unauthorized',
        suppressed: 97,
        msg: 'suppressed 97 similar rejected requests',
      }),
    ]);
    expect(lines.filter((l) => l.msg === 'request')).toHaveLength(6);
    for (let i = 0; i < 10; i++) log.record('/a', 'unauthorized', { status: 401 });
    log.flush();
    expect(lines.at(-1)).toMatchObject({ suppressed: 8, route: '/a' });
  });
});
