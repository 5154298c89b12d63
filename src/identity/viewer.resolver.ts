import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ANY_ROLE, Role } from '../auth/principal';
import { OrderConnection } from '../commerce/order.type';
import { RequestContext } from '../common/request-context';
import type { Services } from '../services';
import { Customer } from './customer.type';
import { Viewer } from './viewer.type';

@Resolver(() => Customer)
export class ViewerResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...ANY_ROLE)
  @Query(() => Viewer, { description: 'Who the caller is: a kiosk and its store, a member, or a staff member.' })
  viewer(@Ctx() ctx: RequestContext): Promise<typeof Viewer> {
    return this.services.viewer.viewer(ctx);
  }

  @Authorized(Role.CUSTOMER)
  @FieldResolver(() => OrderConnection, { description: "The member's purchase history, newest first (the member only)." })
  orders(
    @Ctx() ctx: RequestContext,
    @Root() customer: Customer,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size; at most MAX_PAGE_SIZE.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor from a previous page.' }) after: string | null,
  ): Promise<OrderConnection> {
    this.services.viewer.assertIsCustomer(ctx, customer.id);
    return this.services.orders.listForCustomer(ctx, customer.id, first, after);
  }
}
