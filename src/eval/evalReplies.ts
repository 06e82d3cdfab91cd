/**
 * Evaluation harness for the reply interpreter.
 *   npx tsx src/eval/evalReplies.ts --corpus test/fixtures/replies/corpus.json
 * Prints a human report, then, as the last stdout line,
 * {"cases": N, "accuracy": x, "falseAccepts": n, "unclearRate": u, "confirmRate": c, "strictFalseAccepts": s}.
 * An accept with doubts is a confirmation question, not a booking: see scoreReplies.ts.
 * Exit code 0 whatever the accuracy (it is a report), 2 when the arguments or the corpus are bad.
 */
import type { ReplyInterpretation } from '../domain/replies/types';
import { CorpusError, loadReplyCorpus } from './replyCorpus';
import { OUTCOMES, type ReplyScore, scoreReplies } from './scoreReplies';

function corpusPathFrom(argv: string[]): string | undefined {
  const flag = argv.indexOf('--corpus');
  if (flag >= 0) return argv[flag + 1];
  return argv.find((a) => a.startsWith('--corpus='))?.slice('--corpus='.length);
}

function describe(answer: ReplyInterpretation | { outcome: string; slotIndex?: number }): string {
  if (answer.outcome !== 'accept' || !('slotIndex' in answer)) return answer.outcome;
  const doubts = 'doubts' in answer && answer.doubts ? ` (confirm: ${answer.doubts.join(', ')})` : '';
  return `accept #${answer.slotIndex}${doubts}`;
}

function confusionTable(score: ReplyScore): string {
  const width = Math.max(...OUTCOMES.map((o) => o.length)) + 2;
  const pad = (s: string) => s.padStart(width);
  const header = `${'expected \\ actual'.padEnd(width)}${OUTCOMES.map(pad).join('')}`;
  const rows = OUTCOMES.map(
    (expected) =>
      `${expected.padEnd(width)}${OUTCOMES.map((actual) => pad(String(score.confusion[expected][actual]))).join('')}`,
  );
  return [header, ...rows].join('\n');
}

function report(score: ReplyScore): string {
  const lines = [
    `cases: ${score.cases}`,
    `accuracy: ${(score.accuracy * 100).toFixed(1)}%`,
    `false accepts: ${score.falseAccepts}`,
    `unclear rate: ${(score.unclearRate * 100).toFixed(1)}%`,
    `accepts with doubts (confirmed before booking): ${(score.confirmRate * 100).toFixed(1)}%`,
    `false accepts if doubtful accepts were booked unasked: ${score.strictFalseAccepts}`,
    '',
    'confusion (rows = expected, columns = actual):',
    confusionTable(score),
    '',
  ];
  const wrong = score.results.filter((r) => !r.correct);
  lines.push(wrong.length === 0 ? 'no wrong cases' : `wrong cases (${wrong.length}):`);
  for (const r of wrong) {
    const flag = r.falseAccept ? ' [FALSE ACCEPT]' : '';
    const reason = r.actual.outcome === 'unclear' ? ` (${r.actual.reason})` : '';
    lines.push(`- ${r.testCase.id}${flag}: ${JSON.stringify(r.testCase.reply)}`);
    lines.push(`    expected ${describe(r.testCase.expected)}, got ${describe(r.actual)}${reason}`);
    for (const line of r.actual.evidence) lines.push(`    · ${line}`);
  }
  return lines.join('\n');
}

function main(argv: string[]): number {
  const path = corpusPathFrom(argv);
  if (!path) {
    process.stderr.write('usage: evalReplies --corpus <file.json>\n');
    return 2;
  }
  try {
    const score = scoreReplies(loadReplyCorpus(path));
    process.stdout.write(`${report(score)}\n`);
    process.stdout.write(
      `${JSON.stringify({
        cases: score.cases,
        accuracy: score.accuracy,
        falseAccepts: score.falseAccepts,
        unclearRate: score.unclearRate,
        confirmRate: score.confirmRate,
        strictFalseAccepts: score.strictFalseAccepts,
      })}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof CorpusError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
