/**
 * A small in-process cache whose entries expire after a time to live, bounded in size so keys taken
 * from requests (an attacker's made-up workspace ids) cannot grow it without limit: when full, the
 * oldest entry goes. Values may be `null` (a remembered "does not exist"), with their own, shorter TTL.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V | null; expiresAt: number }>();
  /** Loads in flight: a burst of requests for one missing key waits for one lookup, not one each. */
  private readonly loading = new Map<string, Promise<V | null>>();

  constructor(
    private readonly opts: {
      ttlMs: number;
      /** Time to live of a `null` (not found) entry. */
      missingTtlMs: number;
      maxEntries: number;
      now?: () => number;
    },
  ) {}

  /** The cached value, or `undefined` when there is none (or it expired): look it up and `set` it. */
  get(key: string): V | null | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V | null): void {
    const ttl = value === null ? this.opts.missingTtlMs : this.opts.ttlMs;
    if (ttl <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: this.now() + ttl });
  }

  delete(key: string): void {
    this.entries.delete(key);
    this.loading.delete(key);
  }

  /** `get`, else `load` (once for concurrent callers) and remember what it found. */
  getOrLoad(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const cached = this.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    let pending = this.loading.get(key);
    if (!pending) {
      pending = load()
        .then((value) => {
          this.set(key, value);
          return value;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}
