// A deploy that broke determinism: the same workflow types, but the lead workflow now sleeps before
// doing what it did before, so replaying any recorded history fails with a nondeterminism error.
// Tests run a worker on this bundle to see what operators see when a workflow task keeps failing.
import { sleep } from '@temporalio/workflow';
import { LeadBookingWorkflow as Original } from '../../../workflows/leadBooking';
import type { LeadBookingInput } from '../../../workflows/messages';

export { PostBookingSequenceWorkflow } from '../../../workflows/postBooking';

export async function LeadBookingWorkflow(input: LeadBookingInput): Promise<void> {
  await sleep(1);
  return Original(input);
}
