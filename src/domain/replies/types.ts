/** What the interpreter needs to know about one inbound lead reply. */
export interface ReplyInput {
  /** The raw reply text (SMS, email body or chat message). */
  text: string;
  /** The slots we offered the lead, ISO-8601 instants in UTC, in the order they were shown. */
  offeredSlots: string[];
  /** The lead's IANA time zone; bare times like "3pm" are read on the lead's wall clock. */
  leadTimeZone: string;
  /** When the reply arrived (ISO-8601); the reference instant for "tomorrow", "next week", ... */
  receivedAt: string;
}

export interface CounterProposal {
  /** ISO-8601 UTC instant the lead proposed (or the start of the window they proposed). */
  start: string;
  /** End of the proposed window (e.g. "thursday morning"), absent for a point in time. */
  end?: string;
}

/** Why a pick that points at exactly one slot is still not certain; the workflow may ask the lead to confirm. */
export type DoubtKind = 'hedge' | 'typo_repair' | 'leftover_clause';

export type ReplyInterpretation =
  | {
      outcome: 'accept';
      slotIndex: number;
      slot: string;
      evidence: string[];
      /**
       * Why the pick is not certain, present (non-empty) only then: a certain pick has no doubts
       * field. Each doubt also has a human-readable line in `evidence`, starting `doubt <kind>:`.
       */
      doubts?: DoubtKind[];
    }
  | { outcome: 'counter_proposal'; proposal: CounterProposal; evidence: string[] }
  | { outcome: 'decline'; evidence: string[] }
  | { outcome: 'question'; evidence: string[] }
  | { outcome: 'unclear'; reason: string; evidence: string[] };

export type ReplyOutcome = ReplyInterpretation['outcome'];

/** A wall-clock time of day as the lead wrote it. */
export interface ClockTime {
  hour: number;
  minute: number;
  /** False for "at 3": the lead did not say am/pm, so 3:00 and 15:00 both fit. */
  meridiemKnown: boolean;
}

/** A range of minutes since local midnight, [from, to). */
export interface DayWindow {
  from: number;
  to: number;
  label: string;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The day part of a mention: a concrete date, or only a weekday ("tuesday"). */
export type DayConstraint =
  | { kind: 'date'; date: CalendarDate }
  | { kind: 'weekday'; weekday: number /* luxon: 1 = Monday ... 7 = Sunday */; nearest: CalendarDate }
  /** "next week", "la semana que viene", "next month": any day in that calendar week or month. */
  | { kind: 'span'; unit: 'week' | 'month'; anyDay: CalendarDate }
  /** "after the 15th", "travelling until monday": any day from this one on. */
  | { kind: 'onOrAfter'; date: CalendarDate };

/** One date/time expression found in the reply, already reduced to what it constrains. */
export interface TimeMention {
  text: string;
  index: number;
  end: number;
  day?: DayConstraint;
  time?: ClockTime;
  /** Upper end of a range like "2-4pm". */
  endTime?: ClockTime;
  window?: DayWindow;
  /** Zone the lead named explicitly ("3pm EST"); otherwise the lead's own zone applies. */
  zone?: string;
  /** Date chrono inferred for a time-only mention, used when it becomes a counter-proposal. */
  impliedDate: CalendarDate;
  negated: boolean;
  /**
   * "the 2nd" with no month is a day of the month or the second option; both readings count, and
   * the interpreter treats disagreement as ambiguity. 1-based position.
   */
  alsoOption?: number;
}
