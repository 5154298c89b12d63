import { ArrayMaxSize, ArrayMinSize, IsIn, Length, Max, Min, ValidateNested } from 'class-validator';
import { Authorized, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { STAFF } from '../../auth/principal';

// Experiments, their arms and results are for staff only, on every field (@Authorized on the class): the
// root operations are staff-only, and a type reachable from elsewhere later must not show a shopper or a
// mirror its arm.

@Authorized(...STAFF)
@ObjectType({ description: 'One arm of an experiment.' })
export class ExperimentArmType {
  @Field({ description: 'Arm name, e.g. "control".' })
  name!: string;
  @Field(() => Int, { description: 'Rule version it serves (0: defaults).' })
  configVersion!: number;
  @Field(() => Float, { description: 'Share of traffic (relative weight).' })
  weight!: number;
}

@Authorized(...STAFF)
@ObjectType('RecommendationExperiment', { description: 'An A/B test between recommendation rule versions.' })
export class RecommendationExperiment {
  @Field(() => ID, { description: 'Experiment id.' })
  id!: string;
  @Field({ description: 'Name.' })
  name!: string;
  @Field({ description: 'RUNNING or STOPPED.' })
  status!: string;
  @Field({ description: 'CUSTOMER or SESSION: what the stable hash splits (see StartExperimentInput.unit).' })
  unit!: string;
  @Field(() => [ExperimentArmType], { description: 'Arms.' })
  arms!: ExperimentArmType[];
  @Field(() => Date, { description: 'Started.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Stopped.' })
  stoppedAt!: Date | null;
}

@Authorized(...STAFF)
@ObjectType({
  description:
    "A difference in a share between two arms, this arm minus the experiment's first arm (the control), with its 95% confidence interval by Newcombe's hybrid score method for two independent proportions. An interval that does not contain 0 means the arms are distinguishable at the 5% level.",
})
export class ShareDifference {
  @Field(() => Float, { description: "This arm's share minus the first arm's (-1..1)." })
  difference!: number;
  @Field(() => Float, { description: 'Lower bound of the 95% interval.' })
  low!: number;
  @Field(() => Float, { description: 'Upper bound of the 95% interval.' })
  high!: number;
}

@Authorized(...STAFF)
@ObjectType({
  description:
    "The share of an arm's units (members in a CUSTOMER experiment, mirror sessions in a SESSION one) that did something at least once, with its 95% Wilson interval computed over units: units are what the experiment randomises, so the interval holds however many lists each unit saw. share, low and high are null while the arm has no units (nothing is known yet, which is not 0%).",
})
export class UnitShare {
  @Field(() => Int, { description: "Units of the arm that did it at least once (never more than the arm's units)." })
  units!: number;
  @Field(() => Float, { nullable: true, description: "units divided by the arm's units (0..1); null when the arm has no units." })
  share!: number | null;
  @Field(() => Float, { nullable: true, description: 'Lower bound of the 95% Wilson interval; null when the arm has no units.' })
  low!: number | null;
  @Field(() => Float, { nullable: true, description: 'Upper bound of the 95% Wilson interval; null when the arm has no units.' })
  high!: number | null;
  @Field(() => ShareDifference, { nullable: true, description: "This arm's share minus the first arm's, with its 95% interval; null on the first arm itself and while either arm has no units." })
  differenceFromFirstArm!: ShareDifference | null;
}

@Authorized(...STAFF)
@ObjectType({
  description:
    'What one arm did while the experiment ran (until it stopped). An interaction or purchase counts for an arm only when its product was in a list shown in that arm to the same unit before it: for a SESSION unit in that session; for a CUSTOMER unit, interactions within 24 hours and purchases within 7 days after the list. A purchase counts for one arm only: the one that showed the product last (last touch). Purchases of a session are those of the member signed in at it or who took its cart to the app (hand-off).',
})
export class ExperimentArmResult {
  @Field({ description: 'Arm.' })
  arm!: string;
  @Field(() => Int, { description: 'Units (members in a CUSTOMER experiment, mirror sessions in a SESSION one) shown at least one list in this arm.' })
  units!: number;
  @Field(() => Int, { description: 'Recommended items shown to them (the lengths of the lists, added up).' })
  impressions!: number;
  @Field(() => Int, { description: 'Taps on recommended items that count for this arm (see the type).' })
  clicks!: number;
  @Field(() => Int, { description: 'Try-ons of recommended items that count for this arm.' })
  tryOns!: number;
  @Field(() => Int, { description: 'Cart adds (at the mirror) of recommended items that count for this arm.' })
  cartAdds!: number;
  @Field(() => Int, { description: 'Order lines (not cancelled) of recommended items bought within 7 days after they were shown, attributed to this arm by last touch.' })
  purchases!: number;
  @Field(() => UnitShare, { description: 'Share of units that tapped a recommended item.' })
  clicked!: UnitShare;
  @Field(() => UnitShare, { description: 'Share of units that tried on a recommended item.' })
  triedOn!: UnitShare;
  @Field(() => UnitShare, { description: 'Share of units that added a recommended item to a cart.' })
  addedToCart!: UnitShare;
  @Field(() => UnitShare, { description: 'Share of units that bought a recommended item.' })
  purchased!: UnitShare;
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
  @Field({
    defaultValue: 'CUSTOMER',
    description:
      'CUSTOMER: signed-in members, split by customer, at the mirrors and in the app; anonymous sessions are not in the experiment (they get the published rules and are not counted) until a member signs in, from then on in that member\'s arm. SESSION: mirror sessions, split by session, whether or not a member signs in; requests without a session (the app) are not in the experiment.',
  })
  @IsIn(['CUSTOMER', 'SESSION'])
  unit!: 'CUSTOMER' | 'SESSION';
  @Field(() => [ExperimentArmInput], { description: '2..5 arms.' })
  @ArrayMinSize(2)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  arms!: ExperimentArmInput[];
}
