import { isCancellation, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { BookingActivities } from '../activities';

export interface PostBookingInput {
  clientId: string;
  leadId: string;
  bookingId: string;
  meetingStart: string;
  /**
   * Reminder idempotency keys start with this (default: this workflow's id). A sequence resumed after a
   * removed no-show shares the stopped sequence's keys, so no reminder is sent twice.
   */
  reminderKeyBase?: string;
  /**
   * The workspace's reminder offsets when the starter already read them (the booking activity does):
   * then no `loadReminderPlan` activity runs. Absent (other starters, runs started before): it runs.
   */
  reminderOffsetsMinutes?: number[];
}

const acts = proxyActivities<BookingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 20,
  },
});

/**
 * The post-booking sequence: a reminder before the meeting at each configured offset, sent through
 * GHL's conversations API. The parent cancels it when the booking is cancelled or moved.
 */
export async function PostBookingSequenceWorkflow(input: PostBookingInput): Promise<{ sent: number[] }> {
  const sent: number[] = [];
  try {
    const reminderOffsetsMinutes =
      input.reminderOffsetsMinutes ??
      (await acts.loadReminderPlan({ clientId: input.clientId })).reminderOffsetsMinutes;
    const start = Date.parse(input.meetingStart);
    for (const offset of [...reminderOffsetsMinutes].sort((a, b) => b - a)) {
      const wait = start - offset * 60_000 - Date.now();
      if (wait < -5 * 60_000) continue; // too late for this reminder: skip rather than send a stale one
      if (wait > 0) await sleep(wait);
      await acts.sendMeetingReminder({
        clientId: input.clientId,
        leadId: input.leadId,
        meetingStart: input.meetingStart,
        offsetMinutes: offset,
        reminderKey: `${input.reminderKeyBase ?? workflowInfo().workflowId}:${offset}`,
      });
      sent.push(offset);
    }
    return { sent };
  } catch (err) {
    if (isCancellation(err)) return { sent };
    throw err;
  }
}
