import { tf } from '../../ml/backend';

/** The two most similar enrolled members to a probe. */
export interface FaceTop2 {
  /** The best candidate's id, or null when nobody is enrolled. */
  bestId: string | null;
  bestSimilarity: number | null;
  /** The runner-up's similarity, or null when fewer than two members are enrolled. */
  secondSimilarity: number | null;
}

/**
 * The enrolled embeddings in memory: an N x dim float32 matrix of L2-normalised rows (cosine similarity
 * is a dot product), one row per member. Removal moves the last row into the gap, so rows stay dense.
 */
export class FaceIndex {
  private matrix: Float32Array;
  private ids: string[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly revisionOf = new Map<string, string>();
  /** Bumped on every change, so that strategies holding a copy (a tensor) know to rebuild it. */
  generation = 0;

  constructor(readonly dim: number, initialCapacity = 1024) {
    this.matrix = new Float32Array(Math.max(1, initialCapacity) * dim);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The rows in use (a view, not a copy). */
  rows(): Float32Array {
    return this.matrix.subarray(0, this.ids.length * this.dim);
  }

  idAt(row: number): string {
    return this.ids[row];
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** The revision (the row's `updated_at`) the index holds for a member, to tell what changed. */
  revision(id: string): string | undefined {
    return this.revisionOf.get(id);
  }

  /** Every member in the index. */
  memberIds(): string[] {
    return [...this.rowOf.keys()];
  }

  /** Adds or replaces a member's (already normalised) embedding. */
  upsert(id: string, vector: Float32Array, revision: string): void {
    if (vector.length !== this.dim) throw new Error(`embedding of ${vector.length} values in an index of ${this.dim}`);
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.ids.length;
      if ((row + 1) * this.dim > this.matrix.length) {
        const grown = new Float32Array(this.matrix.length * 2);
        grown.set(this.matrix);
        // Decrypted faces are not left behind for the garbage collector.
        this.matrix.fill(0);
        this.matrix = grown;
      }
      this.ids.push(id);
      this.rowOf.set(id, row);
    }
    this.matrix.set(vector, row * this.dim);
    this.revisionOf.set(id, revision);
    this.generation++;
  }

  remove(id: string): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    const last = this.ids.length - 1;
    if (row !== last) {
      const lastId = this.ids[last];
      this.matrix.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.ids[row] = lastId;
      this.rowOf.set(lastId, row);
    }
    this.matrix.fill(0, last * this.dim, (last + 1) * this.dim);
    this.ids.pop();
    this.rowOf.delete(id);
    this.revisionOf.delete(id);
    this.generation++;
    return true;
  }
}

/** How the 1:N comparison is computed. Both give the same answer; they differ in speed by backend. */
export interface FaceMatchStrategy {
  readonly name: string;
  top2(index: FaceIndex, probe: Float32Array): FaceTop2;
  /**
   * Zeroes and frees any copy of the index it holds (called at once when a member leaves the index,
   * so that a withdrawn face does not wait in memory for the next identification); the next
   * {@link top2} rebuilds it.
   */
  release?(): void;
  dispose?(): void;
}

/** A plain loop over the typed array, four accumulators per row. ~10 ms for 100,000 x 128 on one core. */
export class TypedArrayFaceMatchStrategy implements FaceMatchStrategy {
  readonly name = 'typed-array';

  top2(index: FaceIndex, probe: Float32Array): FaceTop2 {
    const n = index.size;
    const d = index.dim;
    const m = index.rows();
    let best = -Infinity;
    let second = -Infinity;
    let bestRow = -1;
    const tail = d - (d % 4);
    for (let r = 0, o = 0; r < n; r++, o += d) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let k = 0;
      for (; k < tail; k += 4) {
        a0 += m[o + k] * probe[k];
        a1 += m[o + k + 1] * probe[k + 1];
        a2 += m[o + k + 2] * probe[k + 2];
        a3 += m[o + k + 3] * probe[k + 3];
      }
      for (; k < d; k++) a0 += m[o + k] * probe[k];
      const s = a0 + a1 + a2 + a3;
      if (s > best) {
        second = best;
        best = s;
        bestRow = r;
      } else if (s > second) second = s;
    }
    return toTop2(index, bestRow, best, second);
  }
}

/**
 * One matMul of the resident N x dim tensor with the probe, then top-2, on the TF.js backend. On the
 * WASM backend (SIMD, 2 cores) this measured ~5.5 ms for 100,000 x 128 against ~10 ms for the typed-array
 * loop, so it is the default there; on the plain JS `cpu` backend it is ~30 ms and the loop is used.
 * The tensor is rebuilt lazily, on the first probe after the index changed.
 */
export class TfjsFaceMatchStrategy implements FaceMatchStrategy {
  readonly name = 'tfjs-matmul';
  private tensor: tf.Tensor2D | null = null;
  private generation = -1;

  top2(index: FaceIndex, probe: Float32Array): FaceTop2 {
    const n = index.size;
    if (n === 0) return toTop2(index, -1, -Infinity, -Infinity);
    if (this.generation !== index.generation || !this.tensor) {
      this.release();
      // A copy: the plain JS backend keeps the array it is given, which must not be the index's own.
      const copy = index.rows().slice();
      this.tensor = tf.tensor2d(copy, [n, index.dim]);
      if (!holdsArray(this.tensor, copy)) copy.fill(0);
      this.generation = index.generation;
    }
    const matrix = this.tensor;
    const { values, indices } = tf.tidy(() => {
      // The probe as a [dim, 1] column: the transposeB form of the same product measured ~2x slower on WASM.
      const scores = tf.matMul(matrix, tf.tensor2d(probe, [index.dim, 1])).reshape([n]);
      return tf.topk(scores, Math.min(2, n));
    });
    const v = values.dataSync();
    const i = indices.dataSync();
    values.dispose();
    indices.dispose();
    return toTop2(index, i[0], v[0], n > 1 ? v[1] : -Infinity);
  }

  release(): void {
    if (!this.tensor) return;
    wipeTensor(this.tensor);
    this.tensor.dispose();
    this.tensor = null;
    this.generation = -1;
  }

  dispose(): void {
    this.release();
  }
}

/** The backend's own storage of a tensor (internals of the WASM and plain JS backends, read defensively). */
interface BackendStorage {
  dataIdMap?: { get(id: object): { memoryOffset?: number | null } | undefined };
  data?: { get(id: object): { values?: unknown } | undefined };
  wasm?: { HEAPU8: Uint8Array };
}

function holdsArray(t: tf.Tensor, array: Float32Array): boolean {
  const backend = tf.backend() as unknown as BackendStorage;
  return backend.data?.get(t.dataId)?.values === array;
}

/**
 * Overwrites a float32 tensor's memory with zeros where the backend lets us reach it: the WASM heap
 * (which `dispose` only hands back to the allocator) and the JS backend's typed array. True when it
 * did; on tfjs-node the memory is native and only freed.
 */
export function wipeTensor(t: tf.Tensor): boolean {
  const backend = tf.backend() as unknown as BackendStorage;
  const offset = backend.wasm ? backend.dataIdMap?.get(t.dataId)?.memoryOffset : undefined;
  if (backend.wasm && typeof offset === 'number' && t.dtype === 'float32') {
    backend.wasm.HEAPU8.fill(0, offset, offset + t.size * 4);
    return true;
  }
  const values = backend.data?.get(t.dataId)?.values;
  if (values instanceof Float32Array) {
    values.fill(0);
    return true;
  }
  return false;
}

/** The faster strategy for the active TF.js backend (see {@link TfjsFaceMatchStrategy}). */
export function faceMatchStrategyFor(backend: string): FaceMatchStrategy {
  return backend === 'wasm' || backend === 'tensorflow' ? new TfjsFaceMatchStrategy() : new TypedArrayFaceMatchStrategy();
}

function toTop2(index: FaceIndex, bestRow: number, best: number, second: number): FaceTop2 {
  if (bestRow < 0) return { bestId: null, bestSimilarity: null, secondSimilarity: null };
  return { bestId: index.idAt(bestRow), bestSimilarity: best, secondSimilarity: Number.isFinite(second) ? second : null };
}

/** The match rule: the best is at least the threshold and ahead of the runner-up by at least the margin. */
export function decideFaceMatch(top: FaceTop2, rule: { threshold: number; margin: number }): { matched: boolean; margin: number | null } {
  if (top.bestId === null || top.bestSimilarity === null) return { matched: false, margin: null };
  const margin = top.secondSimilarity === null ? null : top.bestSimilarity - top.secondSimilarity;
  return { matched: top.bestSimilarity >= rule.threshold && (margin === null || margin >= rule.margin), margin };
}
