/**
 * The engine baseline: the same number of Updates, local activities, activities, child workflows and
 * signals per lifecycle as a real lead (counts passed in, see shape.ts), with no-op activities and no
 * state beyond the timestamps. Bundled on its own by the baseline worker (src/bench/baseline/worker.ts).
 */
import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { BaselineActivities } from './activities';
import type { LifecycleShape } from './shape';

export interface BaselineState {
  status: 'new' | 'awaiting_reply' | 'booking' | 'booked' | 'confirmed';
  acceptedAt?: string;
  bookedAt?: string;
  replies: number;
  signals: number;
}

export const offerUpdate = defineUpdate<string[], []>('offer');
export const replyUpdate = defineUpdate<string, [string]>('reply');
export const confirmSignal = defineSignal<[]>('confirm');
export const stateQuery = defineQuery<BaselineState>('state');

const activities = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });
const localActivities = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '10 seconds' });

export async function baselineLifecycle(shape: LifecycleShape): Promise<void> {
  const state: BaselineState = { status: 'new', replies: 0, signals: 0 };
  // The first Update offers (one activity, like the real offer); the others are replies, the last accepts.
  const replyUpdates = Math.max(1, shape.updates - 1);
  const localPerReply = Math.ceil(shape.localActivities / replyUpdates);
  setHandler(offerUpdate, async () => {
    await activities.noop('offer');
    state.status = 'awaiting_reply';
    return ['slot-1', 'slot-2', 'slot-3'];
  });
  setHandler(replyUpdate, async (text) => {
    for (let i = 0; i < localPerReply; i++) await localActivities.noop(text);
    state.replies += 1;
    if (state.replies < replyUpdates) return 'not_yet';
    state.acceptedAt = new Date().toISOString();
    state.status = 'booking';
    return 'slot_accepted';
  });
  setHandler(confirmSignal, () => {
    state.signals += 1;
  });
  setHandler(stateQuery, () => state);

  await condition(() => state.status === 'booking');
  // The activities left after the offer's: the booking ones, then the record that tells the bench.
  for (let i = 0; i < shape.activities - 2; i++) await activities.noop('book');
  state.bookedAt = new Date().toISOString();
  state.status = 'booked';
  await activities.booked(workflowInfo().workflowId);
  for (let i = 0; i < shape.childWorkflows; i++)
    await startChild(baselineFollowUp, {
      workflowId: `${workflowInfo().workflowId}:follow-up:${i}`,
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  await condition(() => state.signals >= shape.signals);
  state.status = 'confirmed';
  // A booked lead's workflow stays open (it waits for provider events); so does this one.
  await condition(() => false);
}

/** The post-booking child: waits for its reminder time, like the real one. */
export async function baselineFollowUp(): Promise<void> {
  await sleep('7 days');
}
