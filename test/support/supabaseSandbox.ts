import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

/**
 * A tiny stand-in for Supabase Auth (GoTrue), implementing only the admin users list the identity
 * directory uses: `GET /auth/v1/admin/users?page=&per_page=` with the service-role key in both the
 * `apikey` and `Authorization: Bearer` headers. Answers `{ users, aud }` plus `X-Total-Count`, like GoTrue.
 */
export interface SupabaseSandbox {
  url: string;
  serviceRoleKey: string;
  /** Adds a user; returns its id (a UUID, as Supabase assigns). */
  addUser(email: string): string;
  /** Requests received (page numbers and whether they were authorised). */
  requests: Array<{ page: number; perPage: number; authorised: boolean }>;
  close(): Promise<void>;
}

interface SandboxUser {
  id: string;
  aud: string;
  role: string;
  email: string;
  created_at: string;
}

export async function startSupabaseSandbox(opts: { serviceRoleKey?: string } = {}): Promise<SupabaseSandbox> {
  const serviceRoleKey = opts.serviceRoleKey ?? `sb-service-role-${randomUUID()}`;
  const users: SandboxUser[] = [];
  const requests: SupabaseSandbox['requests'] = [];
  const app = express();

  app.get('/auth/v1/admin/users', (req, res) => {
    const page = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
    const perPage = Math.min(
      1000,
      Math.max(1, Number.parseInt(String(req.query.per_page ?? '50'), 10) || 50),
    );
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const authorised = req.get('apikey') === serviceRoleKey && bearer === serviceRoleKey;
    requests.push({ page, perPage, authorised });
    if (!authorised) {
      res.status(401).json({
        code: 401,
        error_code: 'no_authorization',
        msg: 'This endpoint requires a valid service role key',
      });
      return;
    }
    const slice = users.slice((page - 1) * perPage, page * perPage);
    res.set('X-Total-Count', String(users.length));
    res.json({ users: slice, aud: 'authenticated' });
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    serviceRoleKey,
    requests,
    addUser(email) {
      const id = randomUUID();
      users.push({
        id,
        aud: 'authenticated',
        role: 'authenticated',
        email,
        created_at: new Date().toISOString(),
      });
      return id;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
