import { isUuid } from '../common/uuid';
import { SelectQueryBuilder } from 'typeorm';
import { forbidden } from '../common/errors';
import { checkPageSize, decodeCursor, encodeCursor } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { OrderFilterInput } from './order-filter.input';
import { OrderEntity } from './order.entity';
import { Order, OrderConnection, OrderLine } from './order.type';

/** What `encodeCursor` writes for an order: `placedAt.toISOString()` and the order's UUID. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A cursor is checked down to its values before they reach PostgreSQL: one whose time or id would not
 * cast (`{"t":"x","id":"y"}`) is bad input, not an internal error.
 */
const isOrderCursor = (v: unknown): v is { t: string; id: string } => {
  if (typeof v !== 'object' || v === null) return false;
  const { t, id } = v as { t?: unknown; id?: unknown };
  return typeof t === 'string' && ISO_INSTANT.test(t) && !Number.isNaN(Date.parse(t)) && new Date(t).toISOString() === t && typeof id === 'string' && isUuid(id);
};

/**
 * A page of orders whose totalCount runs its statement when first read; the getter is defined on the
 * prototype (the connection type declares totalCount as a field), never per object.
 */
class CountedOnReadOrders extends OrderConnection {
  private counted: Promise<number> | undefined;
  constructor(
    edges: OrderConnection['edges'],
    pageInfo: OrderConnection['pageInfo'],
    private readonly count: () => Promise<number>,
  ) {
    super();
    this.edges = edges;
    this.pageInfo = pageInfo;
  }

  countOnce(): Promise<number> {
    return (this.counted ??= this.count());
  }
}
Object.defineProperty(CountedOnReadOrders.prototype, 'totalCount', {
  get(this: CountedOnReadOrders) {
    return this.countOnce();
  },
});

/** Purchase history: a member's own, and every order for staff (without the member's personal data). */
export class OrderService {
  /** Callers must already have established that the caller may read `customerId`'s orders. */
  async listForCustomer(ctx: RequestContext, customerId: string, first: number, after?: string | null): Promise<OrderConnection> {
    checkPageSize(first, ctx.config.maxPageSize);
    return this.page(ctx.em.getRepository(OrderEntity).createQueryBuilder('o').where('o.customer_id = :customerId', { customerId }), first, after);
  }

  /** Every order, newest first, optionally of one store and channel (staff only). */
  async listForStaff(ctx: RequestContext, filter: OrderFilterInput | null | undefined, first: number, after?: string | null): Promise<OrderConnection> {
    if (ctx.principal.kind !== 'staff') throw forbidden('Only staff list every order');
    checkPageSize(first, ctx.config.maxPageSize);
    const qb = ctx.em.getRepository(OrderEntity).createQueryBuilder('o').where('TRUE');
    if (filter?.storeId) qb.andWhere('o.store_id = :storeId', { storeId: filter.storeId });
    if (filter?.channel) qb.andWhere('o.channel = :channel', { channel: filter.channel });
    return this.page(qb, first, after);
  }

  /** One page, newest first, with keyset cursors on (placed_at, id). */
  private async page(qb: SelectQueryBuilder<OrderEntity>, first: number, after?: string | null): Promise<OrderConnection> {
    // Counted only when the answer asks for totalCount (the app's order history does not page by it).
    const countQuery = qb.clone();
    if (after) {
      const c = decodeCursor(after, isOrderCursor);
      qb.andWhere('(o.placed_at, o.id) < (:t, :id)', { t: c.t, id: c.id });
    }
    const rows = await qb.orderBy('o.placed_at', 'DESC').addOrderBy('o.id', 'DESC').limit(first + 1).getMany();
    const edges = rows.slice(0, first).map((o) => ({ node: Order.from(o), cursor: encodeCursor({ t: o.placedAt.toISOString(), id: o.id }) }));
    return new CountedOnReadOrders(edges, { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null }, () => countQuery.getCount());
  }

  async linesOf(ctx: RequestContext, order: Order): Promise<OrderLine[]> {
    return (await ctx.loaders.orderLinesByOrderId.load(order.id)).map((l) => OrderLine.from(l, order.currency));
  }
}
