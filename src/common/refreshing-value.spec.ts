import { RefreshingValue } from './refreshing-value';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('RefreshingValue', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = 0));

  it('waits for the first load once, however many callers ask', async () => {
    const d = deferred<string>();
    const load = jest.fn(() => d.promise);
    const value = new RefreshingValue(load, 1000, () => undefined, now);
    const a = value.get();
    const b = value.get();
    d.resolve('v1');
    expect(await Promise.all([a, b])).toEqual(['v1', 'v1']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('past the TTL answers the copy at once and refreshes it once in the background', async () => {
    const loads = [deferred<string>(), deferred<string>()];
    let n = 0;
    const load = jest.fn(() => loads[n++].promise);
    const value = new RefreshingValue(load, 1000, () => undefined, now);
    const first = value.get();
    loads[0].resolve('v1');
    await first;
    clock = 1500;
    expect(await value.get()).toBe('v1');
    expect(await value.get()).toBe('v1');
    expect(load).toHaveBeenCalledTimes(2);
    loads[1].resolve('v2');
    await loads[1].promise;
    await Promise.resolve();
    expect(await value.get()).toBe('v2');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps the copy when a background refresh fails, reports it, and retries on the next call', async () => {
    const errors: unknown[] = [];
    const results: (() => Promise<string>)[] = [() => Promise.resolve('v1'), () => Promise.reject(new Error('db down')), () => Promise.resolve('v3')];
    let n = 0;
    const value = new RefreshingValue(() => results[n++](), 1000, (e) => errors.push(e), now);
    expect(await value.get()).toBe('v1');
    clock = 2000;
    expect(await value.get()).toBe('v1');
    await new Promise((r) => setImmediate(r));
    expect(errors).toEqual([new Error('db down')]);
    expect(await value.get()).toBe('v1');
    await new Promise((r) => setImmediate(r));
    expect(await value.get()).toBe('v3');
  });

  it('after invalidate the next caller waits for a fresh load', async () => {
    let n = 0;
    const value = new RefreshingValue(() => Promise.resolve(`v${++n}`), 60_000, () => undefined, now);
    expect(await value.get()).toBe('v1');
    value.invalidate();
    expect(await value.get()).toBe('v2');
    expect(await value.get()).toBe('v2');
  });

  it('a failed first load fails its callers and the next call loads again', async () => {
    let n = 0;
    const value = new RefreshingValue(() => (n++ === 0 ? Promise.reject(new Error('no')) : Promise.resolve('ok')), 1000, () => undefined, now);
    await expect(value.get()).rejects.toThrow('no');
    expect(await value.get()).toBe('ok');
  });
});
