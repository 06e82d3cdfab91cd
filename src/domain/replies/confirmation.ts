import { LEXICONS, WORD_END, WORD_START } from './lexicon';
import { normalizeReply } from './normalizeReply';
import { splitQuotedText } from './quotedText';

export type ConfirmationAnswer = 'yes' | 'no' | 'unclear';

const pattern = (words: string[]) => new RegExp(`^(?:${words.join('|')})$`, 'u');

/** Fillers around a yes/no: "yes please!", "sí, gracias", "ok thanks 👍". */
const FILLER = new RegExp(
  `${WORD_START}(?:please|pls|plz|thanks|thank you|thx|ty|cheers|great|thats right|that's right|por favor|gracias|genial|sorry|lo siento|perd[oó]n)${WORD_END}`,
  'gu',
);
const YES_EMOJI = /👍|✅|👌|🙌|✔️?/gu;
const NO_EMOJI = /👎|❌|🚫/gu;

/**
 * Reads the answer to "Just to confirm: Tuesday, March 17 at 3:00 PM ET? Reply YES to book it."
 * Only a plain yes or a plain no counts; anything more (a question, a new time, "yes but ...") is
 * 'unclear' and goes to a person. `language` narrows the words to one lexicon ('en', 'es');
 * without it every known language is accepted.
 */
export function isConfirmation(text: string, language?: string): ConfirmationAnswer {
  const lexicons = LEXICONS.filter((l) => !language || l.language === language);
  const yes = pattern((lexicons.length > 0 ? lexicons : LEXICONS).flatMap((l) => l.confirmYes));
  const no = pattern((lexicons.length > 0 ? lexicons : LEXICONS).flatMap((l) => l.confirmNo));
  const own = normalizeReply(splitQuotedText(text).own);
  const hasYesEmoji = (own.match(YES_EMOJI) ?? []).length > 0;
  const hasNoEmoji = (own.match(NO_EMOJI) ?? []).length > 0;
  // A question back ("yes? which time was it?") is never a confirmation.
  if (/[?¿]/.test(own)) return 'unclear';
  const words = own
    .replace(YES_EMOJI, ' ')
    .replace(NO_EMOJI, ' ')
    .replace(FILLER, ' ')
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (words.length === 0) {
    if (hasYesEmoji && !hasNoEmoji) return 'yes';
    if (hasNoEmoji && !hasYesEmoji) return 'no';
    return 'unclear';
  }
  // "yes yes", "yes, confirmed", "no, cancel": every part must say the same thing.
  const parts = splitAnswer(words, yes, no);
  if (!parts) return 'unclear';
  if (parts === 'yes' && !hasNoEmoji) return 'yes';
  if (parts === 'no' && !hasYesEmoji) return 'no';
  return 'unclear';
}

/** The whole answer as consecutive yes-phrases or no-phrases; undefined when anything else is in it. */
function splitAnswer(words: string, yes: RegExp, no: RegExp): 'yes' | 'no' | undefined {
  const tokens = words.split(' ');
  let answer: 'yes' | 'no' | undefined;
  let i = 0;
  while (i < tokens.length) {
    let matched = false;
    // Longest phrase first: "book it", "not that one", "de acuerdo".
    for (let length = Math.min(4, tokens.length - i); length >= 1 && !matched; length--) {
      const phrase = tokens.slice(i, i + length).join(' ');
      const kind = yes.test(phrase) ? 'yes' : no.test(phrase) ? 'no' : undefined;
      if (!kind) continue;
      if (answer && answer !== kind) return undefined;
      answer = kind;
      i += length;
      matched = true;
    }
    if (!matched) return undefined;
  }
  return answer;
}
