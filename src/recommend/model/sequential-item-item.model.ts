import { CsrMatrix, cooccurrenceGram, keepLargestPerRow, nonZeros, rowMaxima, transitionCounts } from './csr-matrix';
import { solveNeighbourhoodEase } from './neighbourhood-ease.solver';
import { itemFrequencies } from './sequence-dataset';

/**
 * What the model reads from a user's history, and how much of each. All are searched on
 * validation data (see hyperparameter-search.ts); none is fixed to a particular catalogue.
 */
export interface ItemItemHyperparameters {
  /** EASE ridge penalty as a multiple of the mean item frequency of the training data (scale-free). */
  readonly easeLambdaRatio: number;
  /** Each target's EASE regression uses at most this many co-occurring items. */
  readonly maxNeighbours: number;
  /** Each history item keeps at most this many (strongest) links per part: a scoring-cost and size budget. */
  readonly maxLinksPerItem: number;
  /** The EASE part weighs the item bought `age` steps ago by `historyDecay^age`. */
  readonly historyDecay: number;
  /** Transitions are counted up to this many steps ahead and scored from this many recent items. */
  readonly transitionWindow: number;
  /** A successor `gap` steps ahead counts `transitionGapDecay^(gap - 1)`. */
  readonly transitionGapDecay: number;
  /** The transition part weighs the item bought `age` steps ago by `transitionRecencyDecay^age`. */
  readonly transitionRecencyDecay: number;
  /** Share of the (scale-normalised) transition score; the EASE score gets the rest. */
  readonly transitionShare: number;
  /** Weight of popularity (training count over the largest count). */
  readonly popularityWeight: number;
}

/** The fitted parts of a {@link SequentialItemItemModel}: enough to score, and to store as an artifact. */
export interface ItemItemState {
  readonly itemCount: number;
  readonly hyperparameters: ItemItemHyperparameters;
  /** Row = history item, column = candidate: neighbourhood-restricted EASE weights. */
  readonly ease: CsrMatrix;
  /** Row = history item, column = successor: decayed transition counts. */
  readonly transitions: CsrMatrix;
  /** Training count of each item over the largest count, in [0, 1]. */
  readonly popularity: Float32Array;
  /** Typical strongest single-item score of each part, which puts both parts on one scale. */
  readonly easeScale: number;
  readonly transitionScale: number;
}

/** The best items for one user, best first. */
export interface RankedItems {
  readonly items: Int32Array;
  readonly scores: Float64Array;
}

/**
 * Sequential item-item recommender: a neighbourhood-restricted EASE model over the recency-weighted
 * history (which items go together), plus decayed first-order transitions from the last few items
 * (what tends to be bought next), plus a popularity prior. Scoring touches only the items linked to
 * the history, so one user costs microseconds even for a catalogue of ~20k items.
 *
 * Ranking order is total and deterministic: score, then popularity, then item index. Items in the
 * history (and any extra exclusions) are never ranked.
 *
 * Instances are not safe for concurrent use from several threads (they reuse scratch buffers),
 * which suits Node's single-threaded request handling.
 */
export class SequentialItemItemModel {
  private readonly easeCoefficient: number;
  private readonly transitionCoefficient: number;
  /** Items by (popularity desc, index asc): the order of every item the history does not touch. */
  private readonly popularityOrder: Int32Array;
  /** Score of every item before the history adds anything: the popularity prior. */
  private readonly priorScores: Float64Array;
  /** Scratch of strongestLinks: position of each target (-1 between calls). */
  private targetPosition: Int32Array | null = null;
  /** Scores of the items the current history touched (valid where `touchedMark` is set). */
  private readonly scores: Float64Array;
  private readonly touchedMark: Uint8Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly excludedStamp: Int32Array;
  private readonly sourceStamp: Int32Array;
  private stamp = 0;
  private sourceRound = 0;

  constructor(readonly state: ItemItemState) {
    const { itemCount, hyperparameters: hp } = state;
    if (state.popularity.length !== itemCount) throw new Error('popularity must have one entry per item');
    this.easeCoefficient = state.easeScale > 0 ? (1 - hp.transitionShare) / state.easeScale : 0;
    this.transitionCoefficient = state.transitionScale > 0 ? hp.transitionShare / state.transitionScale : 0;
    const popularity = state.popularity;
    this.popularityOrder = Int32Array.from({ length: itemCount }, (_, i) => i).sort(
      (a, b) => popularity[b] - popularity[a] || a - b,
    );
    this.priorScores = Float64Array.from(popularity, (p) => hp.popularityWeight * p);
    this.scores = new Float64Array(itemCount);
    this.touchedMark = new Uint8Array(itemCount);
    this.touched = new Int32Array(itemCount);
    this.excludedStamp = new Int32Array(itemCount);
    this.sourceStamp = new Int32Array(itemCount);
  }

  get itemCount(): number {
    return this.state.itemCount;
  }

  get hyperparameters(): ItemItemHyperparameters {
    return this.state.hyperparameters;
  }

  /**
   * The `k` best items for a history (item indices, oldest first), best first, never an item of
   * the history or of `exclude`. Fewer than `k` only when the catalogue runs out.
   */
  scoreUser(history: ArrayLike<number>, k: number, exclude: ArrayLike<number> = []): RankedItems {
    this.accumulate(history, exclude);
    if (k * 8 >= this.state.itemCount) return this.scoreUserSorted(k);
    const best = new Int32Array(k);
    const bestScores = new Float64Array(k);
    let size = 0;
    const offer = (item: number, score: number): void => {
      if (size === k && !this.before(item, score, best[size - 1], bestScores[size - 1])) return;
      let at = size < k ? size++ : k - 1;
      while (at > 0 && this.before(item, score, best[at - 1], bestScores[at - 1])) {
        best[at] = best[at - 1];
        bestScores[at] = bestScores[at - 1];
        at--;
      }
      best[at] = item;
      bestScores[at] = score;
    };
    for (let t = 0; t < this.touchedCount; t++) {
      const item = this.touched[t];
      if (this.excludedStamp[item] !== this.stamp) offer(item, this.totalScore(item));
    }
    // Untouched items come in popularity order, so the first k usable ones are all that can qualify.
    let taken = 0;
    for (let o = 0; o < this.popularityOrder.length && taken < k; o++) {
      const item = this.popularityOrder[o];
      if (this.touchedMark[item] || this.excludedStamp[item] === this.stamp) continue;
      offer(item, this.totalScore(item));
      taken++;
    }
    return { items: best.slice(0, size), scores: bestScores.slice(0, size) };
  }

  /**
   * Every item's score for a history, by item index, into `out` (length itemCount): NaN for the items
   * of the history and of `exclude`, which are never ranked. For callers that rank the whole catalogue
   * under their own rules: no top-k selection or sort at all.
   *
   * `rescore` names history items that are scored all the same (what a shopper buys again and again):
   * each gets what the rest of the history and the popularity prior give it; its own row adds nothing
   * to it, since the model never links an item to itself. `exclude` wins over `rescore`.
   */
  scoreAll(history: ArrayLike<number>, out: Float64Array, exclude: ArrayLike<number> = [], rescore: ArrayLike<number> = []): void {
    if (out.length !== this.state.itemCount) throw new RangeError(`out must have one entry per item (${this.state.itemCount})`);
    for (let q = 0; q < rescore.length; q++) {
      if (!(rescore[q] >= 0 && rescore[q] < this.state.itemCount && Number.isInteger(rescore[q]))) throw new RangeError(`item index ${rescore[q]} is outside the catalogue (0..${this.state.itemCount - 1})`);
    }
    this.accumulate(history, exclude);
    out.set(this.priorScores);
    for (let t = 0; t < this.touchedCount; t++) out[this.touched[t]] = this.scores[this.touched[t]];
    for (let q = 0; q < history.length; q++) out[history[q]] = Number.NaN;
    for (let q = 0; q < rescore.length; q++) out[rescore[q]] = this.totalScore(rescore[q]);
    for (let q = 0; q < exclude.length; q++) out[exclude[q]] = Number.NaN;
  }

  /**
   * Why each target scores what it does: for `targets[k]`, the history item whose rows add the most
   * to its score (`source[k]`) and how much they add (`amount[k]`, in score units), with the weights,
   * decays, window and de-duplication of scoring; -1 and 0 when no history item adds anything
   * positive (a negative link lowers a score, it is no reason for it). The rest of a score is the
   * popularity prior ({@link prior}). For explanations: a few targets, read once per history item.
   */
  strongestLinks(history: ArrayLike<number>, targets: ArrayLike<number>, source: Int32Array | number[], amount: Float64Array | number[]): void {
    const n = this.state.itemCount;
    if (source.length < targets.length || amount.length < targets.length) throw new RangeError('source and amount need one entry per target');
    for (const list of [history, targets]) {
      for (let q = 0; q < list.length; q++) {
        if (!(list[q] >= 0 && list[q] < n && Number.isInteger(list[q]))) throw new RangeError(`item index ${list[q]} is outside the catalogue (0..${n - 1})`);
      }
    }
    source.fill(-1, 0, targets.length);
    amount.fill(0, 0, targets.length);
    if (!targets.length) return;
    const position = (this.targetPosition ??= new Int32Array(n).fill(-1));
    try {
      for (let k = 0; k < targets.length; k++) if (position[targets[k]] < 0) position[targets[k]] = k;
      const link = new Array<number>(targets.length).fill(0);
      const hp = this.state.hyperparameters;
      const { ease, transitions } = this.state;
      this.sourceRound += 1;
      const round = this.sourceRound;
      const transitionOldest = history.length - hp.transitionWindow;
      const add = (matrix: CsrMatrix, row: number, weight: number) => {
        for (let k = matrix.indptr[row], end = matrix.indptr[row + 1]; k < end; k++) {
          const at = position[matrix.indices[k]];
          if (at >= 0) link[at] += weight * matrix.values[k];
        }
      };
      // As addHistory: most recent first, a repeated item at its latest position, weights decaying per position.
      let easeWeight = this.easeCoefficient;
      let transitionWeight = this.transitionCoefficient;
      for (let q = history.length - 1; q >= 0; q--, easeWeight *= hp.historyDecay, transitionWeight *= hp.transitionRecencyDecay) {
        const item = history[q];
        if (this.sourceStamp[item] === round) continue;
        this.sourceStamp[item] = round;
        link.fill(0);
        if (easeWeight !== 0) add(ease, item, easeWeight);
        if (q >= transitionOldest && transitionWeight !== 0) add(transitions, item, transitionWeight);
        for (let k = 0; k < targets.length; k++) {
          const at = position[targets[k]];
          if (link[at] > amount[k]) {
            amount[k] = link[at];
            source[k] = item;
          }
        }
      }
    } finally {
      for (let k = 0; k < targets.length; k++) position[targets[k]] = -1;
    }
  }

  /** The popularity prior: what an item scores before any history adds to it. */
  prior(item: number): number {
    return this.priorScores[item];
  }

  /**
   * scoreUser for a `k` that is a large share of the catalogue (serving asks for hundreds): inserting
   * into the top k one by one is quadratic there, so the touched items are sorted and merged with the
   * untouched ones, which already come in order. Same result.
   */
  private scoreUserSorted(k: number): RankedItems {
    const touched: number[] = [];
    for (let t = 0; t < this.touchedCount; t++) {
      const item = this.touched[t];
      if (this.excludedStamp[item] !== this.stamp) touched.push(item);
    }
    const scores = this.scores;
    touched.sort((a, b) => (this.before(a, scores[a], b, scores[b]) ? -1 : 1));
    const best = new Int32Array(k);
    const bestScores = new Float64Array(k);
    let size = 0;
    let t = 0;
    let o = 0;
    const order = this.popularityOrder;
    const nextUntouched = (): number => {
      while (o < order.length && (this.touchedMark[order[o]] || this.excludedStamp[order[o]] === this.stamp)) o++;
      return o < order.length ? order[o] : -1;
    };
    while (size < k) {
      const u = nextUntouched();
      const a = t < touched.length ? touched[t] : -1;
      if (a < 0 && u < 0) break;
      const takeTouched = a >= 0 && (u < 0 || this.before(a, scores[a], u, this.priorScores[u]));
      const item = takeTouched ? a : u;
      if (takeTouched) t++;
      else o++;
      best[size] = item;
      bestScores[size++] = this.totalScore(item);
    }
    return { items: best.slice(0, size), scores: bestScores.slice(0, size) };
  }

  /**
   * 0-based position of `target` in the full ranking for this history (history and `exclude`
   * removed), or `cap` when it is at `cap` or beyond: evaluation needs exact ranks only near the top.
   * A target that is itself excluded can never be recommended and counts as `cap`.
   */
  rankOf(history: ArrayLike<number>, target: number, cap: number, exclude: ArrayLike<number> = []): number {
    this.accumulate(history, exclude);
    if (this.excludedStamp[target] === this.stamp) return cap;
    const targetScore = this.totalScore(target);
    let ahead = 0;
    for (let t = 0; t < this.touchedCount; t++) {
      const item = this.touched[t];
      if (item === target || this.excludedStamp[item] === this.stamp) continue;
      if (this.before(item, this.totalScore(item), target, targetScore) && ++ahead >= cap) return cap;
    }
    for (let o = 0; o < this.popularityOrder.length; o++) {
      const item = this.popularityOrder[o];
      if (item === target || this.touchedMark[item] || this.excludedStamp[item] === this.stamp) continue;
      // Untouched items get worse along popularity order: the first one behind the target ends the count.
      if (!this.before(item, this.totalScore(item), target, targetScore)) break;
      if (++ahead >= cap) return cap;
    }
    return ahead;
  }

  private totalScore(item: number): number {
    return this.touchedMark[item] ? this.scores[item] : this.priorScores[item];
  }

  /** The model's total order: higher score, then more popular, then lower index. */
  private before(a: number, scoreA: number, b: number, scoreB: number): boolean {
    if (scoreA !== scoreB) return scoreA > scoreB;
    const popularity = this.state.popularity;
    if (popularity[a] !== popularity[b]) return popularity[a] > popularity[b];
    return a < b;
  }

  /** Fills the sparse score buffer for a history; marks exclusions with the current stamp. */
  private accumulate(history: ArrayLike<number>, exclude: ArrayLike<number>): void {
    for (let t = 0; t < this.touchedCount; t++) this.touchedMark[this.touched[t]] = 0;
    this.touchedCount = 0;
    this.stamp += 1;
    const stamp = this.stamp;
    const n = this.state.itemCount;
    for (const list of [history, exclude]) {
      for (let q = 0; q < list.length; q++) {
        const item = list[q];
        if (!(item >= 0 && item < n && Number.isInteger(item))) throw new RangeError(`item index ${item} is outside the catalogue (0..${n - 1})`);
      }
    }
    for (let q = 0; q < history.length; q++) this.excludedStamp[history[q]] = stamp;
    for (let q = 0; q < exclude.length; q++) this.excludedStamp[exclude[q]] = stamp;

    const hp = this.state.hyperparameters;
    this.addHistory(this.state.ease, history, history.length, this.easeCoefficient, hp.historyDecay);
    this.addHistory(this.state.transitions, history, hp.transitionWindow, this.transitionCoefficient, hp.transitionRecencyDecay);
  }

  /**
   * Adds `weight * decay^age` times the rows of the `window` most recent history items, most
   * recent first; a repeated item counts once, at its latest position.
   */
  private addHistory(matrix: CsrMatrix, history: ArrayLike<number>, window: number, weight: number, decay: number): void {
    this.sourceRound += 1;
    const round = this.sourceRound;
    const oldest = Math.max(0, history.length - window);
    for (let q = history.length - 1; q >= oldest && weight !== 0; q--, weight *= decay) {
      const item = history[q];
      if (this.sourceStamp[item] === round) continue;
      this.sourceStamp[item] = round;
      this.addRow(matrix, item, weight);
    }
  }

  /** The hot loop of scoring: arrays in locals so the engine keeps them in registers. */
  private addRow(matrix: CsrMatrix, row: number, weight: number): void {
    const { indptr, indices, values } = matrix;
    const { touchedMark, touched, scores, priorScores: prior } = this;
    let count = this.touchedCount;
    for (let k = indptr[row], end = indptr[row + 1]; k < end; k++) {
      const item = indices[k];
      if (touchedMark[item] === 0) {
        touchedMark[item] = 1;
        touched[count++] = item;
        scores[item] = prior[item] + weight * values[k];
      } else {
        scores[item] += weight * values[k];
      }
    }
    this.touchedCount = count;
  }
}

/** Mean of the positive row maxima: the score a typical item lends its strongest partner. */
function typicalRowMaximum(matrix: CsrMatrix): number {
  const maxima = rowMaxima(matrix);
  let sum = 0;
  let count = 0;
  for (const m of maxima) {
    if (m > 0) {
      sum += m;
      count++;
    }
  }
  return count ? sum / count : 0;
}

/** Statistics of one fit, for the artifact and the logs. */
export interface ItemItemFitStats {
  readonly users: number;
  readonly interactions: number;
  readonly lambda: number;
  readonly easeWeights: number;
  readonly transitionPairs: number;
  readonly cgMaxIterations: number;
}

/**
 * Fits {@link SequentialItemItemModel}s on one set of training sequences, caching the expensive
 * parts (the co-occurrence Gram, EASE solves per penalty, transition counts per window and decay)
 * so that a hyperparameter search pays for each only once. Call `initTensorflow()` first: the
 * EASE solves run on TF.js.
 */
export class ItemItemTrainer {
  private gram: CsrMatrix | undefined;
  private readonly easeCache = new Map<string, { weights: CsrMatrix; iterations: number }>();
  private readonly prunedCache = new Map<string, { weights: CsrMatrix; scale: number }>();
  private readonly transitionCache = new Map<string, { counts: CsrMatrix; scale: number }>();
  readonly popularity: Float32Array;
  readonly interactions: number;
  /** Mean item frequency: the unit of `easeLambdaRatio`. */
  readonly meanItemFrequency: number;

  constructor(
    readonly sequences: readonly Int32Array[],
    readonly itemCount: number,
  ) {
    const counts = itemFrequencies(sequences, itemCount);
    let max = 0;
    let total = 0;
    for (const c of counts) {
      max = Math.max(max, c);
      total += c;
    }
    this.interactions = total;
    this.popularity = Float32Array.from(counts, (c) => (max > 0 ? c / max : 0));
    let present = 0;
    for (const c of counts) if (c > 0) present++;
    this.meanItemFrequency = present ? total / present : 1;
  }

  /**
   * Solves the EASE part for several penalties (as multiples of the mean item frequency) in one
   * pass: gathering the neighbourhood systems is most of the cost and is shared by all of them.
   */
  prepareEase(lambdaRatios: readonly number[], maxNeighbours: number): void {
    const missing = [...new Set(lambdaRatios)].filter((ratio) => !this.easeCache.has(this.easeKey(ratio, maxNeighbours)));
    if (missing.length === 0) return;
    this.gram ??= cooccurrenceGram(this.sequences, this.itemCount);
    const solved = solveNeighbourhoodEase(this.gram, {
      lambdas: missing.map((ratio) => ratio * this.meanItemFrequency),
      maxNeighbours,
    });
    solved.solutions.forEach((solution, k) => {
      this.easeCache.set(this.easeKey(missing[k], maxNeighbours), { weights: solution.weights, iterations: solved.maxIterations });
    });
  }

  private easeKey(lambdaRatio: number, maxNeighbours: number): string {
    return `${lambdaRatio}/${maxNeighbours}`;
  }

  fit(hp: ItemItemHyperparameters): { model: SequentialItemItemModel; stats: ItemItemFitStats } {
    const lambda = hp.easeLambdaRatio * this.meanItemFrequency;
    this.prepareEase([hp.easeLambdaRatio], hp.maxNeighbours);
    const easeKey = this.easeKey(hp.easeLambdaRatio, hp.maxNeighbours);
    const solved = this.easeCache.get(easeKey);
    if (!solved) throw new Error('EASE solve missing after prepareEase');
    const prunedKey = `${easeKey}/${hp.maxLinksPerItem}`;
    let ease = this.prunedCache.get(prunedKey);
    if (!ease) {
      const weights = keepLargestPerRow(solved.weights, hp.maxLinksPerItem);
      ease = { weights, scale: typicalRowMaximum(weights) };
      this.prunedCache.set(prunedKey, ease);
    }
    const transitionKey = `${hp.transitionWindow}/${hp.transitionGapDecay}/${hp.maxLinksPerItem}`;
    let transitions = this.transitionCache.get(transitionKey);
    if (!transitions) {
      const all = transitionCounts(this.sequences, this.itemCount, hp.transitionWindow, hp.transitionGapDecay);
      const counts = keepLargestPerRow(all, hp.maxLinksPerItem);
      transitions = { counts, scale: typicalRowMaximum(counts) };
      this.transitionCache.set(transitionKey, transitions);
    }
    const model = new SequentialItemItemModel({
      itemCount: this.itemCount,
      hyperparameters: { ...hp },
      ease: ease.weights,
      transitions: transitions.counts,
      popularity: this.popularity,
      easeScale: ease.scale,
      transitionScale: transitions.scale,
    });
    return {
      model,
      stats: {
        users: this.sequences.length,
        interactions: this.interactions,
        lambda,
        easeWeights: nonZeros(ease.weights),
        transitionPairs: nonZeros(transitions.counts),
        cgMaxIterations: solved.iterations,
      },
    };
  }
}
