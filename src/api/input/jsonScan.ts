import { type UnsafeTextReason, unsafeTextReason } from '../../lib/safeText';

/** Deepest JSON nesting we accept. Real payloads (ours, GHL's, Calendly's) stay under 10. */
export const MAX_JSON_DEPTH = 32;

/**
 * True when the JSON text nests objects/arrays deeper than `limit`. One pass over the characters,
 * brackets inside strings ignored, no recursion: so a body nested 100,000 levels deep is refused in
 * O(length) before anything (JSON.parse, zod, Prisma) walks it recursively.
 */
export function exceedsJsonDepth(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Keys that would name Object.prototype machinery if anything ever merged the body into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonProblem =
  | { reason: UnsafeTextReason; path: string }
  | { reason: 'forbidden_key'; path: string; key: string };

/**
 * The first string (value or key) of a parsed JSON document that the service cannot store, or a key
 * like `__proto__`. Walks with an explicit stack (the depth is already bounded, but a stack costs nothing).
 */
export function findJsonProblem(root: unknown): JsonProblem | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value: root, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (typeof value === 'string') {
      const reason = unsafeTextReason(value);
      if (reason) return { reason, path: path || '(body)' };
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], path: `${path}[${i}]` });
    } else if (value && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        const at = path ? `${path}.${key}` : key;
        const reason = unsafeTextReason(key);
        if (reason) return { reason, path: `${path || '(body)'} (a key)` };
        if (FORBIDDEN_KEYS.has(key)) return { reason: 'forbidden_key', path: at, key };
        stack.push({ value: (value as Record<string, unknown>)[key], path: at });
      }
    }
  }
  return undefined;
}
