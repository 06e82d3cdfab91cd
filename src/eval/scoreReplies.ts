import { interpretReply } from '../domain/replies/interpretReply';
import type { ReplyInterpretation, ReplyOutcome } from '../domain/replies/types';
import type { ReplyCorpus, ReplyCorpusCase } from './replyCorpus';

export const OUTCOMES: ReplyOutcome[] = ['accept', 'counter_proposal', 'decline', 'question', 'unclear'];

export interface CaseResult {
  testCase: ReplyCorpusCase;
  actual: ReplyInterpretation;
  correct: boolean;
  /** Answered accept but the expected answer was not that same accept: the costly mistake. */
  falseAccept: boolean;
}

export interface ReplyScore {
  cases: number;
  accuracy: number;
  falseAccepts: number;
  results: CaseResult[];
  /** confusion[expected][actual] = count */
  confusion: Record<ReplyOutcome, Record<ReplyOutcome, number>>;
}

function sameAnswer(expected: ReplyCorpusCase['expected'], actual: ReplyInterpretation): boolean {
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
    return { testCase, actual, correct, falseAccept: actual.outcome === 'accept' && !correct };
  });
  const right = results.filter((r) => r.correct).length;
  return {
    cases: results.length,
    accuracy: results.length === 0 ? 0 : Math.round((right / results.length) * 1000) / 1000,
    falseAccepts: results.filter((r) => r.falseAccept).length,
    results,
    confusion,
  };
}
