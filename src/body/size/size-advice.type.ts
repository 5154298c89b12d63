import { createUnionType, Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorResult, ErrorResultCode, NotFoundError } from '../../common/error-result.type';
import { NoBodyProfileError, ShoeSizes } from '../body-profile.type';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';

export enum FitRegionEnum {
  CHEST = 'CHEST',
  WAIST = 'WAIST',
  HIP = 'HIP',
  LENGTH = 'LENGTH',
  SLEEVE = 'SLEEVE',
  INSEAM = 'INSEAM',
  FOOT = 'FOOT',
}
export enum FitVerdictEnum {
  TIGHT = 'TIGHT',
  SNUG = 'SNUG',
  REGULAR = 'REGULAR',
  LOOSE = 'LOOSE',
}
registerEnumType(FitRegionEnum, { name: 'FitRegion', description: 'A region of the body a garment fits.' });
registerEnumType(FitVerdictEnum, { name: 'FitVerdict', description: 'How a garment fits a region.' });

@ObjectType({ description: 'How the advised size fits one region.' })
export class RegionFit {
  @Field(() => FitRegionEnum, { description: 'Region.' })
  region!: FitRegionEnum;
  @Field(() => FitVerdictEnum, { description: 'Tight, snug, regular or loose.' })
  verdict!: FitVerdictEnum;
  @Field(() => Float, { description: 'Garment minus body in cm (ease for girths; for lengths, how much longer the garment is).' })
  differenceCm!: number;
}

@ObjectType({ description: 'The size that fits, how sure we are, and how it fits.' })
export class SizeAdvice {
  @Field({ description: 'Recommended size label.' })
  size!: string;
  @Field(() => Float, { description: 'Confidence 0..1: lower when the scan is uncertain or the body falls between sizes.' })
  confidence!: number;
  @Field(() => String, { nullable: true, description: 'The other size worth trying.' })
  alternativeSize!: string | null;
  @Field(() => [RegionFit], { description: 'Fit of the recommended size per region.' })
  fit!: RegionFit[];
  @Field({ description: 'One-line reason to show the customer.' })
  reason!: string;
  @Field({ description: "True when the member's kept size of this brand informed the advice." })
  usedPurchaseHistory!: boolean;
  @Field({ description: 'Whether the recommended size is in stock in this store.' })
  inStockHere!: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Whether the alternative size is in stock in this store.' })
  alternativeInStockHere!: boolean | null;
  @Field(() => ShoeSizes, { nullable: true, description: "For shoes, the customer's foot length as Mondopoint, EU, UK and US sizes (to compare with labels in other systems); null for other garments." })
  shoeSizes!: ShoeSizes | null;
}

@ObjectType({ implements: ErrorResult, description: 'No size chart applies to this product.' })
export class NoSizeChartError extends ErrorResult {
  constructor(message: string) {
    super();
    this.code = ErrorResultCode.NO_SIZE_CHART;
    this.message = message;
  }
}

export const SizeAdviceResult = createUnionType({
  name: 'SizeAdviceResult',
  description: 'Size advice, or why none can be given.',
  types: () => [SizeAdvice, NoBodyProfileError, SessionNotFoundError, SessionEndedError, NotFoundError, NoSizeChartError] as const,
});
