import { Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/principal';
import { RequestContext } from '../common/request-context';
import type { Services } from '../services';
import { StoreStock, Variant } from './variant.type';

@Resolver(() => Variant)
export class VariantResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => [StoreStock], { description: 'Units available now in every store.' })
  stock(@Ctx() ctx: RequestContext, @Root() variant: Variant): Promise<StoreStock[]> {
    return this.services.catalog.stockOf(ctx, variant.id);
  }

  @Authorized(Role.KIOSK)
  @FieldResolver(() => Int, { description: "Units available now in the calling kiosk's own store (kiosks only)." })
  availableHere(@Ctx() ctx: RequestContext, @Root() variant: Variant): Promise<number> {
    const principal = ctx.principal;
    if (principal.kind !== 'kiosk') throw new Error('unreachable: guarded by @Authorized(KIOSK)');
    return this.services.catalog.availableIn(ctx, variant.id, principal.storeId);
  }
}
