import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import type Redis from 'ioredis';
import type { PubSub } from 'type-graphql';

/** Subscription topics. */
export const Topics = {
  REC_TRAINING: 'REC_TRAINING',
  HANDOFF: 'HANDOFF',
  MEMBER_SIGN_IN: 'MEMBER_SIGN_IN',
} as const;

/**
 * The event bus behind GraphQL subscriptions: in-process, or through Redis pub/sub when the server
 * runs as several processes (an event published by one reaches subscribers on all).
 */
export function createAppPubSub(redis?: { publish: Redis; subscribe: Redis }): PubSub {
  if (!redis) return createPubSub() as unknown as PubSub;
  const eventTarget = createRedisEventTarget({ publishClient: redis.publish, subscribeClient: redis.subscribe });
  return createPubSub({ eventTarget }) as unknown as PubSub;
}
