import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { parseNamedWebhook } from '../webhook';
import { GHL_WEBHOOK_TYPES, type GhlWebhookEvent, ghlWebhookEventSchema } from './schemas';

/**
 * GHL webhook authentication: `x-wh-signature` is a base64 RSA-SHA256 signature over the exact bytes
 * of the JSON body, verifiable with GHL's published public key (or the sandbox's own key in dev).
 */
export const GHL_SIGNATURE_HEADER = 'x-wh-signature';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const keyCache = new Map<string, KeyObject>();

/** True only for a well-formed signature that matches `rawBody`. Never throws. */
export function verifyGhlSignature(
  rawBody: Buffer,
  signatureBase64: string | undefined,
  publicKeyPem: string,
): boolean {
  try {
    const signature = signatureBase64?.trim();
    if (!signature || !BASE64.test(signature) || !Buffer.isBuffer(rawBody)) return false;
    return verify('sha256', rawBody, publicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    // Unparseable key or signature: unauthenticated, not a server error.
    return false;
  }
}

function publicKey(pem: string): KeyObject {
  let key = keyCache.get(pem);
  if (!key) {
    key = createPublicKey(pem);
    keyCache.set(pem, key);
  }
  return key;
}

export type GhlWebhookParseResult =
  | { kind: 'event'; event: GhlWebhookEvent }
  /** A well-formed webhook of a type we do not act on (acknowledge it, do nothing). */
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid'; message: string };

export function parseGhlWebhook(json: unknown): GhlWebhookParseResult {
  const parsed = parseNamedWebhook(json, {
    nameField: 'type',
    handled: GHL_WEBHOOK_TYPES,
    schema: ghlWebhookEventSchema,
    unnamed: 'webhook has no type',
  });
  return parsed.kind === 'ignored' ? { kind: 'ignored', type: parsed.name } : parsed;
}

/**
 * Replay protection per GHL's guide: the payload's own `timestamp` must be recent (and not from the
 * future beyond a little clock skew). Duplicate `webhookId`s are the caller's job (it has the store).
 */
export function isFreshGhlWebhook(timestamp: string, maxAgeSeconds: number, now = Date.now()): boolean {
  const at = Date.parse(timestamp);
  if (!Number.isFinite(at)) return false;
  const skewMs = 60_000;
  return at <= now + skewMs && now - at <= maxAgeSeconds * 1000;
}
