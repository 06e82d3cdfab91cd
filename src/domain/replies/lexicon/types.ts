/**
 * Everything language-specific the reply reader knows, for one language. Each entry is a list of
 * regular-expression fragments (matched on the lower-cased reply, between word boundaries unless
 * the entry says otherwise); lexicon/index.ts merges the lexicons of every language into the cues
 * the rules use. Adding a language means adding one file like en.ts and listing it in index.ts.
 */
export interface Lexicon {
  language: string;
  /** Words that show a reply is in this language (chrono's parser for it only runs then). */
  markers: string[];
  /** Texting shorthand mapped to words chrono reads ("tues" → "tuesday"). */
  shorthand: Record<string, string>;
  /**
   * Shorthand that is also an everyday word ("sat", "wed"): expanded only when the next word
   * is not one of these followers ("sat down", "wed like to").
   */
  ambiguousShorthand: Record<string, { expandsTo: string; notBefore: string[] }>;
  /** Date words a misspelt token may be repaired to ("wendsday" → "wednesday"). */
  dateWords: string[];
  /** The language's word list: a token that is a real word is never "repaired" into a date. */
  loadWords: () => readonly string[];
  /** Phrases whose "no" is not a negation ("no problem"). */
  falseNegations: string[];
  affirmation: string[];
  /** "please", "thanks": they firm up a pick ("tuesday 3 please") but say yes to nothing on their own. */
  politeness: string[];
  /** Whole replies that decline ("no", "nope, thanks"). Anchored patterns. */
  declineWhole: string[];
  /** Declines anywhere in the reply, including polite ones without "no" ("we signed with someone else"). */
  decline: string[];
  /** "that doesn't work" with no date: a refusal of what was offered. */
  refusal: string[];
  /** Soft hedges: the lead points at a slot but is not sure ("maybe", "I think"). */
  hedge: string[];
  /** Not yet an answer: the lead will check and come back ("let me check"). */
  deferral: string[];
  condition: string[];
  /** Conditions on our side ("if that works for you"): politeness, removed before looking for conditions. */
  benignCondition: string[];
  correction: string[];
  addition: string[];
  proposalLeadIn: string[];
  /** Words that open a question when a reply has no question mark. */
  questionWord: string[];
  /** Fillers allowed before a question word ("sorry, is ..."). */
  questionFiller: string[];
  /** Questions about the time zone or the clock change: about the slot itself, so not an answer yet. */
  zoneQuestion: string[];
  /** Asks for something before any booking ("before locking a time"). */
  beforeBooking: string[];
  /** Words that start a new clause ("but", "so"). */
  clauseBreak: string[];
  /** Negation written before a date ("not tuesday", "can't do tuesday"). */
  negationBefore: string[];
  /** Negation or unavailability written after a date ("tuesday doesn't work", "tuesday I'm in court"). */
  negationAfter: string[];
  /** "both", "all of them": every offered slot ("both are bad this week" rules them all out). */
  allOfThem: string[];
  /** "the other two", "the rest": every offered slot the reply has not named yet. */
  theOthers: string[];
  /** "anything but", "todo menos": excludes what follows. */
  allBut: string[];
  ordinals: Record<string, number>;
  lastWords: string[];
  numberWords: Record<string, number>;
  optionNouns: string[];
  /** Leaves the choice to us ("either works"). */
  anyOption: string[];
  looseAlternative: string[];
  dayParts: { morning: string[]; afternoon: string[]; evening: string[] };
  /** "the one in the morning", "la de la tarde": a day part used to point at one offered slot. */
  dayPartPointer: string[];
  /**
   * A clause that is only a negation ("but not anymore", "not me", "no puedo"): it takes back the
   * clause before it.
   */
  bareNegation: string[];
  /** After "but"/"pero": a dateless clause with one of these takes back the pick before it. */
  butTakesBack: string[];
  /** A clause that only checks what was said ("right?", "¿verdad?"): it turns the clause before into a question. */
  tagQuestion: string[];
  /** Fillers before a bare number that make it an hour ("like 7", "tipo 5"). */
  hourFiller: string[];
  /** Single-word or short confirmations for the confirm-back question. */
  confirmYes: string[];
  confirmNo: string[];
}
