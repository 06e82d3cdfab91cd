import { sleep } from './processes';
import type { Chance } from './random';
import type { CalendlySandboxControl, GhlSandboxControl } from './sandboxes';

/** A steady share of GHL API calls that fail with a random 500 (seeded in the sandbox). */
export const GHL_ERROR_RATE = 0.03;

/**
 * Injects provider faults through the sandboxes' own knobs while the leads run: bursts of 5xx, 429
 * with Retry-After, requests that are never answered (client timeout) and writes that commit and are
 * never answered (the case idempotent retries exist for); some on Calendly.
 */
export class FaultInjector {
  injected = 0;
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly chance: Chance,
    private readonly ghl: () => GhlSandboxControl,
    private readonly calendly: () => CalendlySandboxControl,
  ) {}

  /** Sandbox knobs live in memory: called again after every service restart (while injecting). */
  async applyBaseline(seed: number): Promise<void> {
    if (this.running) await this.ghl().setKnobs({ errorRate: GHL_ERROR_RATE, randomSeed: seed });
  }

  async start(seed: number): Promise<void> {
    this.running = true;
    await this.applyBaseline(seed);
    this.loop = (async () => {
      while (this.running) {
        await sleep(this.chance.int(1_500, 4_000));
        if (!this.running) break;
        await this.injectOne().catch(() => {
          // The sandbox is down with the service (a kill in progress): skip this round.
        });
      }
    })();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.loop;
    await this.ghl()
      .setKnobs({ errorRate: 0, failNext: null, hangNext: 0, hangAfterCommitNext: 0 })
      .catch(() => {});
    await this.calendly()
      .setKnobs({ failNext: null })
      .catch(() => {});
  }

  private async injectOne(): Promise<void> {
    const kind = this.chance.weighted({
      ghl5xx: 30,
      ghl429: 25,
      ghlHang: 10,
      ghlHangAfterCommit: 10,
      calendly5xx: 12,
      calendly429: 8,
    });
    switch (kind) {
      case 'ghl5xx': {
        const count = this.chance.int(1, 4);
        await this.ghl().setKnobs({
          failNext: { status: this.chance.pick([500, 502, 503]), count, ...this.ghlTarget() },
        });
        this.injected += count;
        return;
      }
      case 'ghl429': {
        const count = this.chance.int(1, 3);
        await this.ghl().setKnobs({
          failNext: { status: 429, count, retryAfterSeconds: this.chance.int(1, 3), ...this.ghlTarget() },
        });
        this.injected += count;
        return;
      }
      case 'ghlHang':
        await this.ghl().setKnobs({ hangNext: 1 });
        this.injected += 1;
        return;
      case 'ghlHangAfterCommit':
        await this.ghl().setKnobs({ hangAfterCommitNext: 1 });
        this.injected += 1;
        return;
      case 'calendly5xx': {
        const count = this.chance.int(1, 2);
        await this.calendly().setKnobs({ failNext: { status: this.chance.pick([500, 503]), count } });
        this.injected += count;
        return;
      }
      case 'calendly429':
        await this.calendly().setKnobs({ failNext: { status: 429, count: 1, retryAfterSeconds: 2 } });
        this.injected += 1;
        return;
    }
  }

  /** Half the bursts hit only the booking call, the rest whatever GHL request comes next. */
  private ghlTarget(): { match?: string } {
    return this.chance.chance(0.5) ? { match: 'appointments' } : {};
  }
}
