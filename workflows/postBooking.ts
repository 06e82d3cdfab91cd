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
    const { reminderOffsetsMinutes } = await acts.loadReminderPlan({ clientId: input.clientId });
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
