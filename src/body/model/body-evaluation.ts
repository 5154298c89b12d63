import { BODY_TARGETS, BodyTarget } from '../body-observables';
import { AnsurSubject, observe } from './ansur';
import { BODY_CONDITIONS, BodyCondition } from './body-condition';
import { BodyMeasurementModel } from './body-model';
import { LeastSquaresReference } from './least-squares';

/** The protocol's girths. The README's ISO test has two classes, girths and lengths. */
export const GIRTH_TARGETS: readonly BodyTarget[] = [
  'chestcircumference',
  'waistcircumference',
  'buttockcircumference',
  'neckcircumference',
  'thighcircumference',
];

/** The torso girths the goal compares one by one with the published photo-based figure. */
export const LARGE_GIRTH_TARGETS: readonly BodyTarget[] = ['chestcircumference', 'waistcircumference', 'buttockcircumference'];

/**
 * ISO 20685-1 bias tolerance per target as the README applies it: +-9 mm for girths, +-5 mm for
 * lengths (sleeve outseam, inseam, foot length).
 */
export const ISO_TOLERANCE_MM: Record<BodyTarget, number> = Object.fromEntries(
  BODY_TARGETS.map((target) => [target, GIRTH_TARGETS.includes(target) ? 9 : 5]),
) as Record<BodyTarget, number>;

/** Mean error on girths of a published photo-based estimator (arXiv 2110.04064). */
export const PUBLISHED_PHOTO_GIRTH_MAE_MM = 20.9;

/** The README's three scored conditions; `front-noweight` is evaluated too but is not in the protocol's score. */
export const SCORED_CONDITIONS: readonly BodyCondition[] = ['full', 'front', 'noweight'];

export interface TargetScore {
  maeMm: number;
  rmseMm: number;
  /** Mean signed error (prediction - truth). */
  biasMm: number;
  /** 95% confidence interval of the mean error (normal approximation; n is in the hundreds). */
  ci95Mm: [number, number];
  isoToleranceMm: number;
  /** ISO 20685-1: the whole 95% CI of the mean error lies within +-tolerance. */
  isoPass: boolean;
}

export function scoreErrors(errors: readonly number[], toleranceMm: number): TargetScore {
  const n = errors.length;
  const bias = errors.reduce((s, e) => s + e, 0) / n;
  const variance = errors.reduce((s, e) => s + (e - bias) ** 2, 0) / Math.max(n - 1, 1);
  const half = 1.96 * Math.sqrt(variance / n);
  const ci: [number, number] = [bias - half, bias + half];
  return {
    maeMm: errors.reduce((s, e) => s + Math.abs(e), 0) / n,
    rmseMm: Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / n),
    biasMm: bias,
    ci95Mm: ci,
    isoToleranceMm: toleranceMm,
    isoPass: ci[0] >= -toleranceMm && ci[1] <= toleranceMm,
  };
}

export function scorePredictions(predictions: readonly number[][], truth: readonly number[][]): Record<BodyTarget, TargetScore> {
  const scores = {} as Record<BodyTarget, TargetScore>;
  BODY_TARGETS.forEach((target, k) => {
    scores[target] = scoreErrors(
      predictions.map((row, i) => row[k] - truth[i][k]),
      ISO_TOLERANCE_MM[target],
    );
  });
  return scores;
}

export function meanMae(scores: Record<BodyTarget, TargetScore>, targets: readonly BodyTarget[]): number {
  return targets.reduce((s, t) => s + scores[t].maeMm, 0) / targets.length;
}

export interface ConditionEvaluation {
  model: Record<BodyTarget, TargetScore>;
  reference: Record<BodyTarget, TargetScore>;
  modelMeanGirthMaeMm: number;
  referenceMeanGirthMaeMm: number;
  /**
   * Paired difference of absolute errors, model minus reference, per target, with its 95% CI:
   * when the interval spans 0 the two are not distinguishable on this many subjects.
   */
  maeChangeMm: Record<BodyTarget, { meanMm: number; ci95Mm: [number, number] }>;
  /** Targets on which the model's MAE is not below the reference's. */
  notBetterThanReference: BodyTarget[];
  /** Share of subjects whose error lies within the artifact's +-1 sigma, per target (about 0.68 if calibrated). */
  sigmaCoverage: Record<BodyTarget, number>;
}

export interface BodyEvaluation {
  split: 'test';
  subjects: number;
  scanSeed: number;
  conditions: Record<BodyCondition, ConditionEvaluation>;
  publishedPhotoGirthMaeMm: number;
  /** The goal, over the three scored conditions. */
  goal: {
    beatsReferenceOnEveryTarget: boolean;
    largeGirthsUnderPublished: boolean;
    meanGirthUnderPublished: boolean;
    isoBiasPassEverywhere: boolean;
  };
}

/** The README's least-squares reference, fitted on the training subjects' recorded scans. */
export function fitReference(train: readonly AnsurSubject[], scanSeed: number): LeastSquaresReference {
  const scans = {} as Parameters<typeof LeastSquaresReference.fit>[0];
  for (const condition of BODY_CONDITIONS) scans[condition] = train.map((s) => observe(s, condition, scanSeed));
  return LeastSquaresReference.fit(
    scans,
    train.map((s) => s.targets),
  );
}

/**
 * Scores the model beside the reference on held-out subjects, one recorded scan per subject
 * (seeded), under every condition.
 */
export function evaluateBodyModel(
  model: BodyMeasurementModel,
  reference: LeastSquaresReference,
  test: readonly AnsurSubject[],
  scanSeed: number,
): BodyEvaluation {
  const truth = test.map((s) => s.targets);
  const conditions = {} as Record<BodyCondition, ConditionEvaluation>;
  for (const condition of BODY_CONDITIONS) {
    const scans = test.map((s) => observe(s, condition, scanSeed));
    const predicted = model.predictMm(scans);
    const referencePredicted = reference.predict(scans);
    const modelScores = scorePredictions(predicted, truth);
    const referenceScores = scorePredictions(referencePredicted, truth);
    const maeChangeMm = {} as ConditionEvaluation['maeChangeMm'];
    BODY_TARGETS.forEach((target, k) => {
      const change = scoreErrors(
        predicted.map((row, i) => Math.abs(row[k] - truth[i][k]) - Math.abs(referencePredicted[i][k] - truth[i][k])),
        0,
      );
      maeChangeMm[target] = { meanMm: change.biasMm, ci95Mm: change.ci95Mm };
    });
    const sigma = model.artifact.conditions[condition].sigmaMm;
    const sigmaCoverage = {} as Record<BodyTarget, number>;
    BODY_TARGETS.forEach((target, k) => {
      sigmaCoverage[target] = predicted.filter((row, i) => Math.abs(row[k] - truth[i][k]) <= sigma[k]).length / test.length;
    });
    conditions[condition] = {
      model: modelScores,
      reference: referenceScores,
      modelMeanGirthMaeMm: meanMae(modelScores, GIRTH_TARGETS),
      referenceMeanGirthMaeMm: meanMae(referenceScores, GIRTH_TARGETS),
      maeChangeMm,
      notBetterThanReference: BODY_TARGETS.filter((t) => modelScores[t].maeMm >= referenceScores[t].maeMm),
      sigmaCoverage,
    };
  }
  const scored = SCORED_CONDITIONS.map((c) => conditions[c]);
  return {
    split: 'test',
    subjects: test.length,
    scanSeed,
    conditions,
    publishedPhotoGirthMaeMm: PUBLISHED_PHOTO_GIRTH_MAE_MM,
    goal: {
      beatsReferenceOnEveryTarget: scored.every((c) => c.notBetterThanReference.length === 0),
      largeGirthsUnderPublished: scored.every((c) => LARGE_GIRTH_TARGETS.every((t) => c.model[t].maeMm < PUBLISHED_PHOTO_GIRTH_MAE_MM)),
      meanGirthUnderPublished: scored.every((c) => c.modelMeanGirthMaeMm < PUBLISHED_PHOTO_GIRTH_MAE_MM),
      isoBiasPassEverywhere: scored.every((c) => BODY_TARGETS.every((t) => c.model[t].isoPass)),
    },
  };
}

/** The evaluation with every number rounded to 0.01 mm: what is printed as JSON and kept in the artifact. */
export function compactEvaluation(evaluation: BodyEvaluation): Record<string, unknown> {
  const round = (value: unknown): unknown => {
    if (typeof value === 'number') return Math.round(value * 100) / 100;
    if (Array.isArray(value)) return value.map(round);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
    return value;
  };
  return round(evaluation) as Record<string, unknown>;
}
