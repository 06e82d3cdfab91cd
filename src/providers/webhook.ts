import type { ZodType } from 'zod';
import type { ProviderBookingEvent } from '../../workflows/messages';
import type { AppConfig } from '../config';
import type { Db } from '../db/prisma';
import { AppError, type AppErrorCode } from '../errors';
import type { SecretBox } from '../lib/secrets';
import type { Logger } from '../logger';
import type { ContactDetails } from './module';

/**
 * The webhook part of a provider (src/providers/<name>/webhook.ts). The one route
 * `POST /api/webhooks/<name>/:clientId` (src/api/routes/webhooks.ts) calls `receive`, stores what it
 * returns under its event key, and hands the stored row to `interpret` through the shared deliverer
 * (src/booking/webhookDelivery.ts), which signals the lead's workflow.
 */
export interface ProviderWebhook {
  /**
   * Authenticates the delivery over its raw bytes, parses it and checks it belongs to the workspace,
   * in the order the provider's contract needs. Throws AppError (401, 400, 403, 404); writes nothing.
   */
  receive(request: WebhookRequest, deps: WebhookDeps): Promise<WebhookIntake>;
  /** What a stored, verified delivery means for a lead. */
  interpret(row: StoredWebhook, db: Db): Promise<WebhookMeaning>;
  readonly openapi: WebhookDoc;
}

export interface WebhookRequest {
  clientId: string;
  rawBody: Buffer;
  header(name: string): string | undefined;
}

export interface WebhookDeps {
  db: Db;
  secrets: SecretBox;
  config: AppConfig;
  logger: Logger;
}

export type WebhookIntake =
  /** A well-formed delivery of a kind we do not act on: acknowledged (2xx), nothing stored. */
  | { kind: 'ignored'; message: string }
  /** `eventKey` is unique per logical delivery: a redelivery stores nothing new. */
  | { kind: 'event'; eventKey: string; eventType: string; payload: object };

export interface StoredWebhook {
  clientId: string;
  eventKey: string;
  eventType: string;
  payload: unknown;
}

type WithoutKey<T> = T extends unknown ? Omit<T, 'eventKey' | 'provider'> : never;
/** A booking event as a provider states it; the shared deliverer adds the provider and the event key. */
export type ProviderEventFacts = WithoutKey<ProviderBookingEvent>;

export type WebhookMeaning =
  | { kind: 'ignored'; leadId?: string; note: string }
  /** A message the lead sent (it goes to the workflow as a reply). */
  | {
      kind: 'lead_message';
      leadId: string;
      message: { messageId: string; body: string; channel: string; receivedAt: string };
    }
  | { kind: 'booking_event'; leadId: string; event: ProviderEventFacts }
  /** A message from a contact who is no lead yet: the lead is made from the provider's contact first. */
  | {
      kind: 'contact_message';
      externalId: string;
      message: { messageId: string; body: string; channel: string; receivedAt: string };
    }
  /** A contact created or changed at the provider: the lead with that `externalId` is upserted. */
  | { kind: 'contact_details'; externalId: string; contact: ContactDetails };

/** What the API document says about the provider's webhook (src/api/routes/webhooks.ts assembles it). */
export interface WebhookDoc {
  summary: string;
  description: string;
  /** The security scheme: a header the signature travels in. */
  signature: { scheme: string; header: string; description: string };
  /** The body schema's name in components/schemas, and the zod schema it is generated from. */
  body: { name: string; schema: ZodType };
  errors: readonly string[];
}

/** The JSON of a webhook whose raw bytes were already authenticated. */
export function parseWebhookJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'webhook body is not valid JSON');
  }
}

/** A parse failure as the 400 every provider answers. */
export function invalidWebhook(label: string, message: string): AppError {
  return new AppError('validation_failed' satisfies AppErrorCode, `invalid ${label} webhook: ${message}`);
}

export type NamedWebhookParse<E> =
  | { kind: 'event'; event: E }
  /** A well-formed delivery of a kind we do not act on (acknowledge it, do nothing). */
  | { kind: 'ignored'; name: string }
  | { kind: 'invalid'; message: string };

/**
 * Parses a delivery that names its kind in one field (GHL `type`, Calendly `event`): a kind we do not
 * handle is ignored before its schema is checked; a handled one must match the schema, and the first
 * zod issue says why not.
 */
export function parseNamedWebhook<E>(
  json: unknown,
  spec: { nameField: string; handled: readonly string[]; schema: ZodType<E>; unnamed: string },
): NamedWebhookParse<E> {
  const name =
    json && typeof json === 'object' ? (json as Record<string, unknown>)[spec.nameField] : undefined;
  if (typeof name !== 'string' || name === '') return { kind: 'invalid', message: spec.unnamed };
  if (!spec.handled.includes(name)) return { kind: 'ignored', name };
  const parsed = spec.schema.safeParse(json);
  if (parsed.success) return { kind: 'event', event: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    kind: 'invalid',
    message: `${name}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
  };
}
