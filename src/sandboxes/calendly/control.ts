import { Router } from 'express';
import { z } from 'zod';
import { sandboxKnobsPatchSchema } from '../faults';
import { CALENDLY_PLANS, invalidArgument, WEEKDAYS } from './model';
import type { CalendlySandbox } from './server';
import type { SeedInput } from './store';

/**
 * `/_sandbox/...`: the sandbox's control surface over HTTP, for demos and for processes that do not
 * hold the sandbox object. Unauthenticated by design: the sandbox listens on loopback only by default.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/);
const weeklyHours = z.partialRecord(z.enum(WEEKDAYS), z.array(z.object({ start: hhmm, end: hhmm })));

const seedSchema = z.object({
  token: z.string().min(8).optional(),
  plan: z.enum(CALENDLY_PLANS).optional(),
  organizationUri: z.string().optional(),
  organizationName: z.string().optional(),
  user: z
    .object({ name: z.string(), email: z.email(), timezone: z.string(), slug: z.string() })
    .partial()
    .optional(),
  eventTypes: z
    .array(
      z
        .object({
          name: z.string(),
          slug: z.string(),
          duration: z.number().int().positive(),
          timezone: z.string(),
          weeklyHours,
          slotIntervalMinutes: z.number().int().positive(),
          inviteesPerSlot: z.number().int().positive(),
          active: z.boolean(),
          locationKind: z.string().nullable(),
          locations: z.array(
            z.object({
              kind: z.string().min(1),
              location: z.string().optional(),
              phoneNumber: z.string().optional(),
            }),
          ),
        })
        .partial(),
    )
    .optional(),
});

// The shared fault knobs plus Calendly's own per-minute limit on POST /invitees.
const knobsSchema = sandboxKnobsPatchSchema.extend({
  inviteesPerMinute: z.number().int().min(1).nullable().optional(),
});

const bookSchema = z.object({
  eventTypeUri: z.string().min(1),
  startTime: z.string().min(1),
  email: z.email(),
  name: z.string().min(1),
  timezone: z.string().min(1),
});
const cancelSchema = z.object({ inviteeUri: z.string().min(1), reason: z.string().optional() });
const rescheduleSchema = z.object({
  inviteeUri: z.string().min(1),
  newStartTime: z.string().min(1),
  order: z.enum(['canceled-first', 'created-first']).optional(),
});
const planSchema = z.object({ userUri: z.string().min(1), plan: z.enum(CALENDLY_PLANS) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw invalidArgument(
    'The supplied parameters are invalid.',
    parsed.error.issues.map((i) => ({ parameter: i.path.join('.'), message: i.message })),
  );
}

export function controlRouter(sandbox: CalendlySandbox): Router {
  const router = Router();

  router.post('/seed', (req, res) => {
    res.status(201).json(sandbox.seed(parse(seedSchema, req.body) as SeedInput));
  });
  router.post('/reset', (req, res) => {
    const body = parse(z.object({ seed: seedSchema.optional() }), req.body);
    res.json({ seed: sandbox.reset(body.seed ? { seed: body.seed as SeedInput } : undefined) });
  });
  router.post('/plan', (req, res) => {
    const body = parse(planSchema, req.body);
    sandbox.setPlan(body.userUri, body.plan);
    res.status(204).end();
  });

  router.get('/knobs', (_req, res) => {
    res.json(sandbox.knobs());
  });
  router.patch('/knobs', (req, res) => {
    res.json(sandbox.setKnobs(parse(knobsSchema, req.body)));
  });

  router.get('/invitees', (_req, res) => {
    res.json({ collection: sandbox.invitees() });
  });
  router.get('/scheduled_events', (_req, res) => {
    res.json({ collection: sandbox.scheduledEvents() });
  });
  router.get('/webhook_subscriptions', (_req, res) => {
    res.json({ collection: sandbox.webhookSubscriptions() });
  });
  router.get('/webhook_deliveries', (_req, res) => {
    res.json({ collection: sandbox.webhookDeliveries() });
  });
  router.get('/requests', (_req, res) => {
    res.json({ collection: sandbox.requests() });
  });
  router.delete('/requests', (_req, res) => {
    sandbox.clearRequests();
    res.status(204).end();
  });

  router.post('/lead/book', async (req, res) => {
    res.status(201).json({ resource: await sandbox.bookAsLead(parse(bookSchema, req.body)) });
  });
  router.post('/lead/cancel', async (req, res) => {
    const body = parse(cancelSchema, req.body);
    res.json({ resource: await sandbox.cancelInvitee(body.inviteeUri, body.reason) });
  });
  router.post('/lead/reschedule', async (req, res) => {
    const body = parse(rescheduleSchema, req.body);
    res.json(await sandbox.rescheduleInvitee(body.inviteeUri, body.newStartTime, { order: body.order }));
  });

  router.post('/webhooks/hold', (_req, res) => {
    sandbox.holdWebhooks();
    res.status(204).end();
  });
  router.post('/webhooks/release', async (req, res) => {
    const order = (req.body as { order?: unknown } | undefined)?.order;
    if (order !== undefined && order !== 'as-created' && order !== 'reverse')
      throw invalidArgument('order must be "as-created" or "reverse"');
    await sandbox.releaseWebhooks(order);
    res.status(204).end();
  });

  return router;
}
