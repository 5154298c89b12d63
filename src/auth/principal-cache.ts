import { Principal } from './principal';

/**
 * A small TTL cache of resolved principals, so that a busy mirror does not cost a database read per
 * request. Revocation in this process evicts at once; other processes see it within the TTL.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; expires: number }>();

  constructor(
    private readonly ttlMs = 15_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): Principal | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.principal;
  }

  set(key: string, principal: Principal): void {
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { principal, expires: Date.now() + this.ttlMs });
  }

  /** Forgets every cached principal matching `predicate` (e.g. a revoked kiosk). */
  evict(predicate: (p: Principal) => boolean): void {
    for (const [key, { principal }] of this.entries) if (predicate(principal)) this.entries.delete(key);
  }
}
