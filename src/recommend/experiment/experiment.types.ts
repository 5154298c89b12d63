import { ArrayMaxSize, ArrayMinSize, IsIn, Length, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One arm of an experiment.' })
export class ExperimentArmType {
  @Field({ description: 'Arm name, e.g. "control".' })
  name!: string;
  @Field(() => Int, { description: 'Rule version it serves (0: defaults).' })
  configVersion!: number;
  @Field(() => Float, { description: 'Share of traffic (relative weight).' })
  weight!: number;
}

@ObjectType('RecommendationExperiment', { description: 'An A/B test between recommendation rule versions.' })
export class RecommendationExperiment {
  @Field(() => ID, { description: 'Experiment id.' })
  id!: string;
  @Field({ description: 'Name.' })
  name!: string;
  @Field({ description: 'RUNNING or STOPPED.' })
  status!: string;
  @Field({ description: 'CUSTOMER or SESSION: what the stable hash splits.' })
  unit!: string;
  @Field(() => [ExperimentArmType], { description: 'Arms.' })
  arms!: ExperimentArmType[];
  @Field(() => Date, { description: 'Started.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Stopped.' })
  stoppedAt!: Date | null;
}

@ObjectType({ description: 'A rate with its 95% confidence interval (Wilson).' })
export class RateWithInterval {
  @Field(() => Float, { description: 'Rate.' })
  rate!: number;
  @Field(() => Float, { description: 'Lower bound.' })
  low!: number;
  @Field(() => Float, { description: 'Upper bound.' })
  high!: number;
}

@ObjectType({ description: 'What one arm did.' })
export class ExperimentArmResult {
  @Field({ description: 'Arm.' })
  arm!: string;
  @Field(() => Int, { description: 'Units (customers or sessions) exposed.' })
  units!: number;
  @Field(() => Int, { description: 'Recommendations shown.' })
  impressions!: number;
  @Field(() => Int, { description: 'Recommendations tapped.' })
  clicks!: number;
  @Field(() => Int, { description: 'Recommended items tried on.' })
  tryOns!: number;
  @Field(() => Int, { description: 'Recommended items added to a cart.' })
  cartAdds!: number;
  @Field(() => Int, { description: 'Recommended items bought.' })
  purchases!: number;
  @Field(() => RateWithInterval, { description: 'Clicks per impression.' })
  clickThrough!: RateWithInterval;
  @Field(() => RateWithInterval, { description: 'Tried-on recommended items per impression.' })
  tryOnRate!: RateWithInterval;
  @Field(() => RateWithInterval, { description: 'Cart adds per impression.' })
  cartAddRate!: RateWithInterval;
  @Field(() => RateWithInterval, { description: 'Purchases per impression.' })
  purchaseRate!: RateWithInterval;
}

@InputType({ description: 'An arm.' })
export class ExperimentArmInput {
  @Field({ description: 'Name.' })
  @Length(1, 40)
  name!: string;
  @Field(() => Int, { description: 'Published or archived rule version (0 for the defaults).' })
  @Min(0)
  configVersion!: number;
  @Field(() => Float, { defaultValue: 1, description: 'Relative share of traffic (0..100).' })
  @Min(0.01)
  @Max(100)
  weight!: number;
}

@InputType({ description: 'A new experiment; starting it stops any running one.' })
export class StartExperimentInput {
  @Field({ description: 'Name.' })
  @Length(1, 120)
  name!: string;
  @Field({ defaultValue: 'CUSTOMER', description: 'CUSTOMER (members; anonymous sessions by session) or SESSION.' })
  @IsIn(['CUSTOMER', 'SESSION'])
  unit!: 'CUSTOMER' | 'SESSION';
  @Field(() => [ExperimentArmInput], { description: '2..5 arms.' })
  @ArrayMinSize(2)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  arms!: ExperimentArmInput[];
}
