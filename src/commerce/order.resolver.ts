import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { STAFF } from '../auth/principal';
import { Product } from '../catalog/product.type';
import { Variant } from '../catalog/variant.type';
import { Money } from '../common/money.type';
import { RequestContext } from '../common/request-context';
import type { Services } from '../services';
import { Store } from '../store/store.type';
import { OrderFilterInput } from './order-filter.input';
import { Order, OrderConnection, OrderLine } from './order.type';

@Resolver(() => Order)
export class OrderResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...STAFF)
  @Query(() => OrderConnection, {
    description:
      'Every order, newest first, a page at a time (staff only). Members are personal data visible only to themselves, so an order here carries no name or e-mail of its member.',
  })
  orders(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => OrderFilterInput, { nullable: true, description: 'Store and channel; all given criteria must hold.' }) filter: OrderFilterInput | undefined,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size; at most MAX_PAGE_SIZE (default 100).' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor from a previous page.' }) after: string | null,
  ): Promise<OrderConnection> {
    return this.services.orders.listForStaff(ctx, filter, first, after);
  }

  @FieldResolver(() => Money, { description: 'Total paid.' })
  total(@Root() order: Order): Money {
    return Money.of(order.totalMinor, order.currency);
  }

  @FieldResolver(() => Store, { nullable: true, description: 'The store it was placed in or picked up from, if any.' })
  store(@Ctx() ctx: RequestContext, @Root() order: Order): Promise<Store | null> | null {
    return order.storeId ? this.services.stores.byId(ctx, order.storeId) : null;
  }

  @FieldResolver(() => [OrderLine], { description: 'What was bought.' })
  lines(@Ctx() ctx: RequestContext, @Root() order: Order): Promise<OrderLine[]> {
    return this.services.orders.linesOf(ctx, order);
  }
}

@Resolver(() => OrderLine)
export class OrderLineResolver {
  @FieldResolver(() => Money, { description: 'Price per unit paid.' })
  unitPrice(@Root() line: OrderLine): Money {
    return Money.of(line.unitPriceMinor, line.currency);
  }

  @FieldResolver(() => Product, { description: 'The product bought.' })
  async product(@Ctx() ctx: RequestContext, @Root() line: OrderLine): Promise<Product> {
    return Product.from((await ctx.loaders.productById.load(line.productId))!);
  }

  @FieldResolver(() => Variant, { nullable: true, description: 'The size and colour bought; null for imported history without sizes.' })
  async variant(@Ctx() ctx: RequestContext, @Root() line: OrderLine): Promise<Variant | null> {
    if (!line.variantId) return null;
    const variant = await ctx.loaders.variantById.load(line.variantId);
    return variant ? Variant.from(variant) : null;
  }
}
