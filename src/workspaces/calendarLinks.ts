import { z } from 'zod';
import type { Db } from '../db/prisma';
import { AppError } from '../errors';
import type { SecretBox } from '../lib/secrets';
import { AVAILABILITY_SOURCES } from '../providers/availabilitySources';
import { AVAILABILITY_SOURCE_NAMES } from '../providers/names';

/**
 * A workspace's calendar links (GET/PUT /api/workspaces/:clientId/calendar-links). The default one is
 * where offered availability comes from (activities/availability.ts); a PUT replaces the whole list.
 */
const calendarLinkInputSchema = z
  .object({
    type: z.enum(AVAILABILITY_SOURCE_NAMES),
    url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }).max(2048),
    isDefault: z.boolean().default(false),
    // A credential: messages never echo it. Kept when omitted and the same link already has one.
    accessToken: z
      .string()
      .min(1, { error: 'accessToken must not be empty' })
      .max(4096, { error: 'accessToken is too long' })
      .regex(/^[\x21-\x7e]+$/, { error: 'accessToken contains characters a token cannot have' })
      .optional(),
  })
  .strict();

export const calendarLinksBodySchema = z
  .object({ links: z.array(calendarLinkInputSchema).max(50) })
  .strict()
  .superRefine(({ links }, ctx) => {
    const seen = new Set<string>();
    links.forEach((link, i) => {
      const wrongUrl = AVAILABILITY_SOURCES[link.type].checkUrl(link.url);
      if (wrongUrl) ctx.addIssue({ code: 'custom', path: ['links', i, 'url'], message: wrongUrl });
      const key = `${link.type} ${link.url}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['links', i, 'url'], message: 'the same link is listed twice' });
      seen.add(key);
      if (link.accessToken && !AVAILABILITY_SOURCES[link.type].needsAccessToken)
        ctx.addIssue({
          code: 'custom',
          path: ['links', i, 'accessToken'],
          message: `a ${link.type} link reads with the workspace's ${link.type} connection: no accessToken`,
        });
    });
    const defaults = links.flatMap((l, i) => (l.isDefault ? [i] : []));
    for (const i of defaults.slice(1))
      ctx.addIssue({
        code: 'custom',
        path: ['links', i, 'isDefault'],
        message: 'only one link can be the default',
      });
  });
export type CalendarLinksInput = z.infer<typeof calendarLinksBodySchema>;

export const calendarLinkViewSchema = z.object({
  id: z.string(),
  type: z.enum(AVAILABILITY_SOURCE_NAMES),
  url: z.string(),
  isDefault: z.boolean(),
  /** Whether the link carries its own token (never returned). */
  hasAccessToken: z.boolean(),
  createdAt: z.string(),
});

type LinkRow = Awaited<ReturnType<Db['calendarLink']['findMany']>>[number];

const view = (l: LinkRow) => ({
  id: l.id,
  type: l.type,
  url: l.url,
  isDefault: l.isDefault,
  hasAccessToken: l.accessTokenEnc !== null,
  createdAt: l.createdAt.toISOString(),
});

async function requireWorkspace(db: Db, clientId: string) {
  const client = await db.client.findUnique({ where: { id: clientId }, select: { id: true } });
  if (!client) throw new AppError('not_found', `unknown workspace ${clientId}`);
}

export async function readCalendarLinks(db: Db, clientId: string) {
  await requireWorkspace(db, clientId);
  const links = await db.calendarLink.findMany({ where: { clientId }, orderBy: { createdAt: 'asc' } });
  return { links: links.map(view) };
}

/**
 * Replaces the list in one transaction and drops the workspace's cached availability (the next offer
 * reads the new default source). A link that needs a token and gets none keeps the one stored for the
 * same URL, or the whole PUT is refused with a field-level error and nothing is written.
 */
export async function replaceCalendarLinks(
  db: Db,
  secrets: SecretBox,
  clientId: string,
  input: CalendarLinksInput,
) {
  await requireWorkspace(db, clientId);
  return db.$transaction(async (tx) => {
    const existing = await tx.calendarLink.findMany({ where: { clientId } });
    const rows = input.links.map((link, i) => {
      const kept = existing.find((e) => e.type === link.type && e.url === link.url)?.accessTokenEnc ?? null;
      const accessTokenEnc = link.accessToken ? secrets.encrypt(link.accessToken) : kept;
      if (AVAILABILITY_SOURCES[link.type].needsAccessToken && !accessTokenEnc)
        throw new AppError('validation_failed', 'invalid request body', [
          { path: `links.${i}.accessToken`, message: `a ${link.type} link needs an accessToken` },
        ]);
      return { clientId, type: link.type, url: link.url, isDefault: link.isDefault, accessTokenEnc };
    });
    await tx.calendarLink.deleteMany({ where: { clientId } });
    // createdAt orders the list as given.
    const base = Date.now();
    for (const [i, row] of rows.entries())
      await tx.calendarLink.create({ data: { ...row, createdAt: new Date(base + i) } });
    await tx.workspaceAvailabilityCache.deleteMany({ where: { clientId } });
    const links = await tx.calendarLink.findMany({ where: { clientId }, orderBy: { createdAt: 'asc' } });
    return { links: links.map(view) };
  });
}
