import { requestJson } from './http';
import type { ChaosOptions } from './options';
import type { Chance } from './random';
import type { GhlSandboxControl } from './sandboxes';

/** What a lead does once offered slots. */
export type LeadScript =
  | 'accept' // one reply picking a slot
  | 'double_same_slot' // two texts at the same moment, both picking the same slot
  | 'double_different_slots' // two texts at the same moment picking different slots
  | 'double_duplicate_message' // the same text delivered twice at once (same messageId)
  | 'decline'
  | 'unclear'; // nobody can read it: must end flagged for a person

export interface ChaosLead {
  index: number;
  leadId: string;
  clientId: string;
  provider: 'ghl' | 'calendly';
  ghlContactId?: string;
  email: string;
  timezone: string;
  script: LeadScript;
  /** Which offered slot (0-based) the lead's text picks; the second text of a different-slot pair picks `otherSlot`. */
  slot: number;
  otherSlot: number;
  /** Duplicate / reorder this lead's appointment webhooks once booked. */
  webhookChaos: boolean;
}

const TIME_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Madrid',
  'Asia/Tokyo',
  'Australia/Sydney',
];

export function planLeads(options: ChaosOptions, chance: Chance): Omit<ChaosLead, 'leadId' | 'clientId'>[] {
  const plans: Omit<ChaosLead, 'leadId' | 'clientId'>[] = [];
  for (let index = 0; index < options.leads; index++) {
    const provider = chance.chance(options.calendlyShare) ? 'calendly' : 'ghl';
    const double = chance.chance(options.doubleTextShare);
    const script: LeadScript = double
      ? chance.pick(['double_same_slot', 'double_different_slots', 'double_duplicate_message'] as const)
      : chance.weighted({ accept: 80, decline: 12, unclear: 8 });
    const slot = chance.int(0, 2);
    const tag = `chaos-${options.seed}-${index}`;
    plans.push({
      index,
      provider,
      ghlContactId: provider === 'ghl' ? tag : undefined,
      email: `${tag}@example.com`,
      timezone: chance.pick(TIME_ZONES),
      script,
      slot,
      otherSlot: (slot + chance.int(1, 2)) % 3,
      webhookChaos: provider === 'ghl' && chance.chance(0.5),
    });
  }
  return plans;
}

/**
 * Creates the leads the way a team's leads arrive: GHL leads get their contact at the GHL sandbox (its
 * control API), then every lead is upserted through `PUT /api/workspaces/:clientId/leads/:externalId`
 * (externalId = the GHL contact id; Calendly-only leads get a synthetic one).
 */
export async function createLeads(
  plans: Omit<ChaosLead, 'leadId' | 'clientId'>[],
  ctx: {
    apiUrl: string;
    apiToken: string;
    ghlClientId: string;
    calendlyClientId: string;
    ghl: GhlSandboxControl;
  },
): Promise<ChaosLead[]> {
  await ctx.ghl.seedDemoLocation(
    plans
      .filter((p) => p.ghlContactId)
      .map((p) => ({
        id: p.ghlContactId as string,
        name: `Chaos Lead ${p.index}`,
        email: p.email,
        phone: `+1555${String(1_000_000 + p.index).slice(-7)}`,
      })),
  );
  const leads: ChaosLead[] = [];
  for (const plan of plans) {
    const clientId = plan.provider === 'ghl' ? ctx.ghlClientId : ctx.calendlyClientId;
    const externalId =
      plan.ghlContactId ?? `chaos-calendly-${plan.index}-${plan.email.replace(/[^a-z0-9]/gi, '')}`;
    const answer = await requestJson<{ lead: { id: string } }>(
      `${ctx.apiUrl}/api/workspaces/${clientId}/leads/${encodeURIComponent(externalId)}`,
      {
        method: 'PUT',
        headers: { Authorization: `Bearer ${ctx.apiToken}` },
        body: {
          name: `Chaos Lead ${plan.index}`,
          email: plan.email,
          phone: `+1555${String(1_000_000 + plan.index).slice(-7)}`,
          timezone: plan.timezone,
        },
      },
    );
    if (answer.status !== 201 && answer.status !== 200)
      throw new Error(`creating lead ${plan.index} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    leads.push({ ...plan, leadId: answer.body.lead.id, clientId });
  }
  return leads;
}
