import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { GHL_SIGNATURE_HEADER } from '../providers/ghl/webhooks';
import { type Percentiles, percentiles, round } from './stats';

export type WebhookKind = 'validSigned' | 'badlySigned' | 'unknownWorkspace' | 'notFoundPath';

export interface WebhookIntakeResult {
  kind: WebhookKind;
  requests: number;
  seconds: number;
  perSecond: number;
  latencyMs: Percentiles;
  /** HTTP status → count (what the service answered). */
  statuses: Record<string, number>;
}

interface Delivery {
  path: string;
  body: Buffer;
  signature: string;
}

/**
 * GHL webhooks at the API from `senders` concurrent senders for `seconds` each kind: validly signed
 * (an AppointmentUpdate of an appointment no lead has: verified, stored, delivered as "nothing to
 * do"), badly signed, signed for a workspace that does not exist, and a path nothing serves (the
 * floor: the same HTTP stack and edge checks, no webhook work). Bodies are signed before the clock
 * starts, with the sandbox's signing key, so the senders measure the service, not RSA signing.
 */
export async function measureWebhookIntake(opts: {
  apiUrl: string;
  clientId: string;
  locationId: string;
  privateKeyPem: string;
  seconds: number;
  senders: number;
  /** Signed bodies prepared per kind (the run stops early when they are used up). */
  maxRequests: number;
}): Promise<WebhookIntakeResult[]> {
  const key = createPrivateKey(opts.privateKeyPem);
  const body = () =>
    Buffer.from(
      JSON.stringify({
        type: 'AppointmentUpdate',
        locationId: opts.locationId,
        webhookId: `bench-${randomUUID()}`,
        timestamp: new Date().toISOString(),
        appointment: {
          id: `bench-appt-${randomUUID()}`,
          calendarId: 'bench-calendar',
          contactId: 'bench-no-such-contact',
          appointmentStatus: 'confirmed',
          startTime: new Date(Date.now() + 86_400_000).toISOString(),
          endTime: new Date(Date.now() + 88_200_000).toISOString(),
        },
      }),
    );
  const signed = (path: string): Delivery => {
    const b = body();
    return { path, body: b, signature: sign('sha256', b, key).toString('base64') };
  };
  const kinds: Record<WebhookKind, () => Delivery> = {
    validSigned: () => signed(`/api/webhooks/ghl/${opts.clientId}`),
    badlySigned: () => {
      const other = signed(`/api/webhooks/ghl/${opts.clientId}`);
      return { ...other, body: body() }; // a real signature, of other bytes
    },
    unknownWorkspace: () => signed('/api/webhooks/ghl/bench-no-such-workspace'),
    notFoundPath: () => signed('/api/webhooks/bench-no-such-provider'),
  };
  const results: WebhookIntakeResult[] = [];
  for (const [kind, make] of Object.entries(kinds) as [WebhookKind, () => Delivery][]) {
    // Cheap kinds reuse a smaller pool of bodies: only the valid ones must be unique (webhookId).
    const prepared = Array.from({ length: kind === 'validSigned' ? opts.maxRequests : 200 }, make);
    results.push(await blast(opts, kind, prepared));
  }
  return results;
}

async function blast(
  opts: { apiUrl: string; seconds: number; senders: number },
  kind: WebhookKind,
  prepared: Delivery[],
): Promise<WebhookIntakeResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  // Unmeasured: one request per sender first. Keep-alive sockets left idle while the bodies were signed
  // have been closed by the server, and the client finds out on its next use of each (UND_ERR_SOCKET).
  await Promise.all(
    Array.from({ length: opts.senders }, () =>
      fetch(`${opts.apiUrl}/readyz`).then(
        (r) => r.arrayBuffer(),
        () => undefined,
      ),
    ),
  );
  let next = 0;
  const started = Date.now();
  const until = started + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.senders }, async () => {
      while (Date.now() < until) {
        if (kind === 'validSigned' && next >= prepared.length) return;
        const d = prepared[next++ % prepared.length] as Delivery;
        const t = performance.now();
        const status = await fetch(`${opts.apiUrl}${d.path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [GHL_SIGNATURE_HEADER]: d.signature },
          body: d.body,
        })
          .then(async (r) => {
            await r.arrayBuffer();
            return String(r.status);
          })
          // Named by its cause (ECONNRESET, UND_ERR_SOCKET...): a lost answer is not a rejected webhook.
          .catch(
            (err: Error & { cause?: { code?: string } }) => `network_error:${err.cause?.code ?? err.name}`,
          );
        latencies.push(performance.now() - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return {
    kind,
    requests: latencies.length,
    seconds: round(seconds, 2),
    perSecond: round(latencies.length / seconds, 1),
    latencyMs: roundAll(percentiles(latencies)),
    statuses,
  };
}

function roundAll(p: Percentiles): Percentiles {
  const r = (v?: number) => (v === undefined ? undefined : round(v, 1));
  return { p50: r(p.p50), p95: r(p.p95), p99: r(p.p99), n: p.n };
}
