/**
 * Groups writes that arrive while one is in flight: the first item is written at once, the items that
 * come while it runs go together in the next call of `writeMany` (up to `maxBatch`), and so on. Each
 * caller's promise settles with its own item's result, so a caller that must not answer before its
 * write committed still waits for exactly that. Under a burst this turns N statements into a few; alone,
 * an item costs what it did before.
 */
export class BatchWriter<T, R> {
  private waiting: { item: T; resolve: (r: R) => void; reject: (err: unknown) => void }[] = [];
  private writing = false;

  /**
   * `writeMany` answers one settled result per item, in order; it should fail items one by one (a bad
   * row must not fail its neighbours). If it throws, every item of that batch is rejected with the error.
   */
  constructor(
    private readonly writeMany: (items: T[]) => Promise<PromiseSettledResult<R>[]>,
    private readonly maxBatch: number,
  ) {}

  write(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const batch = this.waiting.splice(0, this.maxBatch);
    this.writeMany(batch.map((w) => w.item))
      .then(
        (results) =>
          batch.forEach((w, i) => {
            const r = results[i];
            if (r?.status === 'fulfilled') w.resolve(r.value);
            else w.reject(r ? r.reason : new Error('no result for a batched write'));
          }),
        (err: unknown) => {
          for (const w of batch) w.reject(err);
        },
      )
      .finally(() => {
        this.writing = false;
        this.next();
      });
  }
}
