import Redis from 'ioredis';

/** A Redis connection for one purpose (pub/sub needs its own pair). Fails fast when unreachable. */
export function createRedis(url: string, name: string, keyPrefix?: string): Redis {
  return new Redis(url, { connectionName: `mirrorfit-${name}`, maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false, ...(keyPrefix ? { keyPrefix } : {}) });
}
