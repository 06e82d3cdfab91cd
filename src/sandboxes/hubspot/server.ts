import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { Faults, injectFaults, sandboxKnobsPatchSchema } from '../faults';
import {
  availabilityMonth,
  meetingLinkFrom,
  type SandboxMeetingLink,
  type SeedMeetingLinkInput,
} from './model';

/**
 * A local stand-in for HubSpot's Meetings scheduler API (shared/specs/hubspot/API-NOTES.md), like the GHL
 * and Calendly sandboxes: the documented paths (legacy `v3` and dated), bearer auth (401
 * INVALID_AUTHENTICATION), HubSpot's error shape, a per-token burst limit (429 RATE_LIMITS), a traffic
 * log, and a control surface (`/_sandbox/...` over HTTP, or the returned object in code) to seed a
 * meeting link and its availability.
 */

export interface HubspotTrafficEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  at: string;
}

/** Token of the meeting link `npm start` seeds into its sandbox; a local development credential only. */
export const DEFAULT_HUBSPOT_SANDBOX_TOKEN = 'hubspot-sandbox-token';

/** The meeting link seeded for embedded mode: weekdays 09:00-17:00 New York, 30 and 60 minutes. */
export const DEMO_HUBSPOT_MEETING_LINK: SeedMeetingLinkInput = {
  token: DEFAULT_HUBSPOT_SANDBOX_TOKEN,
  slug: 'demo/intro',
  name: 'Intro call',
  durationsMinutes: [30, 60],
};

export interface HubspotSandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Requests allowed per token in `rateLimitWindowMs` (HubSpot Free/Starter: 100 per 10 s). */
  rateLimitBurst?: number;
  rateLimitWindowMs?: number;
  now?: () => number;
  /** Meeting links to hold from the start. */
  seed?: SeedMeetingLinkInput[];
}

export interface HubspotSandbox {
  url: string;
  seedMeetingLink(input: SeedMeetingLinkInput): SandboxMeetingLink;
  /** Marks [start, end) busy on the link's calendar (the organizer booked something else). */
  addBusy(slug: string, busy: { start: string; end: string }): void;
  /** The next `count` API calls answer `status` (429 → RATE_LIMITS, 5xx → an internal error); a shortcut for the `failNext` knob. */
  failNext(count: number, status: number): void;
  traffic(): HubspotTrafficEntry[];
  clearTraffic(): void;
  close(): Promise<void>;
}

const API_PREFIX = /^\/scheduler\/(v3|\d{4}-\d{2})\/meetings\/meeting-links/;

/** An injected failure in HubSpot's error shape: 429 is its rate limit, anything else an internal error. */
function renderInjectedFailure(res: Response, failure: { status: number }): void {
  if (failure.status === 429) hubspotError(res, 429, 'RATE_LIMITS', 'You have reached your secondly limit.');
  else hubspotError(res, failure.status, 'INTERNAL_ERROR', 'internal error');
}

function hubspotError(res: Response, status: number, category: string, message: string) {
  res.status(status).json({ status: 'error', message, correlationId: randomUUID(), category });
}

export async function startHubspotSandbox(opts: HubspotSandboxOptions = {}): Promise<HubspotSandbox> {
  const now = opts.now ?? Date.now;
  const burst = opts.rateLimitBurst ?? 100;
  const windowMs = opts.rateLimitWindowMs ?? 10_000;
  const links = new Map<string, SandboxMeetingLink>();
  const traffic: HubspotTrafficEntry[] = [];
  const callsByToken = new Map<string, number[]>();
  const faults = new Faults();

  const seedMeetingLink = (input: SeedMeetingLinkInput) => {
    const link = meetingLinkFrom(input, String(100_000 + links.size + 1));
    links.set(link.slug, link);
    return link;
  };

  for (const input of opts.seed ?? []) seedMeetingLink(input);

  const app = express();
  app.use(express.json());

  // Control surface: not HubSpot's, never recorded as traffic.
  app.post('/_sandbox/meeting-links', (req, res) => {
    const body = req.body as SeedMeetingLinkInput;
    if (!body?.token || !body?.slug)
      return hubspotError(res, 400, 'VALIDATION_ERROR', 'token and slug are required');
    res.status(201).json(present(seedMeetingLink(body)));
  });
  app.post('/_sandbox/meeting-links/busy', (req, res) => {
    const { slug, start, end } = req.body as { slug: string; start: string; end: string };
    const link = links.get(slug);
    if (!link) return hubspotError(res, 404, 'OBJECT_NOT_FOUND', 'no such link');
    link.busy.push({ start: Date.parse(start), end: Date.parse(end) });
    res.status(204).end();
  });
  app.get('/_sandbox/knobs', (_req, res) => res.json(faults.current));
  app.patch('/_sandbox/knobs', (req, res) => {
    const patch = sandboxKnobsPatchSchema.safeParse(req.body ?? {});
    if (!patch.success) return hubspotError(res, 400, 'VALIDATION_ERROR', z.prettifyError(patch.error));
    res.json(faults.set(patch.data));
  });
  app.get('/_sandbox/traffic', (_req, res) => res.json({ traffic }));
  app.delete('/_sandbox/traffic', (_req, res) => {
    traffic.length = 0;
    res.status(204).end();
  });

  // Request order: traffic recording, injected faults, auth, rate limit, handler.
  app.use((req, res, next) => {
    if (!API_PREFIX.test(req.path)) return hubspotError(res, 404, 'OBJECT_NOT_FOUND', `no route ${req.path}`);
    // Read now: once a router is mounted, req.path is relative to its mount point.
    const path = req.path;
    res.on('finish', () =>
      traffic.push({
        method: req.method,
        path,
        query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)])),
        status: res.statusCode,
        at: new Date(now()).toISOString(),
      }),
    );
    next();
  });
  app.use(injectFaults(faults, renderInjectedFailure));
  app.use((req, res, next) => {
    const token = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    if (!token || ![...links.values()].some((l) => l.token === token))
      return hubspotError(res, 401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.');
    const recent = (callsByToken.get(token) ?? []).filter((t) => t > now() - windowMs);
    if (recent.length >= burst) {
      callsByToken.set(token, recent);
      return hubspotError(res, 429, 'RATE_LIMITS', 'You have reached your secondly limit.');
    }
    recent.push(now());
    callsByToken.set(token, recent);
    res.locals.token = token;
    next();
  });

  const visibleLink = (req: Request, res: Response, slugParts: string[] | string) => {
    const slug = (Array.isArray(slugParts) ? slugParts.join('/') : slugParts) ?? '';
    const link = links.get(slug);
    if (!link || link.token !== res.locals.token) {
      hubspotError(res, 404, 'OBJECT_NOT_FOUND', `meeting link ${slug} not found`);
      return undefined;
    }
    const timezone = String(req.query.timezone ?? '');
    if (!timezone || !IANAZone.isValidZone(timezone)) {
      hubspotError(res, 400, 'VALIDATION_ERROR', 'timezone is required and must be an IANA zone');
      return undefined;
    }
    const monthOffset = Number(req.query.monthOffset ?? 0);
    if (!Number.isInteger(monthOffset) || monthOffset < 0) {
      hubspotError(res, 400, 'VALIDATION_ERROR', 'monthOffset must be a non-negative integer');
      return undefined;
    }
    return { link, timezone, monthOffset };
  };

  const api = express.Router();
  api.get('/', (_req, res) => {
    const mine = [...links.values()].filter((l) => l.token === res.locals.token);
    res.json({ results: mine.map(present) });
  });
  api.get('/book/availability-page/*slug', (req, res) => {
    const found = visibleLink(req, res, req.params.slug as unknown as string[]);
    if (!found) return;
    const month = availabilityMonth(found.link, found.timezone, found.monthOffset, now());
    res.json({ ...month, allUsersBusyTimes: busyTimes(found.link) });
  });
  api.get('/book/*slug', (req, res) => {
    const found = visibleLink(req, res, req.params.slug as unknown as string[]);
    if (!found) return;
    const month = availabilityMonth(found.link, found.timezone, found.monthOffset, now());
    res.json({
      ...present(found.link),
      customParams: {
        durations: found.link.durationsMinutes.map((m) => m * 60_000),
        startTimeIncrementMinutes: found.link.startTimeIncrementMinutes,
        weeksToAdvertise: found.link.weeksToAdvertise,
        meetingBufferTime: 0,
      },
      ...month,
      allUsersBusyTimes: busyTimes(found.link),
    });
  });
  app.use('/scheduler/:version/meetings/meeting-links', api);
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) =>
    hubspotError(res, 400, 'VALIDATION_ERROR', err.message),
  );

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    seedMeetingLink,
    addBusy(slug, busy) {
      links.get(slug)?.busy.push({ start: Date.parse(busy.start), end: Date.parse(busy.end) });
    },
    failNext(count, status) {
      faults.set({ failNext: { count, status } });
    },
    traffic: () => traffic.map((t) => ({ ...t })),
    clearTraffic: () => {
      traffic.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function present(link: SandboxMeetingLink) {
  return {
    id: link.id,
    slug: link.slug,
    link: `https://meetings.hubspot.com/${link.slug}`,
    name: link.name,
    type: link.type,
    organizerUserId: link.organizerUserId,
  };
}

function busyTimes(link: SandboxMeetingLink) {
  return [
    {
      meetingsUser: { id: link.organizerUserId, userId: link.organizerUserId, userProfile: {} },
      busyTimes: link.busy.map((b) => ({ start: b.start, end: b.end })),
      isOffline: false,
    },
  ];
}
