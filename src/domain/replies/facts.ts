// Over 250 lines on purpose: every fact the rules read (quotes stripped, clauses, mentions, rule-outs) is
// computed once here, so no rule re-parses the reply.
import { DateTime } from 'luxon';
import { clauseOf, clauseSegments, clauseStarts, negatedAfter, negatedBefore } from './clauses';
import { isConcrete } from './counterProposal';
import {
  ADDITION,
  AFFIRMATION,
  ANY_OPTION,
  BENIGN_CONDITION,
  CONDITION,
  CORRECTION,
  DAY_PART_POINTER,
  DECLINE,
  DEFERRAL,
  PROPOSAL_LEAD_IN,
  QUESTION_WORD,
  THE_OTHERS,
} from './cues';
import { alternation, wordPattern } from './lexicon';
import { findOptionPicks, type OptionPick } from './optionPicks';
import { slotsForPick } from './optionReadings';
import { splitQuotedText } from './quotedText';
import { readMentions } from './readMentions';
import { prepareReplyText } from './replyText';
import { describeSlot, slotFitsMention, slotsFittingMention } from './slotMatching';
import type { ReplyInput, TimeMention } from './types';
import { zoneNamedAfter } from './zoneWords';

/** One thing in the reply that points at offered slots: a date/time mention or an option pick. */
export interface Reading {
  label: string;
  fits: number[];
  /** Day parts alone ("mornings work better") state a preference; they never book a slot on their own. */
  weak: boolean;
  clause: number;
  mention?: TimeMention;
  /** "the earlier one": picks among what the other readings leave. */
  relative?: 'earliest' | 'latest';
}

/** One clause of the lead's own words and what it does. */
export interface Clause {
  start: number;
  text: string;
  /** Ends in "?", opens with "¿" or with a question word. */
  asks: boolean;
  /** Says yes to something ("works", "perfecto"). */
  affirms: boolean;
  /** Taken back by a bare negation after it ("... but not anymore"). */
  takenBack?: boolean;
  /** Puts the answer off ("te confirmo en la tarde", "let me check"): its dates are not a proposal. */
  defers: boolean;
  /** Opens with a condition ("siempre y cuando no se alargue la reunión de la mañana"): its dates are the condition's. */
  conditional: boolean;
}

/** Everything the rules look at, read once from the reply. */
export interface ReplyFacts {
  zone: string;
  receivedAt: DateTime;
  receivedAtIso: string;
  offered: string[];
  /** The lead's own words, normalized; quoted and forwarded text removed. */
  text: string;
  quoted: string;
  /** Typos repaired into date words, as evidence lines. */
  repairs: string[];
  clauses: Clause[];
  mentions: TimeMention[];
  negatedSlots: Set<number>;
  /** What the lead points at outside questions: their picks and proposals. */
  readings: Reading[];
  /** What the lead points at inside questions. */
  asked: Reading[];
  /** Strong readings that fit offered slots. */
  matched: Reading[];
  /** Concrete times that fit no offered slot. */
  proposals: Reading[];
  /** Option numbers past the offer. */
  outOfRange: Reading[];
  /** Offered slots every strong reading agrees on (refined by weak ones). */
  choice: number[];
  question: boolean;
  affirmed: boolean;
  /** A decline that is about the whole offer, not scoped to one day ("neither of the tuesday times"). */
  declines: boolean;
  /** Some clause was taken back by a bare negation after it ("sure... not"). */
  takenBack: boolean;
  /** "either works", "cualquiera": the lead leaves the choice to us (not "both are bad"). */
  anyOption?: string;
  /** Dates offered back as a bare question ("maybe wed?"): picks, but doubtful ones. */
  tentative: string[];
  evidence: string[];
}

export const offeredLabel = (indexes: number[]): string =>
  indexes.length === 0 ? 'no offered slot' : indexes.map((i) => `offered #${i + 1}`).join(', ');

/** "Tuesday works. 3pm please" — a lone day and a lone time in one reply describe one moment. */
function combineDayAndTime(mentions: TimeMention[]): TimeMention[] {
  const dayOnly = mentions.filter((m) => m.day && !m.time && !m.window);
  const timeOnly = mentions.filter((m) => !m.day && (m.time || m.window));
  const day = dayOnly[0];
  const time = timeOnly[0];
  if (dayOnly.length !== 1 || timeOnly.length !== 1 || !day || !time) return mentions;
  const merged: TimeMention = { ...time, ...day, text: `${day.text} … ${time.text}` };
  if (time.time) merged.time = time.time;
  if (time.endTime) merged.endTime = time.endTime;
  if (time.window) merged.window = time.window;
  if (time.zone) merged.zone = time.zone;
  return [...mentions.filter((m) => m !== day && m !== time), merged].sort((a, b) => a.index - b.index);
}

/** "this week" in "none of these work this week" scopes a refusal; it does not propose anything. */
export function isScope(mention: TimeMention): boolean {
  return (
    mention.day?.kind === 'span' &&
    /\b(?:this|est[ae])\b/.test(mention.text) &&
    !mention.time &&
    !mention.window
  );
}

/** "last week", "yesterday": a day already gone is context, never a time to meet. */
function isPast(mention: TimeMention, receivedAt: DateTime): boolean {
  const day = mention.day;
  if (day?.kind !== 'date') return false;
  return DateTime.fromObject(day.date, { zone: receivedAt.zone }) < receivedAt.startOf('day');
}

function overlapsMention(pick: OptionPick, mentions: TimeMention[]): boolean {
  const end = pick.index + pick.text.length;
  return mentions.some((m) => pick.index < m.end && m.index < end);
}

/** Slots a mention fits; "the 2nd" also fits option 2 when that option agrees with the rest of it. */
function slotsForMention(offered: string[], mention: TimeMention, zone: string): number[] {
  const byDate = slotsFittingMention(offered, mention, zone);
  if (!mention.alsoOption) return byDate;
  const { day: _day, ...withoutDay } = mention;
  const position = mention.alsoOption - 1;
  const slot = offered[position];
  const byPosition = slot !== undefined && slotFitsMention(slot, withoutDay, zone) ? [position] : [];
  return [...new Set([...byDate, ...byPosition])].sort((a, b) => a - b);
}

/**
 * Where a self-correction starts ("wed 4 works - no wait, tues 11"), or 0. Only a correction with a
 * date or time both before and after it, and not an addition ("actually thursday too"), counts.
 */
function correctionPoint(text: string, mentions: TimeMention[]): number {
  let point = 0;
  for (const match of text.matchAll(CORRECTION)) {
    const at = match.index ?? 0;
    const after = text.slice(at + match[0].length);
    const before = mentions.some((m) => !m.negated && m.end <= at);
    const later = mentions.some((m) => !m.negated && m.index >= at);
    if (before && later && !ADDITION.test(after)) point = at;
  }
  return point;
}

export function intersect(sets: number[][]): number[] {
  const [first, ...rest] = sets;
  return (first ?? []).filter((i) => rest.every((set) => set.includes(i)));
}

/** "should be fine", "could do tuesday", "would love to": a modal without a subject states, it does not ask. */
const MODAL_WITHOUT_SUBJECT =
  /^(?:is|are|do|does|did|can|could|will|would|should)\s+(?!(?:i|we|you|it|that|this|they|he|she|there|my|our|your|the|a|an|tuesday|monday|wednesday|thursday|friday|saturday|sunday)\b)/;

const POLITENESS = wordPattern('politeness');

const BUT_TAKES_BACK = wordPattern('butTakesBack');

const BARE_NEGATION = new RegExp(`^(?:${alternation('bareNegation')})[\\s.!…]*$`, 'u');

const TAG_QUESTION = new RegExp(`^(?:${alternation('tagQuestion')})\\s*\\?$`, 'u');

const CONDITION_AT_START = new RegExp(`^(?:${CONDITION.source})`, 'u');

function readClauses(text: string): Clause[] {
  const segments = clauseSegments(text);
  const clauses = segments.map((segment, i) => {
    const trimmed = segment.text.trim();
    const previous = segments[i - 1]?.text.trimEnd() ?? '';
    const opensWithQuestionWord =
      QUESTION_WORD.test(trimmed.replace(PROPOSAL_LEAD_IN, '').trim()) &&
      !/^\S*n'?t\b/.test(trimmed) &&
      !MODAL_WITHOUT_SUBJECT.test(trimmed);
    return {
      start: segment.start,
      text: segment.text,
      asks: trimmed.endsWith('?') || previous.endsWith('¿') || opensWithQuestionWord,
      affirms: AFFIRMATION.test(trimmed) || POLITENESS.test(trimmed),
      defers: DEFERRAL.test(trimmed),
      conditional:
        CONDITION.test(trimmed.replace(BENIGN_CONDITION, '').slice(0, 24)) &&
        CONDITION_AT_START.test(trimmed),
    };
  });
  // "4pm monday bst, right?": a tag question asks about the clause before it.
  clauses.forEach((clause, i) => {
    if (!TAG_QUESTION.test(clause.text.trim())) return;
    const previous = clauses
      .slice(0, i)
      .reverse()
      .find((c) => c.text.trim().length > 0);
    if (previous) previous.asks = true;
  });
  return clauses;
}

const ALL_OF_THEM = wordPattern('allOfThem', 'g');

const PREFERENCE = /\b(?:better|prefer|preferably|rather|ideally|instead|mejor|prefiero|preferiblemente)\b/;

/** Words of a clause other than the mentions in it: "viene mi jefe el jueves" is more than a bare date. */
function wordsBesides(
  clause: Clause,
  mentions: TimeMention[],
  clauseStartsList: number[],
  index: number,
): number {
  let rest = clause.text;
  for (const m of mentions) {
    if (clauseOf(clauseStartsList, m.index) === index) rest = rest.replace(m.text, ' ');
  }
  return rest.split(/[^\p{L}\p{N}']+/u).filter(Boolean).length;
}

/**
 * "neither"/"none of them" decline the whole offer unless a date follows in their clause ("neither
 * of the tuesday times", "ninguna de las del lunes"): then they only rule that day out.
 */
const SCOPABLE_DECLINE = /^(?:neither|none|ningun|ningún)/u;

function declinesWholeOffer(text: string, starts: number[], mentions: TimeMention[]): boolean {
  const global = new RegExp(DECLINE.source, 'gu');
  for (const match of text.matchAll(global)) {
    const at = match.index ?? 0;
    const clause = clauseOf(starts, at);
    const scoped =
      SCOPABLE_DECLINE.test(match[0]) &&
      mentions.some((m) => m.index >= at && clauseOf(starts, m.index) === clause);
    if (!scoped) return true;
  }
  return false;
}

/** Hedge and filler words that may stand beside a date in a tentative pick ("maybe wed?"). */
const TENTATIVE_FILLER =
  /^(?:maybe|perhaps|possibly|or|so|then|instead|mejor|ok|okay|hmm|tal vez|quiz[aá]s?|entonces|y|and|the|el|la|on|at|a las)$/;

function isOnlyTheDate(clauseText: string, mentionText: string): boolean {
  const rest = clauseText.replace(mentionText, ' ').replace(/[?¿!.,]/g, ' ');
  return rest
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => TENTATIVE_FILLER.test(w));
}

/** Reads the reply once: own words, clauses, mentions, negations and what each points at. */
export function readReplyFacts(input: ReplyInput, receivedAt: DateTime): ReplyFacts {
  const zone = input.leadTimeZone;
  const offered = input.offeredSlots;
  const evidence: string[] = [];
  const split = splitQuotedText(input.text);
  if (split.quoted) evidence.push(`ignored ${split.quoted.split('\n').length} quoted/forwarded line(s)`);
  const repairs: string[] = [];
  const text = prepareReplyText(split.own, receivedAt, repairs);
  for (const repair of repairs) evidence.push(`typo repaired: ${repair}`);
  const starts = clauseStarts(text);
  const clauses = readClauses(text);

  const mentions = readMentions(text, {
    instant: receivedAt.toJSDate(),
    offsetMinutes: receivedAt.offset,
    today: { year: receivedAt.year, month: receivedAt.month, day: receivedAt.day },
  });
  // "Tuesday could've worked, but not anymore", "¿martes a las 3? no puedo": a clause that is only a
  // negation takes back the dates of the clause before it.
  clauses.forEach((clause, i) => {
    const afterBut = /\b(?:but|pero|however|though|although|aunque|sino)\s*$/.test(
      text.slice(0, clause.start),
    );
    const dateless = !mentions.some(
      (m) => m.index >= clause.start && m.index < clause.start + clause.text.length,
    );
    const takesBack = afterBut && dateless && BUT_TAKES_BACK.test(clause.text);
    if (!BARE_NEGATION.test(clause.text.trim()) && !takesBack) return;
    // Walk back over clauses with no date ("sure...") to the one that named a date, taking all back.
    for (const previous of clauses.slice(0, i).reverse()) {
      if (previous.text.trim().length === 0) continue;
      previous.takenBack = true;
      const end = previous.start + previous.text.length;
      const inside = mentions.filter((m) => m.index >= previous.start && m.index < end);
      for (const m of inside) m.negated = true;
      if (inside.length > 0) break;
    }
  });
  const negatedSlots = new Set<number>();
  /** Slots ruled out only by a whole week or month ("travelling most of next week"). */
  const spanNegated = new Set<number>();
  for (const mention of mentions.filter((m) => m.negated)) {
    // "siempre y cuando no se alargue la reunión de la mañana": a negation inside a condition rules nothing out.
    if (clauses[clauseOf(starts, mention.index)]?.conditional) {
      mention.negated = false;
      continue;
    }
    const fits = slotsForMention(offered, mention, zone);
    const broad = mention.day?.kind === 'span' && !mention.time && !mention.window;
    for (const i of fits) (broad ? spanNegated : negatedSlots).add(i);
    evidence.push(`negated "${mention.text}" (${offeredLabel(fits)})`);
  }
  // "the earlier tuesday slot" contains a date on purpose; other picks inside a date are part of it.
  const allPicks = findOptionPicks(text).filter(
    (pick) => pick.kind === 'earliest' || pick.kind === 'latest' || !overlapsMention(pick, mentions),
  );
  // "anything but option 1", "not the first one": a negated option rules that slot out.
  const picks: OptionPick[] = [];
  for (const pick of allPicks) {
    const clauseStart = starts[clauseOf(starts, pick.index)] ?? 0;
    const gapAfter = text.slice(
      pick.index + pick.text.length,
      starts.find((s) => s > pick.index) ?? text.length,
    );
    const takenBack = clauses[clauseOf(starts, pick.index)]?.takenBack ?? false;
    if (takenBack || negatedBefore(text.slice(clauseStart, pick.index)) || negatedAfter(gapAfter)) {
      const fits = slotsForPick(pick, offered, zone);
      for (const i of fits) negatedSlots.add(i);
      evidence.push(`negated option "${pick.text}" (${offeredLabel(fits)})`);
    } else {
      picks.push(pick);
    }
  }
  // "Tuesday I'm in court and the other two clash with school pickup": the slots not named yet.
  for (const match of text.matchAll(new RegExp(THE_OTHERS.source, 'gu'))) {
    const at = match.index ?? 0;
    const clauseEnd = starts.find((s) => s > at) ?? text.length;
    const named = new Set(
      mentions.filter((m) => m.index < at).flatMap((m) => slotsForMention(offered, m, zone)),
    );
    const others = offered.map((_, i) => i).filter((i) => !named.has(i));
    if (negatedAfter(text.slice(at + match[0].length, clauseEnd))) {
      for (const i of others) negatedSlots.add(i);
      evidence.push(`"${match[0]}" ruled out (${offeredLabel(others)})`);
    }
  }

  // "both are bad this week": every offered slot is ruled out, and "both" leaves no choice to us.
  for (const match of text.matchAll(ALL_OF_THEM)) {
    const at = match.index ?? 0;
    const clauseEnd = starts.find((s) => s > at) ?? text.length;
    if (!negatedAfter(text.slice(at + match[0].length, clauseEnd))) continue;
    // "monday's two times are both taken": "both" is the day's slots, not the whole offer.
    const clauseStart = starts[clauseOf(starts, at)] ?? 0;
    const named = mentions.filter((m) => m.index >= clauseStart && m.index < at);
    const ruledOut =
      named.length > 0 ? named.flatMap((m) => slotsForMention(offered, m, zone)) : offered.map((_, i) => i);
    for (const i of ruledOut) negatedSlots.add(i);
    for (const m of named) m.negated = true;
    evidence.push(`"${match[0]}" ruled out (${offeredLabel(ruledOut)})`);
  }
  const anyOption = [...text.matchAll(new RegExp(ANY_OPTION.source, 'gu'))].find((match) => {
    const at = match.index ?? 0;
    const clauseEnd = starts.find((s) => s > at) ?? text.length;
    return !negatedAfter(text.slice(at + match[0].length, clauseEnd));
  })?.[0];

  const cutoff = correctionPoint(text, mentions);
  if (cutoff > 0) evidence.push(`self-correction: reads only "${text.slice(cutoff).trim()}"`);
  const clauseOfAt = (position: number) => clauseOf(starts, position);
  const tentativeEvidence: string[] = [];
  const positive = mentions.filter(
    (m) =>
      !m.negated &&
      m.index >= cutoff &&
      !isPast(m, receivedAt) &&
      !clauses[clauseOfAt(m.index)]?.asks &&
      !clauses[clauseOfAt(m.index)]?.conditional &&
      !clauses[clauseOfAt(m.index)]?.defers,
  );
  const askedMentions = mentions.filter((m) => !m.negated && clauses[clauseOfAt(m.index)]?.asks);
  // "maybe wed?", "monday at 11?": a clause that is only a date and a question mark offers that date
  // back tentatively; it is a (doubtful) pick, not a question about the slot.
  const tentative = askedMentions.filter((m) => {
    const clause = clauses[clauseOfAt(m.index)];
    return clause !== undefined && isOnlyTheDate(clause.text, m.text);
  });
  for (const m of tentative) {
    positive.push(m);
    askedMentions.splice(askedMentions.indexOf(m), 1);
    tentativeEvidence.push(`"${m.text}" offered back as a question`);
  }
  positive.sort((a, b) => a.index - b.index);

  const toReading = (mention: TimeMention): Reading => {
    const clause = clauseOfAt(mention.index);
    const pointer = DAY_PART_POINTER.test(clauses[clause]?.text ?? '');
    // A week ruled out gives way to a day the lead then picks in so many words ("travelling most of
    // next week ... so let's do wednesday at 3"); without the agreement it still rules the day out.
    const affirmed = clauses[clause]?.affirms ?? false;
    return {
      label: `"${mention.text}"`,
      fits: slotsForMention(offered, mention, zone).filter(
        (i) => !negatedSlots.has(i) && (affirmed || !spanNegated.has(i)),
      ),
      // Day parts alone and whole weeks/months are preferences, too broad to book on their own,
      // unless the lead points with them at one slot ("the one in the morning").
      weak:
        (!mention.day && !mention.time && !pointer) ||
        ((mention.day?.kind === 'span' || mention.day?.kind === 'onOrAfter') &&
          !mention.time &&
          !mention.window),
      clause,
      mention,
    };
  };
  let readings: Reading[] = [
    ...combineDayAndTime(positive).map(toReading),
    ...picks
      .filter((pick) => pick.index >= cutoff && !clauses[clauseOfAt(pick.index)]?.asks)
      .map((pick): Reading => {
        const relative = pick.kind === 'earliest' || pick.kind === 'latest' ? pick.kind : undefined;
        return {
          label: `option pick "${pick.text}"`,
          fits: slotsForPick(pick, offered, zone).filter((i) => !negatedSlots.has(i) && !spanNegated.has(i)),
          weak: false,
          clause: clauseOfAt(pick.index),
          ...(relative ? { relative } : {}),
        };
      }),
  ];
  // "the later one on tuesday": earliest/latest among the slots the rest of the reply names.
  const named = readings.filter((r) => !r.relative && !r.weak && r.fits.length > 0);
  if (named.length > 0) {
    const pool = intersect(named.map((r) => r.fits));
    readings = readings.map((r) => {
      if (!r.relative || pool.length === 0) return r;
      const times = pool.map((i) => DateTime.fromISO(offered[i] ?? '').toMillis());
      const target = r.relative === 'earliest' ? Math.min(...times) : Math.max(...times);
      return { ...r, fits: [pool[times.indexOf(target)] ?? 0] };
    });
  }
  // "Tuesday's out, Wednesday I have a dentist appt, so Thursday it is": once one clause picks, the
  // others are context. Their mentions only count when they agree with the pick or stand alone.
  const firm = readings.filter((r) => !r.weak && r.fits.length > 0 && clauses[r.clause]?.affirms);
  if (firm.length > 0) {
    const firmFits = new Set(firm.flatMap((r) => r.fits));
    const before = readings.length;
    readings = readings.filter((r) => {
      if (clauses[r.clause]?.affirms || !r.mention) return true;
      const clause = clauses[r.clause];
      if (!clause || wordsBesides(clause, mentions, starts, r.clause) < 2) return true;
      // "actually thursday too", "or wednesday if easier": an addition or a preference is no context.
      if (ADDITION.test(clause.text) || PREFERENCE.test(clause.text)) return true;
      if (r.fits.length > 0) return r.fits.some((i) => firmFits.has(i));
      // A day named in passing ("sunny here today") is context; a time proposed beside the pick is not.
      return Boolean(r.mention.time || r.mention.window);
    });
    if (readings.length < before)
      evidence.push(`read ${before - readings.length} date(s) in other clauses as context`);
  }
  for (const reading of readings) {
    const shown = reading.fits.map(
      (i) => `${describeSlot(offered[i] ?? '', reading.mention?.zone ?? zone)} = offered #${i + 1}`,
    );
    evidence.push(
      reading.fits.length > 0
        ? `matched ${reading.label} → ${shown.join('; ')}`
        : `${reading.label} fits ${offeredLabel(reading.fits)}`,
    );
  }

  const asked = combineDayAndTime(askedMentions).map(toReading);
  const askedPicks = picks
    .filter((pick) => clauses[clauseOfAt(pick.index)]?.asks)
    .map(
      (pick): Reading => ({
        label: `option pick "${pick.text}"`,
        fits: slotsForPick(pick, offered, zone),
        weak: false,
        clause: clauseOfAt(pick.index),
      }),
    );
  for (const i of spanNegated) negatedSlots.add(i);
  const strong = readings.filter((r) => !r.weak);
  const matched = strong.filter((r) => r.fits.length > 0);
  const proposals = [...readings, ...asked].filter(
    (r) =>
      r.fits.length === 0 &&
      r.mention &&
      isConcrete(r.mention) &&
      !isScope(r.mention) &&
      !isPast(r.mention, receivedAt),
  );
  const weakFits = readings.filter((r) => r.weak && r.fits.length > 0).map((r) => r.fits);
  const strongChoice = intersect(matched.map((r) => r.fits));
  const refined = intersect([strongChoice, ...weakFits]);

  const question = clauses.some((c) => c.asks) || /[?¿]/.test(text);
  return {
    zone,
    receivedAt,
    receivedAtIso: input.receivedAt,
    offered,
    text,
    quoted: split.quoted,
    repairs,
    clauses,
    mentions,
    negatedSlots,
    readings,
    asked: [...asked, ...askedPicks],
    matched,
    proposals,
    outOfRange: strong.filter((r) => r.fits.length === 0 && !r.mention),
    choice: refined.length > 0 ? refined : strongChoice,
    question,
    affirmed: AFFIRMATION.test(text),
    declines: declinesWholeOffer(text, starts, mentions),
    takenBack: clauses.some((c) => c.takenBack),
    ...(anyOption ? { anyOption } : {}),
    tentative: tentativeEvidence,
    evidence,
  };
}

/** The reply with the zone word of a zone-qualified mention blanked (same length). */
export function blankZoneOf(text: string, mention: TimeMention | undefined): string {
  if (!mention?.zone) return text;
  const end = mention.end + (zoneNamedAfter(text.slice(mention.end))?.length ?? 0);
  return text.slice(0, mention.index) + ' '.repeat(end - mention.index) + text.slice(end);
}
