import type Redis from 'ioredis';

/** Counts failures per key in a fixed window. */
export interface RateLimiter {
  /** Adds one failure; returns how many failures the key has in the current window. */
  hit(key: string, windowSeconds: number): Promise<number>;
  count(key: string): Promise<number>;
}

/** One process only. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, { n: number; until: number }>();

  async hit(key: string, windowSeconds: number): Promise<number> {
    const now = Date.now();
    const entry = this.counts.get(key);
    if (!entry || entry.until < now) {
      this.counts.set(key, { n: 1, until: now + windowSeconds * 1000 });
      if (this.counts.size > 100_000) for (const [k, v] of this.counts) if (v.until < now) this.counts.delete(k);
      return 1;
    }
    entry.n++;
    return entry.n;
  }

  async count(key: string): Promise<number> {
    const entry = this.counts.get(key);
    return entry && entry.until >= Date.now() ? entry.n : 0;
  }
}

/** Shared by every server process: INCR with an expiry set on the first hit. */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: Redis) {}

  async hit(key: string, windowSeconds: number): Promise<number> {
    const results = await this.redis.multi().incr(`rl:${key}`).expire(`rl:${key}`, windowSeconds, 'NX').exec();
    return Number(results?.[0]?.[1] ?? 0);
  }

  async count(key: string): Promise<number> {
    return Number((await this.redis.get(`rl:${key}`)) ?? 0);
  }
}
