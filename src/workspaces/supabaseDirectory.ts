import { z } from 'zod';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { IdentityDirectory } from './identityDirectory';

/**
 * Supabase Auth as the identity directory: lists users through the GoTrue admin API
 * (`GET {url}/auth/v1/admin/users?page=&per_page=`, headers `apikey` and `Authorization: Bearer` with the
 * service-role key), page by page until every wanted email is found or the list ends. Emails are
 * compared case-insensitively. The key is only ever put in request headers: never in a URL, log or error.
 */
export interface SupabaseDirectoryOptions {
  url: string;
  serviceRoleKey: string;
  timeoutMs?: number;
  perPage?: number;
  /** Refuse to scan more than this many pages (an answer that never ends is an error, not "no user"). */
  maxPages?: number;
  logger?: Pick<Logger, 'warn'>;
  fetch?: typeof fetch;
}

const usersPageSchema = z.object({
  users: z.array(z.object({ id: z.string().min(1), email: z.string().nullish() })),
});

export function createSupabaseDirectory(opts: SupabaseDirectoryOptions): IdentityDirectory {
  const base = opts.url.replace(/\/+$/, '');
  const perPage = opts.perPage ?? 200;
  const maxPages = opts.maxPages ?? 1000;
  const doFetch = opts.fetch ?? fetch;

  function unavailable(reason: string): AppError {
    opts.logger?.warn({ directory: 'supabase', reason }, 'identity directory lookup failed');
    return new AppError('unavailable', `identity directory (Supabase Auth) unavailable: ${reason}`);
  }

  async function page(n: number) {
    const url = `${base}/auth/v1/admin/users?page=${n}&per_page=${perPage}`;
    let res: Response;
    try {
      res = await doFetch(url, {
        headers: {
          apikey: opts.serviceRoleKey,
          Authorization: `Bearer ${opts.serviceRoleKey}`,
          Accept: 'application/json',
        },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      const name = (err as Error)?.name;
      throw unavailable(name === 'TimeoutError' ? 'request timed out' : 'request failed');
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw unavailable(`HTTP ${res.status}`);
    }
    const parsed = usersPageSchema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw unavailable('unexpected response body');
    return parsed.data.users;
  }

  return {
    kind: 'supabase',
    async lookupUsersByEmail(emails) {
      const wanted = new Set(emails.map((e) => e.toLowerCase()));
      const found = new Map<string, string>();
      if (wanted.size === 0) return found;
      for (let n = 1; n <= maxPages; n++) {
        const users = await page(n);
        for (const u of users) {
          const email = u.email?.trim().toLowerCase();
          if (email && wanted.has(email) && !found.has(email)) found.set(email, u.id);
        }
        if (found.size === wanted.size || users.length < perPage) return found;
      }
      throw unavailable(`more than ${maxPages * perPage} users`);
    },
  };
}
