import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type {
  CalendlyEventType,
  CalendlyInvitee,
  CalendlyScheduledEvent,
  CalendlyUser,
  CalendlyWebhookSubscription,
} from '../../providers/calendly/schemas';
import { Faults, injectFaults } from '../faults';
import { calendlyApiRouter } from './api';
import type { RecordedRequest, SandboxContext } from './context';
import { controlRouter } from './control';
import {
  DEFAULT_WEBHOOK_RETRY,
  type WebhookDeliveryView,
  WebhookDispatcher,
  type WebhookRetryOptions,
} from './deliveries';
import {
  type CalendlyPlan,
  DEFAULT_LIMITS,
  invalidArgument,
  notFound,
  SandboxHttpError,
  type SandboxKnobs,
  type SandboxKnobsPatch,
} from './model';
import {
  DEFAULT_URIS,
  renderEventType,
  renderInvitee,
  renderScheduledEvent,
  renderUser,
  renderWebhookSubscription,
  type UriScheme,
  uris,
  uuidFromUri,
} from './render';
import { SandboxStore, type SeedInput } from './store';

/**
 * A local stand-in for the Calendly API (in the spirit of stripe-mock): the documented endpoints and
 * envelopes, real slot bookkeeping, signed webhook delivery with retries, fault-injection knobs, and a
 * control surface (`/_sandbox/...` over HTTP, or the returned object in code) to play the lead's side.
 */

/** Token of the workspace seeded into an empty sandbox; a local development credential only. */
export const DEFAULT_CALENDLY_SANDBOX_TOKEN = 'calendly-sandbox-token';

export interface CalendlySandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** JSON file the state is loaded from and saved to after every change. */
  stateFile?: string;
  webhookRetry?: Partial<WebhookRetryOptions>;
  knobs?: SandboxKnobsPatch;
  /** Seeded when the state is empty (default: one workspace with DEFAULT_CALENDLY_SANDBOX_TOKEN); false = none. */
  seed?: SeedInput | false;
  /** Hosts used in resource URIs and links (default: Calendly's own). */
  uris?: UriScheme;
  bodyLimit?: string;
  now?: () => number;
}

export interface SeedResult {
  token: string;
  userUri: string;
  organizationUri: string;
  eventTypeUris: string[];
  user: CalendlyUser;
  eventTypes: CalendlyEventType[];
}

export interface BookAsLeadInput {
  eventTypeUri: string;
  startTime: string;
  email: string;
  name: string;
  timezone: string;
}

export type RescheduleOrder = 'canceled-first' | 'created-first';

export interface CalendlySandbox {
  readonly url: string;
  readonly port: number;
  /** The workspace seeded at start (null when the state file already had one, or seed: false). */
  readonly defaultSeed: SeedResult | null;
  seed(input?: SeedInput): SeedResult;
  setPlan(userUri: string, plan: CalendlyPlan): void;
  knobs(): SandboxKnobs;
  setKnobs(patch: SandboxKnobsPatch): SandboxKnobs;
  /** Empties all state, knobs, the request log and pending retries; then seeds if asked. */
  reset(options?: { seed?: SeedInput }): SeedResult | null;
  invitees(): CalendlyInvitee[];
  scheduledEvents(): CalendlyScheduledEvent[];
  webhookSubscriptions(): CalendlyWebhookSubscription[];
  webhookDeliveries(): WebhookDeliveryView[];
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** A lead books through the public booking page (no plan or rate limits); fires invitee.created. */
  bookAsLead(input: BookAsLeadInput): Promise<CalendlyInvitee>;
  /** The lead cancels from their confirmation e-mail; fires invitee.canceled. */
  cancelInvitee(inviteeUri: string, reason?: string): Promise<CalendlyInvitee>;
  /** The lead reschedules; fires invitee.canceled (old) and invitee.created (new) in the chosen order. */
  rescheduleInvitee(
    inviteeUri: string,
    newStartTime: string,
    options?: { order?: RescheduleOrder },
  ): Promise<{ oldInvitee: CalendlyInvitee; newInvitee: CalendlyInvitee }>;
  /** Resolves when no webhook delivery is pending or in flight. */
  webhooksSettled(timeoutMs?: number): Promise<void>;
  /** Records new webhook deliveries without sending them until `releaseWebhooks` (arrival-order tests). */
  holdWebhooks(): void;
  /** Sends the held deliveries one after the other, in creation order or reversed. */
  releaseWebhooks(order?: 'as-created' | 'reverse'): Promise<void>;
  close(): Promise<void>;
}

export async function startCalendlySandbox(options: CalendlySandboxOptions = {}): Promise<CalendlySandbox> {
  const scheme = options.uris ?? DEFAULT_URIS;
  const store = new SandboxStore(options.stateFile, options.now);
  const retry = { ...DEFAULT_WEBHOOK_RETRY, ...options.webhookRetry };
  const ctx: SandboxContext = {
    store,
    scheme,
    dispatcher: new WebhookDispatcher(store, scheme, retry),
    faults: new Faults(),
    limits: { ...DEFAULT_LIMITS },
    requests: [],
    inviteeCalls: new Map(),
    hanging: new Set(),
  };

  applyInitialKnobs(ctx, options.knobs);
  const sandbox = createSandboxFacade(ctx, options);
  const app = express();
  app.disable('x-powered-by');
  app.use(recordApiRequests(ctx));
  app.use(express.json({ limit: options.bodyLimit ?? '1mb' }));
  app.use('/_sandbox', controlRouter(sandbox));
  app.use(injectFaults(ctx.faults, renderInjectedFailure, ctx.hanging));
  app.use(calendlyApiRouter(ctx));
  app.use(renderError);

  const server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  Object.assign(sandbox, { url: `http://${host}:${port}`, port });

  const seedOption = options.seed === undefined ? { token: DEFAULT_CALENDLY_SANDBOX_TOKEN } : options.seed;
  if (store.isEmpty && seedOption) Object.assign(sandbox, { defaultSeed: sandbox.seed(seedOption) });
  ctx.dispatcher.resumePending();

  sandbox.close = async () => {
    await ctx.dispatcher.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Hung answers (hangNext, hangAfterCommitNext) and keep-alive sockets would otherwise hold close() open.
      server.closeAllConnections();
    });
  };
  return sandbox;
}

/** The in-code control surface; ./control.ts exposes the same operations over HTTP. */
function createSandboxFacade(ctx: SandboxContext, options: CalendlySandboxOptions): CalendlySandbox {
  const { store, scheme, dispatcher } = ctx;
  const invitee = (uuid: string) => {
    const record = store.invitee(uuid);
    if (!record) throw notFound();
    return renderInvitee(scheme, record, store.data.invitees);
  };

  const seed = (input: SeedInput = {}): SeedResult => {
    const ids = store.seed(input);
    const user = store.requireUser(ids.userUuid);
    const eventTypes = ids.eventTypeUuids.map((uuid) => {
      const eventType = store.eventType(uuid);
      if (!eventType) throw notFound();
      return renderEventType(scheme, eventType, user);
    });
    return {
      token: ids.token,
      userUri: uris(scheme).user(ids.userUuid),
      organizationUri: uris(scheme).organization(ids.orgUuid),
      eventTypeUris: eventTypes.map((e) => e.uri),
      user: renderUser(scheme, user),
      eventTypes,
    };
  };

  return {
    url: '',
    port: 0,
    defaultSeed: null,
    seed,
    setPlan: (userUri, plan) => store.setPlan(userUri, plan),
    knobs: () => currentKnobs(ctx),
    setKnobs(patch) {
      const { inviteesPerMinute, ...faultPatch } = patch;
      ctx.faults.set(faultPatch);
      if (inviteesPerMinute !== undefined) ctx.limits.inviteesPerMinute = inviteesPerMinute;
      return currentKnobs(ctx);
    },
    reset(resetOptions) {
      dispatcher.cancelRetries();
      store.reset();
      applyInitialKnobs(ctx, options.knobs);
      ctx.requests.length = 0;
      ctx.inviteeCalls.clear();
      return resetOptions?.seed ? seed(resetOptions.seed) : null;
    },
    invitees: () => store.data.invitees.map((i) => renderInvitee(scheme, i, store.data.invitees)),
    scheduledEvents: () =>
      store.data.scheduledEvents.map((e) =>
        renderScheduledEvent(
          scheme,
          e,
          store.user(e.hostUuid),
          store.data.invitees,
          store.eventType(e.eventTypeUuid)?.inviteesPerSlot ?? 1,
        ),
      ),
    webhookSubscriptions: () =>
      store.data.webhookSubscriptions.map((s) => renderWebhookSubscription(scheme, s)),
    webhookDeliveries: () => store.data.deliveries.map((d) => dispatcher.view(d)),
    requests: () => ctx.requests.map((r) => ({ ...r })),
    clearRequests: () => {
      ctx.requests.length = 0;
    },

    async bookAsLead(input) {
      const eventType = store.eventType(uuidFromUri(input.eventTypeUri));
      if (!eventType) throw notFound();
      const startMs = Date.parse(input.startTime);
      if (!Number.isFinite(startMs)) throw invalidArgument('start_time must be an ISO-8601 time');
      const record = store.book({
        eventType,
        startMs,
        invitee: { email: input.email, name: input.name, timezone: input.timezone },
        schedulingMethod: null,
        scheduledByUserUuid: null,
      });
      await dispatcher.emit([{ event: 'invitee.created', inviteeUuid: record.uuid }]);
      return invitee(record.uuid);
    },

    async cancelInvitee(inviteeUri, reason) {
      const triggers = store.cancelInviteeAsLead(inviteeUri, reason ?? null);
      await dispatcher.emit(triggers);
      return invitee(uuidFromUri(inviteeUri));
    },

    async rescheduleInvitee(inviteeUri, newStartTime, rescheduleOptions) {
      const startMs = Date.parse(newStartTime);
      if (!Number.isFinite(startMs)) throw invalidArgument('start_time must be an ISO-8601 time');
      const { oldInvitee, newInvitee } = store.rescheduleAsLead(inviteeUri, startMs);
      const canceled = { event: 'invitee.canceled' as const, inviteeUuid: oldInvitee.uuid };
      const created = { event: 'invitee.created' as const, inviteeUuid: newInvitee.uuid };
      // Calendly does not guarantee the order; tests choose it to exercise both.
      const order = rescheduleOptions?.order ?? 'canceled-first';
      await dispatcher.emit(order === 'canceled-first' ? [canceled, created] : [created, canceled]);
      return { oldInvitee: invitee(oldInvitee.uuid), newInvitee: invitee(newInvitee.uuid) };
    },

    webhooksSettled: (timeoutMs) => dispatcher.settled(timeoutMs),
    holdWebhooks: () => dispatcher.hold(),
    releaseWebhooks: (order) => dispatcher.release(order),
    close: async () => undefined,
  };
}

function isControlPath(req: Request): boolean {
  return req.path === '/_sandbox' || req.path.startsWith('/_sandbox/');
}

function recordApiRequests(ctx: SandboxContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isControlPath(req)) {
      const entry: RecordedRequest = {
        at: new Date().toISOString(),
        method: req.method,
        path: req.path,
        status: null,
      };
      ctx.requests.push(entry);
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
    }
    next();
  };
}

/** An injected failure in Calendly's error shape (`{ title, message, details }`). */
function renderInjectedFailure(res: Response, failure: { status: number }): void {
  const error = new SandboxHttpError(failure.status, titleFor(failure.status), messageFor(failure.status));
  res.status(error.status).json({ title: error.title, message: error.message, details: error.details });
}

function currentKnobs(ctx: SandboxContext): SandboxKnobs {
  return { ...ctx.faults.current, ...ctx.limits };
}

function applyInitialKnobs(ctx: SandboxContext, knobs: SandboxKnobsPatch | undefined): void {
  ctx.faults.reset();
  ctx.limits = { ...DEFAULT_LIMITS };
  const { inviteesPerMinute, ...faultPatch } = knobs ?? {};
  ctx.faults.set(faultPatch);
  if (inviteesPerMinute !== undefined) ctx.limits.inviteesPerMinute = inviteesPerMinute;
}

function titleFor(status: number): string {
  if (status === 429) return 'Too Many Requests';
  if (status === 401) return 'Unauthenticated';
  if (status === 403) return 'Permission Denied';
  if (status === 404) return 'Resource Not Found';
  if (status === 424) return 'External Calendar Error';
  if (status >= 500) return 'Internal Server Error';
  return 'Invalid Argument';
}

function messageFor(status: number): string {
  if (status === 429) return 'You have exceeded the rate limit. Please try again later.';
  if (status >= 500)
    return 'The server encountered an unexpected condition that prevented it from fulfilling the request.';
  return 'The request could not be completed.';
}

function renderError(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof SandboxHttpError) {
    res
      .status(err.status)
      .set(err.headers)
      .json({ title: err.title, message: err.message, details: err.details });
    return;
  }
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') {
    res
      .status(400)
      .json({ title: 'Invalid Argument', message: 'The request body is not valid JSON.', details: [] });
    return;
  }
  if (type === 'entity.too.large') {
    res
      .status(413)
      .json({ title: 'Payload Too Large', message: 'The request body is too large.', details: [] });
    return;
  }
  res.status(500).json({ title: 'Internal Server Error', message: messageFor(500), details: [] });
}
