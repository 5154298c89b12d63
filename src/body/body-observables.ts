/**
 * What a mirror kiosk can observe of a customer, in the body-scan protocol of
 * ../shared/data/README.md. Lengths in millimetres, weight in kilograms.
 * A value is `null` when it was not observed: the three depths need a side view, and weight is optional.
 */
export interface BodyObservables {
  sex: 'M' | 'F';
  statureMm: number;
  weightKg: number | null;
  biacromialBreadthMm: number;
  chestBreadthMm: number;
  waistBreadthMm: number;
  hipBreadthMm: number;
  chestDepthMm: number | null;
  waistDepthMm: number | null;
  buttockDepthMm: number | null;
  crotchHeightMm: number;
  shoulderElbowLengthMm: number;
  elbowWristLengthMm: number;
}

/** The eight targets of the protocol, in millimetres. */
export const BODY_TARGETS = [
  'chestcircumference',
  'waistcircumference',
  'buttockcircumference',
  'neckcircumference',
  'thighcircumference',
  'sleeveoutseam',
  'crotchheight',
  'footlength',
] as const;
export type BodyTarget = (typeof BODY_TARGETS)[number];

/** One estimate per target, each with its 1-sigma uncertainty (mm). */
export type BodyEstimate = Record<BodyTarget, { valueMm: number; sigmaMm: number }>;
