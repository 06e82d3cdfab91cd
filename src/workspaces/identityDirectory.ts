import type { AppConfig } from '../config';
import type { Db } from '../db/prisma';
import type { Logger } from '../logger';
import { createSupabaseDirectory } from './supabaseDirectory';

/**
 * Where workspace members' emails are turned into user ids. One interface, two implementations:
 * the local `User` table (default) and Supabase Auth's admin API (when SUPABASE_URL is set).
 */
export interface IdentityDirectory {
  readonly kind: 'local' | 'supabase';
  /**
   * Looks up users by email (given normalised: trimmed, lower-case). Matching is case-insensitive.
   * The map holds only the emails that have a user; an email missing from it has none.
   */
  lookupUsersByEmail(emails: readonly string[]): Promise<Map<string, string>>;
}

/** The local `User` table. */
export function createLocalDirectory(db: Db): IdentityDirectory {
  return {
    kind: 'local',
    async lookupUsersByEmail(emails) {
      const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
      const found = new Map<string, string>();
      for (let i = 0; i < wanted.length; i += 100) {
        const chunk = wanted.slice(i, i + 100);
        const users = await db.user.findMany({
          where: { OR: chunk.map((email) => ({ email: { equals: email, mode: 'insensitive' as const } })) },
          select: { id: true, email: true },
          orderBy: { createdAt: 'asc' },
        });
        // Two rows differing only by case: the exact (lower-case) one wins, else the oldest.
        for (const u of users) {
          const key = u.email.toLowerCase();
          if (!found.has(key) || u.email === key) found.set(key, u.id);
        }
      }
      return found;
    },
  };
}

/** Supabase when SUPABASE_URL is configured, the local table otherwise. */
export function createIdentityDirectory(config: AppConfig, db: Db, logger: Logger): IdentityDirectory {
  if (!config.SUPABASE_URL) return createLocalDirectory(db);
  if (!config.SUPABASE_SERVICE_ROLE_KEY)
    throw new Error('SUPABASE_SERVICE_ROLE_KEY is required when SUPABASE_URL is set');
  return createSupabaseDirectory({
    url: config.SUPABASE_URL,
    serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    logger,
  });
}
