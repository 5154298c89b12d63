import { IsUUID } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, createUnionType, Ctx, Field, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ANY_ROLE, Role, STAFF } from '../../auth/principal';
import { SizeChart, UpsertSizeChartInput } from '../../catalog/size-chart.type';
import { GarmentType, Gender } from '../../common/enums';
import { InvalidInputError } from '../../common/error-result.type';
import { RequestContext } from '../../common/request-context';
import type { Services } from '../../services';
import { SizeAdviceResult } from './size-advice.type';

@ArgsType()
class SizeAdviceArgs {
  @Field(() => ID, { description: 'Kiosk session id.' })
  @IsUUID('all', { message: 'sessionId must be a session id (UUID)' })
  sessionId!: string;

  @Field(() => ID, { description: 'Product id.' })
  @IsUUID('all', { message: 'productId must be a product id (UUID)' })
  productId!: string;
}

export const UpsertSizeChartResult = createUnionType({
  name: 'UpsertSizeChartResult',
  description: 'The saved chart, or InvalidInputError naming the bad row.',
  types: () => [SizeChart, InvalidInputError] as const,
});

@Resolver()
export class SizeResolver {
  constructor(private readonly services: Services) {}

  @Authorized(Role.KIOSK)
  @Query(() => SizeAdviceResult, { description: "The size of a product that fits the session's body profile, how sure, how it fits, and whether it is in stock here." })
  sizeAdvice(@Ctx() ctx: RequestContext, @Args(() => SizeAdviceArgs) { sessionId, productId }: SizeAdviceArgs): Promise<typeof SizeAdviceResult> {
    return this.services.sizeAdvice.advise(ctx, sessionId, productId);
  }

  @Authorized(...ANY_ROLE)
  @Query(() => [SizeChart], { description: 'Size charts, optionally narrowed (the house defaults have brand null).' })
  sizeCharts(
    @Ctx() ctx: RequestContext,
    @Arg('brand', () => String, { nullable: true, description: 'Brand.' }) brand: string | null,
    @Arg('garmentType', () => GarmentType, { nullable: true, description: 'Garment type.' }) garmentType: GarmentType | null,
    @Arg('gender', () => Gender, { nullable: true, description: 'Gender.' }) gender: Gender | null,
  ): Promise<SizeChart[]> {
    return this.services.sizeCharts.list(ctx, { brand, garmentType, gender });
  }

  @Authorized(...STAFF)
  @Mutation(() => UpsertSizeChartResult, { description: "Create or replace a brand's chart (or the house default) for a garment type and gender." })
  upsertSizeChart(@Ctx() ctx: RequestContext, @Arg('input', () => UpsertSizeChartInput, { description: 'The chart.' }) input: UpsertSizeChartInput): Promise<typeof UpsertSizeChartResult> {
    return this.services.sizeCharts.upsert(ctx, input);
  }
}
