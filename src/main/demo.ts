/**
 * `npm run demo [-- --provider calendly]` (with `npm start` running): walks one new demo lead from offer
 * to a booked GHL appointment (or Calendly invitee) with reminders scheduled, through the real API, and prints the timeline and the link to
 * the workflow in the Temporal UI.
 */
import path from 'node:path';
import {
  type LeadBookingSnapshot,
  leadBookingWorkflowId,
  type OfferResult,
  type ReplyResult,
} from '../../workflows/messages';
import { loadConfig } from '../config';
import { createDb } from '../db/prisma';
import { DEMO, DEMO_CALENDLY, DEMO_SANDBOX_LOCATION } from './demoWorkspace';
import { loadOrCreateEmbeddedSecrets } from './embeddedSecrets';

async function main() {
  const base = loadConfig();
  const { values } = loadOrCreateEmbeddedSecrets(path.resolve(base.DATA_DIR), process.env);
  const config = loadConfig({ ...process.env, ...values });
  const apiUrl = config.PUBLIC_BASE_URL ?? `http://${config.HOST}:${config.PORT}`;
  const uiUrl = config.TEMPORAL_UI_URL ?? `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`;
  const ghlUrl = config.GHL_API_BASE_URL ?? `http://127.0.0.1:${config.GHL_SANDBOX_PORT}`;
  const auth = { Authorization: `Bearer ${config.API_TOKEN}`, 'Content-Type': 'application/json' };
  const say = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)}  ${line}\n`);

  const ready = await fetch(`${apiUrl}/readyz`).catch(() => undefined);
  if (!ready?.ok) throw new Error(`the service is not ready at ${apiUrl}; start it first with: npm start`);

  // A fresh lead each run, so the demo can be repeated.
  const provider = process.argv.includes('calendly') ? 'calendly' : 'ghl';
  const db = createDb(
    config.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${config.POSTGRES_PORT}/booking`,
  );
  const client = await db.client.findUniqueOrThrow({
    where: { ghlLocationId: provider === 'calendly' ? DEMO_CALENDLY.locationId : DEMO.locationId },
  });
  const stamp = Date.now();
  const contactId = provider === 'ghl' ? `demo-contact-${stamp}` : null;
  if (contactId) {
    await fetch(`${ghlUrl}/_sandbox/locations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ...DEMO_SANDBOX_LOCATION,
        contacts: [...(DEMO_SANDBOX_LOCATION.contacts ?? []), { id: contactId, name: 'Riley Demo' }],
      }),
    });
  }
  // The lead enters the way a team's leads do: through the API, keyed by its GHL contact id.
  const externalId = contactId ?? `demo-calendly-${stamp}`;
  const put = await fetch(`${apiUrl}/api/workspaces/${client.id}/leads/${externalId}`, {
    method: 'PUT',
    headers: auth,
    body: JSON.stringify({
      name: 'Riley Demo',
      email: `riley+${stamp}@example.com`,
      timezone: DEMO.timezone,
    }),
  });
  if (put.status !== 201) throw new Error(`creating the lead failed: ${put.status} ${await put.text()}`);
  const lead = ((await put.json()) as { lead: { id: string; email: string } }).lead;
  await db.$disconnect();
  say(
    `lead ${lead.id} (${provider === 'ghl' ? `GHL contact ${contactId}` : lead.email}) in ${client.name} (${provider})`,
  );

  const offer = (await (
    await fetch(`${apiUrl}/api/leads/${lead.id}/offers`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ clientId: client.id }),
    })
  ).json()) as OfferResult;
  if (offer.result === 'no_slots' || !('offer' in offer))
    throw new Error(`offer failed: ${JSON.stringify(offer)}`);
  for (const [i, s] of offer.offer.slots.entries()) {
    const local = new Date(s).toLocaleString('en-US', {
      timeZone: DEMO.timezone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    });
    say(`offered #${i + 1}: ${local} (${DEMO.timezone})`);
  }

  const reply = 'the second one works for me';
  say(`lead replies: "${reply}"`);
  const answer = (await (
    await fetch(`${apiUrl}/api/inbound-messages`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        clientId: client.id,
        leadId: lead.id,
        messageId: `demo-${Date.now()}`,
        body: reply,
        channel: 'sms',
        receivedAt: new Date().toISOString(),
      }),
    })
  ).json()) as ReplyResult;
  say(`service: ${answer.result}${'slot' in answer ? ` ${answer.slot}` : ''}`);

  let state: LeadBookingSnapshot | undefined;
  for (let i = 0; i < 60; i++) {
    state = (await (
      await fetch(`${apiUrl}/api/leads/${lead.id}/booking?clientId=${client.id}`, { headers: auth })
    ).json()) as LeadBookingSnapshot;
    if (state?.status === 'booked' && state.booking?.confirmed) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (state?.status !== 'booked') throw new Error(`not booked: ${JSON.stringify(state)}`);
  say(
    `booked at ${provider}: ${state.booking?.bookingId} (${state.booking?.confirmed ? `confirmed by the ${provider} webhook` : 'awaiting confirmation'})`,
  );
  say(`reminders: ${state.postBookingWorkflowId}`);
  process.stdout.write('\ntimeline\n');
  for (const t of state.timeline) process.stdout.write(`  ${t.at}  ${t.event}\n`);
  const workflowId = leadBookingWorkflowId(client.id, lead.id);
  process.stdout.write(
    `\nTemporal UI: ${uiUrl}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}\n`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
