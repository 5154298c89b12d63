/**
 * A least-recently-used map bounded by bytes (what its values weigh, by `sizeOf`). Used for the
 * try-on's memory-only stores: nothing in them survives a restart, and nothing grows without bound.
 */
export class ByteLru<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores a value (replacing any under the key) and evicts the least recently used beyond the budget. A value over the whole budget is not kept. */
  set(key: K, value: V): boolean {
    this.delete(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes) return false;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= e.bytes;
      this.onEvict?.(k, e.value);
    }
    return true;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    this.onEvict?.(key, entry.value);
    return true;
  }

  /** Deletes every entry the predicate selects; returns how many. */
  deleteWhere(predicate: (key: K, value: V) => boolean): number {
    let n = 0;
    for (const [k, e] of [...this.entries]) {
      if (predicate(k, e.value)) {
        this.delete(k);
        n++;
      }
    }
    return n;
  }

  values(): V[] {
    return [...this.entries.values()].map((e) => e.value);
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }
}
