import { checkPageSize, decodeCursor, encodeCursor } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { OrderEntity } from './order.entity';
import { Order, OrderConnection, OrderLine } from './order.type';

const isOrderCursor = (v: unknown): v is { t: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as { t?: unknown }).t === 'string' && typeof (v as { id?: unknown }).id === 'string';

/** Purchase history. Callers must already have established that the caller may read `customerId`'s orders. */
export class OrderService {
  async listForCustomer(ctx: RequestContext, customerId: string, first: number, after?: string | null): Promise<OrderConnection> {
    checkPageSize(first, ctx.config.maxPageSize);
    const qb = ctx.em.getRepository(OrderEntity).createQueryBuilder('o').where('o.customer_id = :customerId', { customerId });
    const totalCount = await qb.getCount();
    if (after) {
      const c = decodeCursor(after, isOrderCursor);
      qb.andWhere('(o.placed_at, o.id) < (:t, :id)', { t: c.t, id: c.id });
    }
    const rows = await qb.orderBy('o.placed_at', 'DESC').addOrderBy('o.id', 'DESC').limit(first + 1).getMany();
    const edges = rows.slice(0, first).map((o) => ({ node: Order.from(o), cursor: encodeCursor({ t: o.placedAt.toISOString(), id: o.id }) }));
    return Object.assign(new OrderConnection(), {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      totalCount,
    });
  }

  async linesOf(ctx: RequestContext, order: Order): Promise<OrderLine[]> {
    return (await ctx.loaders.orderLinesByOrderId.load(order.id)).map((l) => OrderLine.from(l, order.currency));
  }
}
