import { Authorized, createUnionType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { STAFF } from '../../auth/principal';
import { Product } from '../../catalog/product.type';
import { InvalidInputError, NotFoundError } from '../../common/error-result.type';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { Placement } from '../config/recommendation-rules';
import { ReasonCode } from './ranking';

registerEnumType(ReasonCode, { name: 'RecommendationReason', description: 'Why an item is recommended.' });

@ObjectType({ description: 'One recommended product with its score and a human explanation.', simpleResolvers: true })
export class RecommendationItem {
  @Field(() => Product, { description: 'The product.' })
  product!: Product;
  @Field(() => Int, { description: '1-based position.' })
  position!: number;
  @Field(() => Float, {
    description:
      "Ranking score, higher is better, comparable within one list only: the personal and popularity blend (0..1) plus the merchandisers' boosts and buries, so it can be below 0 or above 1. Not a probability or a percentage.",
  })
  score!: number;
  @Field(() => ReasonCode, { description: 'Machine-readable reason.' })
  reason!: ReasonCode;
  @Field({ description: 'E.g. "Because you bought Stridex Tempo Tee", "Popular in this store".' })
  explanation!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "The customer's size, as sizeAdvice gives it (their kept size of the brand included); on the mirror the item is in stock here in it. Null without a body profile or a size chart for the product: the mirror then shows items in stock here in any size, and the explanation says the size is open.",
  })
  suggestedSize!: string | null;
}

@ObjectType({ description: 'A list of recommendations for one placement.' })
export class RecommendationList {
  @Field(() => Placement, { description: 'Placement.' })
  placement!: Placement;
  @Field(() => [RecommendationItem], { description: 'Best first.' })
  items!: RecommendationItem[];
  @Field(() => Int, { nullable: true, description: 'Version of the model that scored it (null: popularity only, no model trained yet).' })
  modelVersion!: number | null;
  // Which rules and arm served a list is for staff: a shopper or a mirror must not learn its arm (nor the
  // rule versions it compares), which could change how they act and so the result. Attribution needs
  // none of it from the client: lists and interactions are tied by unit, product and time on the server.
  @Authorized(...STAFF)
  @Field(() => Int, { description: 'Version of the rules applied (0: defaults). Staff only.' })
  configVersion!: number;
  @Authorized(...STAFF)
  @Field(() => ID, { nullable: true, description: 'The experiment this request took part in. Staff only.' })
  experimentId!: string | null;
  @Authorized(...STAFF)
  @Field(() => String, { nullable: true, description: 'Its arm. Staff only.' })
  experimentArm!: string | null;
}

export const RecommendationsResult = createUnionType({
  name: 'RecommendationsResult',
  description: 'Recommendations, or why none could be given.',
  types: () => [RecommendationList, SessionNotFoundError, SessionEndedError, NotFoundError, InvalidInputError] as const,
});
