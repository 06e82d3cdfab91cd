import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { GHL_WEBHOOK_TYPES } from '../../providers/ghl/schemas';
import { sandboxKnobsPatchSchema } from '../faults';
import type { SandboxContext } from './context';
import { locationSeedSchema } from './model';

/**
 * Test/dev control surface under /_sandbox. Not part of GHL: no auth, plain `{ error }` bodies.
 * Mirrors the in-code methods of GhlSandbox one to one.
 */

const webhookRequestSchema = z.object({
  locationId: z.string().min(1),
  event: z.looseObject({ type: z.enum(GHL_WEBHOOK_TYPES as [string, ...string[]]) }),
});

const webhookTargetSchema = z.object({ url: z.url({ protocol: /^https?$/ }) });

export interface ControlActions {
  reset(): void;
  sendWebhook(locationId: string, event: { type: string; [field: string]: unknown }): Promise<number>;
  publicKeyPem: string;
}

export function controlRouter(ctx: SandboxContext, actions: ControlActions): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  router.get('/public-key', (_req, res) => {
    res.json({ publicKeyPem: actions.publicKeyPem });
  });

  router.post('/locations', (req, res) => {
    const seed = parse(res, locationSeedSchema, req.body);
    if (!seed) return;
    const location = ctx.store.seedLocation(seed);
    // The token is the caller's own input; it is not echoed back.
    res
      .status(201)
      .json({ locationId: location.locationId, calendars: location.calendars, contacts: location.contacts });
  });

  // GHL sends a location's webhooks to the URL configured for it: one target per location.
  const webhookTarget = '/locations/:locationId/webhook-target';
  router.put(webhookTarget, (req, res) => {
    const locationId = String(req.params.locationId);
    if (!ctx.store.location(locationId))
      return res.status(404).json({ error: `no sandbox location ${locationId}` });
    const body = parse(res, webhookTargetSchema, req.body);
    if (!body) return;
    ctx.webhooks.setLocationTarget(locationId, body.url);
    res.json({ locationId, url: body.url });
  });
  router.get(webhookTarget, async (req, res) => {
    const locationId = String(req.params.locationId);
    res.json({ locationId, url: (await ctx.webhooks.targetFor(locationId)) ?? null });
  });
  router.delete(webhookTarget, (req, res) => {
    ctx.webhooks.setLocationTarget(String(req.params.locationId), undefined);
    res.status(204).end();
  });

  router.get('/appointments', (req, res) => {
    res.json({ appointments: byLocation(req, ctx.store.appointments) });
  });

  router.get('/messages', (req, res) => {
    res.json({ messages: byLocation(req, ctx.store.messages) });
  });

  router.get('/knobs', (_req, res) => {
    res.json(ctx.faults.current);
  });

  const setKnobs = (req: Request, res: Response) => {
    const patch = parse(res, sandboxKnobsPatchSchema, req.body);
    if (patch) res.json(ctx.faults.set(patch));
  };
  router.put('/knobs', setKnobs);
  router.patch('/knobs', setKnobs);

  router.get('/traffic', (_req, res) => {
    res.json({ traffic: ctx.traffic.list() });
  });

  router.post('/reset', (_req, res) => {
    actions.reset();
    res.status(204).end();
  });

  router.post('/webhooks', async (req, res) => {
    const body = parse(res, webhookRequestSchema, req.body);
    if (!body) return;
    try {
      const status = await actions.sendWebhook(body.locationId, body.event);
      res.json({ status });
    } catch (err) {
      res.status(502).json({ error: `webhook delivery failed: ${(err as Error).message}` });
    }
  });

  router.use((req: Request, res: Response) => {
    res.status(404).json({ error: `no sandbox control route ${req.method} ${req.path}` });
  });
  return router;
}

function parse<T>(res: Response, schema: z.ZodType<T>, body: unknown): T | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  res.status(400).json({
    error: 'invalid request',
    details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
  return undefined;
}

function byLocation<T extends { locationId: string }>(req: Request, items: readonly T[]): T[] {
  const locationId = typeof req.query.locationId === 'string' ? req.query.locationId : undefined;
  return items.filter((i) => !locationId || i.locationId === locationId);
}
