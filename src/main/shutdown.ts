/**
 * The ordered, bounded shutdown of `npm start`. Each stop step gets a deadline of its own and the
 * whole sequence one more, so a step that waits on something already gone (a child the terminal's
 * Ctrl-C killed together with us, a connection to it) can delay the exit by seconds, never forever.
 * A second signal while shutting down exits at once, as a second Ctrl-C does in most tools.
 */

export interface ShutdownLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ShutdownOptions {
  logger: ShutdownLogger;
  /** Longest wait for one step before moving on to the next (default 5 s). */
  stepTimeoutMs?: number;
  /** Longest wait for the whole sequence before exiting anyway (default 12 s: under the 15 s a supervisor gives). */
  totalTimeoutMs?: number;
  /** Ends the process (default process.exit); replaceable so the sequence can be driven in a test. */
  exit?: (code: number) => void;
}

/** Exit codes: 0 when every step finished, 1 when one failed or was cut short, 130 on a forced exit. */
export const EXIT_CLEAN = 0;
export const EXIT_INCOMPLETE = 1;
export const EXIT_FORCED = 130;

type Step = { name: string; stop: () => Promise<void> };

export class Shutdown {
  private readonly steps: Step[] = [];
  private started = false;
  private readonly stepTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly exit: (code: number) => void;

  constructor(private readonly opts: ShutdownOptions) {
    this.stepTimeoutMs = opts.stepTimeoutMs ?? 5_000;
    this.totalTimeoutMs = opts.totalTimeoutMs ?? 12_000;
    this.exit = opts.exit ?? ((code) => process.exit(code));
  }

  /** Registers what to stop; steps run in the reverse order of registration (last started, first stopped). */
  add(name: string, stop: () => Promise<void>): void {
    this.steps.push({ name, stop });
  }

  /** Handles `signals` (default SIGINT, SIGTERM): the first starts the shutdown, any later one forces the exit. */
  listen(signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): void {
    for (const signal of signals) process.on(signal, () => this.onSignal(signal));
  }

  onSignal(signal: string): void {
    if (this.started) {
      this.opts.logger.warn({ signal }, 'second signal: exiting now');
      this.exit(EXIT_FORCED);
      return;
    }
    void this.run(signal);
  }

  /** Runs every step once, each bounded, then exits. */
  async run(reason: string): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { logger } = this.opts;
    logger.info({ signal: reason }, 'shutting down (press Ctrl-C again to exit at once)');
    // unref: the deadline must not itself keep an otherwise finished process alive.
    const deadline = setTimeout(() => {
      logger.error({ afterMs: this.totalTimeoutMs }, 'shutdown took too long: exiting anyway');
      this.exit(EXIT_INCOMPLETE);
    }, this.totalTimeoutMs);
    deadline.unref();
    let complete = true;
    for (const step of [...this.steps].reverse()) {
      const startedAt = Date.now();
      const outcome = await bounded(step.stop, this.stepTimeoutMs);
      const ms = Date.now() - startedAt;
      if (outcome.kind === 'done') continue;
      complete = false;
      if (outcome.kind === 'timeout')
        logger.warn({ step: step.name, ms }, 'shutdown step did not finish in time; moving on');
      else logger.error({ step: step.name, err: outcome.err }, 'shutdown step failed');
    }
    clearTimeout(deadline);
    if (complete) logger.info({}, 'stopped');
    this.exit(complete ? EXIT_CLEAN : EXIT_INCOMPLETE);
  }
}

type Outcome = { kind: 'done' } | { kind: 'timeout' } | { kind: 'failed'; err: unknown };

async function bounded(stop: () => Promise<void>, timeoutMs: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(stop)
        .then(
          (): Outcome => ({ kind: 'done' }),
          (err): Outcome => ({ kind: 'failed', err }),
        ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
