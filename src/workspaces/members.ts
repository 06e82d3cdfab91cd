import type { Prisma } from '../db/prisma';
import type { MemberRole } from '../generated/prisma/client';
import type { IdentityDirectory } from './identityDirectory';
import { type AccessLists, type RoleRequest, rolesByEmail } from './normalize';

/**
 * Access lists → ClientMember rows. `ClientMember.userId` is required (and references `User.id`), so an
 * email without a user cannot be stored as a member: it is reported in `unresolvedEmails`, never dropped
 * silently.
 */

export type UnresolvedReason =
  /** The identity directory has no user with this email. */
  | 'no_matching_user'
  /** The directory's user id for this email differs from the local `User` row holding the same email. */
  | 'user_id_conflict'
  /** Idempotent replay: the workspace already existed and nothing was changed (use PUT .../members). */
  | 'not_applied_on_replay';

export interface UnresolvedEmail {
  email: string;
  roles: MemberRole[];
  reason: UnresolvedReason;
}

export interface MemberView {
  email: string;
  userId: string;
  role: MemberRole;
}

export interface Resolution {
  members: MemberView[];
  unresolved: UnresolvedEmail[];
}

const ROLE_ORDER: Record<MemberRole, number> = { SETTER: 0, INBOX_MANAGER: 1 };

export function sortMembers(members: MemberView[]): MemberView[] {
  return [...members].sort(
    (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.email.localeCompare(b.email),
  );
}

export function toMemberViews(
  rows: ReadonlyArray<{ email: string; userId: string; role: MemberRole }>,
): MemberView[] {
  return sortMembers(rows.map(({ email, userId, role }) => ({ email, userId, role })));
}

/** Looks every distinct email up once; splits the requested (email, role) pairs into members and unresolved. */
export async function resolveAccessLists(
  directory: IdentityDirectory,
  lists: AccessLists,
): Promise<Resolution> {
  const requests = rolesByEmail(lists);
  const ids = requests.length ? await directory.lookupUsersByEmail(requests.map((r) => r.email)) : new Map();
  return splitByResolution(requests, ids);
}

function splitByResolution(requests: RoleRequest[], ids: Map<string, string>): Resolution {
  const members: MemberView[] = [];
  const unresolved: UnresolvedEmail[] = [];
  for (const { email, roles } of requests) {
    const userId = ids.get(email);
    if (userId) for (const role of roles) members.push({ email, userId, role });
    else unresolved.push({ email, roles, reason: 'no_matching_user' });
  }
  return { members: sortMembers(members), unresolved };
}

/**
 * Makes sure every resolved user has a `User` row (ClientMember.userId references it). Users from the local
 * directory already have one; users from Supabase are mirrored (id = Supabase user id). An email whose local
 * row belongs to a different id cannot be mirrored and moves to `unresolved` as `user_id_conflict`.
 */
export async function ensureUserRows(
  tx: Prisma.TransactionClient,
  resolution: Resolution,
): Promise<Resolution> {
  const byUser = new Map<string, string>();
  for (const m of resolution.members) byUser.set(m.userId, m.email);
  if (byUser.size === 0) return resolution;
  const ids = [...byUser.keys()];
  const present = new Set(
    (await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((u) => u.id),
  );
  const missing = ids.filter((id) => !present.has(id));
  if (missing.length === 0) return resolution;
  await tx.user.createMany({
    data: missing.map((id) => ({ id, email: byUser.get(id) as string })),
    skipDuplicates: true,
  });
  const created = await tx.user.findMany({ where: { id: { in: missing } }, select: { id: true } });
  for (const u of created) present.add(u.id);

  const members: MemberView[] = [];
  const conflicted = new Map<string, MemberRole[]>();
  for (const m of resolution.members) {
    if (present.has(m.userId)) members.push(m);
    else conflicted.set(m.email, [...(conflicted.get(m.email) ?? []), m.role]);
  }
  const unresolved = [
    ...resolution.unresolved,
    ...[...conflicted].map(([email, roles]) => ({ email, roles, reason: 'user_id_conflict' as const })),
  ].sort((a, b) => a.email.localeCompare(b.email));
  return { members, unresolved };
}

/**
 * Sets the workspace's members to exactly `members` (by user id and role): rows not listed are deleted,
 * new ones added, changed emails updated. Runs inside the caller's transaction.
 */
export async function replaceMemberRows(
  tx: Prisma.TransactionClient,
  clientId: string,
  members: MemberView[],
): Promise<void> {
  const key = (m: { userId: string; role: MemberRole }) => `${m.role}\u0000${m.userId}`;
  const desired = new Map(members.map((m) => [key(m), m]));
  const existing = await tx.clientMember.findMany({ where: { clientId } });
  const stale = existing.filter((row) => !desired.has(key(row))).map((row) => row.id);
  if (stale.length) await tx.clientMember.deleteMany({ where: { id: { in: stale } } });
  for (const row of existing) {
    const want = desired.get(key(row));
    if (want && want.email !== row.email)
      await tx.clientMember.update({ where: { id: row.id }, data: { email: want.email } });
  }
  const have = new Set(existing.map(key));
  const fresh = members.filter((m) => !have.has(key(m)));
  if (fresh.length)
    await tx.clientMember.createMany({
      data: fresh.map((m) => ({ clientId, userId: m.userId, email: m.email, role: m.role })),
      skipDuplicates: true,
    });
}

/**
 * For an idempotent replay: the requested (email, role) pairs that are not current members, reported
 * with why (no user in the directory, or simply not applied because nothing is changed on replay).
 */
export async function replayUnresolved(
  directory: IdentityDirectory,
  lists: AccessLists,
  current: MemberView[],
): Promise<UnresolvedEmail[]> {
  const have = new Set(current.map((m) => `${m.role}\u0000${m.email}`));
  const missing = rolesByEmail(lists)
    .map(({ email, roles }) => ({ email, roles: roles.filter((r) => !have.has(`${r}\u0000${email}`)) }))
    .filter((r) => r.roles.length > 0);
  if (missing.length === 0) return [];
  const ids = await directory.lookupUsersByEmail(missing.map((m) => m.email));
  return missing.map(({ email, roles }) => ({
    email,
    roles,
    reason: ids.has(email) ? ('not_applied_on_replay' as const) : ('no_matching_user' as const),
  }));
}
