import { FALSE_NEGATIONS } from './cues';
import { normalizeReply } from './normalizeReply';

/**
 * The normalized reply with idioms like "no problem" blanked out (same length, so positions stay
 * valid) because their "no" is not a negation of anything.
 */
export function prepareReplyText(raw: string): string {
  return (
    normalizeReply(raw)
      .replace(FALSE_NEGATIONS, (m) => ' '.repeat(m.length))
      // "anything but friday": this "but" excludes a day rather than starting a new clause.
      .replace(/\b(anything|any day|any time|anytime|everything|all) but\b/g, '$1 except')
  );
}
