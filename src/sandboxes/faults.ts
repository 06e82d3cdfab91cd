import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

/**
 * Fault injection, one module for every provider sandbox (GHL, Calendly, HubSpot): the same knobs, the
 * same control payload (`PATCH /_sandbox/knobs`) and the same order of effects, so a chaos run or a test
 * speaks to each sandbox the same way. Only the rendering of a failure is the provider's (each answers in
 * its own error shape). Everything is deterministic once set: counted failures and hangs apply to the
 * next matching requests in arrival order, and `errorRate` draws from a seeded generator so a given seed
 * always fails the same requests.
 */
export const sandboxKnobsSchema = z.object({
  /** Added before every provider API answer. */
  latencyMs: z.number().int().min(0).max(120_000),
  /** Probability (0..1) that a request gets a random 500. */
  errorRate: z.number().min(0).max(1),
  /** Seed of the errorRate generator; setting it restarts the sequence. */
  randomSeed: z.number().int(),
  /**
   * The next `count` requests fail; optionally only those whose "METHOD /path" contains `match`, or
   * whose path starts with `path`.
   */
  failNext: z
    .object({
      status: z.number().int().min(400).max(599),
      count: z.number().int().min(0),
      retryAfterSeconds: z.number().min(0).optional(),
      message: z.string().optional(),
      match: z.string().optional(),
      path: z.string().optional(),
    })
    .strict()
    .nullable(),
  /** The next `count` requests are accepted and never answered (the client times out). */
  hangNext: z.number().int().min(0),
  /**
   * The next `count` writes (a booking, a cancel, a message sent) are committed, then never answered:
   * the case idempotent retries exist for.
   */
  hangAfterCommitNext: z.number().int().min(0),
});
export type SandboxKnobs = z.infer<typeof sandboxKnobsSchema>;
export const sandboxKnobsPatchSchema = sandboxKnobsSchema.partial().strict();
export type SandboxKnobsPatch = z.infer<typeof sandboxKnobsPatchSchema>;

export const DEFAULT_KNOBS: SandboxKnobs = {
  latencyMs: 0,
  errorRate: 0,
  randomSeed: 1,
  failNext: null,
  hangNext: 0,
  hangAfterCommitNext: 0,
};

export type FaultDecision =
  | { kind: 'pass' }
  | { kind: 'hang' }
  | { kind: 'fail'; status: number; message: string; retryAfterSeconds?: number };

/** How one provider answers an injected failure, in its own error shape. */
export type FailureRenderer = (res: Response, failure: Extract<FaultDecision, { kind: 'fail' }>) => void;

export class Faults {
  private knobs: SandboxKnobs = { ...DEFAULT_KNOBS };
  private random = seededRandom(DEFAULT_KNOBS.randomSeed);

  get current(): SandboxKnobs {
    return structuredClone(this.knobs);
  }

  set(patch: SandboxKnobsPatch): SandboxKnobs {
    const next = sandboxKnobsSchema.parse({ ...this.knobs, ...patch });
    if (patch.randomSeed !== undefined) this.random = seededRandom(next.randomSeed);
    this.knobs = next;
    return this.current;
  }

  reset(): void {
    this.knobs = { ...DEFAULT_KNOBS };
    this.random = seededRandom(DEFAULT_KNOBS.randomSeed);
  }

  /** Decides what happens to an incoming API request, consuming one use of the knob that fires. */
  decide(method: string, path: string): FaultDecision {
    if (this.knobs.hangNext > 0) {
      this.knobs.hangNext -= 1;
      return { kind: 'hang' };
    }
    const fail = this.knobs.failNext;
    if (fail && fail.count > 0 && failureApplies(fail, method, path)) {
      fail.count -= 1;
      if (fail.count === 0) this.knobs.failNext = null;
      return {
        kind: 'fail',
        status: fail.status,
        message: fail.message ?? defaultMessage(fail.status),
        retryAfterSeconds: fail.retryAfterSeconds,
      };
    }
    if (this.knobs.errorRate > 0 && this.random() < this.knobs.errorRate) {
      return { kind: 'fail', status: 500, message: 'Internal server error' };
    }
    return { kind: 'pass' };
  }

  /** Called after a write committed: true when the answer must be withheld. */
  takeHangAfterCommit(): boolean {
    if (this.knobs.hangAfterCommitNext <= 0) return false;
    this.knobs.hangAfterCommitNext -= 1;
    return true;
  }

  get latencyMs(): number {
    return this.knobs.latencyMs;
  }
}

/**
 * Express middleware applying the knobs to a provider API: latency first, then a hang (the request is
 * accepted and never answered; `hanging` lets the sandbox close such sockets when it stops), then a
 * counted or random failure rendered by the provider.
 */
export function injectFaults(faults: Faults, renderFailure: FailureRenderer, hanging?: Set<Response>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    const decision = faults.decide(req.method, req.path);
    if (decision.kind === 'hang') {
      hanging?.add(res);
      res.on('close', () => hanging?.delete(res));
      return;
    }
    if (decision.kind === 'fail') {
      if (decision.retryAfterSeconds !== undefined)
        res.set('Retry-After', String(decision.retryAfterSeconds));
      renderFailure(res, decision);
      return;
    }
    next();
  };
}

function failureApplies(fail: NonNullable<SandboxKnobs['failNext']>, method: string, path: string): boolean {
  if (fail.path !== undefined && !path.startsWith(fail.path)) return false;
  return fail.match === undefined || `${method} ${path}`.includes(fail.match);
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Too Many Requests';
  if (status === 503) return 'Service Unavailable';
  if (status === 401) return 'Invalid JWT';
  return status >= 500 ? 'Internal server error' : 'Bad Request';
}

/** mulberry32: tiny, fast, and reproducible across runs for a given seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
