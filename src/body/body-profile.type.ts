import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorResult, ErrorResultCode } from '../common/error-result.type';
import { BodyProfileSource } from './body-scan.entity';
import { BodyProfileData, Measured } from './body-profile.data';
import { shoeSizesForFootLength } from './size/size-advice';
import type { PreviousBodyProfile } from './saved-body-profile.type';

registerEnumType(BodyProfileSource, { name: 'BodyProfileSource', description: 'Where a body profile came from.' });

@ObjectType({ description: 'One body dimension with its uncertainty.' })
export class BodyMeasurement {
  @Field(() => Float, { description: 'Estimated value, cm.' })
  valueCm!: number;

  @Field(() => Float, { description: 'One standard deviation of the estimate, cm.' })
  uncertaintyCm!: number;

  static of(m: Measured): BodyMeasurement {
    return Object.assign(new BodyMeasurement(), { valueCm: Math.round(m.valueCm * 10) / 10, uncertaintyCm: Math.round(m.sigmaCm * 10) / 10 });
  }
}

@ObjectType({ description: 'Shoe sizes for a foot length, in the systems printed on labels (the last 15 mm longer than the foot).' })
export class ShoeSizes {
  @Field(() => Int, { description: 'Mondopoint: foot length in mm, to the 5 mm step.' })
  mondopoint!: number;
  @Field(() => Float, { description: 'EU (Paris point) size.' })
  eu!: number;
  @Field(() => Float, { description: 'UK adult size, to the half size.' })
  uk!: number;
  @Field(() => Float, { description: "US men's size, to the half size (what men's and unisex labels print)." })
  us!: number;
  @Field(() => Float, { description: "US women's size, to the half size: the men's size + 1.5 (the common US women's scale)." })
  usWomen!: number;

  static forFootLengthCm(footLengthCm: number): ShoeSizes {
    return Object.assign(new ShoeSizes(), shoeSizesForFootLength(footLengthCm * 10));
  }
}

@ObjectType('BodyProfile', { description: "The customer's body as estimated from a scan or typed in. Personal data: visible to the session's kiosk and the member only." })
export class BodyProfile {
  @Field(() => ID, { description: 'Profile id.' })
  id!: string;

  @Field(() => BodyProfileSource, { description: 'SCAN or MANUAL.' })
  source!: BodyProfileSource;

  @Field(() => Date, { description: 'When it was measured.' })
  measuredAt!: Date;

  @Field(() => Float, { description: 'How far the estimate can be trusted, 0..1.' })
  quality!: number;

  @Field(() => String, { nullable: true, description: 'The sex declared with the scan or measurements (for a saved profile: those it was saved from), "M" or "F" (e.g. which US shoe scale to show); null when not known (not declared, or a profile saved before the sex was kept).' })
  sex!: 'M' | 'F' | null;

  @Field(() => [String], { description: 'Caveats, e.g. which inputs were estimated rather than seen.' })
  notes!: string[];

  @Field(() => BodyMeasurement, { description: 'Stature.' })
  height!: BodyMeasurement;
  @Field(() => BodyMeasurement, { description: 'Chest circumference.' })
  chest!: BodyMeasurement;
  @Field(() => BodyMeasurement, { description: 'Waist circumference.' })
  waist!: BodyMeasurement;
  @Field(() => BodyMeasurement, { description: 'Hip (buttock) circumference.' })
  hip!: BodyMeasurement;
  @Field(() => BodyMeasurement, { description: 'Neck circumference.' })
  neck!: BodyMeasurement;
  @Field(() => BodyMeasurement, { description: 'Thigh circumference.' })
  thigh!: BodyMeasurement;
  @Field(() => BodyMeasurement, { description: 'Sleeve outseam (shoulder to wrist).' })
  sleeve!: BodyMeasurement;
  @Field(() => BodyMeasurement, { description: 'Inseam (crotch height).' })
  inseam!: BodyMeasurement;
  @Field(() => BodyMeasurement, { description: 'Foot length.' })
  footLength!: BodyMeasurement;
  @Field(() => BodyMeasurement, { description: 'Shoulder (biacromial) breadth.' })
  shoulderBreadth!: BodyMeasurement;
  @Field(() => ShoeSizes, { description: "The estimated foot length as Mondopoint, EU, UK and US (men's and women's) shoe sizes." })
  shoeSizes!: ShoeSizes;

  data!: BodyProfileData;

  /** Set on a member's own saved profile only: whose it is, and the profile it replaced (read through `BodyResolver.previous`, the member only). */
  saved?: { customerId: string; previous: PreviousBodyProfile | null };

  static from(id: string, source: BodyProfileSource, measuredAt: Date, quality: number, notes: string[], p: BodyProfileData, sex: 'M' | 'F' | null = null): BodyProfile {
    return Object.assign(new BodyProfile(), {
      id,
      source,
      measuredAt,
      quality: Math.round(quality * 100) / 100,
      sex,
      notes,
      height: BodyMeasurement.of(p.heightCm),
      chest: BodyMeasurement.of(p.chestCm),
      waist: BodyMeasurement.of(p.waistCm),
      hip: BodyMeasurement.of(p.hipCm),
      neck: BodyMeasurement.of(p.neckCm),
      thigh: BodyMeasurement.of(p.thighCm),
      sleeve: BodyMeasurement.of(p.sleeveCm),
      inseam: BodyMeasurement.of(p.inseamCm),
      footLength: BodyMeasurement.of(p.footLengthCm),
      shoulderBreadth: BodyMeasurement.of(p.shoulderBreadthCm),
      shoeSizes: ShoeSizes.forFootLengthCm(p.footLengthCm.valueCm),
      data: p,
    });
  }
}

@ObjectType({ description: 'One reason a scan could not be trusted.' })
export class ScanRejectionReason {
  @Field({ description: 'Machine-readable reason, e.g. FEET_NOT_VISIBLE, NOT_FACING.' })
  code!: string;
  @Field({ description: 'What went wrong.' })
  message!: string;
}

@ObjectType({ implements: ErrorResult, description: 'The scan could not be trusted; nothing was stored. Show `hint` and scan again.' })
export class ScanRejectedError extends ErrorResult {
  @Field(() => [ScanRejectionReason], { description: 'Every reason found.' })
  reasons!: ScanRejectionReason[];

  @Field({ description: 'One short instruction for the customer, e.g. "Step back: your feet are not visible".' })
  hint!: string;

  constructor(reasons: ScanRejectionReason[], hint: string) {
    super();
    this.code = ErrorResultCode.SCAN_REJECTED;
    this.message = `Scan rejected: ${reasons.map((r) => r.message).join('; ')}`;
    this.reasons = reasons.map((r) => Object.assign(new ScanRejectionReason(), r));
    this.hint = hint;
  }
}

@ObjectType({ implements: ErrorResult, description: 'Size advice needs a body profile: scan or enter measurements first.' })
export class NoBodyProfileError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.NO_BODY_PROFILE;
    this.message = 'No body profile in this session yet: scan or enter measurements first';
  }
}

/** A mirror session with nobody signed in: there is no member to keep the profile for. */
@ObjectType({ implements: ErrorResult, description: 'Nobody is signed in on this mirror session, so there is no account to keep the profile in; nothing was saved. Sign in on the mirror first.' })
export class MemberNotSignedInError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.MEMBER_NOT_SIGNED_IN;
    this.message = 'Sign in on the mirror to keep your sizes; nothing was saved';
  }
}
