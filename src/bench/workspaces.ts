import { requestJson } from '../chaos/http';
import type { Db } from '../db/prisma';
import type { SecretBox } from '../lib/secrets';
import { BENCH_LOCATION_PREFIX } from './ghlSandbox';

export interface BenchLead {
  clientId: string;
  leadId: string;
  contactId: string;
}

const LEAD_TIME_ZONE = 'America/New_York';

interface BenchContext {
  db: Db;
  secrets: SecretBox;
  ghlUrl: string;
  apiUrl: string;
  apiToken: string;
}

/**
 * Bench workspaces: each a GHL location in the sandbox with the demo's calendar, and a workspace row
 * like the demo one (src/main/demoWorkspace.ts). Every lifecycle lead gets its own workspace: leads of one workspace are offered the same earliest slots, so a shared
 * calendar would turn most acceptances into "slot taken, here are new ones" instead of a lifecycle.
 * Leads enter through `PUT /api/workspaces/:clientId/leads/:externalId`, with their contacts at the
 * sandbox. (The workspace rows are still written directly: a bench workspace needs a fixed id.)
 */
export async function createWorkspaceWithLeads(
  ctx: BenchContext,
  tag: string,
  leads: number,
): Promise<BenchLead[]> {
  const clientId = `bench-${tag}`;
  const locationId = `${BENCH_LOCATION_PREFIX}${clientId}`;
  const token = `bench-token-${tag}`;
  const contacts = Array.from({ length: leads }, (_, i) => ({
    id: `${tag}-c${i}`,
    name: `Bench Lead ${tag} ${i}`,
    email: `${tag}-${i}@example.com`,
    phone: `+1555${String(1_000_000 + i).slice(-7)}`,
  }));
  const res = await requestJson(`${ctx.ghlUrl}/_sandbox/locations`, {
    method: 'POST',
    body: {
      locationId,
      token,
      // The demo workspace's calendar (src/main/demoWorkspace.ts): weekdays 9 to 5 in New York.
      calendars: [
        {
          id: `cal-${tag}`,
          timezone: LEAD_TIME_ZONE,
          openHours: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }],
        },
      ],
      contacts,
    },
  });
  if (res.status !== 201) throw new Error(`seeding sandbox location ${locationId} answered ${res.status}`);
  await ctx.db.client.create({
    data: {
      id: clientId,
      name: `Bench ${tag}`,
      ghlLocationId: locationId,
      ghlAccessTokenEnc: ctx.secrets.encrypt(token),
      settings: { create: { ghlCalendarId: `cal-${tag}`, timezone: LEAD_TIME_ZONE } },
    },
  });
  const created: BenchLead[] = [];
  for (const contact of contacts) {
    // Leads enter through the API, as a team's leads do.
    const put = await requestJson<{ lead: { id: string } }>(
      `${ctx.apiUrl}/api/workspaces/${clientId}/leads/${contact.id}`,
      {
        method: 'PUT',
        headers: { Authorization: `Bearer ${ctx.apiToken}` },
        body: { name: contact.name, email: contact.email, phone: contact.phone, timezone: LEAD_TIME_ZONE },
      },
    );
    if (put.status !== 201) throw new Error(`creating lead ${contact.id} answered ${put.status}`);
    const row = put.body.lead;
    created.push({ clientId, leadId: row.id, contactId: contact.id });
  }
  return created;
}

/** `count` workspaces of one lead each, created a few at a time. */
export async function createLifecycleLeads(
  ctx: BenchContext,
  tag: string,
  count: number,
): Promise<BenchLead[]> {
  const leads: BenchLead[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, (_, j) =>
        createWorkspaceWithLeads(ctx, `${tag}-${i + j}`, 1),
      ),
    );
    leads.push(...batch.flat());
  }
  return leads;
}
