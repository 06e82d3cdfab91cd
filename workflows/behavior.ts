import { patched } from '@temporalio/workflow';
import { type LeadBookingInput, PATCHED_BEHAVIOR } from './messages';

/**
 * The patches a run started at PATCHED_BEHAVIOR has from its first command: the changes made behind
 * `patched()` before that level existed. A run started earlier (its input has no `behavior`) still asks
 * `patched()`, which answers from its history, so committed histories replay unchanged. A patch added
 * after this list is asked of every run, as usual, until a new level takes it in.
 */
const IN_FORCE_AT_PATCHED_BEHAVIOR = new Set([
  'serialized-message-handlers',
  'publish-search-attributes-on-change',
  'end-inactive-leads',
  'provider-no-shows',
  'no-show-window-after-meeting',
  'confirm-uncertain-picks',
]);

/** `patched(patchId)`, answered from the run's input when it started with the patch in force. */
export function hasPatch(input: Pick<LeadBookingInput, 'behavior'>, patchId: string): boolean {
  if ((input.behavior ?? 0) >= PATCHED_BEHAVIOR && IN_FORCE_AT_PATCHED_BEHAVIOR.has(patchId)) return true;
  return patched(patchId);
}
