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
