import { Router } from 'express';
import { z } from 'zod';
import {
  connectCalendly,
  disconnectCalendly,
  readCalendlyConnection,
} from '../../integrations/calendly/connect';
import { IdString } from '../../lib/safeText';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import { parseOrThrow } from '../errors';

/**
 * The body carries a credential, so every message is fixed text: a zod message never includes the value
 * it received, and neither do these.
 */
export const connectBodySchema = z
  .object({
    personalAccessToken: z
      .string({ error: 'personalAccessToken is required and must be a string' })
      // Not trimmed: a token with a stray tab or newline is refused rather than quietly altered.
      .min(1, { error: 'personalAccessToken must not be empty' })
      .max(4096, { error: 'personalAccessToken is too long' })
      // Printable ASCII without spaces: anything else cannot travel in an Authorization header.
      .regex(/^[\x21-\x7e]+$/, { error: 'personalAccessToken contains characters a token cannot have' }),
    eventTypeUri: z
      .url({ protocol: /^https?$/, error: 'eventTypeUri must be a Calendly event type URI' })
      .max(2048, { error: 'eventTypeUri is too long' })
      .optional(),
  })
  .strict();

export const clientIdSchema = IdString;

/** Admin endpoints connecting a workspace to Calendly (src/integrations/calendly/connect.ts). */
export function calendlyIntegrationRoutes(deps: ApiDeps): Router {
  const r = Router();
  const auth = requireBearer(deps.config.ADMIN_API_TOKEN, 'ADMIN_API_TOKEN');
  const service = { db: deps.db, secrets: deps.secrets, config: deps.config };
  const path = '/api/workspaces/:clientId/integrations/calendly';

  r.put(path, auth, async (req, res) => {
    const clientId = parseOrThrow(clientIdSchema, req.params.clientId, 'workspace id');
    const body = parseOrThrow(connectBodySchema, req.body ?? {});
    res.json(await connectCalendly(service, clientId, body));
  });

  r.get(path, auth, async (req, res) => {
    const clientId = parseOrThrow(clientIdSchema, req.params.clientId, 'workspace id');
    res.json(await readCalendlyConnection(service, clientId));
  });

  r.delete(path, auth, async (req, res) => {
    const clientId = parseOrThrow(clientIdSchema, req.params.clientId, 'workspace id');
    res.json(await disconnectCalendly(service, clientId));
  });
  return r;
}
