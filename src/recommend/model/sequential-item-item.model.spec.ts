import { initTensorflow } from '../../ml/backend';
import { DEFAULT_START, SearchSpace, searchHyperparameters } from './hyperparameter-search';
import { leaveOneOut } from './leave-one-out';
import { MAX_CUTOFF } from './ranking-metrics';
import { fromArtifact, parseArtifact, serializeArtifact, toArtifact } from './recommendation-artifact';
import { fromTriplets } from './csr-matrix';
import { ItemItemHyperparameters, ItemItemTrainer, SequentialItemItemModel } from './sequential-item-item.model';

/** A deterministic pseudo-random generator, so the synthetic shoppers are the same on every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ITEMS = 40;
const A = 0;
const B = 1;

/**
 * Shoppers who buy random items, except that whoever buys A buys B next: the obvious pattern a
 * sequential model must learn. Item 2 is the most popular item overall, so a model that only
 * counted popularity would put 2 first.
 */
function shoppers(count: number): Int32Array[] {
  const random = lcg(7);
  const out: Int32Array[] = [];
  for (let u = 0; u < count; u++) {
    const sequence: number[] = [];
    const length = 4 + Math.floor(random() * 5);
    while (sequence.length < length) {
      const item = random() < 0.3 ? 2 : 3 + Math.floor(random() * (ITEMS - 3));
      if (!sequence.includes(item)) sequence.push(item);
    }
    if (u % 3 === 0) sequence.splice(Math.floor(random() * (sequence.length - 1)), 0, A, B);
    out.push(Int32Array.from(new Set(sequence)));
  }
  return out;
}

const HP: ItemItemHyperparameters = { ...DEFAULT_START, maxNeighbours: 20, maxLinksPerItem: 20 };

describe('sequential item-item model', () => {
  let sequences: Int32Array[];
  let model: SequentialItemItemModel;

  beforeAll(async () => {
    await initTensorflow();
    sequences = shoppers(300);
    model = new ItemItemTrainer(sequences, ITEMS).fit(HP).model;
  });

  it('learns that B follows A: B ranks first after A, ahead of the most popular item', () => {
    const { items } = model.scoreUser([5, 9, A], 5);
    expect(items[0]).toBe(B);
    expect(model.rankOf([5, 9, A], B, MAX_CUTOFF)).toBe(0);
    expect(model.rankOf([5, 9, 11], B, MAX_CUTOFF)).toBeGreaterThan(0);
  });

  it('never ranks an item of the history or of the extra exclusions', () => {
    const history = [A, B, 2, 7];
    const { items } = model.scoreUser(history, ITEMS, [3]);
    expect(items.length).toBe(ITEMS - 5);
    for (const item of [...history, 3]) expect(Array.from(items)).not.toContain(item);
    expect(model.rankOf(history, 2, MAX_CUTOFF)).toBe(MAX_CUTOFF);
  });

  it('a short top-k is the start of the long one (the two are computed differently)', () => {
    const random = lcg(11);
    for (let trial = 0; trial < 20; trial++) {
      const history = Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * ITEMS));
      const exclude = random() < 0.5 ? [Math.floor(random() * ITEMS)] : [];
      const long = model.scoreUser(history, ITEMS, exclude);
      const short = model.scoreUser(history, 4, exclude);
      expect(Array.from(short.items)).toEqual(Array.from(long.items.slice(0, 4)));
      expect(Array.from(short.scores)).toEqual(Array.from(long.scores.slice(0, 4)));
    }
  });

  it('ranks the whole catalogue consistently: rankOf agrees with the full top-k list', () => {
    const random = lcg(3);
    for (let trial = 0; trial < 20; trial++) {
      const history = Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * ITEMS));
      const { items, scores } = model.scoreUser(history, ITEMS);
      for (let k = 1; k < scores.length; k++) expect(scores[k]).toBeLessThanOrEqual(scores[k - 1]);
      items.forEach((item, position) => {
        expect(model.rankOf(history, item, ITEMS)).toBe(position);
      });
    }
  });

  it('scores every item as the top-k list does, with the history and exclusions unranked', () => {
    const history = [5, A];
    const all = new Float64Array(ITEMS);
    model.scoreAll(history, all, [7]);
    for (const item of [...history, 7]) expect(all[item]).toBeNaN();
    const top = model.scoreUser(history, ITEMS, [7]);
    expect(top.items.length).toBe(ITEMS - 3);
    top.items.forEach((item, k) => expect(all[item]).toBeCloseTo(top.scores[k], 12));
    expect(() => model.scoreAll(history, new Float64Array(ITEMS - 1))).toThrow(RangeError);
  });

  it('scores history items it is asked to rescore as the rest of the history scores them (buying again)', () => {
    const all = new Float64Array(ITEMS);
    model.scoreAll([A, 5], all, [7], [A, 7]);
    expect(all[5]).toBeNaN();
    expect(all[7]).toBeNaN();
    // A's own row adds nothing to A: its score is what 5 (as recent as in [A, 5]) and the prior give it.
    const alone = new Float64Array(ITEMS);
    model.scoreAll([5], alone);
    expect(all[A]).toBeCloseTo(alone[A], 12);
    expect(all[A]).toBeGreaterThan(0);
    expect(() => model.scoreAll([A], all, [], [ITEMS])).toThrow(RangeError);
  });

  it('names the history item that adds most to a score, weighed as scoring weighs it, never a negative link', () => {
    // Six items; history [0, 1, 2], 2 the most recent. EASE and transitions weigh 0.5 each (scales 1),
    // both decay by half per step back; transitions are read from the last item only.
    const csr = (entries: [number, number, number][]) =>
      fromTriplets(6, 6, Int32Array.from(entries, (e) => e[0]), Int32Array.from(entries, (e) => e[1]), Float32Array.from(entries, (e) => e[2]), entries.length);
    const hp: ItemItemHyperparameters = { ...HP, historyDecay: 0.5, transitionWindow: 1, transitionGapDecay: 1, transitionRecencyDecay: 0.5, transitionShare: 0.5, popularityWeight: 0.1 };
    const small = new SequentialItemItemModel({
      itemCount: 6,
      hyperparameters: hp,
      // 4: a strong negative link from 2, positive ones from 1 and 0; 5: from 1; 3: only a negative one.
      ease: csr([[2, 4, -3], [1, 4, 0.8], [0, 4, 2], [1, 5, 0.4], [2, 3, -1]]),
      // 0 -> 5 is a strong transition, but 0 is outside the window.
      transitions: csr([[0, 5, 10]]),
      popularity: Float32Array.from([1, 1, 1, 1, 0.5, 0.5]),
      easeScale: 1,
      transitionScale: 1,
    });
    const source = new Int32Array(3);
    const amount = new Float64Array(3);
    small.strongestLinks([0, 1, 2], [4, 5, 3], source, amount);
    expect(Array.from(source)).toEqual([0, 1, -1]);
    // (Matrix values are 32-bit floats.)
    expect(amount[0]).toBeCloseTo(0.5 * 0.25 * 2, 6);
    expect(amount[1]).toBeCloseTo(0.5 * 0.5 * 0.4, 6);
    expect(amount[2]).toBe(0);
    // The same weights as the score: prior plus every history item's part.
    const all = new Float64Array(6);
    small.scoreAll([0, 1, 2], all);
    expect(all[4]).toBeCloseTo(small.prior(4) + 0.5 * (-3) + 0.5 * 0.5 * 0.8 + 0.5 * 0.25 * 2, 6);
    expect(all[5]).toBeCloseTo(small.prior(5) + amount[1], 12);
    // A repeated item counts at its latest position, as in scoring.
    small.strongestLinks([1, 0, 2, 0], [4], source, amount);
    expect(source[0]).toBe(0);
    expect(amount[0]).toBeCloseTo(0.5 * 2, 6);
  });

  it('recommends popular items to a shopper with no history', () => {
    const { items } = model.scoreUser([], 3);
    expect(items[0]).toBe(2);
  });

  it('rejects item indices outside the catalogue', () => {
    expect(() => model.scoreUser([ITEMS], 3)).toThrow(RangeError);
  });

  it('survives a save/load round trip with identical scores and version', () => {
    const artifact = toArtifact(model, { itemIds: Array.from({ length: ITEMS }, (_, i) => `sku-${i}`), training: { users: 300 } });
    const loaded = fromArtifact(parseArtifact(serializeArtifact(artifact)));
    const random = lcg(11);
    for (let trial = 0; trial < 20; trial++) {
      const history = Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * ITEMS));
      const before = model.scoreUser(history, 10);
      const after = loaded.scoreUser(history, 10);
      expect(Array.from(after.items)).toEqual(Array.from(before.items));
      expect(Array.from(after.scores)).toEqual(Array.from(before.scores));
    }
    expect(toArtifact(loaded).modelVersion).toBe(artifact.modelVersion);
    expect(() => parseArtifact('{"format":"something-else"}')).toThrow();
  });
});

describe('hyperparameter search', () => {
  beforeAll(async () => {
    await initTensorflow();
  });

  it('returns one of its trials, within the move margin of the best it saw', () => {
    const split = leaveOneOut({ itemCount: ITEMS, sequences: shoppers(300) });
    const trainer = new ItemItemTrainer(split.validation.histories, ITEMS);
    const space: SearchSpace = {
      transitionShare: [0, 0.5, 1],
      easeLambdaRatio: [1, 8],
      historyDecay: [0.8],
      transitionRecencyDecay: [0.5],
      transitionGapDecay: [0.5],
      transitionWindow: [1, 3],
      popularityWeight: [0],
      maxNeighbours: [20],
      maxLinksPerItem: [20],
    };
    const result = searchHyperparameters(trainer, split.validation, { space, start: { ...HP, maxNeighbours: 20, maxLinksPerItem: 20 } });
    const best = Math.max(...result.trials.map((t) => t.metrics['NDCG@10']));
    expect(result.trials.map((t) => t.metrics)).toContain(result.metrics);
    expect(result.metrics['NDCG@10']).toBeGreaterThanOrEqual(best / (1 + 1e-3));
    expect(space.transitionShare).toContain(result.best.transitionShare);
    // The A->B pattern is sequential: some transition share must beat the pure co-occurrence model.
    expect(result.best.transitionShare).toBeGreaterThan(0);
  });
});
