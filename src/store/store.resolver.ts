import { IsUUID } from 'class-validator';
import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ANY_ROLE, STAFF } from '../auth/principal';
import { RequestContext } from '../common/request-context';
import { Kiosk } from '../kiosk/kiosk.type';
import type { Services } from '../services';
import { StoreResult } from './store-result.union';
import { Store } from './store.type';

@ArgsType()
class StoreArgs {
  @Field(() => ID, { description: 'Store id.' })
  @IsUUID('all', { message: 'id must be a store id (UUID)' })
  id!: string;
}

@Resolver(() => Store)
export class StoreResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...ANY_ROLE)
  @Query(() => [Store], { description: 'Every store, ordered by code.' })
  stores(@Ctx() ctx: RequestContext): Promise<Store[]> {
    return this.services.stores.list(ctx);
  }

  @Authorized(...ANY_ROLE)
  @Query(() => StoreResult, { description: 'One store by id.' })
  store(@Ctx() ctx: RequestContext, @Args(() => StoreArgs) { id }: StoreArgs): Promise<typeof StoreResult> {
    return this.services.stores.find(ctx, id);
  }

  @Authorized(...STAFF)
  @FieldResolver(() => [Kiosk], { description: 'The mirrors of this store (staff only).' })
  kiosks(@Ctx() ctx: RequestContext, @Root() store: Store): Promise<Kiosk[]> {
    return this.services.kiosks.listForStore(ctx, store.id);
  }
}
