import { z } from 'zod';

/**
 * Text the service can store, log and send on: no NUL (PostgreSQL refuses it in text and jsonb, so it
 * would surface as a 500), no lone UTF-16 surrogate (not encodable as UTF-8), and for single-line values
 * (ids, tokens, URIs) no control character at all. Shared by the HTTP edge (src/api/input) and by the
 * zod schemas of every route and webhook, so one rule holds everywhere.
 */

export type UnsafeTextReason = 'nul_byte' | 'lone_surrogate' | 'control_character';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NUL = /\u0000/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// Matched on UTF-16 code units (no `u` flag): a high surrogate not followed by a low one, or a low one
// not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be accepted as multi-line text (free text may carry tabs and newlines), or undefined. */
export function unsafeTextReason(
  s: string,
  opts: { singleLine?: boolean } = {},
): UnsafeTextReason | undefined {
  if (NUL.test(s)) return 'nul_byte';
  if (LONE_SURROGATE.test(s)) return 'lone_surrogate';
  if (opts.singleLine && CONTROL.test(s)) return 'control_character';
  return undefined;
}

export const UNSAFE_TEXT_MESSAGES: Record<UnsafeTextReason, string> = {
  nul_byte: 'must not contain NUL (\\u0000) characters',
  lone_surrogate: 'must not contain lone UTF-16 surrogates (not valid Unicode)',
  control_character: 'must not contain control characters',
};

/** Ids we accept (path ids, clientId, leadId, ghlContactId, messageId, webhook ids). */
export const ID_MAX_LENGTH = 200;

const checked = (singleLine: boolean) =>
  z.string().superRefine((s, ctx) => {
    const reason = unsafeTextReason(s, { singleLine });
    if (reason) ctx.addIssue({ code: 'custom', message: UNSAFE_TEXT_MESSAGES[reason] });
  });

/** An id: 1-200 characters, one line, valid Unicode. */
export const IdString = checked(true)
  .min(1, { error: 'must not be empty' })
  .max(ID_MAX_LENGTH, { error: `must be at most ${ID_MAX_LENGTH} characters` });

/** Free text (message bodies, notes, reasons) up to `max` characters; newlines allowed. */
export const freeText = (max: number) =>
  checked(false).max(max, { error: `must be at most ${max} characters` });

/**
 * A provider credential: printable ASCII without spaces (anything else cannot travel in an
 * Authorization header). Messages never echo the value.
 */
export const SecretToken = z
  .string({ error: 'must be a string' })
  // Not trimmed: a token with a stray tab or newline is refused rather than quietly altered.
  .min(1, { error: 'must not be empty' })
  .max(4096, { error: 'is too long' })
  .regex(/^[\x21-\x7e]+$/, {
    error: 'contains characters a token cannot have (control characters, spaces or non-ASCII)',
  });

/** An instant the service can turn into a Date (what `new Date(v)` accepts, and nothing else). */
export const InstantString = checked(true)
  .max(64, { error: 'must be at most 64 characters' })
  .refine((v) => Number.isFinite(Date.parse(v)), { error: 'must be a date-time (ISO-8601)' });

/**
 * A Calendly scheduled event URI: `https://<host>/scheduled_events/<id>`. `http:` is accepted only for
 * origins listed in `httpOrigins` (the local Calendly sandbox in embedded mode). Other schemes
 * (`javascript:`, `data:`, `file:`...) never pass.
 */
export function calendlyScheduledEventUri(httpOrigins: readonly string[] = []) {
  return checked(true)
    .max(2048, { error: 'must be at most 2048 characters' })
    .superRefine((v, ctx) => {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be an absolute https URI' });
        return;
      }
      const httpAllowed = url.protocol === 'http:' && httpOrigins.includes(url.origin);
      if (url.protocol !== 'https:' && !httpAllowed) {
        ctx.addIssue({ code: 'custom', message: 'must be an https URI' });
        return;
      }
      if (
        url.username ||
        url.password ||
        url.search ||
        url.hash ||
        !/^\/scheduled_events\/[A-Za-z0-9_-]{1,100}$/.test(url.pathname)
      )
        ctx.addIssue({
          code: 'custom',
          message:
            'must be a Calendly scheduled event URI (https://api.calendly.com/scheduled_events/<uuid>)',
        });
    });
}
