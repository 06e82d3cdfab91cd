import type { Db } from '../db/prisma';
import { Prisma } from '../db/prisma';
import { AppError } from '../errors';
import type { SecretBox } from '../lib/secrets';
import type { Logger } from '../logger';
import type { IdentityDirectory } from './identityDirectory';
import {
  ensureUserRows,
  type MemberView,
  replaceMemberRows,
  replayUnresolved,
  resolveAccessLists,
  toMemberViews,
  type UnresolvedEmail,
} from './members';
import { type AccessLists, mergeAccessLists, provisioningHash } from './normalize';
import type { CreateWorkspaceInput, ReplaceMembersInput } from './schemas';
import { lockWorkspace, type SettingsView, settingsView } from './settings';

export interface WorkspaceServiceDeps {
  db: Db;
  secrets: SecretBox;
  directory: IdentityDirectory;
  logger: Logger;
  /** Key of the provisioning-payload HMAC (the payload may contain the GHL token). */
  hashKey: string;
}

export interface ProvisionResult {
  /** true: this request created the workspace (201). false: it already existed (200, idempotent replay). */
  created: boolean;
  body: {
    workspace: { id: string; name: string; ghlLocationId: string; ghlConnected: boolean };
    settings: SettingsView;
    members: MemberView[];
    unresolvedEmails: UnresolvedEmail[];
  };
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

/** The payload after normalisation: what the idempotency hash is computed over. */
function normalisedPayload(input: CreateWorkspaceInput, lists: AccessLists) {
  return {
    v: 1,
    name: input.name,
    ghlLocationId: input.ghlLocationId,
    ghlAccessToken: input.ghlAccessToken ?? null,
    ghlCalendarId: input.ghlCalendarId ?? null,
    meetingBookingProvider: input.meetingBookingProvider,
    timezone: input.timezone ?? null,
    setterEmails: lists.setterEmails,
    inboxManagerEmails: lists.inboxManagerEmails,
  };
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

export function createWorkspaceService(deps: WorkspaceServiceDeps) {
  const { db, logger } = deps;

  const include = { settings: true, members: true, calendly: { select: { clientId: true } } } as const;

  /**
   * The workspace this request is a replay of (same Idempotency-Key, or same normalised payload), or the
   * conflict with another workspace on the same GHL location. The location row is checked last and its own
   * key/hash compared, so a winner committing between the queries is still recognised as a replay.
   */
  async function lookup(key: string | undefined, hash: string, ghlLocationId: string) {
    if (key) {
      const byKey = await db.client.findUnique({ where: { provisioningKey: key }, include });
      if (byKey) return { existing: byKey };
    }
    const byHash = await db.client.findUnique({ where: { provisioningHash: hash }, include });
    if (byHash) return { existing: byHash };
    const byLocation = await db.client.findUnique({ where: { ghlLocationId }, include });
    if (!byLocation) return {};
    if (byLocation.provisioningHash === hash || (key && byLocation.provisioningKey === key))
      return { existing: byLocation };
    return {
      conflict: new AppError(
        'conflict',
        'a workspace for this ghlLocationId already exists with a different provisioning payload; change it with the settings and members endpoints',
        { clientId: byLocation.id },
      ),
    };
  }

  async function replay(
    existing: NonNullable<Awaited<ReturnType<typeof lookup>>['existing']>,
    lists: AccessLists,
  ): Promise<ProvisionResult> {
    const members = toMemberViews(existing.members);
    const unresolved = await replayUnresolved(deps.directory, lists, members);
    logger.info({ clientId: existing.id, replay: true }, 'workspace provisioning replayed');
    return {
      created: false,
      body: {
        workspace: {
          id: existing.id,
          name: existing.name,
          ghlLocationId: existing.ghlLocationId,
          ghlConnected: existing.ghlAccessTokenEnc !== null,
        },
        settings: settingsView(existing.id, existing.settings, existing.calendly !== null),
        members,
        unresolvedEmails: unresolved,
      },
    };
  }

  /**
   * Creates Client + WorkspaceSettings + ClientMember rows in one transaction, or returns the workspace an
   * earlier request with the same Idempotency-Key or the same normalised payload created.
   */
  async function provision(input: CreateWorkspaceInput, idempotencyKey?: string): Promise<ProvisionResult> {
    if (input.meetingBookingProvider === 'calendly')
      throw new AppError(
        'conflict',
        'a new workspace cannot book through Calendly: Calendly is not connected yet. Create it with meetingBookingProvider "ghl", connect Calendly via PUT /api/workspaces/:clientId/integrations/calendly, then switch with PATCH /api/workspaces/:clientId/settings',
      );
    const lists = mergeAccessLists(input);
    const hash = provisioningHash(normalisedPayload(input, lists), deps.hashKey);

    const found = await lookup(idempotencyKey, hash, input.ghlLocationId);
    if (found.existing) return replay(found.existing, lists);
    if (found.conflict) throw found.conflict;

    const resolution = await resolveAccessLists(deps.directory, lists);
    const ghlAccessTokenEnc = input.ghlAccessToken ? deps.secrets.encrypt(input.ghlAccessToken) : null;
    try {
      const result = await db.$transaction(async (tx) => {
        const final = await ensureUserRows(tx, resolution);
        const client = await tx.client.create({
          data: {
            name: input.name,
            ghlLocationId: input.ghlLocationId,
            ghlAccessTokenEnc,
            provisioningKey: idempotencyKey ?? null,
            provisioningHash: hash,
            settings: {
              create: {
                meetingBookingProvider: input.meetingBookingProvider,
                ghlCalendarId: input.ghlCalendarId ?? null,
                ...(input.timezone ? { timezone: input.timezone } : {}),
              },
            },
          },
          include: { settings: true },
        });
        await replaceMemberRows(tx, client.id, final.members);
        const members = await tx.clientMember.findMany({ where: { clientId: client.id } });
        return { client, members: toMemberViews(members), unresolved: final.unresolved };
      }, TX_OPTIONS);
      const { client } = result;
      logger.info(
        {
          clientId: client.id,
          ghlLocationId: client.ghlLocationId,
          members: result.members.length,
          unresolvedEmails: result.unresolved.length,
          directory: deps.directory.kind,
        },
        'workspace provisioned',
      );
      return {
        created: true,
        body: {
          workspace: {
            id: client.id,
            name: client.name,
            ghlLocationId: client.ghlLocationId,
            ghlConnected: client.ghlAccessTokenEnc !== null,
          },
          settings: settingsView(client.id, client.settings, false),
          members: result.members,
          unresolvedEmails: result.unresolved,
        },
      };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // A concurrent request won the race (unique provisioningKey / provisioningHash / ghlLocationId).
      const winner = await lookup(idempotencyKey, hash, input.ghlLocationId);
      if (winner.existing) return replay(winner.existing, lists);
      throw winner.conflict ?? new AppError('conflict', 'workspace already exists');
    }
  }

  /** Sets the access lists to exactly what is given: unlisted members are removed, new ones added. */
  async function replaceMembers(
    clientId: string,
    input: ReplaceMembersInput,
  ): Promise<{ members: MemberView[]; unresolvedEmails: UnresolvedEmail[] }> {
    const exists = await db.client.findUnique({ where: { id: clientId }, select: { id: true } });
    if (!exists) throw new AppError('not_found', `unknown workspace ${clientId}`);
    const resolution = await resolveAccessLists(deps.directory, mergeAccessLists(input));
    const result = await db.$transaction(async (tx) => {
      // Serialises concurrent replacements of the same workspace's lists (last one wins, whole).
      if (!(await lockWorkspace(tx, clientId)))
        throw new AppError('not_found', `unknown workspace ${clientId}`);
      const final = await ensureUserRows(tx, resolution);
      await replaceMemberRows(tx, clientId, final.members);
      const rows = await tx.clientMember.findMany({ where: { clientId } });
      return { members: toMemberViews(rows), unresolvedEmails: final.unresolved };
    }, TX_OPTIONS);
    logger.info(
      { clientId, members: result.members.length, unresolvedEmails: result.unresolvedEmails.length },
      'workspace members replaced',
    );
    return result;
  }

  return { provision, replaceMembers };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
