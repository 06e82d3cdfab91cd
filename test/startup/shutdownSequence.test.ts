import { describe, expect, it } from 'vitest';
import { EXIT_CLEAN, EXIT_FORCED, EXIT_INCOMPLETE, Shutdown } from '../../src/main/shutdown';

/** The shutdown sequence on its own: order, bounded steps, failures, the forced second signal. */
function harness(opts: { stepTimeoutMs?: number; totalTimeoutMs?: number } = {}) {
  const lines: string[] = [];
  const log = (level: string) => (obj: object, msg: string) =>
    lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  const exits: number[] = [];
  let exited: (code: number) => void = () => {};
  const firstExit = new Promise<number>((resolve) => {
    exited = resolve;
  });
  const shutdown = new Shutdown({
    ...opts,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    exit: (code) => {
      exits.push(code);
      exited(code);
    },
  });
  return { shutdown, lines, exits, firstExit };
}

const never = () => new Promise<void>(() => {});

describe('shutdown sequence', () => {
  it('stops in reverse order of start and exits 0', async () => {
    const { shutdown, exits, firstExit } = harness();
    const order: string[] = [];
    for (const name of ['postgres', 'temporal', 'worker', 'http'])
      shutdown.add(name, async () => {
        order.push(name);
      });
    shutdown.onSignal('SIGTERM');
    expect(await firstExit).toBe(EXIT_CLEAN);
    expect(order).toEqual(['http', 'worker', 'temporal', 'postgres']);
    expect(exits).toEqual([EXIT_CLEAN]);
  });

  it('moves on from a step that never finishes (a child already gone) and from one that throws', async () => {
    const { shutdown, lines, firstExit } = harness({ stepTimeoutMs: 200 });
    const ran: string[] = [];
    shutdown.add('postgres', async () => {
      ran.push('postgres');
    });
    shutdown.add('sandbox', async () => {
      throw new Error('already closed');
    });
    shutdown.add('dead child', never);
    const started = Date.now();
    shutdown.onSignal('SIGINT');
    expect(await firstExit).toBe(EXIT_INCOMPLETE);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(ran).toEqual(['postgres']);
    expect(lines.join('\n')).toMatch(/did not finish in time.*"step":"dead child"/);
    expect(lines.join('\n')).toMatch(/shutdown step failed.*"step":"sandbox"/);
  });

  it('exits anyway when the whole sequence outlasts its deadline', async () => {
    const { shutdown, firstExit } = harness({ stepTimeoutMs: 60_000, totalTimeoutMs: 300 });
    shutdown.add('hung', never);
    shutdown.onSignal('SIGINT');
    expect(await firstExit).toBe(EXIT_INCOMPLETE);
  });

  it('a second signal exits at once', async () => {
    const { shutdown, exits, lines, firstExit } = harness();
    shutdown.add('slow', never);
    shutdown.onSignal('SIGINT');
    shutdown.onSignal('SIGINT');
    expect(await firstExit).toBe(EXIT_FORCED);
    expect(exits).toEqual([EXIT_FORCED]);
    expect(lines.join('\n')).toContain('second signal: exiting now');
  });
});
