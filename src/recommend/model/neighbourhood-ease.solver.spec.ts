import { initTensorflow } from '../../ml/backend';
import { CsrMatrix, cooccurrenceGram } from './csr-matrix';
import { solveNeighbourhoodEase } from './neighbourhood-ease.solver';

/** Inverse of a small dense matrix by Gauss-Jordan elimination with partial pivoting. */
function inverse(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    const p = m[c][c];
    for (let k = 0; k < 2 * n; k++) m[c][k] /= p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let k = 0; k < 2 * n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row) => row.slice(n));
}

function dense(m: CsrMatrix): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array<number>(m.cols).fill(0));
  for (let r = 0; r < m.rows; r++) for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) out[r][m.indices[k]] = m.values[k];
  return out;
}

describe('neighbourhood-restricted EASE solver', () => {
  beforeAll(async () => {
    await initTensorflow();
  });

  // Every pair of the 6 items meets in some user, so no neighbourhood is cut and the restricted
  // regressions must equal EASE's closed form B = I - P diag(1/diag P), P = (G + lambda I)^-1.
  const sequences = [
    [0, 1, 2, 3, 4, 5],
    [0, 1, 2],
    [1, 3, 5],
    [2, 4],
    [0, 5, 3],
    [4, 1],
    [2, 3, 0, 1],
    [5, 4, 2],
  ].map((s) => Int32Array.from(s));
  const gram = cooccurrenceGram(sequences, 6);

  it('matches the closed-form EASE weights when no neighbourhood is cut, for several penalties at once', () => {
    const lambdas = [0.5, 3];
    const result = solveNeighbourhoodEase(gram, { lambdas, maxNeighbours: 10, tolerance: 1e-6 });
    expect(result.systems).toBe(6);
    result.solutions.forEach((solution, l) => {
      const g = dense(gram).map((row, i) => row.map((v, j) => v + (i === j ? lambdas[l] : 0)));
      const p = inverse(g);
      const weights = dense(solution.weights);
      for (let i = 0; i < 6; i++) {
        for (let j = 0; j < 6; j++) {
          const expected = i === j ? 0 : -p[i][j] / p[j][j];
          expect(weights[i][j]).toBeCloseTo(expected, 4);
        }
      }
    });
  });

  it('gives no weight outside a target\'s strongest neighbours', () => {
    const result = solveNeighbourhoodEase(gram, { lambdas: [1], maxNeighbours: 2 });
    const weights = dense(result.solutions[0].weights);
    for (let j = 0; j < 6; j++) {
      const nonZero = weights.filter((row) => row[j] !== 0).length;
      expect(nonZero).toBeLessThanOrEqual(2);
      expect(weights[j][j]).toBe(0);
    }
  });
});
