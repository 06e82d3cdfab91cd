import { interpretReply } from '../domain/replies/interpretReply';
import type { ReplyInterpretation, ReplyOutcome } from '../domain/replies/types';
import type { ReplyCorpus, ReplyCorpusCase } from './replyCorpus';

export const OUTCOMES: ReplyOutcome[] = ['accept', 'counter_proposal', 'decline', 'question', 'unclear'];

export interface CaseResult {
  testCase: ReplyCorpusCase;
  actual: ReplyInterpretation;
  correct: boolean;
  /**
   * Answered accept but the expected answer was not that same accept: the costly mistake. An accept
   * with doubts books nothing by itself (the workflow asks the lead to confirm, or a person decides),
   * so against an expected `unclear` it is correct, not a false accept; against anything else
   * (another slot, a question, a decline) it still counts as a false accept.
   */
  falseAccept: boolean;
  /** An accept that carries doubts: a confirmation question rather than a booking. */
  doubtful: boolean;
}

export interface ReplyScore {
  cases: number;
  accuracy: number;
  falseAccepts: number;
  /** Share of replies answered `unclear` (precision must not be bought by answering it to everything). */
  unclearRate: number;
  /** Share of replies answered accept-with-doubts (the workflow confirms before booking). */
  confirmRate: number;
  /** False accepts if doubtful accepts were booked without asking (the stricter reading). */
  strictFalseAccepts: number;
  results: CaseResult[];
  /** confusion[expected][actual] = count */
  confusion: Record<ReplyOutcome, Record<ReplyOutcome, number>>;
}

function isDoubtful(actual: ReplyInterpretation): boolean {
  return actual.outcome === 'accept' && (actual.doubts?.length ?? 0) > 0;
}

function sameAnswer(expected: ReplyCorpusCase['expected'], actual: ReplyInterpretation): boolean {
  if (expected.outcome === 'unclear' && isDoubtful(actual)) return true;
  if (expected.outcome !== actual.outcome) return false;
  return (
    expected.outcome !== 'accept' || (actual.outcome === 'accept' && actual.slotIndex === expected.slotIndex)
  );
}

export function scoreReplies(corpus: ReplyCorpus): ReplyScore {
  const confusion = Object.fromEntries(
    OUTCOMES.map((e) => [e, Object.fromEntries(OUTCOMES.map((a) => [a, 0]))]),
  ) as ReplyScore['confusion'];
  const results = corpus.cases.map((testCase): CaseResult => {
    const actual = interpretReply({
      text: testCase.reply,
      offeredSlots: testCase.offeredSlots,
      leadTimeZone: testCase.leadTimeZone,
      receivedAt: testCase.receivedAt,
    });
    confusion[testCase.expected.outcome][actual.outcome] += 1;
    const correct = sameAnswer(testCase.expected, actual);
    return {
      testCase,
      actual,
      correct,
      falseAccept: actual.outcome === 'accept' && !correct,
      doubtful: isDoubtful(actual),
    };
  });
  const right = results.filter((r) => r.correct).length;
  const rate = (n: number) => (results.length === 0 ? 0 : Math.round((n / results.length) * 1000) / 1000);
  const strictFalseAccepts = results.filter(
    (r) =>
      r.actual.outcome === 'accept' &&
      !(r.testCase.expected.outcome === 'accept' && r.testCase.expected.slotIndex === r.actual.slotIndex),
  ).length;
  return {
    cases: results.length,
    accuracy: results.length === 0 ? 0 : Math.round((right / results.length) * 1000) / 1000,
    falseAccepts: results.filter((r) => r.falseAccept).length,
    unclearRate: rate(results.filter((r) => r.actual.outcome === 'unclear').length),
    confirmRate: rate(results.filter((r) => r.doubtful).length),
    strictFalseAccepts,
    results,
    confusion,
  };
}
