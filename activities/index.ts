import { bookingActivities } from './booking';
import { confirmationActivities } from './confirmations';
import type { ActivityDeps } from './deps';
import { noShowActivities } from './noShows';
import { offerActivities } from './offers';
import { reminderActivities } from './reminders';
import { replyActivities } from './replies';

/** Every activity the worker registers, as plain functions closed over their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...offerActivities(deps),
    ...bookingActivities(deps),
    ...reminderActivities(deps),
    ...confirmationActivities(deps),
    ...noShowActivities(deps),
    ...replyActivities(),
  };
}

export type BookingActivities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
