/** Why an embedding sent by a kiosk or the app cannot be used. */
export enum FaceEmbeddingProblem {
  /** Not the configured number of values (`FACE_EMBEDDING_DIM`). */
  WRONG_LENGTH = 'WRONG_LENGTH',
  /** A value is NaN or infinite. */
  NOT_FINITE = 'NOT_FINITE',
  /** Every value is zero: the vector has no direction to compare. */
  ZERO_VECTOR = 'ZERO_VECTOR',
}

export type EmbeddingCheck = { ok: true; vector: Float32Array } | { ok: false; problem: FaceEmbeddingProblem; message: string };

/**
 * Checks an embedding and returns it L2-normalised as float32, so that cosine similarity is a dot
 * product. The norm is computed in float64 after scaling by the largest magnitude, so that finite but
 * huge values (1e300) do not overflow.
 */
export function normaliseEmbedding(values: ArrayLike<number>, dim: number): EmbeddingCheck {
  if (values.length !== dim) {
    return { ok: false, problem: FaceEmbeddingProblem.WRONG_LENGTH, message: `The embedding must have ${dim} values, got ${values.length}` };
  }
  let maxAbs = 0;
  for (let i = 0; i < dim; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return { ok: false, problem: FaceEmbeddingProblem.NOT_FINITE, message: `Value ${i} of the embedding is not a finite number` };
    }
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
  }
  if (maxAbs === 0) return { ok: false, problem: FaceEmbeddingProblem.ZERO_VECTOR, message: 'The embedding is all zeros' };
  let sum = 0;
  for (let i = 0; i < dim; i++) {
    const s = values[i] / maxAbs;
    sum += s * s;
  }
  const norm = Math.sqrt(sum);
  const vector = new Float32Array(dim);
  for (let i = 0; i < dim; i++) vector[i] = values[i] / maxAbs / norm;
  return { ok: true, vector };
}
