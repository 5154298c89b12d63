import { initTensorflow, tf } from '../../ml/backend';
import { FaceEmbeddingProblem, normaliseEmbedding } from './face-embedding';
import { decideFaceMatch, FaceIndex, TfjsFaceMatchStrategy, TypedArrayFaceMatchStrategy, wipeTensor } from './face-index';

/** Deterministic pseudo-random unit vectors. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
function unit(dim: number, next: () => number): Float32Array {
  const v = Array.from({ length: dim }, next);
  const check = normaliseEmbedding(v, dim);
  if (!check.ok) throw new Error('zero vector');
  return check.vector;
}

describe('normaliseEmbedding', () => {
  it('returns a unit float32 vector', () => {
    const r = normaliseEmbedding([3, 4], 2);
    expect(r.ok && Array.from(r.vector)).toEqual([0.6000000238418579, 0.800000011920929]);
  });
  it('keeps the direction of huge finite values instead of overflowing', () => {
    const r = normaliseEmbedding([1e300, 1e300], 2);
    expect(r.ok && r.vector[0]).toBeCloseTo(Math.SQRT1_2, 6);
  });
  it.each([
    [[1, 2, 3], FaceEmbeddingProblem.WRONG_LENGTH],
    [[1, NaN], FaceEmbeddingProblem.NOT_FINITE],
    [[Infinity, 1], FaceEmbeddingProblem.NOT_FINITE],
    [[0, -0], FaceEmbeddingProblem.ZERO_VECTOR],
  ])('refuses %j', (values, problem) => {
    const r = normaliseEmbedding(values, 2);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toBe(problem);
  });
});

describe('FaceIndex and the 1:N match', () => {
  const dim = 32;

  it('finds the best and runner-up, and both strategies agree', async () => {
    await initTensorflow();
    const next = rng(7);
    const index = new FaceIndex(dim, 4);
    const members = Array.from({ length: 500 }, (_, i) => ({ id: `m${i}`, v: unit(dim, next) }));
    for (const m of members) index.upsert(m.id, m.v, 'r1');
    expect(index.size).toBe(500);
    const loop = new TypedArrayFaceMatchStrategy();
    const tfjs = new TfjsFaceMatchStrategy();
    for (const target of [members[0], members[123], members[499]]) {
      const probe = Float32Array.from(target.v);
      const a = loop.top2(index, probe);
      const b = tfjs.top2(index, probe);
      expect(a.bestId).toBe(target.id);
      expect(b.bestId).toBe(target.id);
      expect(a.bestSimilarity).toBeCloseTo(1, 5);
      expect(b.bestSimilarity).toBeCloseTo(1, 5);
      expect(b.secondSimilarity).toBeCloseTo(a.secondSimilarity!, 5);
      // The runner-up is the true second-best by brute force.
      const sims = members.filter((m) => m !== target).map((m) => m.v.reduce((s, x, k) => s + x * probe[k], 0));
      expect(a.secondSimilarity).toBeCloseTo(Math.max(...sims), 5);
    }
    tfjs.dispose();
  });

  it('removal keeps rows dense and the right ids on the right rows; the tensor follows changes', async () => {
    await initTensorflow();
    const next = rng(11);
    const index = new FaceIndex(dim, 2);
    const vs = Array.from({ length: 5 }, () => unit(dim, next));
    vs.forEach((v, i) => index.upsert(`m${i}`, v, 'r'));
    const tfjs = new TfjsFaceMatchStrategy();
    expect(tfjs.top2(index, vs[1]).bestId).toBe('m1');
    expect(index.remove('m1')).toBe(true);
    expect(index.remove('m1')).toBe(false);
    expect(index.size).toBe(4);
    expect(tfjs.top2(index, vs[1]).bestId).not.toBe('m1');
    for (const i of [0, 2, 3, 4]) {
      expect(new TypedArrayFaceMatchStrategy().top2(index, vs[i]).bestId).toBe(`m${i}`);
      expect(tfjs.top2(index, vs[i]).bestId).toBe(`m${i}`);
    }
    index.upsert('m0', vs[4], 'r2');
    expect(index.revision('m0')).toBe('r2');
    expect(index.size).toBe(4);
    tfjs.dispose();
  });

  it('an empty index and a single member', () => {
    const index = new FaceIndex(dim);
    const probe = unit(dim, rng(3));
    expect(new TypedArrayFaceMatchStrategy().top2(index, probe)).toEqual({ bestId: null, bestSimilarity: null, secondSimilarity: null });
    expect(new TfjsFaceMatchStrategy().top2(index, probe)).toEqual({ bestId: null, bestSimilarity: null, secondSimilarity: null });
    index.upsert('only', probe, 'r');
    const one = new TypedArrayFaceMatchStrategy().top2(index, probe);
    expect(one).toMatchObject({ bestId: 'only', secondSimilarity: null });
  });
});

describe('decideFaceMatch', () => {
  const rule = { threshold: 0.6, margin: 0.08 };
  it.each([
    [{ bestId: 'a', bestSimilarity: 0.9, secondSimilarity: 0.3 }, true],
    [{ bestId: 'a', bestSimilarity: 0.59, secondSimilarity: 0.1 }, false],
    [{ bestId: 'a', bestSimilarity: 0.9, secondSimilarity: 0.85 }, false],
    [{ bestId: 'a', bestSimilarity: 0.7, secondSimilarity: null }, true],
    [{ bestId: null, bestSimilarity: null, secondSimilarity: null }, false],
  ])('%j -> matched %s', (top, matched) => {
    expect(decideFaceMatch(top, rule).matched).toBe(matched);
  });
});

describe('the TF.js strategy keeps no face it no longer needs', () => {
  it('wipeTensor overwrites the backend memory of a tensor with zeros', async () => {
    await initTensorflow();
    const t = tf.tensor2d(Float32Array.from({ length: 64 }, (_, i) => i + 1), [8, 8]);
    expect(wipeTensor(t)).toBe(true);
    expect(Array.from(t.dataSync()).every((x) => x === 0)).toBe(true);
    t.dispose();
  });

  it('release() drops its copy of the index at once; the next probe rebuilds it from the index as it is', async () => {
    await initTensorflow();
    const next = rng(11);
    const index = new FaceIndex(16, 2);
    const a = unit(16, next);
    const b = unit(16, next);
    index.upsert('a', a, 'r1');
    index.upsert('b', b, 'r1');
    const strategy = new TfjsFaceMatchStrategy();
    expect(strategy.top2(index, a).bestId).toBe('a');
    const tensors = tf.memory().numTensors;
    index.remove('a');
    strategy.release();
    expect(tf.memory().numTensors).toBe(tensors - 1);
    expect(strategy.top2(index, a).bestId).toBe('b');
    // Building the tensor did not alias or zero the index itself.
    expect(strategy.top2(index, b).bestSimilarity).toBeCloseTo(1, 5);
    strategy.dispose();
  });
});
