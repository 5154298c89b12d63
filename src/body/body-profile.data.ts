/** One estimated body dimension with its 1-sigma uncertainty. */
export interface Measured {
  valueCm: number;
  sigmaCm: number;
}

/** The body as the size engine sees it (centimetres). */
export interface BodyProfileData {
  heightCm: Measured;
  chestCm: Measured;
  waistCm: Measured;
  hipCm: Measured;
  neckCm: Measured;
  thighCm: Measured;
  sleeveCm: Measured;
  inseamCm: Measured;
  footLengthCm: Measured;
  shoulderBreadthCm: Measured;
}

/** Every dimension of a profile, in display order. */
export const PROFILE_KEYS: readonly (keyof BodyProfileData)[] = [
  'heightCm',
  'chestCm',
  'waistCm',
  'hipCm',
  'neckCm',
  'thighCm',
  'sleeveCm',
  'inseamCm',
  'footLengthCm',
  'shoulderBreadthCm',
];

/**
 * What a body measures, cm: the ranges typed measurements accept (`BodyMeasurementsInput`), which a
 * scan's estimate must fall in too before it is kept. Shoulder breadth is never typed: the scan's
 * plausible biacromial breadth (250..550 mm).
 */
export const BODY_RANGES_CM: Readonly<Record<keyof BodyProfileData, readonly [number, number]>> = {
  heightCm: [100, 230],
  chestCm: [60, 180],
  waistCm: [45, 180],
  hipCm: [60, 180],
  neckCm: [25, 60],
  thighCm: [30, 100],
  sleeveCm: [40, 100],
  inseamCm: [55, 110],
  footLengthCm: [18, 35],
  shoulderBreadthCm: [25, 55],
};
