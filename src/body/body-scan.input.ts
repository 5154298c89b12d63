import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';
import { BODY_RANGES_CM as R } from './body-profile.data';

@InputType({ description: 'One detected body keypoint, in image pixels.' })
export class KeypointInput {
  @Field({ description: 'COCO-17 or BlazePose-33 name, e.g. "left_shoulder" (camelCase accepted).' })
  @Length(1, 40)
  name!: string;

  @Field(() => Float, { description: 'x in pixels from the left edge.' })
  x!: number;

  @Field(() => Float, { description: 'y in pixels from the top edge.' })
  y!: number;

  @Field(() => Float, { description: 'Detector confidence 0..1.' })
  score!: number;
}

@InputType({ description: 'Widths of the silhouette at body lines, in pixels.' })
export class SilhouetteInput {
  @Field(() => Float, { nullable: true, description: 'Width at the chest line (front) or depth (side view).' })
  chestPx?: number | null;
  @Field(() => Float, { nullable: true, description: 'Width at the waist line.' })
  waistPx?: number | null;
  @Field(() => Float, { nullable: true, description: 'Width at the hip line.' })
  hipPx?: number | null;
}

@InputType({ description: 'What the camera saw from one side. No image is ever sent.' })
export class ScanViewInput {
  @Field(() => Int, { description: 'Image width in pixels.' })
  imageWidth!: number;

  @Field(() => Int, { description: 'Image height in pixels.' })
  imageHeight!: number;

  @Field(() => [KeypointInput], { description: 'Detected keypoints (at most 64).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  keypoints!: KeypointInput[];

  @Field(() => SilhouetteInput, { nullable: true, description: 'Silhouette widths, when the kiosk segments the person.' })
  @IsOptional()
  silhouette?: SilhouetteInput | null;
}

@InputType({ description: 'A body scan: front view, optional side view, declared height and optional weight.' })
export class BodyScanInput {
  @Field(() => ScanViewInput, { description: 'The customer facing the mirror.' })
  @ValidateNested()
  front!: ScanViewInput;

  @Field(() => ScanViewInput, { nullable: true, description: 'The customer turned 90 degrees (improves girths).' })
  @IsOptional()
  @ValidateNested()
  side?: ScanViewInput | null;

  @Field(() => Float, { description: 'Declared height in cm (100..230).' })
  @Min(100)
  @Max(230)
  declaredHeightCm!: number;

  @Field(() => Float, { nullable: true, description: 'Weight in kg (25..250), optional.' })
  @IsOptional()
  @Min(25)
  @Max(250)
  weightKg?: number | null;

  @Field({ description: 'Sex for the body model: "M" or "F".' })
  @IsIn(['M', 'F'], { message: 'sex must be "M" or "F"' })
  sex!: 'M' | 'F';
}

@InputType({ description: 'Measurements typed by the customer or sent by the app, in cm.' })
export class BodyMeasurementsInput {
  @Field(() => Float, { description: `Height, cm (${R.heightCm[0]}..${R.heightCm[1]}).` })
  @Min(R.heightCm[0])
  @Max(R.heightCm[1])
  heightCm!: number;

  @Field({ description: '"M" or "F".' })
  @IsIn(['M', 'F'], { message: 'sex must be "M" or "F"' })
  sex!: 'M' | 'F';

  @Field(() => Float, { description: `Chest circumference, cm (${R.chestCm[0]}..${R.chestCm[1]}).` })
  @Min(R.chestCm[0])
  @Max(R.chestCm[1])
  chestCm!: number;

  @Field(() => Float, { description: `Waist circumference, cm (${R.waistCm[0]}..${R.waistCm[1]}).` })
  @Min(R.waistCm[0])
  @Max(R.waistCm[1])
  waistCm!: number;

  @Field(() => Float, { description: `Hip circumference, cm (${R.hipCm[0]}..${R.hipCm[1]}).` })
  @Min(R.hipCm[0])
  @Max(R.hipCm[1])
  hipCm!: number;

  @Field(() => Float, { nullable: true, description: `Neck circumference, cm (${R.neckCm[0]}..${R.neckCm[1]}).` })
  @IsOptional()
  @Min(R.neckCm[0])
  @Max(R.neckCm[1])
  neckCm?: number | null;

  @Field(() => Float, { nullable: true, description: `Thigh circumference, cm (${R.thighCm[0]}..${R.thighCm[1]}).` })
  @IsOptional()
  @Min(R.thighCm[0])
  @Max(R.thighCm[1])
  thighCm?: number | null;

  @Field(() => Float, { nullable: true, description: `Sleeve (shoulder to wrist), cm (${R.sleeveCm[0]}..${R.sleeveCm[1]}).` })
  @IsOptional()
  @Min(R.sleeveCm[0])
  @Max(R.sleeveCm[1])
  sleeveCm?: number | null;

  @Field(() => Float, { nullable: true, description: `Inseam, cm (${R.inseamCm[0]}..${R.inseamCm[1]}).` })
  @IsOptional()
  @Min(R.inseamCm[0])
  @Max(R.inseamCm[1])
  inseamCm?: number | null;

  @Field(() => Float, { nullable: true, description: `Foot length, cm (${R.footLengthCm[0]}..${R.footLengthCm[1]}).` })
  @IsOptional()
  @Min(R.footLengthCm[0])
  @Max(R.footLengthCm[1])
  footLengthCm?: number | null;
}
