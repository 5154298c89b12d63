import { tf } from '../../ml/backend';
import { CsrMatrix, fromTriplets } from './csr-matrix';

/**
 * EASE (Steck, WWW 2019) learns, for every target item j, ridge-regression weights that predict
 * whether a user has j from the user's other items: w_j = (G_-j,-j + lambda I)^-1 G_-j,j with G the
 * item co-occurrence Gram. Solved exactly that needs one dense inverse of the whole catalogue
 * (n^3 flops: minutes at 18k items on two cores). Here each target's regression is restricted to
 * the items that co-occur with it at all (capped at the strongest `maxNeighbours`): items that never
 * meet j get no weight. The Gram is diagonally dominant (an item's count against its pairwise
 * co-counts), so Jacobi-preconditioned conjugate gradients converge in a handful of iterations; the
 * systems are padded into equal-sized batches and iterated with batched TF.js matMul.
 */
export interface NeighbourhoodEaseOptions {
  /**
   * Ridge penalties, in co-occurrence counts. Several can be solved in one pass: the sub-matrices
   * are gathered once and only the (cheap) iterations are repeated per penalty.
   */
  readonly lambdas: readonly number[];
  /** At most this many neighbours per target (the strongest co-occurring items). */
  readonly maxNeighbours: number;
  /** Stop when every system's residual norm is below this fraction of its right-hand side's. */
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** Floats per batch of padded systems, bounding the memory of one TF.js batch. */
  readonly batchFloats?: number;
}

/** The weights for one penalty. */
export interface NeighbourhoodEaseSolution {
  readonly lambda: number;
  /** Row = source (history) item, column = target item: the score a source lends a target. */
  readonly weights: CsrMatrix;
}

export interface NeighbourhoodEaseResult {
  /** The most CG iterations any batch needed. */
  readonly maxIterations: number;
  /** One per requested penalty, in the order given. */
  readonly solutions: readonly NeighbourhoodEaseSolution[];
  readonly systems: number;
  /** Entries of the padded dense systems, i.e. the memory traffic of one CG iteration. */
  readonly paddedEntries: number;
}

/** A target's regression inputs: its neighbours (ascending) and their co-counts with it. */
interface NeighbourList {
  readonly items: Int32Array;
  readonly cocounts: Float32Array;
}

/** Neighbour lists per target: the strongest co-occurring items, ties broken by index. */
function neighbourLists(gram: CsrMatrix, maxNeighbours: number): NeighbourList[] {
  const lists: NeighbourList[] = [];
  for (let j = 0; j < gram.rows; j++) {
    const candidates: number[] = [];
    for (let k = gram.indptr[j]; k < gram.indptr[j + 1]; k++) if (gram.indices[k] !== j) candidates.push(k);
    if (candidates.length > maxNeighbours) {
      candidates.sort((a, b) => gram.values[b] - gram.values[a] || gram.indices[a] - gram.indices[b]);
      candidates.length = maxNeighbours;
      candidates.sort((a, b) => a - b);
    }
    lists.push({
      items: Int32Array.from(candidates, (k) => gram.indices[k]),
      cocounts: Float32Array.from(candidates, (k) => gram.values[k]),
    });
  }
  return lists;
}

/** Padded system size: sizes grow in steps of about 1/8, so padding wastes at most ~25% of a batch's entries. */
function paddedSize(size: number): number {
  const step = Math.max(8, 2 ** (Math.floor(Math.log2(Math.max(size, 1))) - 3));
  return Math.ceil(size / step) * step;
}

/**
 * Reads sub-matrices G[N, N] of the Gram quickly. Walking an item's row costs its degree, which
 * for the few very popular items is thousands of entries, and they sit in most neighbour lists;
 * so co-counts between two such "hub" items come from a small dense table, and every other pair
 * is found by walking the row of its non-hub member (the Gram is symmetric).
 */
class GramReader {
  private readonly hubSlot: Int32Array;
  private readonly hubTable: Float32Array;
  private readonly hubs: number;

  constructor(
    private readonly gram: CsrMatrix,
    maxHubs: number,
  ) {
    const n = gram.rows;
    const byDegree = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => gram.indptr[b + 1] - gram.indptr[b] - (gram.indptr[a + 1] - gram.indptr[a]) || a - b,
    );
    this.hubs = Math.min(maxHubs, n);
    this.hubSlot = new Int32Array(n).fill(-1);
    for (let h = 0; h < this.hubs; h++) this.hubSlot[byDegree[h]] = h;
    this.hubTable = new Float32Array(this.hubs * this.hubs);
    for (let h = 0; h < this.hubs; h++) {
      const i = byDegree[h];
      for (let k = gram.indptr[i]; k < gram.indptr[i + 1]; k++) {
        const slot = this.hubSlot[gram.indices[k]];
        if (slot >= 0) this.hubTable[h * this.hubs + slot] = gram.values[k];
      }
    }
  }

  /**
   * Writes `G[items[a], items[b]]` into the row-major `size x size` block at `base` of `out`
   * (which must be zero there). `position` must be -1 everywhere on entry; it is restored.
   */
  fill(items: Int32Array, out: Float32Array, base: number, size: number, position: Int32Array): void {
    const { indptr, indices, values } = this.gram;
    const count = items.length;
    for (let a = 0; a < count; a++) position[items[a]] = a;
    // Rows of non-hub items first, walked along their Gram rows (sequential writes).
    for (let a = 0; a < count; a++) {
      const i = items[a];
      if (this.hubSlot[i] >= 0) continue;
      const row = base + a * size;
      for (let k = indptr[i]; k < indptr[i + 1]; k++) {
        const b = position[indices[k]];
        if (b >= 0) out[row + b] = values[k];
      }
    }
    // Hub rows: hub-hub pairs from the table, the rest mirrored from the rows written above.
    for (let a = 0; a < count; a++) {
      const hubA = this.hubSlot[items[a]];
      if (hubA < 0) continue;
      const row = base + a * size;
      for (let b = 0; b < count; b++) {
        const hubB = this.hubSlot[items[b]];
        out[row + b] = hubB >= 0 ? this.hubTable[hubA * this.hubs + hubB] : out[base + b * size + a];
      }
    }
    for (let a = 0; a < count; a++) position[items[a]] = -1;
  }
}

/** Hub items in the dense co-count table: 512^2 floats = 1 MB stays in cache; larger tables measured slower. */
const MAX_HUBS = 512;

/**
 * Solves every target's restricted EASE regression for each penalty. Must run after
 * `initTensorflow()`. Deterministic: the same Gram and options give the same weights.
 */
export function solveNeighbourhoodEase(gram: CsrMatrix, options: NeighbourhoodEaseOptions): NeighbourhoodEaseResult {
  const n = gram.rows;
  const lambdas = options.lambdas;
  const tolerance = options.tolerance ?? 1e-3;
  const maxIterations = options.maxIterations ?? 100;
  const batchFloats = options.batchFloats ?? 1 << 23;
  const lists = neighbourLists(gram, options.maxNeighbours);
  const reader = new GramReader(gram, MAX_HUBS);
  const counts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = gram.indptr[i]; k < gram.indptr[i + 1]; k++) if (gram.indices[k] === i) counts[i] = gram.values[k];
  }

  const targets = Array.from({ length: n }, (_, j) => j).filter((j) => lists[j].items.length > 0);
  targets.sort((a, b) => lists[a].items.length - lists[b].items.length || a - b);
  const totalEntries = targets.reduce((sum, j) => sum + lists[j].items.length, 0);
  const rowOf = new Int32Array(totalEntries);
  const colOf = new Int32Array(totalEntries);
  const valuesByLambda = lambdas.map(() => new Float32Array(totalEntries));
  let worstIterations = 0;
  let written = 0;
  let paddedEntries = 0;
  const position = new Int32Array(n).fill(-1);
  const largest = targets.length ? paddedSize(lists[targets[targets.length - 1]].items.length) : 0;
  // One buffer reused across batches: fresh 32 MB arrays per batch cost more in page faults and
  // garbage collection than the gathering itself.
  const matrixBuffer = new Float32Array(Math.max(batchFloats, largest * largest));

  for (let start = 0; start < targets.length; ) {
    const size = paddedSize(lists[targets[start]].items.length);
    const perBatch = Math.max(1, Math.floor(batchFloats / (size * size)));
    let end = start;
    while (end < targets.length && end - start < perBatch && lists[targets[end]].items.length <= size) end++;
    const batch = targets.slice(start, end);
    start = end;

    const matrices = matrixBuffer.subarray(0, batch.length * size * size);
    matrices.fill(0);
    batch.forEach((j, q) => {
      const base = q * size * size;
      reader.fill(lists[j].items, matrices, base, size, position);
      // Padding rows are identity rows with a zero right-hand side: their solution stays 0.
      for (let a = lists[j].items.length; a < size; a++) matrices[base + a * size + a] = 1;
    });
    const gramBlocks = tf.tensor3d(matrices, [batch.length, size, size]);
    paddedEntries += batch.length * size * size;

    // One penalty at a time on the same gathered blocks. (Iterating all penalties together as
    // columns of one right-hand side was measured slower: TF.js WASM's batched matMul is a plain
    // loop, so extra columns cost full price, while the gathering is shared either way.)
    lambdas.forEach((lambda, l) => {
      const inverseDiagonal = new Float32Array(batch.length * size).fill(1);
      const ridge = new Float32Array(batch.length * size);
      const rhs = new Float32Array(batch.length * size);
      batch.forEach((j, q) => {
        const { items, cocounts } = lists[j];
        for (let a = 0; a < items.length; a++) {
          // Jacobi preconditioner 1 / (count + lambda): unit scale for popular and rare items
          // alike, so one tolerance suits every system. Padding rows keep ridge 0, diagonal 1.
          inverseDiagonal[q * size + a] = 1 / (counts[items[a]] + lambda);
          ridge[q * size + a] = lambda;
          rhs[q * size + a] = cocounts[a];
        }
      });
      const shape: [number, number, number] = [batch.length, size, 1];
      const { solution, iterations } = tf.tidy(() =>
        preconditionedConjugateGradients(
          gramBlocks,
          tf.tensor3d(ridge, shape),
          tf.tensor3d(inverseDiagonal, shape),
          tf.tensor3d(rhs, shape),
          tolerance,
          maxIterations,
        ),
      );
      worstIterations = Math.max(worstIterations, iterations);
      const values = valuesByLambda[l];
      let at = written;
      batch.forEach((j, q) => {
        for (let a = 0; a < lists[j].items.length; a++) values[at++] = solution[q * size + a];
      });
    });
    gramBlocks.dispose();
    batch.forEach((j) => {
      const { items } = lists[j];
      for (let a = 0; a < items.length; a++) {
        rowOf[written] = items[a];
        colOf[written] = j;
        written++;
      }
    });
  }
  return {
    solutions: lambdas.map((lambda, l) => ({
      lambda,
      weights: fromTriplets(n, n, rowOf, colOf, valuesByLambda[l], written),
    })),
    maxIterations: worstIterations,
    systems: targets.length,
    paddedEntries,
  };
}

/**
 * Batched Jacobi-preconditioned conjugate gradients on symmetric positive-definite systems
 * `(g + diag(ridge[:, :, c])) x[:, :, c] = b[:, :, c]`, with `g` [batch, size, size] shared by
 * the `c` columns of `ridge`, `inverseDiagonal` (the preconditioner) and `b` [batch, size, columns].
 * Stops when every system's preconditioned residual is below `tolerance` times its right-hand
 * side's. Synchronous; call inside `tf.tidy`.
 */
export function preconditionedConjugateGradients(
  g: tf.Tensor3D,
  ridge: tf.Tensor3D,
  inverseDiagonal: tf.Tensor3D,
  b: tf.Tensor3D,
  tolerance: number,
  maxIterations: number,
): { solution: Float32Array; iterations: number } {
  // Tiny floor on denominators: an all-zero system (possible only for padding) must not make NaNs.
  const floor = tf.scalar(1e-30);
  let x: tf.Tensor = tf.zerosLike(b);
  let r: tf.Tensor = b;
  let p: tf.Tensor = tf.mul(inverseDiagonal, b);
  let rz: tf.Tensor = tf.sum(tf.mul(r, p), 1, true);
  const target = tf.mul(rz, tolerance * tolerance);
  let iterations = 0;
  while (iterations < maxIterations) {
    const next = tf.tidy(() => {
      const ap = tf.add(tf.matMul(g, p), tf.mul(ridge, p));
      const alpha = tf.div(rz, tf.add(tf.sum(tf.mul(p, ap), 1, true), floor));
      const x2 = tf.add(x, tf.mul(alpha, p));
      const r2 = tf.sub(r, tf.mul(alpha, ap));
      const z2 = tf.mul(inverseDiagonal, r2);
      const rz2 = tf.sum(tf.mul(r2, z2), 1, true);
      const beta = tf.div(rz2, tf.add(rz, floor));
      return { x2, r2, rz2, p2: tf.add(z2, tf.mul(beta, p)) };
    });
    // Free the previous iterate now (not at the end of the caller's tidy): memory stays flat.
    for (const old of [x, r, p, rz]) if (old !== b) old.dispose();
    x = next.x2;
    r = next.r2;
    p = next.p2;
    rz = next.rz2;
    iterations += 1;
    // Checking convergence reads back from the backend; every other iteration keeps that cheap.
    if (iterations % 2 === 0 || iterations === maxIterations) {
      const converged = tf.tidy(() => tf.all(tf.lessEqual(rz, target)).dataSync()[0] === 1);
      if (converged) break;
    }
  }
  return { solution: Float32Array.from(x.dataSync()), iterations };
}
