import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseNamedWebhook } from '../webhook';
import { type CalendlyWebhookEvent, calendlyWebhookEventSchema, HANDLED_WEBHOOK_EVENTS } from './schemas';

/**
 * Calendly webhook authentication: `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex>` where v1 is
 * HMAC-SHA256(signing key, "<t>.<raw body>"). Verified over the raw bytes, before any JSON parsing.
 */
export const CALENDLY_SIGNATURE_HEADER = 'calendly-webhook-signature';
/** Calendly's guidance: reject deliveries signed more than about three minutes ago (replays). */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 180;

export type CalendlySignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'expired' };

export interface VerifyCalendlySignatureInput {
  header: string | string[] | undefined | null;
  rawBody: Buffer;
  signingKey: string;
  toleranceSeconds?: number;
  /** Epoch milliseconds; defaults to the current time. */
  now?: number;
}

const TIMESTAMP = /^\d{1,12}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

function hmacHex(signingKey: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', signingKey).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The header value Calendly would send for this body (used by the sandbox and by tests). */
export function signCalendlyPayload(
  signingKey: string,
  rawBody: Buffer | string,
  timestampSeconds: number,
): string {
  const t = String(Math.floor(timestampSeconds));
  return `t=${t},v1=${hmacHex(signingKey, t, rawBody)}`;
}

/** Checks a delivery's signature and age. Never throws: anything unexpected is simply not ok. */
export function verifyCalendlySignature(input: VerifyCalendlySignatureInput): CalendlySignatureCheck {
  try {
    const header = Array.isArray(input.header) ? input.header[0] : input.header;
    if (typeof header !== 'string' || header.trim() === '') return { ok: false, reason: 'missing' };
    if (!Buffer.isBuffer(input.rawBody) || !input.signingKey) return { ok: false, reason: 'malformed' };

    let timestamp: string | undefined;
    const signatures: string[] = [];
    for (const part of header.split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) return { ok: false, reason: 'malformed' };
      const key = part.slice(0, eq).trim();
      const value = part.slice(eq + 1).trim();
      if (key === 't') timestamp = value;
      else if (key === 'v1') signatures.push(value);
      // Other schemes (future versions) are ignored, as with any versioned signature header.
    }
    if (!timestamp || !TIMESTAMP.test(timestamp) || signatures.length === 0)
      return { ok: false, reason: 'malformed' };
    if (!signatures.every((s) => HEX_SHA256.test(s))) return { ok: false, reason: 'malformed' };

    const expected = Buffer.from(hmacHex(input.signingKey, timestamp, input.rawBody), 'hex');
    const matches = signatures.some((s) => {
      const given = Buffer.from(s, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!matches) return { ok: false, reason: 'mismatch' };

    // Age is checked only for authentic signatures, so a forged header cannot learn our clock window.
    const toleranceMs = (input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS) * 1000;
    const ageMs = (input.now ?? Date.now()) - Number(timestamp) * 1000;
    if (Math.abs(ageMs) > toleranceMs) return { ok: false, reason: 'expired' };
    return { ok: true };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

/**
 * The idempotency key of a delivery. Calendly retries and may deliver twice; the same event for the
 * same invitee is the same fact (an invitee URI already names its scheduled event). A no-show event adds
 * the mark's uuid: a host may mark, unmark and mark the same invitee again, and each is a new fact.
 */
export function calendlyEventKey(
  event: Pick<CalendlyWebhookEvent, 'event'> & {
    payload: { uri: string; no_show?: { uri: string } | null };
  },
): string {
  const key = `${event.event}:${event.payload.uri}`;
  const mark = event.event.startsWith('invitee_no_show.') ? event.payload.no_show?.uri : undefined;
  return mark ? `${key}:${mark.replace(/\/+$/, '').split('/').pop()}` : key;
}

export type CalendlyWebhookParseResult =
  | { kind: 'event'; event: CalendlyWebhookEvent }
  /** A well-formed delivery of an event we do not act on (acknowledge it, do nothing). */
  | { kind: 'ignored'; event: string }
  | { kind: 'invalid'; message: string };

export function parseCalendlyWebhook(json: unknown): CalendlyWebhookParseResult {
  const parsed = parseNamedWebhook(json, {
    nameField: 'event',
    handled: HANDLED_WEBHOOK_EVENTS,
    schema: calendlyWebhookEventSchema,
    unnamed: 'webhook has no event name',
  });
  return parsed.kind === 'ignored' ? { kind: 'ignored', event: parsed.name } : parsed;
}
