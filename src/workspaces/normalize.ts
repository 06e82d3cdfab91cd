import { createHmac } from 'node:crypto';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { MemberRole } from '../generated/prisma/client';

/**
 * Pure normalisation rules for workspace provisioning: emails, access lists, time zones, and the
 * payload hash that makes re-posting the same workspace idempotent.
 *
 * Validation messages never include the received value (zod v4 does not put inputs in messages, and the
 * custom ones below do not either), so a secret sent in the wrong field is never echoed back.
 */

/** Trimmed, lower-cased, then checked as an address. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be a valid email address' }).max(254, 'must be at most 254 characters'));

export const emailListSchema = z.array(emailSchema).max(200, 'at most 200 emails');

/** IANA zone names only ("America/New_York", "UTC"); fixed offsets and abbreviations are refused. */
const IANA_SHAPE = /^(?:UTC|[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+|[A-Za-z]+)$/;

export function canonicalTimeZone(value: string): string | undefined {
  if (!IANA_SHAPE.test(value) || !IANAZone.isValidZone(value)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const timezoneSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .transform((v, ctx) => {
    const tz = canonicalTimeZone(v);
    if (!tz) {
      ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as "America/New_York"' });
      return z.NEVER;
    }
    return tz;
  });

/** De-duplicates and sorts already-normalised emails. */
export function uniqueEmails(emails: readonly string[]): string[] {
  return [...new Set(emails)].sort();
}

export interface AccessLists {
  setterEmails: string[];
  inboxManagerEmails: string[];
}

/** The two access lists, with the legacy single `inboxManagerEmail` merged into the inbox-manager list. */
export function mergeAccessLists(input: {
  setterEmails?: readonly string[];
  inboxManagerEmails?: readonly string[];
  inboxManagerEmail?: string;
}): AccessLists {
  const inbox = [
    ...(input.inboxManagerEmails ?? []),
    ...(input.inboxManagerEmail ? [input.inboxManagerEmail] : []),
  ];
  return { setterEmails: uniqueEmails(input.setterEmails ?? []), inboxManagerEmails: uniqueEmails(inbox) };
}

export interface RoleRequest {
  email: string;
  roles: MemberRole[];
}

/** One entry per distinct email with every role requested for it (a person may hold both roles). */
export function rolesByEmail(lists: AccessLists): RoleRequest[] {
  const byEmail = new Map<string, MemberRole[]>();
  for (const email of lists.setterEmails) byEmail.set(email, [...(byEmail.get(email) ?? []), 'SETTER']);
  for (const email of lists.inboxManagerEmails)
    byEmail.set(email, [...(byEmail.get(email) ?? []), 'INBOX_MANAGER']);
  return [...byEmail.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([email, roles]) => ({ email, roles }));
}

/** JSON with object keys sorted, so equal payloads serialise identically. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Keyed hash (HMAC-SHA256) of the normalised payload. Keyed, because the payload may carry the GHL token
 * and a plain hash of a token stored next to the workspace would be an offline-guessable fingerprint.
 */
export function provisioningHash(normalisedPayload: unknown, key: string): string {
  return `v1:${createHmac('sha256', `workspace-provisioning:${key}`).update(canonicalJson(normalisedPayload)).digest('base64url')}`;
}
