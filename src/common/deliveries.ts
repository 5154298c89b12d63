import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/**
 * Work that must happen only when what a root field resolved reaches the client: an impression is a
 * list the customer was shown, and a list whose answer was nulled on the way out (a refused
 * staff-only field inside a non-null list, say) was never shown.
 */
export class Deliveries {
  private pending: { responseKey: string; work: () => void }[] = [];

  /** Runs `work` once the answer is settled, if the root field answered as `responseKey` is non-null in it. */
  whenDelivered(responseKey: string, work: () => void): void {
    this.pending.push({ responseKey, work });
  }

  /** The answer's data (undefined when the request failed as a whole): runs the work of every root field it holds. */
  settle(data: Record<string, unknown> | null | undefined): void {
    const pending = this.pending;
    this.pending = [];
    for (const { responseKey, work } of pending) if (data && data[responseKey] != null) work();
  }
}

export interface DeliveryContext extends BaseContext {
  deliveries?: Deliveries;
}

/**
 * Gives every GraphQL request over HTTP its {@link Deliveries} and settles them with the answer
 * about to be sent. Where a context has none (subscriptions, services called directly) the work is
 * done at once by its callers.
 */
export function deliveriesPlugin<C extends DeliveryContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      const deliveries = new Deliveries();
      contextValue.deliveries = deliveries;
      return {
        async willSendResponse({ response }) {
          deliveries.settle(response.body.kind === 'single' ? response.body.singleResult.data : response.body.initialResult.data);
        },
      };
    },
  };
}
