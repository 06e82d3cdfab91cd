import type { Db } from '../db/prisma';
import type { WebhookTarget } from '../sandboxes/ghl';

/**
 * Where the embedded GHL sandbox sends each location's webhooks: to the workspace that holds the
 * location (`Client.ghlLocationId`), at `<apiUrl>/api/webhooks/ghl/<clientId>`, looked up per delivery
 * so a workspace created after start gets its webhooks at once. Before `attach` (the database and API
 * are not up yet) and for a location no workspace holds, there is no target.
 */
export function workspaceWebhookTargets(): {
  target: WebhookTarget;
  attach(db: Db, apiUrl: string): void;
} {
  let resolve: ((locationId: string) => Promise<string | undefined>) | undefined;
  return {
    target: (locationId) => resolve?.(locationId),
    attach(db, apiUrl) {
      resolve = async (locationId) => {
        const client = await db.client.findUnique({
          where: { ghlLocationId: locationId },
          select: { id: true },
        });
        return client ? `${apiUrl}/api/webhooks/ghl/${encodeURIComponent(client.id)}` : undefined;
      };
    },
  };
}
