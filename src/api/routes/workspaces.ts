import { Router } from 'express';
import { IdString } from '../../lib/safeText';
import { createIdentityDirectory } from '../../workspaces/identityDirectory';
import { createWorkspaceService } from '../../workspaces/provisioning';
import {
  createWorkspaceSchema,
  idempotencyKeySchema,
  replaceMembersSchema,
  settingsPatchSchema,
} from '../../workspaces/schemas';
import { getSettings, patchSettings } from '../../workspaces/settings';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import {
  ADMIN_TOKEN,
  body,
  docs,
  errors,
  jsonSchemaOf,
  ok,
  pathParam,
  type RouteDocs,
} from '../docs/registry';
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
    const clientId = parseOrThrow(IdString, req.params.clientId, 'workspace id');
    const body = parseOrThrow(replaceMembersSchema, req.body);
    res.json(await service.replaceMembers(clientId, body));
  });

  r.get('/api/workspaces/:clientId/settings', admin, async (req, res) => {
    const clientId = parseOrThrow(IdString, req.params.clientId, 'workspace id');
    res.json({ settings: await getSettings(deps.db, clientId) });
  });

  r.patch('/api/workspaces/:clientId/settings', admin, async (req, res) => {
    const clientId = parseOrThrow(IdString, req.params.clientId, 'workspace id');
    const patch = parseOrThrow(settingsPatchSchema, req.body);
    res.json({ settings: await patchSettings(deps, clientId, patch) });
  });
  return r;
}

export function workspaceDocs(): RouteDocs {
  const clientId = pathParam('clientId', IdString, 'Workspace (client) id');
  const admin = { tags: ['workspaces'], security: ADMIN_TOKEN };
  return docs(
    [
      {
        method: 'post',
        path: '/api/admin/workspaces',
        operation: {
          ...admin,
          operationId: 'createWorkspace',
          summary: 'Provision a workspace with its setter and inbox-manager access lists',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Replays answer 200 with `Idempotent-Replayed: true`',
              schema: jsonSchemaOf(idempotencyKeySchema),
            },
          ],
          requestBody: body('CreateWorkspace'),
          responses: {
            '201': ok('Created'),
            '200': ok('Idempotent replay of an earlier create'),
            ...errors('400', '401', '409', '413', '415', '500'),
          },
        },
      },
      {
        method: 'put',
        path: '/api/admin/workspaces/:clientId/members',
        operation: {
          ...admin,
          operationId: 'replaceMembers',
          summary: "Replace the workspace's setter and inbox-manager access lists",
          parameters: [clientId],
          requestBody: body('ReplaceMembers'),
          responses: {
            '200': ok('The new access lists'),
            ...errors('400', '401', '404', '413', '415', '500'),
          },
        },
      },
      {
        method: 'get',
        path: '/api/workspaces/:clientId/settings',
        operation: {
          ...admin,
          operationId: 'getSettings',
          summary: 'Booking settings of a workspace',
          parameters: [clientId],
          responses: { '200': ok('`{ settings }`'), ...errors('400', '401', '404', '500') },
        },
      },
      {
        method: 'patch',
        path: '/api/workspaces/:clientId/settings',
        operation: {
          ...admin,
          operationId: 'patchSettings',
          summary:
            'Change booking settings (and the Calendly event type, checked at Calendly, without reconnecting)',
          parameters: [clientId],
          requestBody: body('SettingsPatch'),
          responses: {
            '200': ok('`{ settings }` after the change'),
            ...errors('400', '401', '404', '409', '413', '415', '422', '500', '503'),
          },
        },
      },
    ],
    {
      CreateWorkspace: createWorkspaceSchema,
      ReplaceMembers: replaceMembersSchema,
      SettingsPatch: settingsPatchSchema,
    },
  );
}
