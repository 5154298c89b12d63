import type { BodyEstimate, BodyObservables } from './body-observables';
import { BODY_RANGES_CM, BodyProfileData, Measured, PROFILE_KEYS } from './body-profile.data';

const cm = (valueMm: number, sigmaMm: number): Measured => ({ valueCm: valueMm / 10, sigmaCm: sigmaMm / 10 });

/** Observation noise of a measured breadth (the protocol's sigma), used for shoulder breadth. */
const BREADTH_SIGMA_MM = 10;

/** The parts of a scan's quality that say how well the camera saw the body (see `analyseScan`). */
export interface ScanQualityFactors {
  /** Mean detector score of the keypoints the measurement needs (0.5..1 once accepted). */
  detection: number;
  /** 0.7..1: how much of the image height the person fills. */
  framing: number;
  /** 0.7..1: shoulder/hip tilt, lean and feet level. */
  posture: number;
}

/** Quality (detection x framing x posture) of a scan that matches the protocol's noise: scores ~0.9, well framed, straight. */
export const CLEAN_SCAN_QUALITY = 0.9;

/**
 * How much wider than the model's sigma a scan's uncertainty is. The model's sigma is the RMS error
 * on held-out scans under the protocol's observation noise, which a clean kiosk scan matches
 * (factor 1). Poorer detection, framing and posture are taken as a loss of information in
 * proportion to their product q, as in the quality: an estimate's variance grows as 1/q, its sigma
 * by sqrt(CLEAN_SCAN_QUALITY / q) (at most ~1.9 for an accepted scan), never narrower than the
 * model's. Completeness is left out: imputed breadths and a missing side view already widen sigma
 * (the x1.8 for imputation, the condition's own sigma). A modelling assumption, not a calibration:
 * fitting it needs real scans of measured bodies.
 */
export function scanSigmaFactor(f: ScanQualityFactors): number {
  const q = Math.max(1e-3, f.detection * f.framing * f.posture);
  return Math.sqrt(CLEAN_SCAN_QUALITY / Math.min(CLEAN_SCAN_QUALITY, q));
}

/**
 * The model's estimate as a profile in cm. Observables that were imputed rather than seen (no
 * silhouette) widen the girths' uncertainty, as the model was trained on observed breadths; a
 * poorer scan (`scanSigmaFactor`) widens everything measured from it. The height is as declared.
 */
export function profileFromEstimate(estimate: BodyEstimate, obs: BodyObservables, imputed: string[], quality: ScanQualityFactors): BodyProfileData {
  const scan = scanSigmaFactor(quality);
  const girth = (imputed.length > 0 ? 1.8 : 1) * scan;
  return {
    heightCm: cm(obs.statureMm, 10),
    chestCm: cm(estimate.chestcircumference.valueMm, estimate.chestcircumference.sigmaMm * girth),
    waistCm: cm(estimate.waistcircumference.valueMm, estimate.waistcircumference.sigmaMm * girth),
    hipCm: cm(estimate.buttockcircumference.valueMm, estimate.buttockcircumference.sigmaMm * girth),
    neckCm: cm(estimate.neckcircumference.valueMm, estimate.neckcircumference.sigmaMm * girth),
    thighCm: cm(estimate.thighcircumference.valueMm, estimate.thighcircumference.sigmaMm * girth),
    sleeveCm: cm(estimate.sleeveoutseam.valueMm, estimate.sleeveoutseam.sigmaMm * scan),
    inseamCm: cm(estimate.crotchheight.valueMm, estimate.crotchheight.sigmaMm * scan),
    footLengthCm: cm(estimate.footlength.valueMm, estimate.footlength.sigmaMm * scan),
    shoulderBreadthCm: cm(obs.biacromialBreadthMm, BREADTH_SIGMA_MM * scan),
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

/** One dimension that differs between two profiles (values as shown: rounded to 0.1 cm). */
export interface ProfileChange {
  key: keyof BodyProfileData;
  label: string;
  previousCm: number;
  currentCm: number;
}

/**
 * The dimensions that differ by more than `thresholdCm` from `previous` to `current`, in display
 * order, compared as shown (to 0.1 cm, in whole tenths so that 100.0 -> 101.0 is not "more than 1").
 */
export function profileChanges(previous: BodyProfileData, current: BodyProfileData, thresholdCm = 1): ProfileChange[] {
  const tenths = (cm: number) => Math.round(cm * 10);
  return PROFILE_KEYS.flatMap((key) => {
    const [before, after] = [tenths(previous[key].valueCm), tenths(current[key].valueCm)];
    return Math.abs(after - before) > tenths(thresholdCm) ? [{ key, label: LABELS[key], previousCm: before / 10, currentCm: after / 10 }] : [];
  });
}

/** A short line for people: "chest 100 → 104 cm, waist 86 → 89.5 cm", or that nothing differs by more than the threshold. */
export function describeProfileChanges(changes: ProfileChange[], thresholdCm = 1): string {
  if (!changes.length) return `No measurement differs by more than ${thresholdCm} cm`;
  const line = changes.map((c) => `${c.label} ${c.previousCm} → ${c.currentCm} cm`).join(', ');
  return line.charAt(0).toUpperCase() + line.slice(1);
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
