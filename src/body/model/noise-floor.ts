import { BODY_TARGETS } from '../body-observables';
import { AnsurSubject, MEASURED_KEYS, MeasuredKey, PROTOCOL_NOISE_SD, observe } from './ansur';
import { BodyCondition, CONDITION_INPUTS } from './body-condition';
import { fitLeastSquares, predictLinear, referenceInputs, solveSymmetric } from './least-squares';

/*
 * How low can the MAE go with what a kiosk observes? Two yardsticks for eval:body --floor, both
 * diagnostics rather than models (neither could be shipped):
 *
 * - Gaussian Bayes: if, per sex, the true observables and the targets were jointly Gaussian (with
 *   the covariance of the held-out subjects' own noise-free values), the best estimator given the
 *   protocol's noisy observables is linear per sex and its error is Gaussian with a known variance,
 *   Var(y | x + e) = Syy - Syx (Sxx + diag(noise^2))^-1 Sxy, so its expected MAE is
 *   sqrt(2 / pi) times that standard deviation. Only a non-Gaussian relation between body and
 *   targets leaves a network anything to gain below it.
 * - Linear in hindsight: least squares with sex-specific slopes fitted on the held-out scans
 *   themselves, which no linear estimator trained elsewhere can beat on those scans (in MSE).
 */

/** The observables a condition provides, in MEASURED_KEYS order. */
export function observedKeys(condition: BodyCondition): MeasuredKey[] {
  const inputs = CONDITION_INPUTS[condition];
  return MEASURED_KEYS.filter((key) => {
    if (key === 'weightKg') return inputs.weight;
    if (key === 'chestDepthMm' || key === 'waistDepthMm' || key === 'buttockDepthMm') return inputs.sideView;
    return true;
  });
}

/** An exact observable still gets (0.03 mm)^2, so that observables that determine each other stay solvable. */
const EXACT_VARIANCE_MM2 = 1e-3;

function covariance(rows: readonly number[][]): number[][] {
  const n = rows.length;
  const p = rows[0].length;
  const mean = new Array<number>(p).fill(0);
  for (const row of rows) row.forEach((v, j) => (mean[j] += v / n));
  const cov = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (const row of rows) {
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) cov[a][b] += ((row[a] - mean[a]) * (row[b] - mean[b])) / (n - 1);
  }
  return cov;
}

/**
 * Expected MAE per target (BODY_TARGETS order), over scan noise, of the Bayes estimator under a
 * per-sex Gaussian model of `subjects` themselves. Given the held-out subjects it is a figure in
 * hindsight: it knows their covariance exactly, which no trained estimator does.
 */
export function gaussianBayesMae(
  subjects: readonly AnsurSubject[],
  condition: BodyCondition,
  /** The observables that carry the protocol's noise; the others are taken as exact (a lower bound). */
  noisyKeys: readonly MeasuredKey[] = MEASURED_KEYS,
): number[] {
  const keys = observedKeys(condition);
  const p = keys.length;
  const mae = new Array<number>(BODY_TARGETS.length).fill(0);
  for (const sex of ['M', 'F'] as const) {
    const share = subjects.filter((s) => s.sex === sex).length / subjects.length;
    if (share === 0) continue;
    const cov = covariance(subjects.filter((s) => s.sex === sex).map((s) => [...keys.map((key) => s.measured[key]), ...s.targets]));
    const sxx = keys.map((key, a) => keys.map((_, b) => cov[a][b] + (a === b ? (noisyKeys.includes(key) ? PROTOCOL_NOISE_SD[key] ** 2 : EXACT_VARIANCE_MM2) : 0)));
    const sxy = keys.map((_, a) => BODY_TARGETS.map((__, k) => cov[a][p + k]));
    const solved = solveSymmetric(sxx, sxy);
    BODY_TARGETS.forEach((_, k) => {
      const explained = sxy.reduce((s, row, a) => s + row[k] * solved[a][k], 0);
      mae[k] += share * Math.sqrt(2 / Math.PI) * Math.sqrt(Math.max(cov[p + k][p + k] - explained, 0));
    });
  }
  return mae;
}

/** In-sample MAE of least squares with sex-specific slopes fitted on the held-out scans themselves. */
export function linearInHindsightMae(test: readonly AnsurSubject[], condition: BodyCondition, scanSeed: number): number[] {
  const rows = test.map((s) => {
    const row = referenceInputs(observe(s, condition, scanSeed));
    return [...row, ...row.slice(1).map((v) => row[0] * v)];
  });
  const truth = test.map((s) => s.targets);
  const predicted = predictLinear(fitLeastSquares(rows, truth), rows);
  return BODY_TARGETS.map((_, k) => predicted.reduce((s, row, i) => s + Math.abs(row[k] - truth[i][k]), 0) / test.length);
}
