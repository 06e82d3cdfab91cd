import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Runs the bench's entry point (what `npm run bench -- --quick` runs) on this test run's engine
 * (TEMPORAL_ENGINE: `npm run test:server` covers `--engine server`) and returns its last stdout line.
 */
function runQuickBench(engine: string): Promise<{ code: number | null; last: string; stderr: string }> {
  return new Promise((resolve) => {
    const args = ['src/bench/main.ts', '--quick', '--engine', engine];
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), args, {
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
    const engine = inject('temporalEngine');
    const run = await runQuickBench(engine);
    let report: {
      engine?: string;
      allLifecyclesCompleted?: boolean;
      phases?: { side: string; lifecycles: number; completed: number }[];
      startup?: { figures: { process: string; runtime: string; startupMs: number; idleRssMiB: number }[] };
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
    expect(report.engine).toBe(engine);
    // The API and the worker both started (and were measured) under tsx and from the compiled build.
    const started = (report.startup?.figures ?? []).filter((f) => f.startupMs > 0 && f.idleRssMiB > 0);
    expect(started.map((f) => `${f.process}/${f.runtime}`).sort()).toEqual([
      'api/node',
      'api/tsx',
      'worker/node',
      'worker/tsx',
    ]);
  }, 900_000);
});
