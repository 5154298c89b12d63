import type { BodyEstimate, BodyObservables } from './body-observables';
import { BODY_RANGES_CM, BodyProfileData, Measured, PROFILE_KEYS } from './body-profile.data';

const cm = (valueMm: number, sigmaMm: number): Measured => ({ valueCm: valueMm / 10, sigmaCm: sigmaMm / 10 });

/** Observation noise of a measured breadth (the protocol's sigma), used for shoulder breadth. */
const BREADTH_SIGMA_MM = 10;

/**
 * The model's estimate as a profile in cm. Observables that were imputed rather than seen (no
 * silhouette) widen the girths' uncertainty, as the model was trained on observed breadths.
 */
export function profileFromEstimate(estimate: BodyEstimate, obs: BodyObservables, imputed: string[]): BodyProfileData {
  const widen = imputed.length > 0 ? 1.8 : 1;
  return {
    heightCm: cm(obs.statureMm, 10),
    chestCm: cm(estimate.chestcircumference.valueMm, estimate.chestcircumference.sigmaMm * widen),
    waistCm: cm(estimate.waistcircumference.valueMm, estimate.waistcircumference.sigmaMm * widen),
    hipCm: cm(estimate.buttockcircumference.valueMm, estimate.buttockcircumference.sigmaMm * widen),
    neckCm: cm(estimate.neckcircumference.valueMm, estimate.neckcircumference.sigmaMm * widen),
    thighCm: cm(estimate.thighcircumference.valueMm, estimate.thighcircumference.sigmaMm * widen),
    sleeveCm: cm(estimate.sleeveoutseam.valueMm, estimate.sleeveoutseam.sigmaMm),
    inseamCm: cm(estimate.crotchheight.valueMm, estimate.crotchheight.sigmaMm),
    footLengthCm: cm(estimate.footlength.valueMm, estimate.footlength.sigmaMm),
    shoulderBreadthCm: cm(obs.biacromialBreadthMm, BREADTH_SIGMA_MM),
  };
}

const LABELS: Record<keyof BodyProfileData, string> = {
  heightCm: 'height',
  chestCm: 'chest',
  waistCm: 'waist',
  hipCm: 'hip',
  neckCm: 'neck',
  thighCm: 'thigh',
  sleeveCm: 'sleeve',
  inseamCm: 'inseam',
  footLengthCm: 'foot length',
  shoulderBreadthCm: 'shoulder breadth',
};

/**
 * The dimensions of a profile outside what a body measures (`BODY_RANGES_CM`, the ranges typed
 * measurements accept). A scan's estimate outside them is the model extrapolating from inputs no
 * customer has (a wrong height or weight), and is not kept.
 */
export function outOfRange(profile: BodyProfileData): Array<{ key: keyof BodyProfileData; label: string; valueCm: number; range: readonly [number, number] }> {
  return PROFILE_KEYS.flatMap((key) => {
    const range = BODY_RANGES_CM[key];
    const valueCm = profile[key].valueCm;
    return valueCm >= range[0] && valueCm <= range[1] ? [] : [{ key, label: LABELS[key], valueCm, range }];
  });
}

export interface TypedMeasurements {
  heightCm: number;
  sex: 'M' | 'F';
  chestCm: number;
  waistCm: number;
  hipCm: number;
  neckCm?: number | null;
  thighCm?: number | null;
  sleeveCm?: number | null;
  inseamCm?: number | null;
  footLengthCm?: number | null;
}

/** Self-measured with a tape: about 1.5 cm (1 sigma) on girths, 1 cm on lengths. */
const TYPED_GIRTH_SIGMA = 1.5;
const TYPED_LENGTH_SIGMA = 1;

/**
 * Typed measurements as a profile. What the customer left out is estimated from stature and sex with
 * average adult proportions (ANSUR II means: inseam ~0.45 of stature, sleeve ~0.35, foot ~0.152,
 * neck and thigh from chest and hip), with a wide uncertainty, and listed in `estimated`.
 */
export function profileFromTyped(m: TypedMeasurements): { profile: BodyProfileData; estimated: string[] } {
  const estimated: string[] = [];
  const pick = (given: number | null | undefined, name: string, fallback: number, sigmaFallback: number, sigmaGiven: number): Measured => {
    if (given !== null && given !== undefined) return { valueCm: given, sigmaCm: sigmaGiven };
    estimated.push(name);
    return { valueCm: Math.round(fallback * 10) / 10, sigmaCm: sigmaFallback };
  };
  const h = m.heightCm;
  const male = m.sex === 'M';
  const profile: BodyProfileData = {
    heightCm: { valueCm: h, sigmaCm: TYPED_LENGTH_SIGMA },
    chestCm: { valueCm: m.chestCm, sigmaCm: TYPED_GIRTH_SIGMA },
    waistCm: { valueCm: m.waistCm, sigmaCm: TYPED_GIRTH_SIGMA },
    hipCm: { valueCm: m.hipCm, sigmaCm: TYPED_GIRTH_SIGMA },
    neckCm: pick(m.neckCm, 'neck', male ? 0.33 * m.chestCm + 6 : 0.3 * m.chestCm + 5, 2.5, TYPED_GIRTH_SIGMA),
    thighCm: pick(m.thighCm, 'thigh', 0.6 * m.hipCm, 3.5, TYPED_GIRTH_SIGMA),
    sleeveCm: pick(m.sleeveCm, 'sleeve', (male ? 0.35 : 0.34) * h, 2.5, TYPED_LENGTH_SIGMA),
    inseamCm: pick(m.inseamCm, 'inseam', (male ? 0.47 : 0.46) * h, 2.5, TYPED_LENGTH_SIGMA),
    footLengthCm: pick(m.footLengthCm, 'foot length', (male ? 0.153 : 0.151) * h, 0.9, 0.4),
    shoulderBreadthCm: { valueCm: Math.round((male ? 0.234 : 0.222) * h * 10) / 10, sigmaCm: 2 },
  };
  estimated.push('shoulder breadth');
  return { profile, estimated };
}
