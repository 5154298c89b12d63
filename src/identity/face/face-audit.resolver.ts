import { IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Args, ArgsType, Authorized, Ctx, Field, Float, ID, Int, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { Role } from '../../auth/principal';
import { RequestContext } from '../../common/request-context';
import { FaceIdentificationEntity, FaceIdentificationOutcome } from './face-identification.entity';

registerEnumType(FaceIdentificationOutcome, { name: 'FaceIdentificationOutcome', description: 'What an identification attempt at a mirror came to.' });

@ObjectType({ description: 'One face identification attempt at a mirror (audit log).' })
export class FaceIdentificationRecord {
  @Field(() => Date, { description: 'When.' })
  at!: Date;
  @Field(() => ID, { description: 'Store.' })
  storeId!: string;
  @Field(() => ID, { description: 'Mirror.' })
  kioskId!: string;
  @Field(() => ID, { nullable: true, description: 'Session (null once the session is gone).' })
  sessionId!: string | null;
  @Field(() => FaceIdentificationOutcome, { description: 'MATCHED, NOT_RECOGNISED or DISABLED.' })
  outcome!: FaceIdentificationOutcome;
  @Field(() => ID, { nullable: true, description: 'The member recognised, if any (rows go when the member withdraws consent).' })
  matchedCustomerId!: string | null;
  @Field(() => Float, { nullable: true, description: 'Similarity of the best candidate.' })
  bestSimilarity!: number | null;
  @Field(() => Float, { nullable: true, description: 'Best minus runner-up.' })
  margin!: number | null;
}

@ArgsType()
class FaceAuditArgs {
  @Field(() => ID, { nullable: true, description: 'Only this store.' })
  @IsOptional()
  @IsUUID('all', { message: 'storeId must be a store id (UUID)' })
  storeId?: string | null;
  @Field(() => Int, { defaultValue: 50, description: 'Newest first, 1..200.' })
  @Min(1)
  @Max(200)
  first!: number;
}

/** The identification audit log, for admins answering "who was recognised where, and when". */
@Resolver()
export class FaceAuditResolver {
  @Authorized(Role.ADMIN)
  @Query(() => [FaceIdentificationRecord], { description: 'Face identification audit log, newest first (admins only).' })
  async faceIdentificationLog(@Ctx() ctx: RequestContext, @Args(() => FaceAuditArgs) { storeId, first }: FaceAuditArgs): Promise<FaceIdentificationRecord[]> {
    return identificationLog(ctx, storeId ?? null, first);
  }
}

/** The newest identification attempts, optionally of one store. */
export async function identificationLog(ctx: RequestContext, storeId: string | null, first: number): Promise<FaceIdentificationRecord[]> {
  const rows = await ctx.em.getRepository(FaceIdentificationEntity).find({ where: storeId ? { storeId } : {}, order: { at: 'DESC', id: 'DESC' }, take: first });
  return rows.map((r) =>
    Object.assign(new FaceIdentificationRecord(), { at: r.at, storeId: r.storeId, kioskId: r.kioskId, sessionId: r.sessionId, outcome: r.outcome, matchedCustomerId: r.matchedCustomerId, bestSimilarity: r.bestSimilarity, margin: r.margin }),
  );
}
