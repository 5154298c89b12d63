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

export const PROFILE_KEYS: (keyof BodyProfileData)[] = [
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
