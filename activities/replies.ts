import { type ConfirmationAnswer, isConfirmation } from '../src/domain/replies/confirmation';
import { interpretReply } from '../src/domain/replies/interpretReply';
import type { ReplyInterpretation } from '../src/domain/replies/types';

export function replyActivities() {
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
