import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, loadConfig } from '../../src/config';

/** `.env.example` documents every variable src/config.ts reads: no more, no less, in schema order. */
const text = readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
const lines = text.split('\n');
const entries = lines.flatMap((line, i) => {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
  return m ? [{ key: m[1] as string, value: m[2] as string, index: i }] : [];
});
const keys = entries.map((e) => e.key);

describe('.env.example', () => {
  it('lists every key of src/config.ts', () => {
    expect(CONFIG_KEYS.filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('lists nothing src/config.ts does not read, each key once', () => {
    expect(keys.filter((k) => !(CONFIG_KEYS as string[]).includes(k))).toEqual([]);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('keeps the order of configSchema', () => {
    expect(keys).toEqual(CONFIG_KEYS);
  });

  it('explains every key in a comment on the line above it', () => {
    const undocumented = entries
      .filter((e) => !/^#\s*\S.{10,}/.test(lines[e.index - 1] ?? ''))
      .map((e) => e.key);
    expect(undocumented).toEqual([]);
  });

  it('has only lines that are comments, blank or KEY=value', () => {
    const stray = lines.filter(
      (l) => l.trim() !== '' && !l.startsWith('#') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(l),
    );
    expect(stray).toEqual([]);
  });

  it('holds values loadConfig accepts, and they are the defaults (empty means unset)', () => {
    const env = Object.fromEntries(entries.map((e) => [e.key, e.value]));
    expect(() => loadConfig(env)).not.toThrow();
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });

  it('holds no secret values', () => {
    for (const key of [
      'API_TOKEN',
      'ADMIN_API_TOKEN',
      'SECRETS_ENCRYPTION_KEY',
      'TEMPORAL_API_KEY',
      'DATABASE_URL',
      'SUPABASE_SERVICE_ROLE_KEY',
    ]) {
      expect(entries.find((e) => e.key === key)?.value, key).toBe('');
    }
  });
});
