import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The project root (src/chaos/..), so children run the same code whatever the caller's cwd. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

/**
 * A child process in its own process group (detached), so SIGKILL reaches everything it started —
 * the embedded PostgreSQL and Temporal dev server included — the way a crashed host would.
 */
export class ProcessGroup {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  private readonly lineListeners: ((line: string) => void)[] = [];

  constructor(
    private readonly script: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
  ) {}

  start(): void {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    log.write(`\n---- start ${new Date().toISOString()} ----\n`);
    const child = spawn(TSX, [this.script], {
      cwd: PROJECT_ROOT,
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) for (const l of this.lineListeners) l(line);
    });
    child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        log.end();
        resolve(code);
      }),
    );
    this.child = child;
  }

  /** The group leader's pid (also the process group id), while started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the first stdout line that matches, rejects when the process exits first or time runs out. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.script}: no ready line after ${timeoutMs} ms`)),
        timeoutMs,
      );
      const listener = (line: string) => {
        if (!match(line)) return;
        clearTimeout(timer);
        this.lineListeners.splice(this.lineListeners.indexOf(listener), 1);
        resolve(line);
      };
      this.lineListeners.push(listener);
      void this.exited?.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.script} exited with ${code} before it was ready (log: ${this.logFile})`));
      });
    });
  }

  /** Sends the signal to the whole group and waits for the leader to exit. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const pid = this.child?.pid;
    if (!pid || !this.running) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
    await this.exited;
  }

  /** SIGKILL of the group, then waits until no process of the group is left (they may outlive the leader). */
  async killHard(): Promise<void> {
    const pid = this.child?.pid;
    await this.kill('SIGKILL');
    if (!pid) return;
    for (let i = 0; i < 100 && groupAlive(pid); i++) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
      await sleep(100);
    }
  }

  /** SIGTERM (graceful), SIGKILL when it takes longer than `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.running) return;
    const timer = setTimeout(() => void this.killHard(), graceMs);
    await this.kill('SIGTERM');
    clearTimeout(timer);
    await this.killHard();
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function tsxScript(relative: string): string {
  return path.join(PROJECT_ROOT, relative);
}
