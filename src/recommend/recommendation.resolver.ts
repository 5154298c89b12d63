import { ArrayMaxSize, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, createUnionType, Ctx, Field, Float, ID, Info, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver, Root, Subscription } from 'type-graphql';
import { Gender } from '../common/enums';
import { Role, STAFF } from '../auth/principal';
import { ErrorResult, ErrorResultCode, InvalidInputError, NotFoundError } from '../common/error-result.type';
import { Topics } from '../common/pubsub';
import { RequestContext } from '../common/request-context';
import { SessionEndedError, SessionNotFoundError } from '../kiosk/kiosk-session.type';
import type { Services } from '../services';
import { RecConfigAuditEntry, RecommendationConfig, RecommendationRulesInput, rulesFromInput } from './config/rec-config.types';
import { Placement } from './config/recommendation-rules';
import { ExperimentArmResult, RecommendationExperiment, StartExperimentInput } from './experiment/experiment.types';
import { InteractionKind } from './interaction-event.entity';
import { RecommendationList, RecommendationsResult } from './serving/recommendation.types';
import { RecommendationModel } from './training/rec-model.type';

registerEnumType(InteractionKind, { name: 'InteractionKind', description: 'What a customer did with a product (IMPRESSION and PURCHASE are recorded by the server).' });

@ArgsType()
class RecommendationsArgs {
  @Field(() => Placement, { description: 'Where the list is shown.' })
  placement!: Placement;
  @Field(() => ID, { nullable: true, description: 'Kiosk session (required for kiosks).' })
  @IsOptional()
  @IsUUID('all', { message: 'sessionId must be a session id (UUID)' })
  sessionId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Member (the app: yourself; staff: anyone, for previews).' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a customer id (UUID)' })
  customerId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The product the list is about (required for SIMILAR and COMPLETE_THE_LOOK; the tried-on item for AFTER_TRY_ON).' })
  @IsOptional()
  @IsUUID('all', { message: 'productId must be a product id (UUID)' })
  productId?: string | null;
  @Field(() => Int, { defaultValue: 12, description: 'How many items, 1..50.' })
  limit!: number;
}

@ArgsType()
class RecordInteractionArgs {
  @Field(() => ID, { description: 'Session.' })
  @IsUUID('all', { message: 'sessionId must be a session id (UUID)' })
  sessionId!: string;
  @Field(() => ID, { description: 'Product.' })
  @IsUUID('all', { message: 'productId must be a product id (UUID)' })
  productId!: string;
  @Field(() => InteractionKind, { description: 'VIEW, CLICK, TRY_ON or CART_ADD.' })
  kind!: InteractionKind;
  @Field(() => Placement, { nullable: true, description: 'The placement the product was shown in, if any.' })
  placement?: Placement | null;
}

@ArgsType()
class ExperimentIdArgs {
  @Field(() => ID, { description: 'Experiment.' })
  @IsUUID('all', { message: 'id must be an experiment id (UUID)' })
  id!: string;
}

@ObjectType({ description: 'An interaction was recorded.' })
export class InteractionRecorded {
  @Field({ description: 'Always true.' })
  recorded!: boolean;
}

const RecordInteractionResult = createUnionType({
  name: 'RecordInteractionResult',
  description: 'Recorded, or why not.',
  types: () => [InteractionRecorded, SessionNotFoundError, SessionEndedError, NotFoundError] as const,
});

@ObjectType({ description: 'The rules could not be saved or published; nothing changed.' })
export class RuleProblem {
  @Field({ description: 'Rule path, e.g. "pins[0].productId".' })
  field!: string;
  @Field({ description: 'What is wrong.' })
  message!: string;
}

@ObjectType({ implements: ErrorResult, description: 'Problems that keep the rules from being saved or published.' })
export class InvalidRulesError extends ErrorResult {
  @Field(() => [RuleProblem], { description: 'Every problem.' })
  problems!: RuleProblem[];
}

const SaveRulesResult = createUnionType({
  name: 'SaveRecommendationRulesResult',
  description: 'The draft, or the problems in the rules.',
  types: () => [RecommendationConfig, InvalidRulesError] as const,
});

const PublishRulesResult = createUnionType({
  name: 'PublishRecommendationRulesResult',
  description: 'The newly published version, the problems that block it, or NotFoundError when there is no draft.',
  types: () => [RecommendationConfig, InvalidRulesError, NotFoundError] as const,
});

@InputType({ description: 'A made-up shopper to preview recommendations for: no history, just what they looked at.' })
export class SampleProfileInput {
  @Field({ description: 'Label shown in the preview, e.g. "runner, women".' })
  @Length(1, 80)
  label!: string;
  @Field(() => Gender, { nullable: true, description: 'Department they shop in.' })
  @IsOptional()
  gender?: Gender | null;
  @Field(() => [ID], { description: 'Products they looked at, oldest first (0..20).' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'viewedProductIds must be product ids (UUID)' })
  viewedProductIds!: string[];
}

@ArgsType()
class PreviewRecommendationsArgs {
  @Field(() => [ID], { defaultValue: [], description: 'Members (with sampleProfiles, 1..20 lists in all).' })
  @IsUUID('all', { each: true, message: 'customerIds must be customer ids (UUID)' })
  customerIds!: string[];
  @Field(() => [SampleProfileInput], { defaultValue: [], description: 'Made-up shoppers.' })
  @ValidateNested({ each: true })
  sampleProfiles!: SampleProfileInput[];
  @Field(() => Placement, { defaultValue: Placement.MIRROR_HOME, description: 'Placement.' })
  placement!: Placement;
  @Field(() => ID, { nullable: true, description: 'Rank as the mirror in this store would (its stock).' })
  @IsOptional()
  @IsUUID('all', { message: 'storeId must be a store id (UUID)' })
  storeId?: string | null;
  @Field(() => Int, { defaultValue: 12, description: 'Items per list, 1..50.' })
  limit!: number;
}

@ObjectType({ description: 'Draft and published recommendations side by side for one member or sample profile.' })
export class RecommendationPreview {
  @Field({ description: 'The member id, or the sample profile’s label.' })
  label!: string;
  @Field(() => ID, { nullable: true, description: 'Member, when previewing a member.' })
  customerId!: string | null;
  @Field(() => RecommendationList, { description: 'Under the draft rules.' })
  draft!: RecommendationList;
  @Field(() => RecommendationList, { description: 'Under the published rules.' })
  published!: RecommendationList;
}

@ObjectType({ description: 'A share of exposure.' })
export class ExposureShare {
  @Field({ description: 'Brand or category.' })
  key!: string;
  @Field(() => Float, { description: 'Share of all top-10 slots.' })
  share!: number;
}

@ObjectType({ description: 'Offline figures of a rule set on held-out purchases.' })
export class RuleEvaluationType {
  @Field(() => Int, { description: 'Members evaluated.' })
  customers!: number;
  @Field(() => Float, { description: "Share of members whose held-out last purchase is in the top 10." })
  hitRateAt10!: number;
  @Field(() => Float, { description: 'NDCG@10 of the held-out purchase.' })
  ndcgAt10!: number;
  @Field(() => [ExposureShare], { description: 'Share of top-10 slots per brand.' })
  brandExposure!: ExposureShare[];
  @Field(() => [ExposureShare], { description: 'Share of top-10 slots per category.' })
  categoryExposure!: ExposureShare[];
}

@ObjectType({ description: 'Draft against published rules, evaluated offline on the same members.' })
export class DraftEvaluation {
  @Field(() => RuleEvaluationType, { description: 'The draft.' })
  draft!: RuleEvaluationType;
  @Field(() => RuleEvaluationType, { description: 'The published rules.' })
  published!: RuleEvaluationType;
}

@Resolver()
export class RecommendationResolver {
  constructor(private readonly services: Services) {}

  @Authorized(Role.KIOSK, Role.CUSTOMER, Role.MERCHANDISER, Role.ADMIN)
  @Query(() => RecommendationsResult, {
    description: 'Recommendations for a placement. On the mirror: only items in stock in this store in the customer’s size, never what they own, within the diversity caps; what happens in the session changes the next answer at once.',
  })
  recommendations(@Ctx() ctx: RequestContext, @Args(() => RecommendationsArgs) args: RecommendationsArgs, @Info() info: GraphQLResolveInfo): Promise<typeof RecommendationsResult> {
    return this.services.recommendations.recommend(ctx, { placement: args.placement, limit: args.limit, sessionId: args.sessionId ?? null, customerId: args.customerId ?? null, productId: args.productId ?? null }, { recordImpressions: ctx.principal.kind !== 'staff', responseKey: String(info.path.key) });
  }

  @Authorized(Role.KIOSK)
  @Mutation(() => RecordInteractionResult, { description: 'Record a view, tap, try-on or cart add in the session.' })
  async recordInteraction(@Ctx() ctx: RequestContext, @Args(() => RecordInteractionArgs) { sessionId, productId, kind, placement }: RecordInteractionArgs): Promise<typeof RecordInteractionResult> {
    const result = await this.services.recommendations.recordInteraction(ctx, sessionId, productId, kind, placement ?? null);
    return result === true ? Object.assign(new InteractionRecorded(), { recorded: true }) : result;
  }

  @Authorized(...STAFF)
  @Query(() => [RecommendationConfig], { description: 'Rule versions, newest first.' })
  recommendationConfigs(@Ctx() ctx: RequestContext): Promise<RecommendationConfig[]> {
    return this.services.recConfigs.list(ctx);
  }

  @Authorized(...STAFF)
  @Query(() => [RecConfigAuditEntry], { description: 'Who changed the rules, newest first.' })
  recommendationRulesAudit(@Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: 50, description: 'How many (at most 200).' }) first: number): Promise<RecConfigAuditEntry[]> {
    return this.services.recConfigs.audit(ctx, first);
  }

  @Authorized(...STAFF)
  @Mutation(() => SaveRulesResult, { description: 'Replace the draft rules (created from scratch when there is no draft). Validated; nothing is saved when a rule is broken.' })
  async saveRecommendationDraft(@Ctx() ctx: RequestContext, @Arg('rules', () => RecommendationRulesInput, { description: 'The complete rule set.' }) rules: RecommendationRulesInput): Promise<typeof SaveRulesResult> {
    const result = await this.services.recConfigs.saveDraft(ctx, rulesFromInput(rules));
    return 'problems' in result ? invalidRules(result.problems) : result;
  }

  @Authorized(...STAFF)
  @Mutation(() => PublishRulesResult, { description: 'Publish the draft; it serves at once. A draft with problems cannot be published.' })
  async publishRecommendationDraft(@Ctx() ctx: RequestContext): Promise<typeof PublishRulesResult> {
    const result = await this.services.recConfigs.publish(ctx);
    if (result === null) return new NotFoundError('RecommendationConfig', 'There is no draft to publish');
    return 'problems' in result ? invalidRules(result.problems) : result;
  }

  @Authorized(...STAFF)
  @Mutation(() => Boolean, { description: 'Throw the draft away; true when there was one.' })
  discardRecommendationDraft(@Ctx() ctx: RequestContext): Promise<boolean> {
    return this.services.recConfigs.discardDraft(ctx);
  }

  @Authorized(...STAFF)
  @Query(() => [RecommendationPreview], { description: 'Draft and published recommendations side by side for chosen members.' })
  async previewRecommendations(@Ctx() ctx: RequestContext, @Args(() => PreviewRecommendationsArgs) { customerIds, sampleProfiles, placement, storeId, limit }: PreviewRecommendationsArgs): Promise<RecommendationPreview[]> {
    const audiences = [
      ...customerIds.map((customerId) => ({ label: customerId, customerId, sample: null })),
      ...sampleProfiles.map((p) => ({ label: p.label, customerId: null, sample: { gender: p.gender ?? null, viewedProductIds: p.viewedProductIds } })),
    ];
    const rows = await this.services.draftReview.preview(ctx, audiences, { placement, storeId: storeId ?? null, limit });
    return rows.map((r) => Object.assign(new RecommendationPreview(), r));
  }

  @Authorized(...STAFF)
  @Query(() => DraftEvaluation, { description: 'Evaluate the draft against the published rules on held-out purchases: hit rate, NDCG@10 and exposure per brand and category.' })
  async evaluateRecommendationDraft(@Ctx() ctx: RequestContext, @Arg('sample', () => Int, { defaultValue: 300, description: 'Members to evaluate (10..2000).' }) sample: number): Promise<DraftEvaluation> {
    return Object.assign(new DraftEvaluation(), await this.services.draftReview.evaluate(ctx, sample));
  }

  @Authorized(...STAFF)
  @Query(() => [RecommendationModel], { description: 'Trained models, newest first, with their offline metrics.' })
  recommendationModels(): Promise<RecommendationModel[]> {
    return this.services.training().list();
  }

  @Authorized(...STAFF)
  @Mutation(() => RecommendationModel, { description: 'Start training a new model in the background; follow it with the recommendationTraining subscription. It serves once ready.' })
  async trainRecommendationModel(@Ctx() ctx: RequestContext): Promise<RecommendationModel> {
    const staffId = ctx.principal.kind === 'staff' ? ctx.principal.staffId : null;
    return (await this.services.training().start(staffId)).model;
  }

  @Authorized(...STAFF)
  @Mutation(() => RecommendationModel, { description: 'Serve another trained version (e.g. roll back), without a restart.' })
  activateRecommendationModel(@Arg('version', () => Int, { description: 'Model version.' }) version: number): Promise<RecommendationModel> {
    return this.services.training().activate(version);
  }

  @Authorized(...STAFF)
  @Subscription(() => RecommendationModel, { topics: Topics.REC_TRAINING, description: 'Progress of model training, as it happens.' })
  recommendationTraining(@Root() model: RecommendationModel): RecommendationModel {
    return model;
  }

  @Authorized(...STAFF)
  @Query(() => [RecommendationExperiment], { description: 'Experiments, newest first.' })
  recommendationExperiments(@Ctx() ctx: RequestContext): Promise<RecommendationExperiment[]> {
    return this.services.experiments.list(ctx);
  }

  @Authorized(...STAFF)
  @Mutation(() => StartExperimentResult, { description: 'Start an A/B test between rule versions (stops any running one).' })
  startRecommendationExperiment(@Ctx() ctx: RequestContext, @Arg('input', () => StartExperimentInput, { description: 'Arms and unit.' }) input: StartExperimentInput): Promise<typeof StartExperimentResult> {
    return this.services.experiments.start(ctx, input);
  }

  @Authorized(...STAFF)
  @Mutation(() => StopExperimentResult, { description: 'Stop an experiment.' })
  stopRecommendationExperiment(@Ctx() ctx: RequestContext, @Args(() => ExperimentIdArgs) { id }: ExperimentIdArgs): Promise<typeof StopExperimentResult> {
    return this.services.experiments.stop(ctx, id);
  }

  @Authorized(...STAFF)
  @Query(() => ExperimentResultsResult, { description: 'Per-arm impressions, clicks, try-ons, cart adds and purchases with 95% confidence intervals.' })
  async recommendationExperimentResults(@Ctx() ctx: RequestContext, @Args(() => ExperimentIdArgs) { id }: ExperimentIdArgs): Promise<typeof ExperimentResultsResult> {
    const result = await this.services.experiments.results(ctx, id);
    return Array.isArray(result) ? Object.assign(new ExperimentResults(), { arms: result }) : result;
  }
}

@Authorized(...STAFF)
@ObjectType({ description: 'Results of an experiment, per arm.' })
export class ExperimentResults {
  @Field(() => [ExperimentArmResult], { description: 'One entry per arm.' })
  arms!: ExperimentArmResult[];
}

const StartExperimentResult = createUnionType({
  name: 'StartExperimentResult',
  description: 'The running experiment, or what is wrong with it.',
  types: () => [RecommendationExperiment, InvalidInputError] as const,
});
const StopExperimentResult = createUnionType({
  name: 'StopExperimentResult',
  description: 'The stopped experiment, or NotFoundError.',
  types: () => [RecommendationExperiment, NotFoundError] as const,
});
const ExperimentResultsResult = createUnionType({
  name: 'ExperimentResultsResult',
  description: 'Per-arm results, or NotFoundError.',
  types: () => [ExperimentResults, NotFoundError] as const,
});

function invalidRules(problems: { field: string; message: string }[]): InvalidRulesError {
  return Object.assign(new InvalidRulesError(), {
    code: ErrorResultCode.INVALID_INPUT,
    message: `The rules have ${problems.length} problem(s): ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    problems: problems.map((p) => Object.assign(new RuleProblem(), p)),
  });
}

