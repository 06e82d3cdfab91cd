import { Router } from 'express';
import { createIdentityDirectory } from '../../workspaces/identityDirectory';
import { createWorkspaceService } from '../../workspaces/provisioning';
import {
  clientIdSchema,
  createWorkspaceSchema,
  idempotencyKeySchema,
  replaceMembersSchema,
  settingsPatchSchema,
} from '../../workspaces/schemas';
import { getSettings, patchSettings } from '../../workspaces/settings';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import { parseOrThrow } from '../errors';

/**
 * Workspace provisioning (admin): create a workspace with its setter and inbox-manager access lists,
 * replace those lists, read and change booking settings. All behind ADMIN_API_TOKEN.
 * See docs/workspaces.md.
 */
export function workspaceRoutes(deps: ApiDeps): Router {
  const r = Router();
  const admin = requireBearer(deps.config.ADMIN_API_TOKEN, 'ADMIN_API_TOKEN');
  const service = createWorkspaceService({
    db: deps.db,
    secrets: deps.secrets,
    directory: createIdentityDirectory(deps.config, deps.db, deps.logger),
    logger: deps.logger,
    hashKey: deps.config.SECRETS_ENCRYPTION_KEY ?? '',
  });

  r.post('/api/admin/workspaces', admin, async (req, res) => {
    const header = req.get('Idempotency-Key');
    const key =
      header === undefined ? undefined : parseOrThrow(idempotencyKeySchema, header, 'Idempotency-Key header');
    const body = parseOrThrow(createWorkspaceSchema, req.body);
    const result = await service.provision(body, key);
    if (!result.created) res.set('Idempotent-Replayed', 'true');
    res.status(result.created ? 201 : 200).json(result.body);
  });

  r.put('/api/admin/workspaces/:clientId/members', admin, async (req, res) => {
    const clientId = parseOrThrow(clientIdSchema, req.params.clientId, 'workspace id');
    const body = parseOrThrow(replaceMembersSchema, req.body);
    res.json(await service.replaceMembers(clientId, body));
  });

  r.get('/api/workspaces/:clientId/settings', admin, async (req, res) => {
    const clientId = parseOrThrow(clientIdSchema, req.params.clientId, 'workspace id');
    res.json({ settings: await getSettings(deps.db, clientId) });
  });

  r.patch('/api/workspaces/:clientId/settings', admin, async (req, res) => {
    const clientId = parseOrThrow(clientIdSchema, req.params.clientId, 'workspace id');
    const patch = parseOrThrow(settingsPatchSchema, req.body);
    res.json({ settings: await patchSettings(deps.db, clientId, patch) });
  });
  return r;
}
