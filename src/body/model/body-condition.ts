import { BodyObservables } from '../body-observables';

/**
 * Which observables a scan provides. The protocol's three scored conditions are `full`, `front`
 * and `noweight`; the server also meets the fourth combination (front view only and no weight).
 */
export const BODY_CONDITIONS = ['full', 'front', 'noweight', 'front-noweight'] as const;
export type BodyCondition = (typeof BODY_CONDITIONS)[number];

/** What each condition observes: the side view gives the three depths; weight is optional. */
export const CONDITION_INPUTS: Record<BodyCondition, { sideView: boolean; weight: boolean }> = {
  full: { sideView: true, weight: true },
  front: { sideView: false, weight: true },
  noweight: { sideView: true, weight: false },
  'front-noweight': { sideView: false, weight: false },
};

/**
 * The condition a scan falls under. A side view counts only when all three depths are present:
 * a partial side view is treated as none, because the depth features are only meaningful together.
 */
export function conditionOf(obs: BodyObservables): BodyCondition {
  const sideView = obs.chestDepthMm !== null && obs.waistDepthMm !== null && obs.buttockDepthMm !== null;
  const weight = obs.weightKg !== null;
  if (sideView) return weight ? 'full' : 'noweight';
  return weight ? 'front' : 'front-noweight';
}
