import { BodyObservables } from '../body-observables';
import { BODY_CONDITIONS, BodyCondition, conditionOf } from './body-condition';
import { MEASURED_KEYS } from './ansur';

/** y = intercept + x . weights, for several outputs at once. */
export interface LinearFit {
  intercept: number[];
  /** weights[input][output] */
  weights: number[][];
}

/**
 * Ordinary (optionally ridge) least squares with an intercept, solved in float64 by Cholesky on the
 * normal equations of standardized inputs: standardizing keeps millimetre-scale columns from making
 * the system ill-conditioned, and the fit is mapped back to raw inputs so callers never see it.
 * `ridge` is relative to the number of rows (0 = plain OLS); a constant column gets weight 0.
 */
export function fitLeastSquares(x: readonly number[][], y: readonly number[][], ridge = 0): LinearFit {
  const n = x.length;
  if (n === 0 || y.length !== n) throw new Error('fitLeastSquares: x and y need the same, non-zero number of rows');
  const p = x[0].length;
  const q = y[0].length;
  const mean = new Array<number>(p).fill(0);
  const sd = new Array<number>(p).fill(0);
  const yMean = new Array<number>(q).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) mean[j] += x[i][j] / n;
    for (let k = 0; k < q; k++) yMean[k] += y[i][k] / n;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) sd[j] += (x[i][j] - mean[j]) ** 2 / n;
  const scale = sd.map((v) => (v > 1e-12 ? Math.sqrt(v) : 0));
  const gram = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const cross = Array.from({ length: p }, () => new Array<number>(q).fill(0));
  const z = new Array<number>(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) z[j] = scale[j] > 0 ? (x[i][j] - mean[j]) / scale[j] : 0;
    for (let a = 0; a < p; a++) {
      if (z[a] === 0) continue;
      for (let b = 0; b <= a; b++) gram[a][b] += z[a] * z[b];
      for (let k = 0; k < q; k++) cross[a][k] += z[a] * (y[i][k] - yMean[k]);
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) gram[b][a] = gram[a][b];
    // A constant column has an all-zero row: pin its weight to 0 instead of failing.
    gram[a][a] += scale[a] > 0 ? ridge * n + 1e-9 * n : 1;
  }
  const beta = solveSymmetric(gram, cross);
  const weights = beta.map((row, j) => row.map((b) => (scale[j] > 0 ? b / scale[j] : 0)));
  const intercept = yMean.map((m, k) => m - weights.reduce((s, row, j) => s + row[k] * mean[j], 0));
  return { intercept, weights };
}

export function predictLinear(fit: LinearFit, x: readonly number[][]): number[][] {
  return x.map((row) => fit.intercept.map((b, k) => row.reduce((s, v, j) => s + v * fit.weights[j][k], b)));
}

/** Solves A X = B for symmetric positive definite A (Cholesky). */
export function solveSymmetric(a: number[][], b: number[][]): number[][] {
  const p = a.length;
  const l = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (s <= 0) throw new Error('fitLeastSquares: normal equations are not positive definite');
        l[i][i] = Math.sqrt(s);
      } else {
        l[i][j] = s / l[j][j];
      }
    }
  }
  const q = b[0].length;
  const out = Array.from({ length: p }, () => new Array<number>(q).fill(0));
  for (let k = 0; k < q; k++) {
    const w = new Array<number>(p).fill(0);
    for (let i = 0; i < p; i++) {
      let s = b[i][k];
      for (let j = 0; j < i; j++) s -= l[i][j] * w[j];
      w[i] = s / l[i][i];
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = w[i];
      for (let j = i + 1; j < p; j++) s -= l[j][i] * out[j][k];
      out[i][k] = s / l[i][i];
    }
  }
  return out;
}

/** The README's reference inputs: sex and the raw observables the condition provides, nothing derived. */
export function referenceInputs(obs: BodyObservables): number[] {
  const row = [obs.sex === 'F' ? 1 : 0];
  for (const key of MEASURED_KEYS) {
    const value = obs[key];
    if (value !== null) row.push(value);
  }
  return row;
}

/**
 * The least-squares reference of the README: one OLS fit per condition on the raw observables,
 * trained on the same split as the model, so that the comparison shares data and noise.
 */
export class LeastSquaresReference {
  private constructor(private readonly fits: Record<BodyCondition, LinearFit>) {}

  /** `scans[condition]` are the training observables of that condition, row-aligned with `targets`. */
  static fit(scans: Record<BodyCondition, BodyObservables[]>, targets: readonly number[][]): LeastSquaresReference {
    const fits = {} as Record<BodyCondition, LinearFit>;
    for (const condition of BODY_CONDITIONS) fits[condition] = fitLeastSquares(scans[condition].map(referenceInputs), targets);
    return new LeastSquaresReference(fits);
  }

  predict(obs: readonly BodyObservables[]): number[][] {
    return obs.map((o) => predictLinear(this.fits[conditionOf(o)], [referenceInputs(o)])[0]);
  }
}
