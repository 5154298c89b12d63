import { ArrayMaxSize, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RecConfigEntity, RecConfigStatus } from './rec-config.entity';
import { Placement, RecommendationRules, RuleTargetKind, StockPolicy } from './recommendation-rules';

registerEnumType(Placement, { name: 'Placement', description: 'Where recommendations are shown: the mirror home screen, after a try-on, similar items, complete the look, the app home.' });
registerEnumType(RuleTargetKind, { name: 'RuleTargetKind', description: 'What a rule applies to.' });
registerEnumType(StockPolicy, { name: 'StockPolicy', description: 'How stock limits app recommendations (the mirror always shows only what is in stock here in size).' });
registerEnumType(RecConfigStatus, { name: 'RecConfigStatus', description: 'Lifecycle of a rule version.' });

@ObjectType({ description: 'What a rule applies to.' })
export class RuleTargetType {
  @Field(() => RuleTargetKind, { description: 'Brand, category (path prefix), product (id) or tag.' })
  kind!: RuleTargetKind;
  @Field({ description: 'The brand name, category path, product id or tag.' })
  value!: string;
}

@ObjectType({ description: 'Raise (positive) or lower (negative) matching items.' })
export class BoostRuleType {
  @Field(() => RuleTargetType, { description: 'What it applies to.' })
  target!: RuleTargetType;
  @Field(() => Float, { description: '-1..1, added to the normalised score.' })
  weight!: number;
}

@ObjectType({ description: 'Hold a product at a position of a placement.' })
export class PinRuleType {
  @Field(() => Placement, { description: 'Placement.' })
  placement!: Placement;
  @Field(() => ID, { nullable: true, description: 'Store; null pins in every store.' })
  storeId!: string | null;
  @Field(() => ID, { description: 'Pinned product.' })
  productId!: string;
  @Field(() => Int, { description: '1-based position.' })
  position!: number;
}

@ObjectType('RecommendationRules', { description: "The merchandisers' steering of recommendations." })
export class RecommendationRulesType {
  @Field(() => [BoostRuleType], { description: 'Boosts and buries.' })
  boosts!: BoostRuleType[];
  @Field(() => [PinRuleType], { description: 'Pins.' })
  pins!: PinRuleType[];
  @Field(() => [RuleTargetType], { description: 'Never recommended.' })
  exclusions!: RuleTargetType[];
  @Field(() => Int, { description: 'At most this many items of one brand in a list.' })
  maxPerBrand!: number;
  @Field(() => Int, { description: 'At most this many items of one category in a list.' })
  maxPerCategory!: number;
  @Field(() => Float, { description: 'Weight of the personal model against store popularity, 0..1.' })
  personalWeight!: number;
  @Field(() => StockPolicy, { description: 'Stock policy for the app.' })
  stockPolicy!: StockPolicy;
}

@ObjectType({ description: 'Something the rules do that may not be meant; it does not keep them from being published.' })
export class RuleWarning {
  @Field({ description: 'Rule path, e.g. "pins[0].productId", or "pins" for the pins of a placement and store together.' })
  field!: string;
  @Field({ description: 'What the rules will do.' })
  message!: string;
}

@ObjectType('RecommendationConfig', { description: 'A version of the recommendation rules: a draft, the published one, or an archived one.' })
export class RecommendationConfig {
  @Field(() => ID, { description: 'Config id.' })
  id!: string;
  @Field(() => Int, { description: 'Version number.' })
  version!: number;
  @Field(() => RecConfigStatus, { description: 'DRAFT, PUBLISHED or ARCHIVED.' })
  status!: RecConfigStatus;
  @Field(() => RecommendationRulesType, { description: 'The rules.' })
  rules!: RecommendationRules;
  @Field(() => Date, { description: 'When this version was created.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was published.' })
  publishedAt!: Date | null;
  @Field(() => [RuleWarning], {
    description:
      'What the rules do that may not be meant: pins of one placement and store holding more of a brand or category than the caps allow (pins are shown anyway), pinned products a brand, category or tag exclusion hides. Given for the draft (when it is saved, published, read as the draft or listed) and the version just published; empty for other versions.',
  })
  warnings!: RuleWarning[];

  static from(e: RecConfigEntity, warnings: RuleWarning[] = []): RecommendationConfig {
    return Object.assign(new RecommendationConfig(), { id: e.id, version: e.version, status: e.status, rules: e.rules, createdAt: e.createdAt, publishedAt: e.publishedAt, warnings });
  }
}

@ObjectType({ description: 'One change to the recommendation rules.' })
export class RecConfigAuditEntry {
  @Field(() => Int, { description: 'Rule version changed.' })
  version!: number;
  @Field({ description: 'CREATE_DRAFT, UPDATE_DRAFT, PUBLISH or DISCARD_DRAFT.' })
  action!: string;
  @Field(() => ID, { description: 'Staff member who did it.' })
  staffId!: string;
  @Field(() => [String], { description: 'Which rule fields changed.' })
  changedFields!: string[];
  @Field(() => Date, { description: 'When.' })
  at!: Date;
}

@InputType({ description: 'What a rule applies to.' })
export class RuleTargetInput {
  @Field(() => RuleTargetKind, { description: 'Kind.' })
  kind!: RuleTargetKind;
  @Field({ description: 'Brand name, category path, product id or tag.' })
  value!: string;
}

@InputType({ description: 'A boost (positive) or bury (negative).' })
export class BoostRuleInput {
  @Field(() => RuleTargetInput, { description: 'Target.' })
  @ValidateNested()
  target!: RuleTargetInput;
  @Field(() => Float, { description: '-1..1, not 0.' })
  weight!: number;
}

@InputType({ description: 'A pin.' })
export class PinRuleInput {
  @Field(() => Placement, { description: 'Placement.' })
  placement!: Placement;
  @Field(() => ID, { nullable: true, description: 'Store; null for every store.' })
  storeId?: string | null;
  @Field(() => ID, { description: 'Product.' })
  productId!: string;
  @Field(() => Int, { description: '1-based position (1..50).' })
  position!: number;
}

@InputType({ description: 'A complete rule set for the draft (replaces the draft rules).' })
export class RecommendationRulesInput {
  @Field(() => [BoostRuleInput], { defaultValue: [], description: 'Boosts and buries.' })
  @ArrayMaxSize(200)
  boosts!: BoostRuleInput[];
  @Field(() => [PinRuleInput], { defaultValue: [], description: 'Pins.' })
  @ArrayMaxSize(200)
  pins!: PinRuleInput[];
  @Field(() => [RuleTargetInput], { defaultValue: [], description: 'Exclusions.' })
  @ArrayMaxSize(200)
  exclusions!: RuleTargetInput[];
  @Field(() => Int, { defaultValue: 4, description: 'Max items per brand (1..50).' })
  maxPerBrand!: number;
  @Field(() => Int, { defaultValue: 4, description: 'Max items per category (1..50).' })
  maxPerCategory!: number;
  @Field(() => Float, { defaultValue: 0.8, description: 'Personal vs popular weight, 0..1.' })
  @Min(0)
  @Max(1)
  personalWeight!: number;
  @Field(() => StockPolicy, { defaultValue: StockPolicy.IN_STOCK_ANYWHERE, description: 'Stock policy for the app.' })
  @IsOptional()
  stockPolicy!: StockPolicy;
}

export function rulesFromInput(input: RecommendationRulesInput): RecommendationRules {
  return {
    boosts: input.boosts.map((b) => ({ target: { kind: b.target.kind, value: b.target.value.trim() }, weight: b.weight })),
    pins: input.pins.map((p) => ({ placement: p.placement, storeId: p.storeId ?? null, productId: p.productId, position: p.position })),
    exclusions: input.exclusions.map((e) => ({ kind: e.kind, value: e.value.trim() })),
    maxPerBrand: input.maxPerBrand,
    maxPerCategory: input.maxPerCategory,
    personalWeight: input.personalWeight,
    stockPolicy: input.stockPolicy ?? StockPolicy.IN_STOCK_ANYWHERE,
  };
}
