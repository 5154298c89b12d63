import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSub } from 'type-graphql';

/** Subscription topics. */
export const Topics = {
  REC_TRAINING: 'REC_TRAINING',
} as const;

/** The in-process event bus behind GraphQL subscriptions. */
export function createAppPubSub(): PubSub {
  return createPubSub() as unknown as PubSub;
}
