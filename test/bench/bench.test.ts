import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs the bench's entry point (what `npm run bench -- --quick` runs) and returns its last stdout line. */
function runQuickBench(): Promise<{ code: number | null; last: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/bench/main.ts', '--quick'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.once('exit', (code) => {
      resolve({ code, last: stdout.trim().split('\n').at(-1) ?? '', stderr });
    });
  });
}

/**
 * Only that the bench works: every lifecycle (baseline and service) completed and the last line is the
 * JSON report. Its figures are ratios on a shared machine and are never asserted.
 */
describe('npm run bench --quick', () => {
  it('completes every lifecycle and ends with one JSON line of figures', async () => {
    const run = await runQuickBench();
    let report: {
      allLifecyclesCompleted?: boolean;
      phases?: { side: string; lifecycles: number; completed: number }[];
    };
    try {
      report = JSON.parse(run.last);
    } catch {
      throw new Error(`the last line is not JSON: ${run.last}\n${run.stderr.slice(-4_000)}`);
    }
    if (!report.allLifecyclesCompleted) console.error(run.stderr.slice(-6_000));
    expect(run.code).toBe(0);
    expect(report.allLifecyclesCompleted).toBe(true);
    expect(report.phases?.map((p) => p.side).sort()).toEqual(['baseline', 'service']);
    for (const phase of report.phases ?? []) expect(phase.completed).toBe(phase.lifecycles);
  }, 900_000);
});
