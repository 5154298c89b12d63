/**
 * A process-local copy of something loaded from the database, kept for `ttlMs`. Once a copy exists,
 * callers never wait for a refresh: past the TTL the copy is still answered while one refresh runs in
 * the background (stale-while-revalidate), so a busy server does not stall every request in flight
 * each time a cache expires, nor send the same load once per request (every caller used to see the
 * expired copy and load it again until the first load came back). Only the first load, and the
 * first after `invalidate()`, are waited for. A failed background refresh keeps the copy and is
 * retried by the next caller.
 */
export class RefreshingValue<T> {
  private value: { v: T; at: number } | null = null;
  private loading: Promise<T> | null = null;
  private invalidated = false;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly onBackgroundError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    const value = this.value;
    if (value && !this.invalidated) {
      if (this.now() - value.at >= this.ttlMs && !this.loading) this.refresh().catch(this.onBackgroundError);
      return Promise.resolve(value.v);
    }
    return this.loading ?? this.refresh();
  }

  /** The next caller waits for a fresh load (e.g. the copy is known to lack something). */
  invalidate(): void {
    this.invalidated = true;
  }

  private refresh(): Promise<T> {
    const startedAt = this.now();
    this.invalidated = false;
    const loading = this.load().then((v) => {
      this.value = { v, at: startedAt };
      return v;
    });
    this.loading = loading;
    const done = () => {
      if (this.loading === loading) this.loading = null;
    };
    loading.then(done, done);
    return loading;
  }
}
