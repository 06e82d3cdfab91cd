import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'src', 'eval', 'evalReplies.ts');

function writeCorpus(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'replies-')), 'corpus.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const slots = ['2026-03-03T20:00:00Z', '2026-03-04T15:00:00Z'];
const base = { offeredSlots: slots, leadTimeZone: 'America/New_York', receivedAt: '2026-03-01T18:00:00Z' };

describe('evalReplies CLI', () => {
  it('reports and ends with a one-line JSON summary', () => {
    const file = writeCorpus({
      cases: [
        { id: 'a', reply: 'tues 3 works', ...base, expected: { outcome: 'accept', slotIndex: 0 } },
        { id: 'b', reply: 'no thanks', ...base, expected: { outcome: 'decline' } },
        // Deliberately mislabelled: the CLI must count it wrong and flag the false accept.
        { id: 'c', reply: 'wednesday at 10', ...base, expected: { outcome: 'unclear' } },
      ],
    });
    const out = execFileSync(tsx, [cli, '--corpus', file], { cwd: root, encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1] ?? '')).toEqual({
      cases: 3,
      accuracy: 0.667,
      falseAccepts: 1,
      unclearRate: 0,
      confirmRate: 0,
      strictFalseAccepts: 1,
    });
    expect(out).toContain('FALSE ACCEPT');
    expect(out).toContain('expected \\ actual');
  });

  it('exits 2 with a clear message on a malformed corpus', () => {
    const file = writeCorpus({ cases: [{ id: 'x', reply: 'hi', ...base, expected: { outcome: 'maybe' } }] });
    const run = spawnSync(tsx, [cli, '--corpus', file], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cases.0.expected');
  });

  it('exits 2 on unreadable JSON and on a missing --corpus', () => {
    expect(spawnSync(tsx, [cli, '--corpus', writeCorpus('{not json')], { cwd: root }).status).toBe(2);
    expect(spawnSync(tsx, [cli], { cwd: root }).status).toBe(2);
  });

  // The targets: no false accepts anywhere; ≥ 90 % on the first corpora, ≥ 95 % on our own.
  it.each([
    ['corpus.json', 0.9],
    ['heldout.json', 0.9],
    ['own.json', 0.95],
    ['own-heldout.json', 0.95],
  ])(
    'gives the same report on %s whatever the host time zone (chrono partly reads the host clock)',
    (name, minAccuracy) => {
      const corpus = join(root, 'test', 'fixtures', 'replies', name);
      const runIn = (tz: string) =>
        execFileSync(tsx, [cli, '--corpus', corpus], {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, TZ: tz },
        });
      const report = runIn('Pacific/Kiritimati');
      expect(report).toBe(runIn('America/Los_Angeles'));
      // Precision first, on the corpus written with the interpreter and on the blind held-out one.
      const summary = JSON.parse(report.trim().split('\n').at(-1) ?? '');
      expect(summary).toMatchObject({ falseAccepts: 0 });
      expect(summary.accuracy).toBeGreaterThanOrEqual(minAccuracy);
      // Precision is not bought by answering unclear to everything.
      expect(summary.unclearRate).toBeLessThan(0.25);
    },
  );
});
