import { type NextFunction, type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import {
  createInviteeRequestSchema,
  createWebhookSubscriptionRequestSchema,
} from '../../providers/calendly/schemas';
import { inviteesRemaining, offeredStarts } from './availability';
import { instantParam, queryParam, requiredParam, type SandboxContext } from './context';
import { checkInviteeLocation } from './locations';
import {
  invalidArgument,
  notFound,
  permissionDenied,
  SandboxHttpError,
  type ScheduledEventRecord,
  type UserRecord,
} from './model';
import { addNoShowRoutes } from './noShows';
import { paginate } from './pagination';
import {
  configuredLocations,
  renderEventType,
  renderInvitee,
  renderScheduledEvent,
  renderUser,
  renderWebhookSubscription,
  uuidFromUri,
} from './render';
import { newUuid } from './store';

/** Calendly caps available-time windows at 7 days (API-NOTES). */
const MAX_AVAILABILITY_RANGE_MS = 7 * 24 * 60 * 60 * 1000;
const INVITEE_RATE_WINDOW_MS = 60_000;

/** The Calendly API v2 endpoints of shared/specs/calendly/API-NOTES.md, behind bearer auth. */
export function calendlyApiRouter(ctx: SandboxContext): Router {
  const { store, scheme } = ctx;
  const router = Router();
  const me = (res: Response) => res.locals.user as UserRecord;

  router.use(bearerAuth(ctx));

  /** Resources are visible to members of the organization that owns them. */
  const sameOrg = (res: Response, userUuid: string) => {
    const owner = store.user(userUuid);
    if (!owner) throw notFound();
    if (owner.orgUuid !== me(res).orgUuid) throw permissionDenied();
    return owner;
  };
  const checkOrganizationParam = (res: Response, organizationUri: string) => {
    if (uuidFromUri(organizationUri) !== me(res).orgUuid) throw permissionDenied();
  };
  const eventTypeFor = (res: Response, uri: string) => {
    const eventType = store.eventType(uuidFromUri(uri));
    if (!eventType) throw notFound();
    sameOrg(res, eventType.userUuid);
    return eventType;
  };
  const scheduledEventFor = (res: Response, uuid: string) => {
    const event = store.scheduledEvent(uuid);
    if (!event) throw notFound();
    sameOrg(res, event.hostUuid);
    return event;
  };
  const renderEvent = (event: ScheduledEventRecord) =>
    renderScheduledEvent(
      scheme,
      event,
      store.user(event.hostUuid),
      store.data.invitees,
      store.eventType(event.eventTypeUuid)?.inviteesPerSlot ?? 1,
    );

  // ---- users ----------------------------------------------------------------------------------

  router.get('/users/me', (_req, res) => {
    res.json({ resource: renderUser(scheme, me(res)) });
  });

  router.get('/users/:uuid', (req, res) => {
    res.json({ resource: renderUser(scheme, sameOrg(res, req.params.uuid as string)) });
  });

  // ---- event types ----------------------------------------------------------------------------

  router.get('/event_types', (req, res) => {
    const user = queryParam(req, 'user');
    const organization = queryParam(req, 'organization');
    if (!user && !organization) {
      throw invalidArgument('The supplied parameters are invalid.', [
        { parameter: 'user', message: 'user or organization is required' },
      ]);
    }
    if (organization) checkOrganizationParam(res, organization);
    if (user) sameOrg(res, uuidFromUri(user));
    const active = queryParam(req, 'active');
    const items = store.data.eventTypes
      .filter((et) =>
        user ? et.userUuid === uuidFromUri(user) : store.user(et.userUuid)?.orgUuid === me(res).orgUuid,
      )
      .filter((et) => active === undefined || String(et.active) === active)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((et) => renderEventType(scheme, et, store.requireUser(et.userUuid)));
    res.json(paginate(req, items));
  });

  router.get('/event_types/:uuid', (req, res) => {
    const eventType = eventTypeFor(res, req.params.uuid as string);
    res.json({ resource: renderEventType(scheme, eventType, store.requireUser(eventType.userUuid)) });
  });

  router.get('/event_type_available_times', (req, res) => {
    const eventType = eventTypeFor(res, requiredParam(req, 'event_type'));
    const start = instantParam(req, 'start_time', true);
    const end = instantParam(req, 'end_time', true);
    const rangeError = (parameter: string, message: string) =>
      invalidArgument('The supplied parameters are invalid.', [{ parameter, message }]);
    if (start <= store.now()) throw rangeError('start_time', 'start_time must be in the future');
    if (end <= start) throw rangeError('end_time', 'end_time must be after start_time');
    if (end - start > MAX_AVAILABILITY_RANGE_MS) {
      throw rangeError('end_time', 'date range can be no greater than 1 week (7 days)');
    }
    const owner = store.requireUser(eventType.userUuid);
    const schedulingUrl = renderEventType(scheme, eventType, owner).scheduling_url;
    const collection = eventType.active
      ? offeredStarts(eventType, start, end)
          .map((at) => ({ at, remaining: inviteesRemaining(store.data, eventType, at) }))
          .filter(({ remaining }) => remaining > 0)
          .map(({ at, remaining }) => {
            const startTime = new Date(at).toISOString();
            return {
              status: 'available',
              start_time: startTime,
              invitees_remaining: remaining,
              scheduling_url: `${schedulingUrl}/${startTime}`,
            };
          })
      : [];
    res.json({ collection });
  });

  // ---- booking ----------------------------------------------------------------------------------

  router.post('/invitees', (req, res) => {
    const user = me(res);
    enforceInviteeRateLimit(ctx, user.uuid);
    if (user.plan === 'free') {
      throw permissionDenied(
        'Creating invitees through the API requires a paid Calendly plan. Please upgrade.',
      );
    }
    const body = parseBody(createInviteeRequestSchema, req.body);
    const eventType = eventTypeFor(res, body.event_type);
    if (!eventType.active) throw invalidArgument('This event type is not active.');
    checkInviteeLocation(configuredLocations(eventType), body.location);
    const { invitee } = body;
    const record = store.book({
      eventType,
      startMs: Date.parse(body.start_time),
      invitee: {
        email: invitee.email,
        timezone: invitee.timezone,
        ...(invitee.name ? { name: invitee.name } : {}),
        ...(invitee.first_name ? { firstName: invitee.first_name } : {}),
        ...(invitee.last_name ? { lastName: invitee.last_name } : {}),
        ...(invitee.text_reminder_number ? { textReminderNumber: invitee.text_reminder_number } : {}),
        ...(body.tracking ? { tracking: body.tracking } : {}),
        ...(body.questions_and_answers ? { questionsAndAnswers: body.questions_and_answers } : {}),
      },
      ...(body.location ? { location: body.location } : {}),
      schedulingMethod: 'instant_book',
      scheduledByUserUuid: user.uuid,
    });
    // Bookings through the API behave as if made on the booking page, webhooks included.
    ctx.dispatcher.emitInBackground([{ event: 'invitee.created', inviteeUuid: record.uuid }]);
    if (answerWithheld(ctx, res)) return;
    res.status(201).json({ resource: renderInvitee(scheme, record, store.data.invitees) });
  });

  // ---- scheduled events ------------------------------------------------------------------------

  router.get('/scheduled_events', (req, res) => {
    const user = queryParam(req, 'user');
    const organization = queryParam(req, 'organization');
    if (!user && !organization) {
      throw invalidArgument('The supplied parameters are invalid.', [
        { parameter: 'organization', message: 'user or organization is required' },
      ]);
    }
    if (organization) checkOrganizationParam(res, organization);
    if (user) sameOrg(res, uuidFromUri(user));
    const email = queryParam(req, 'invitee_email')?.toLowerCase();
    const status = queryParam(req, 'status');
    const min = instantParam(req, 'min_start_time');
    const max = instantParam(req, 'max_start_time');
    const descending = queryParam(req, 'sort') === 'start_time:desc';
    const items = store.data.scheduledEvents
      .filter((e) =>
        user ? e.hostUuid === uuidFromUri(user) : store.user(e.hostUuid)?.orgUuid === me(res).orgUuid,
      )
      .filter((e) => !status || e.status === status)
      .filter((e) => min === undefined || Date.parse(e.startTime) >= min)
      .filter((e) => max === undefined || Date.parse(e.startTime) < max)
      .filter(
        (e) =>
          !email ||
          store.data.invitees.some((i) => i.eventUuid === e.uuid && i.email.toLowerCase() === email),
      )
      .sort((a, b) => (Date.parse(a.startTime) - Date.parse(b.startTime)) * (descending ? -1 : 1))
      .map(renderEvent);
    res.json(paginate(req, items));
  });

  router.get('/scheduled_events/:uuid', (req, res) => {
    res.json({ resource: renderEvent(scheduledEventFor(res, req.params.uuid as string)) });
  });

  router.get('/scheduled_events/:uuid/invitees', (req, res) => {
    const event = scheduledEventFor(res, req.params.uuid as string);
    const email = queryParam(req, 'email')?.toLowerCase();
    const status = queryParam(req, 'status');
    const items = store.data.invitees
      .filter((i) => i.eventUuid === event.uuid)
      .filter((i) => !email || i.email.toLowerCase() === email)
      .filter((i) => !status || i.status === status)
      .map((i) => renderInvitee(scheme, i, store.data.invitees));
    res.json(paginate(req, items));
  });

  router.get('/scheduled_events/:uuid/invitees/:invitee', (req, res) => {
    const event = scheduledEventFor(res, req.params.uuid as string);
    const invitee = store.invitee(req.params.invitee as string);
    if (!invitee || invitee.eventUuid !== event.uuid) throw notFound();
    res.json({ resource: renderInvitee(scheme, invitee, store.data.invitees) });
  });

  router.post('/scheduled_events/:uuid/cancellation', (req, res) => {
    const event = scheduledEventFor(res, req.params.uuid as string);
    const reason = (req.body as { reason?: unknown } | undefined)?.reason;
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > 10_000)) {
      throw invalidArgument('The supplied parameters are invalid.', [
        { parameter: 'reason', message: 'must be a string' },
      ]);
    }
    if (event.status === 'canceled') throw permissionDenied('This event has already been canceled.');
    const triggers = store.cancelEventAsHost(event, me(res), typeof reason === 'string' ? reason : null);
    ctx.dispatcher.emitInBackground(triggers);
    if (answerWithheld(ctx, res)) return;
    const c = event.cancellation;
    res.status(201).json({
      resource: {
        canceled_by: c?.canceledBy,
        reason: c?.reason ?? null,
        canceler_type: 'host',
        created_at: c?.createdAt,
      },
    });
  });

  // ---- webhook subscriptions ---------------------------------------------------------------------

  router.post('/webhook_subscriptions', (req, res) => {
    const body = parseBody(createWebhookSubscriptionRequestSchema, req.body);
    checkOrganizationParam(res, body.organization);
    if (body.scope === 'user' && !body.user) {
      throw invalidArgument('The supplied parameters are invalid.', [
        { parameter: 'user', message: 'is required for user scope' },
      ]);
    }
    const userUuid = body.scope === 'user' && body.user ? sameOrg(res, uuidFromUri(body.user)).uuid : null;
    const orgUuid = me(res).orgUuid;
    const duplicate = store.data.webhookSubscriptions.some(
      (s) =>
        s.callbackUrl === body.url &&
        s.scope === body.scope &&
        s.orgUuid === orgUuid &&
        s.userUuid === userUuid,
    );
    if (duplicate) throw new SandboxHttpError(409, 'Already Exists', 'Hook with this url already exists');
    const now = new Date(store.now()).toISOString();
    const record = {
      uuid: newUuid(),
      callbackUrl: body.url,
      events: [...new Set(body.events)],
      scope: body.scope,
      orgUuid,
      userUuid,
      creatorUuid: me(res).uuid,
      state: 'active' as const,
      signingKey: body.signing_key ?? null,
      createdAt: now,
      updatedAt: now,
      retryStartedAt: null,
    };
    store.data.webhookSubscriptions.push(record);
    store.save();
    res.status(201).json({ resource: renderWebhookSubscription(scheme, record) });
  });

  router.get('/webhook_subscriptions', (req, res) => {
    const organization = requiredParam(req, 'organization');
    const scope = requiredParam(req, 'scope');
    checkOrganizationParam(res, organization);
    const user = queryParam(req, 'user');
    if (scope === 'user' && !user) {
      throw invalidArgument('The supplied parameters are invalid.', [
        { parameter: 'user', message: 'is required for user scope' },
      ]);
    }
    const items = store.data.webhookSubscriptions
      .filter((s) => s.orgUuid === me(res).orgUuid && s.scope === scope)
      .filter((s) => !user || s.userUuid === uuidFromUri(user))
      .map((s) => renderWebhookSubscription(scheme, s));
    res.json(paginate(req, items));
  });

  const subscriptionFor = (res: Response, uuid: string) => {
    const subscription = store.data.webhookSubscriptions.find((s) => s.uuid === uuid);
    if (!subscription) throw notFound();
    if (subscription.orgUuid !== me(res).orgUuid) throw permissionDenied();
    return subscription;
  };

  router.get('/webhook_subscriptions/:uuid', (req, res) => {
    res.json({
      resource: renderWebhookSubscription(scheme, subscriptionFor(res, req.params.uuid as string)),
    });
  });

  router.delete('/webhook_subscriptions/:uuid', (req, res) => {
    const subscription = subscriptionFor(res, req.params.uuid as string);
    store.data.webhookSubscriptions = store.data.webhookSubscriptions.filter((s) => s !== subscription);
    store.save();
    res.status(204).end();
  });

  addNoShowRoutes(router, ctx, me);

  router.use((_req, _res, next) => next(notFound()));
  return router;
}

function bearerAuth(ctx: SandboxContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const user = match?.[1] ? ctx.store.userByToken(match[1]) : undefined;
    if (!user) {
      next(new SandboxHttpError(401, 'Unauthenticated', 'The access token is invalid'));
      return;
    }
    res.locals.user = user;
    next();
  };
}

/**
 * After a committed write: true when the hangAfterCommitNext knob says the caller never hears back,
 * which is what a timeout after a successful write looks like.
 */
function answerWithheld(ctx: SandboxContext, res: Response): boolean {
  if (!ctx.faults.takeHangAfterCommit()) return false;
  ctx.hanging.add(res);
  res.on('close', () => ctx.hanging.delete(res));
  return true;
}

/** A rolling one-minute window per user, like Calendly's per-user POST /invitees limits. */
function enforceInviteeRateLimit(ctx: SandboxContext, userUuid: string): void {
  const limit = ctx.limits.inviteesPerMinute;
  if (limit === null) return;
  const now = ctx.store.now();
  const recent = (ctx.inviteeCalls.get(userUuid) ?? []).filter((t) => now - t < INVITEE_RATE_WINDOW_MS);
  if (recent.length >= limit) {
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil(((recent[0] ?? now) + INVITEE_RATE_WINDOW_MS - now) / 1000),
    );
    ctx.inviteeCalls.set(userUuid, recent);
    throw new SandboxHttpError(
      429,
      'Too Many Requests',
      'You have exceeded the rate limit. Please try again later.',
      [],
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
  recent.push(now);
  ctx.inviteeCalls.set(userUuid, recent);
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw invalidArgument(
    'The supplied parameters are invalid.',
    parsed.error.issues.map((i) => ({ parameter: i.path.join('.'), message: i.message })),
  );
}
