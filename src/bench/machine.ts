import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { round } from './stats';

/** 1, 5 and 15 minute load averages: the machine is shared, figures move with them. */
export const loadAverage = () => os.loadavg().map((l) => round(l, 2));

/** The commit measured, and whether the working tree differed from it (the workers bundle what is there). */
export function codeVersion(): { commit?: string; dirty?: boolean } {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: __dirname,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain').length > 0 };
  } catch {
    return {}; // not a git checkout (e.g. the Docker image)
  }
}
