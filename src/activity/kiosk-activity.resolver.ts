import { IsOptional, IsUUID } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Args, ArgsType, Authorized, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import { STAFF } from '../auth/principal';
import { RequestContext } from '../common/request-context';
import type { Services } from '../services';
import { KioskActivityDay } from './kiosk-activity.type';

@ArgsType()
class KioskActivityArgs {
  @Field(() => GraphQLLocalDate, { description: 'First day (inclusive), in each store’s time zone.' })
  from!: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day (inclusive); at most 366 days after `from`.' })
  to!: string;

  @Field(() => ID, { nullable: true, description: 'Only this store; every store when left out.' })
  @IsOptional()
  @IsUUID('all', { message: 'storeId must be a store id (UUID)' })
  storeId?: string | null;
}

@Resolver()
export class KioskActivityResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...STAFF)
  @Query(() => [KioskActivityDay], {
    description:
      'Mirror activity per store and day for the console: sessions, body scans, try-ons, hand-offs, orders from mirror carts, revenue and conversion. ' +
      'Every day of the range is present for every store (zeros on quiet days), ordered by day then store code, so a chart needs no gap filling. ' +
      'A range with `from` after `to` or longer than 366 days is BAD_USER_INPUT.',
  })
  kioskActivity(@Ctx() ctx: RequestContext, @Args(() => KioskActivityArgs) args: KioskActivityArgs): Promise<KioskActivityDay[]> {
    return this.services.activity.report(ctx, args);
  }
}
