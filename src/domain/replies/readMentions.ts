// Over 250 lines on purpose: the adapter between chrono-node's parse results and our TimeMention, including
// the Spanish gaps it works around.
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import {
  clauseOf,
  clauseSegments,
  clauseStarts,
  negatedAfter,
  negatedBefore,
  PURE_COORDINATION,
} from './clauses';
import { DAY_PARTS, findDayParts, maskSpanishDayParts } from './dayParts';
import { looksSpanish } from './language';
import { LEXICONS } from './lexicon';
import { OPTION_NOUN } from './optionPicks';
import type { CalendarDate, ClockTime, DayConstraint, TimeMention } from './types';
import { fixedOffsetZone, zoneInsideMention, zoneNamedAfter } from './zoneWords';

export interface MentionReference {
  instant: Date;
  /** Offset of the lead's zone at `instant`, in minutes; chrono only takes offsets, not IANA names. */
  offsetMinutes: number;
  /** The lead's local calendar date at `instant`. */
  today: CalendarDate;
}

/** Results that are about "now" or "in a sec", not about when to meet. */
const NOT_A_MEETING_TIME = /\b(?:now|ahora|sec|secs|second|seconds|min|mins|minute|minutes|moment|momento)\b/;

function calendarDate(c: chrono.ParsedComponents): CalendarDate {
  return { year: c.get('year') ?? 0, month: c.get('month') ?? 0, day: c.get('day') ?? 0 };
}

function clockTime(c: chrono.ParsedComponents | undefined): ClockTime | undefined {
  if (!c?.isCertain('hour')) return undefined;
  const hour = c.get('hour') ?? 0;
  return {
    hour,
    minute: c.get('minute') ?? 0,
    meridiemKnown: c.isCertain('meridiem') || hour > 12 || hour === 0,
  };
}

/**
 * "next week" is the calendar week after this one; chrono reads it as "seven days from now", which on
 * a Sunday lands in the coming week rather than the one after.
 */
function spanConstraint(result: chrono.ParsedResult, today: CalendarDate): DayConstraint | undefined {
  const unitMatch = /\b(week|semana|month|mes)\b/.exec(result.text);
  if (
    !unitMatch ||
    !/\b(?:this|next|est[ae]|que viene|pr[oó]xim[oa]|siguiente|entrante)\b/.test(result.text)
  ) {
    return undefined;
  }
  const unit = unitMatch[1] === 'week' || unitMatch[1] === 'semana' ? 'week' : 'month';
  const now = DateTime.fromObject(today);
  let anchor = DateTime.fromObject(calendarDate(result.start));
  if (/\b(?:next|pr[oó]xim[oa]|que viene|siguiente)\b/.test(result.text)) anchor = now.plus({ [unit]: 1 });
  else if (/\b(?:this|est[ae])\b/.test(result.text)) anchor = now;
  return { kind: 'span', unit, anyDay: { year: anchor.year, month: anchor.month, day: anchor.day } };
}

/**
 * The coming date with this weekday, from the lead's today; today's own weekday means a week out
 * (people say "today" for today). Computed here because chrono's choice depends on the host zone.
 */
function nextWeekday(today: CalendarDate, weekday: number): CalendarDate {
  const now = DateTime.fromObject(today);
  const ahead = (weekday - now.weekday + 7) % 7 || 7;
  const date = now.plus({ days: ahead });
  return { year: date.year, month: date.month, day: date.day };
}

function dayConstraint(result: chrono.ParsedResult, today: CalendarDate): DayConstraint | undefined {
  const c = result.start;
  const text = result.text;
  const span = spanConstraint(result, today);
  if (span) return span;
  if (c.isCertain('day')) return { kind: 'date', date: calendarDate(c) };
  if (c.isCertain('weekday')) {
    // chrono weekdays run Sunday = 0; luxon's run Monday = 1 ... Sunday = 7.
    const weekday = c.get('weekday') ?? 0;
    return {
      kind: 'weekday',
      weekday: weekday === 0 ? 7 : weekday,
      nearest: nextWeekday(today, weekday === 0 ? 7 : weekday),
    };
  }
  // "this afternoon", "esta tarde": chrono leaves the day implied, but the lead means today.
  if (/^(?:this|esta|este|hoy)\b/.test(text)) return { kind: 'date', date: calendarDate(c) };
  return undefined;
}

/** A chrono result with its position in the whole reply (chrono runs clause by clause). */
interface Located {
  result: chrono.ParsedResult;
  index: number;
}

/**
 * chrono runs per clause so that "can't do this week, next week?" stays two expressions instead of
 * one range; a day and a time split across clauses are re-joined later by the interpreter.
 */
function parseWithChrono(text: string, ref: MentionReference): Located[] {
  const reference = { instant: ref.instant, timezone: ref.offsetMinutes };
  const option = { forwardDate: true };
  const masked = maskSpanishDayParts(text);
  const spanishToo = looksSpanish(text);
  const all: Located[] = [];
  for (const clause of clauseSegments(masked)) {
    const english = chrono.casual.parse(clause.text, reference, option);
    const spanish = spanishToo ? chrono.es.casual.parse(clause.text, reference, option) : [];
    for (const result of [...spanish, ...english]) all.push({ result, index: clause.start + result.index });
  }
  // Longest expression wins where the two parsers overlap; Spanish wins ties in a Spanish reply.
  all.sort((a, b) => b.result.text.length - a.result.text.length);
  const chosen: Located[] = [];
  for (const candidate of all) {
    const end = candidate.index + candidate.result.text.length;
    const overlaps = chosen.some((c) => candidate.index < c.index + c.result.text.length && c.index < end);
    if (!overlaps) chosen.push(candidate);
  }
  return chosen.sort((a, b) => a.index - b.index);
}

/** "sat down", "wed like to": chrono reads the everyday word as a day; the word after it says it is not. */
function isEverydayWord(result: chrono.ParsedResult, text: string, index: number): boolean {
  const word = result.text.trim();
  const ambiguous = LEXICONS.map((lexicon) => lexicon.ambiguousShorthand[word]).find(Boolean);
  if (!ambiguous) return false;
  const next = /^[\s,]*([a-z]+)/.exec(text.slice(index + result.text.length))?.[1];
  return next !== undefined && ambiguous.notBefore.includes(next);
}

function toMention({ result, index }: Located, text: string, ref: MentionReference): TimeMention | undefined {
  if (NOT_A_MEETING_TIME.test(result.text) || result.start.tags().has('result/relativeDateAndTime'))
    return undefined;
  if (isEverydayWord(result, text, index)) return undefined;
  const day = dayConstraint(result, ref.today);
  const time = clockTime(result.start);
  if (!day && !time) return undefined;
  const end = index + result.text.length;
  const mention: TimeMention = {
    text: result.text.trim(),
    index,
    end,
    impliedDate: calendarDate(result.start),
    negated: false,
  };
  if (day) mention.day = day;
  if (time) mention.time = time;
  const endTime = clockTime(result.end);
  if (endTime) mention.endTime = endTime;
  // chrono reads the "est" of Spanish "está" as Eastern time; a zone glued to more letters is no zone.
  const zoneIsWord = !/^\p{L}/u.test(text.slice(end));
  const named = !zoneIsWord
    ? undefined
    : result.start.isCertain('timezoneOffset')
      ? zoneInsideMention(result.text)
      : zoneNamedAfter(text.slice(end))?.zone;
  if (named) mention.zone = named;
  else if (zoneIsWord && result.start.isCertain('timezoneOffset')) {
    mention.zone = fixedOffsetZone(result.start.get('timezoneOffset') ?? 0);
  }
  return mention;
}

/** The coming date with this day of the month (today included), skipping months too short for it. */
function nextDayOfMonth(today: CalendarDate, day: number): CalendarDate | undefined {
  let month = DateTime.fromObject({ year: today.year, month: today.month, day: 1 });
  if (day < today.day) month = month.plus({ months: 1 });
  for (let i = 0; i < 3; i++, month = month.plus({ months: 1 })) {
    if (day <= (month.daysInMonth ?? 0)) return { year: month.year, month: month.month, day };
  }
  return undefined;
}

const DAY_ORDINAL = /\b(?:(?:on|for|by) )?(?:the )?(\d{1,2})(?:st|nd|rd|th)\b/g;
const ORDINAL_IS_OPTION = new RegExp(`^\\s*(?:${OPTION_NOUN}|choice|pick)\\b`);
const ORDINAL_IS_NOT_A_DAY = /^\s*(?:week|weekend|floor|place|grade|time|round|attempt|call|meeting)\b/;

/**
 * "the 4th at 2pm", "2nd works": chrono reads no day from an ordinal without a month. Read it as
 * the coming day of that number; a small one may also be an option position ("the 2nd").
 */
function dayOfMonthMentions(text: string, taken: TimeMention[], ref: MentionReference): TimeMention[] {
  const found: TimeMention[] = [];
  for (const match of text.matchAll(DAY_ORDINAL)) {
    const index = match.index ?? 0;
    const end = index + match[0].length;
    const value = Number(match[1]);
    const after = text.slice(end);
    if (value < 1 || value > 31 || ORDINAL_IS_OPTION.test(after) || ORDINAL_IS_NOT_A_DAY.test(after))
      continue;
    if (taken.some((m) => index < m.end && m.index < end)) continue;
    const date = nextDayOfMonth(ref.today, value);
    if (!date) continue;
    const mention: TimeMention = {
      text: match[0],
      index,
      end,
      day: { kind: 'date', date },
      impliedDate: date,
      negated: false,
    };
    if (value <= 5) mention.alsoOption = value;
    found.push(mention);
  }
  return found;
}

/** "after 3", "before noon", "después de las 4": a bound, not a point in time. */
function applyBounds(mention: TimeMention, text: string): void {
  if (!mention.time || mention.endTime) return;
  const before = text.slice(Math.max(0, mention.index - 24), mention.index);
  const inside = mention.text;
  const minutes = resolvedHour(mention.time) * 60 + mention.time.minute;
  // "thursday after 2": chrono takes the bound word into the expression itself.
  const innerAfter = /\s(?:after|past|from)\s(?:at\s)?\S+$/.test(inside);
  const innerBefore = /\s(?:before|until|till)\s(?:at\s)?\S+$/.test(inside);
  if (
    /\b(?:after|past|from|later than|después de(?: las?)?|despues de(?: las?)?|desde(?: las?)?|a partir de(?: las?)?)\s*$/.test(
      before,
    ) ||
    /^(?:after|from)\b/.test(inside) ||
    innerAfter
  ) {
    mention.window = { from: minutes, to: 24 * 60, label: `after ${mention.text}` };
    if (!innerAfter) mention.text = `after ${mention.text.replace(/^(?:after|from)\s+/, '')}`;
    delete mention.time;
  } else if (
    /\b(?:before|until|till|earlier than|antes de(?: las?)?|hasta(?: las?)?)\s*$/.test(before) ||
    innerBefore
  ) {
    mention.window = { from: DAY_PARTS.morning.from, to: minutes, label: `before ${mention.text}` };
    if (!innerBefore) mention.text = `before ${mention.text}`;
    delete mention.time;
  }
}

/** "after the 15th", "from monday on", "away until the 20th": the lead is free from that day on. */
const AFTER_DAY =
  /\b(?:after|from|starting|beginning|since|despu[eé]s del?|a partir del?|desde el)\s*(?:on\s+)?$/;
const AWAY_UNTIL =
  /\b(?:travel(?:l)?ing|away|out|off|busy|on (?:vacation|holiday|leave)|ooo|booked|slammed|fuera|de viaje|de vacaciones|ocupad[oa])\b[^.,;!?]{0,30}\b(?:until|till|til|through|thru|hasta(?: el)?)\s*$/;

function applyDayBounds(mention: TimeMention, text: string): boolean {
  const day = mention.day;
  if (mention.time || mention.window || !day || (day.kind !== 'date' && day.kind !== 'weekday')) return false;
  const before = text.slice(Math.max(0, mention.index - 60), mention.index);
  const from = day.kind === 'date' ? day.date : day.nearest;
  if (AWAY_UNTIL.test(before)) {
    // Away until the 15th: back the day after.
    const next = DateTime.fromObject(from).plus({ days: 1 });
    mention.day = { kind: 'onOrAfter', date: { year: next.year, month: next.month, day: next.day } };
  } else if (AFTER_DAY.test(before)) {
    const next = DateTime.fromObject(from).plus({ days: /\b(?:after|despu[eé]s)/.test(before) ? 1 : 0 });
    mention.day = { kind: 'onOrAfter', date: { year: next.year, month: next.month, day: next.day } };
  } else {
    return false;
  }
  mention.text = `from ${mention.text} on`;
  return true;
}

/** Business-hours reading of an hour given without am/pm: "at 3" is 15:00, "at 9" is 09:00. */
export function resolvedHour(time: ClockTime): number {
  if (time.meridiemKnown) return time.hour;
  return time.hour >= 1 && time.hour <= 7 ? time.hour + 12 : time.hour;
}

/** Day parts ("thursday morning", "el jueves por la tarde") refine the date mention in their clause. */
function attachDayParts(
  mentions: TimeMention[],
  text: string,
  starts: number[],
  ref: MentionReference,
): TimeMention[] {
  const extra: TimeMention[] = [];
  for (const phrase of findDayParts(text)) {
    const clause = clauseOf(starts, phrase.index);
    const host = mentions.find((m) => clauseOf(starts, m.index) === clause && !m.window);
    if (host?.time && !host.time.meridiemKnown) {
      // "4 de la tarde", "10 in the morning": the day part is an am/pm marker.
      const pm = phrase.part !== 'morning' && host.time.hour < 12;
      host.time = { ...host.time, hour: pm ? host.time.hour + 12 : host.time.hour, meridiemKnown: true };
    } else if (host && !host.time) {
      host.window = DAY_PARTS[phrase.part];
      if (!host.text.includes(phrase.text)) host.text = `${host.text} + ${phrase.text}`;
    } else if (!host) {
      const tonight = /^(?:tonight|esta (?:noche|tarde))$/.test(phrase.text);
      extra.push({
        text: phrase.text,
        index: phrase.index,
        end: phrase.end,
        window: DAY_PARTS[phrase.part],
        ...(tonight ? { day: { kind: 'date' as const, date: ref.today } } : {}),
        impliedDate: ref.today,
        negated: false,
      });
    }
  }
  return [...mentions, ...extra].sort((a, b) => a.index - b.index);
}

function markNegations(mentions: TimeMention[], text: string, starts: number[]): void {
  const clauseEnd = (position: number): number => {
    const next = starts.find((s) => s > position);
    return next ?? text.length;
  };
  mentions.forEach((mention, i) => {
    const previous = mentions[i - 1];
    const next = mentions[i + 1];
    const clauseStart = starts[clauseOf(starts, mention.index)] ?? 0;
    const from = Math.max(clauseStart, previous ? previous.end : 0);
    const to = Math.min(clauseEnd(mention.index), next ? next.index : text.length);
    mention.negated =
      negatedBefore(text.slice(from, mention.index)) || negatedAfter(text.slice(mention.end, to));
  });
  // "not tuesday or wednesday" / "tuesday and wednesday don't work": negation spans the coordination.
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i + 1 < mentions.length; i++) {
      const a = mentions[i];
      const b = mentions[i + 1];
      if (!a || !b || !PURE_COORDINATION.test(text.slice(a.end, b.index))) continue;
      if (a.negated || b.negated) {
        a.negated = true;
        b.negated = true;
      }
    }
  }
}

/**
 * Every date/time the reply mentions, read with chrono (English, plus Spanish when the reply looks
 * Spanish), with day parts, bounds, named zones and negation resolved.
 */
export function readMentions(text: string, ref: MentionReference): TimeMention[] {
  const starts = clauseStarts(text);
  const parsed = parseWithChrono(text, ref)
    .map((located) => toMention(located, text, ref))
    .filter((m): m is TimeMention => m !== undefined);
  parsed.push(...dayOfMonthMentions(text, parsed, ref));
  parsed.sort((a, b) => a.index - b.index);
  for (const mention of parsed) applyBounds(mention, text);
  const bounded = new Set(parsed.filter((mention) => applyDayBounds(mention, text)));
  const mentions = attachDayParts(parsed, text, starts, ref);
  markNegations(mentions, text, starts);
  // "travelling until the 15th" says when the lead is free again; the "travelling" is no negation.
  for (const mention of bounded) mention.negated = false;
  return mentions;
}
