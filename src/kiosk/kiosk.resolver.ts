import { IsUUID } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { STAFF } from '../auth/principal';
import { RequestContext } from '../common/request-context';
import type { Services } from '../services';
import { Store } from '../store/store.type';
import { ProvisionKioskResult, RevokeKioskResult } from './kiosk-results.type';
import { Kiosk } from './kiosk.type';
import { ProvisionKioskInput } from './provision-kiosk.input';

@ArgsType()
class KioskIdArgs {
  @Field(() => ID, { description: 'Kiosk id.' })
  @IsUUID('all', { message: 'id must be a kiosk id (UUID)' })
  id!: string;
}

@Resolver(() => Kiosk)
export class KioskResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...STAFF)
  @Mutation(() => ProvisionKioskResult, { description: 'Register a new mirror; returns its device token once.' })
  provisionKiosk(@Ctx() ctx: RequestContext, @Arg('input', () => ProvisionKioskInput, { description: 'The store and a label.' }) input: ProvisionKioskInput): Promise<typeof ProvisionKioskResult> {
    return this.services.kiosks.provision(ctx, input.storeId, input.label);
  }

  @Authorized(...STAFF)
  @Mutation(() => RevokeKioskResult, { description: "Revoke a mirror's device token; it is refused from then on." })
  revokeKiosk(@Ctx() ctx: RequestContext, @Args(() => KioskIdArgs) { id }: KioskIdArgs): Promise<typeof RevokeKioskResult> {
    return this.services.kiosks.revoke(ctx, id);
  }

  @FieldResolver(() => Store, { description: 'The store the mirror stands in.' })
  async store(@Ctx() ctx: RequestContext, @Root() kiosk: Kiosk): Promise<Store> {
    const store = await this.services.stores.byId(ctx, kiosk.storeId);
    if (!store) throw new Error(`kiosk ${kiosk.id} refers to a missing store`);
    return store;
  }
}
