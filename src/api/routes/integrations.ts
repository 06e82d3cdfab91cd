import { Router } from 'express';
import { IdString } from '../../lib/safeText';
import type { ProviderConnect, ProviderModule } from '../../providers/module';
import { providerModules } from '../../providers/registry';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import { ADMIN_TOKEN, body, docs, errors, ok, pathParam, type RouteDocs } from '../docs/registry';
import { parseOrThrow } from '../errors';

type Connectable = ProviderModule & { connect: ProviderConnect };
const connectable = () => providerModules().filter((p): p is Connectable => p.connect !== undefined);
const integrationPath = (p: ProviderModule) => `/api/workspaces/:clientId/integrations/${p.name}`;

/**
 * Admin endpoints connecting a workspace to a provider that has a connect flow
 * (`/api/workspaces/:clientId/integrations/:provider`: today Calendly, src/providers/calendly/connect.ts).
 */
export function integrationRoutes(deps: ApiDeps): Router {
  const r = Router();
  const auth = requireBearer(deps.config.ADMIN_API_TOKEN, 'ADMIN_API_TOKEN');
  const service = { db: deps.db, secrets: deps.secrets, config: deps.config };
  for (const provider of connectable()) {
    const { connect } = provider;
    const path = integrationPath(provider);
    const workspace = (params: { clientId?: unknown }) =>
      parseOrThrow(IdString, params.clientId, 'workspace id');

    r.put(path, auth, async (req, res) => {
      const clientId = workspace(req.params);
      const input = parseOrThrow(connect.bodySchema, req.body ?? {});
      res.json(await connect.connect(service, clientId, input));
    });
    r.get(path, auth, async (req, res) => {
      res.json(await connect.read(service, workspace(req.params)));
    });
    r.delete(path, auth, async (req, res) => {
      res.json(await connect.disconnect(service, workspace(req.params)));
    });
  }
  return r;
}

export function integrationDocs(): RouteDocs {
  const d = docs([]);
  for (const provider of connectable()) {
    const { label } = provider;
    const path = integrationPath(provider);
    const schemaName = `${label}Connect`;
    const clientId = pathParam('clientId', IdString, 'Workspace (client) id');
    d.schemas[schemaName] = provider.connect.bodySchema;
    const op = (operationId: string, summary: string, rest: object) => ({
      operationId,
      tags: ['workspaces'],
      summary,
      security: ADMIN_TOKEN,
      parameters: [clientId],
      ...rest,
    });
    d.routes.push(
      {
        method: 'put',
        path,
        operation: op(
          `connect${label}`,
          `Connect the workspace to ${label} (credentials stored encrypted, webhook subscription created)`,
          {
            requestBody: body(schemaName),
            responses: {
              '200': ok('The connection (no secrets)'),
              ...errors('400', '401', '404', '413', '415', '500'),
            },
          },
        ),
      },
      {
        method: 'get',
        path,
        operation: op(`get${label}Connection`, `The workspace's ${label} connection (no secrets)`, {
          responses: { '200': ok('The connection'), ...errors('400', '401', '404', '500') },
        }),
      },
      {
        method: 'delete',
        path,
        operation: op(
          `disconnect${label}`,
          `Disconnect ${label} (webhook subscription removed, secrets deleted)`,
          {
            responses: { '200': ok('Disconnected'), ...errors('400', '401', '404', '500') },
          },
        ),
      },
    );
  }
  return d;
}
