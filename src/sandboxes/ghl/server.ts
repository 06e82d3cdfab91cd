import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Faults, type SandboxKnobs, type SandboxKnobsPatch } from '../faults';
import { ghlApiRouter } from './api';
import {
  type SandboxContext,
  type SandboxLogger,
  sendGhlError,
  type TrafficEntry,
  TrafficLog,
} from './context';
import { type ControlActions, controlRouter } from './control';
import { type OutgoingWebhook, WebhookSender, type WebhookTarget } from './deliveries';
import type { LocationSeed, SandboxAppointment, SandboxLocation, SandboxMessage } from './model';
import { SandboxStore } from './store';

/**
 * A local stand-in for GoHighLevel, in the spirit of stripe-mock: the endpoints our client uses, real
 * slot bookkeeping, signed webhooks, fault knobs, and a control API under /_sandbox for tests and dev.
 */
export interface GhlSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** PKCS#8 PEM used to sign webhooks; an RSA-2048 key pair is generated when absent. */
  privateKeyPem?: string;
  /**
   * Where signed webhooks are POSTed by default: a URL, or a lookup per location (sync or async, e.g.
   * the workspace holding the location). A location's own target (PUT /_sandbox/locations/:id/webhook-target)
   * wins. Unset and no location target: no automatic webhooks.
   */
  webhookTargetUrl?: WebhookTarget;
  /** JSON file the state is loaded from at start and saved to on every change. */
  stateFile?: string;
  /** Locations to seed at start (upserted over a loaded state). */
  locations?: LocationSeed[];
  knobs?: SandboxKnobsPatch;
  logger?: SandboxLogger;
  /** Clock, for tests that need fixed "now" (free slots are future-only). */
  now?: () => number;
}

export interface GhlSandbox {
  /** Base URL to give GhlClient (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** SPKI PEM matching the webhook signing key. */
  readonly publicKeyPem: string;
  seedLocation(seed: LocationSeed): SandboxLocation;
  appointments(locationId?: string): SandboxAppointment[];
  messages(locationId?: string): SandboxMessage[];
  /** GHL API exchanges seen so far (without Authorization). */
  traffic(): TrafficEntry[];
  clearTraffic(): void;
  knobs(): SandboxKnobs;
  setKnobs(patch: SandboxKnobsPatch): SandboxKnobs;
  /** Forgets locations, appointments, messages, traffic and knobs. */
  reset(): void;
  /** The default target: a URL, or a lookup per location (e.g. location → workspace's webhook URL). */
  setWebhookTarget(target: WebhookTarget | undefined): void;
  /** One location's own target, which wins over the default; undefined removes it. */
  setLocationWebhookTarget(locationId: string, url: string | undefined): void;
  /** Where a location's webhooks go now (its own target, else the default), or undefined. */
  webhookTargetFor(locationId: string): Promise<string | undefined>;
  /** Signs and POSTs a webhook (timestamp/webhookId filled when absent); resolves to the HTTP status. */
  sendWebhook(locationId: string, event: OutgoingWebhook): Promise<number>;
  /** Waits for the automatic (fire-and-forget) webhooks in flight. */
  flushWebhooks(): Promise<void>;
  close(): Promise<void>;
}

const consoleLogger: SandboxLogger = {
  info: (m) => console.info(`[ghl-sandbox] ${m}`),
  warn: (m) => console.warn(`[ghl-sandbox] ${m}`),
};

export async function startGhlSandbox(options: GhlSandboxOptions = {}): Promise<GhlSandbox> {
  const keys = signingKeys(options.privateKeyPem);
  const logger = options.logger ?? consoleLogger;
  const store = new SandboxStore(options.stateFile);
  for (const seed of options.locations ?? []) store.seedLocation(seed);
  const faults = new Faults();
  if (options.knobs) faults.set(options.knobs);
  const webhooks = new WebhookSender(keys.privateKeyPem, options.webhookTargetUrl);
  const inFlight = new Set<Promise<void>>();

  const ctx: SandboxContext = {
    store,
    faults,
    webhooks,
    traffic: new TrafficLog(),
    logger,
    now: options.now ?? Date.now,
    emit(locationId, event) {
      if (!webhooks.hasTarget()) return;
      const delivery = webhooks
        .send(locationId, event)
        .then((status) => {
          if (status >= 300) logger.warn(`${event.type} webhook for ${locationId} answered ${status}`);
        })
        .catch((err: Error) => logger.warn(`${event.type} webhook for ${locationId} failed: ${err.message}`))
        .finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    },
  };

  const reset = () => {
    store.reset();
    faults.reset();
    ctx.traffic.clear();
    webhooks.clearLocationTargets();
  };
  const actions: ControlActions = {
    reset,
    publicKeyPem: keys.publicKeyPem,
    sendWebhook: (locationId, event) => webhooks.send(locationId, event),
  };

  const app = express();
  app.disable('x-powered-by');
  // Seeding a location with thousands of contacts (the bench's 10,000 waiting leads) is a big body;
  // the GHL API itself keeps a 1 MB limit.
  app.use('/_sandbox', express.json({ limit: '50mb' }), controlRouter(ctx, actions));
  app.use(express.json({ limit: '1mb' }));
  app.use(ghlApiRouter(ctx));
  app.use((err: Error & { status?: number }, req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status === 500) logger.warn(`${req.method} ${req.path} failed: ${err.message}`);
    if (req.path.startsWith('/_sandbox')) res.status(status).json({ error: err.message });
    else sendGhlError(res, status, status === 500 ? 'Internal server error' : err.message);
  });

  const server = await listen(app, options.port ?? 0, options.host ?? '127.0.0.1');
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    port,
    publicKeyPem: keys.publicKeyPem,
    seedLocation: (seed) => store.seedLocation(seed),
    appointments: (locationId) =>
      store.appointments.filter((a) => !locationId || a.locationId === locationId),
    messages: (locationId) => store.messages.filter((m) => !locationId || m.locationId === locationId),
    traffic: () => ctx.traffic.list(),
    clearTraffic: () => ctx.traffic.clear(),
    knobs: () => faults.current,
    setKnobs: (patch) => faults.set(patch),
    reset,
    setWebhookTarget: (target) => {
      webhooks.target = target;
    },
    setLocationWebhookTarget: (locationId, url) => webhooks.setLocationTarget(locationId, url),
    webhookTargetFor: (locationId) => webhooks.targetFor(locationId),
    sendWebhook: (locationId, event) => webhooks.send(locationId, event),
    flushWebhooks: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Hung requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function signingKeys(privateKeyPem: string | undefined): { privateKeyPem: string; publicKeyPem: string } {
  if (privateKeyPem) {
    const publicKeyPem = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
    return { privateKeyPem, publicKeyPem };
  }
  return generateSigningKeyPair();
}

/** RSA-2048 key pair in the PEM encodings GHL publishes (SPKI public key). */
export function generateSigningKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
