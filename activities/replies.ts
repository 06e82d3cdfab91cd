import { type ConfirmationAnswer, isConfirmation } from '../src/domain/replies/confirmation';
import { interpretReply } from '../src/domain/replies/interpretReply';
import type { ReplyInterpretation } from '../src/domain/replies/types';

/**
 * The typo guard reads two large word lists on the first reply with a near-date token (seconds on a busy
 * machine); read them once when the worker starts instead of inside a lead's local activity.
 */
let warmed = false;
function warmUpInterpreter(): void {
  if (warmed) return;
  warmed = true;
  setImmediate(() => {
    try {
      interpretReply({
        text: 'wendsday works',
        offeredSlots: ['2026-01-07T15:00:00.000Z'],
        leadTimeZone: 'UTC',
        receivedAt: '2026-01-01T00:00:00.000Z',
      });
    } catch {
      // A warm-up only: the real call reports its own errors.
    }
  });
}

export function replyActivities() {
  warmUpInterpreter();
  return {
    /** The one place a lead's reply is interpreted (run as a local activity; see workflows/leadBooking.ts). */
    async interpretLeadReply(input: {
      text: string;
      offeredSlots: string[];
      leadTimeZone: string;
      receivedAt: string;
    }): Promise<ReplyInterpretation> {
      return interpretReply(input);
    },

    /** Reads the lead's answer to "Just to confirm: ...? Reply YES to book it." (a local activity too). */
    async readConfirmationAnswer(input: { text: string }): Promise<{ answer: ConfirmationAnswer }> {
      return { answer: isConfirmation(input.text) };
    },
  };
}
