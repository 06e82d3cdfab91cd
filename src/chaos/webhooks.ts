import type { ChaosLead } from './leads';
import type { GhlSandboxControl, SandboxAppointmentView } from './sandboxes';

/** The `appointment` object GHL puts in appointment webhooks (as the sandbox's presenter builds it). */
function webhookAppointment(a: SandboxAppointmentView) {
  return {
    id: a.id,
    address: a.address,
    title: a.title,
    calendarId: a.calendarId,
    contactId: a.contactId,
    groupId: a.groupId,
    appointmentStatus: a.appointmentStatus,
    assignedUserId: a.assignedUserId,
    users: [a.assignedUserId],
    notes: '',
    source: 'third_party',
    startTime: a.startTime,
    endTime: a.endTime,
    dateAdded: a.dateAdded,
    dateUpdated: a.dateUpdated,
  };
}

/**
 * Duplicates and reorders a booked lead's appointment webhooks, signed by the sandbox: the same
 * delivery twice at the same moment (same webhookId), a stale AppointmentCreate arriving after a
 * newer AppointmentUpdate of the same appointment, each with its own webhookId. Returns how many
 * extra deliveries were made.
 */
export async function duplicateAndReorder(
  ghl: GhlSandboxControl,
  lead: ChaosLead,
  appointment: SandboxAppointmentView,
): Promise<number> {
  const now = Date.now();
  const base = { locationId: appointment.locationId, appointment: webhookAppointment(appointment) };
  const replay = {
    type: 'AppointmentCreate',
    ...base,
    webhookId: `chaos-dup-${lead.leadId}`,
    timestamp: new Date(now - 2_000).toISOString(),
  };
  await Promise.all([ghl.sendWebhook(replay), ghl.sendWebhook(replay)]);
  await ghl.sendWebhook({
    type: 'AppointmentUpdate',
    ...base,
    webhookId: `chaos-upd-${lead.leadId}`,
    timestamp: new Date(now).toISOString(),
  });
  await ghl.sendWebhook({
    type: 'AppointmentCreate',
    ...base,
    webhookId: `chaos-stale-${lead.leadId}`,
    timestamp: new Date(now - 5_000).toISOString(),
  });
  return 4;
}

/**
 * GHL redelivers a webhook the receiver did not take: deliveries the sandbox fired while the whole
 * service was down are lost otherwise. Sends the AppointmentCreate of a booked appointment again.
 */
export async function redeliverConfirmation(
  ghl: GhlSandboxControl,
  appointment: SandboxAppointmentView,
): Promise<number> {
  return ghl.sendWebhook({
    type: 'AppointmentCreate',
    locationId: appointment.locationId,
    appointment: webhookAppointment(appointment),
    webhookId: `chaos-redeliver-${appointment.id}`,
  });
}
