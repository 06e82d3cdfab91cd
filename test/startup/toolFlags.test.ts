import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Both tools name their data dir first thing once they start a run. */
const STARTED = /data dir/;

function run(script: string, args: string[]) {
  return spawnSync(TSX, [script, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

// `npm run bench` and `npm run chaos` start a whole stack for minutes: a flag they do not know must stop
// them before anything starts, and --help must only print how to call them.
describe.each([
  ['src/bench/main.ts', 'npm run bench --'],
  ['src/chaos/main.ts', 'npm run chaos --'],
])('%s flags', (script, usagePrefix) => {
  it('--help prints the usage and exits 0 without starting anything', () => {
    const res = run(script, ['--help']);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain(`usage: ${usagePrefix}`);
    expect(`${res.stdout}${res.stderr}`).not.toMatch(STARTED);
  });

  it('a misspelt flag is refused, named, with the usage, before anything starts', () => {
    const res = run(script, ['--lifecycle', '5', '--leed', '3']);
    expect(res.status).toBe(1);
    expect(`${res.stdout}${res.stderr}`).toMatch(/Unknown option '--(lifecycle|leed)'/);
    expect(`${res.stdout}${res.stderr}`).toContain('usage:');
    expect(`${res.stdout}${res.stderr}`).not.toMatch(STARTED);
  });
});
