import { performance } from 'node:perf_hooks';
import { LeaveOneOutPart, NO_TARGET } from './leave-one-out';
import { MAX_CUTOFF, MetricName, RankingMetrics, RankingMetricsAccumulator } from './ranking-metrics';
import { ItemItemHyperparameters, ItemItemTrainer, SequentialItemItemModel } from './sequential-item-item.model';

/** The candidate values of every hyperparameter; a single value fixes it. */
export type SearchSpace = { readonly [K in keyof ItemItemHyperparameters]: readonly number[] };

/**
 * Generic grids: log-spaced for the penalty (in units of the mean item frequency, so they mean the
 * same on any catalogue), even steps for decays and shares. `maxNeighbours` and `maxLinksPerItem`
 * are compute budgets, not tuning knobs, and stay fixed: on the Amazon Sports benchmark, quality was
 * flat from 100 to 800 neighbours and from 100 links up, while cost grows with both.
 */
export const DEFAULT_SEARCH_SPACE: SearchSpace = {
  transitionShare: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  easeLambdaRatio: [1, 2, 4, 8, 16, 32, 64],
  historyDecay: [0.5, 0.6, 0.7, 0.8, 0.9, 1],
  transitionRecencyDecay: [0.25, 0.5, 0.75, 1],
  transitionGapDecay: [0.25, 0.5, 0.75, 1],
  transitionWindow: [1, 2, 3, 4, 6, 8, 12],
  popularityWeight: [0, 0.01, 0.03, 0.1, 0.3, 1, 3],
  maxNeighbours: [200],
  maxLinksPerItem: [200],
};

/**
 * Where the search starts: an even mix, a mid-grid penalty, halving weights per step back in
 * time, a short transition window and no popularity prior. Generic priors; the search moves on.
 */
export const DEFAULT_START: ItemItemHyperparameters = {
  transitionShare: 0.5,
  easeLambdaRatio: 8,
  historyDecay: 0.8,
  transitionRecencyDecay: 0.5,
  transitionGapDecay: 0.5,
  transitionWindow: 3,
  popularityWeight: 0,
  maxNeighbours: 200,
  maxLinksPerItem: 200,
};

/** The order in which coordinates are searched: the mix first, since every other choice depends on it. */
const SEARCH_ORDER: readonly (keyof ItemItemHyperparameters)[] = [
  'transitionShare',
  'easeLambdaRatio',
  'historyDecay',
  'transitionRecencyDecay',
  'transitionGapDecay',
  'transitionWindow',
  'popularityWeight',
  'maxNeighbours',
  'maxLinksPerItem',
];

export interface SearchTrial {
  readonly hyperparameters: ItemItemHyperparameters;
  readonly metrics: RankingMetrics;
}

export interface SearchOptions {
  readonly space?: SearchSpace;
  readonly start?: ItemItemHyperparameters;
  /** The validation metric to maximise. */
  readonly objective?: MetricName;
  /** Full passes over the coordinates at most. */
  readonly maxRounds?: number;
  /** A move must beat the best so far by this relative margin (keeps the search off noise). */
  readonly minRelativeGain?: number;
  readonly log?: (line: string) => void;
}

export interface SearchResult {
  readonly best: ItemItemHyperparameters;
  readonly metrics: RankingMetrics;
  readonly trials: readonly SearchTrial[];
}

/** Metrics of a model on one split position: every user with a target, full ranking, history excluded. */
export function evaluateRanking(model: SequentialItemItemModel, part: LeaveOneOutPart): RankingMetrics {
  const accumulator = new RankingMetricsAccumulator();
  part.histories.forEach((history, u) => {
    const target = part.targets[u];
    if (target === NO_TARGET) return;
    accumulator.add(model.rankOf(history, target, MAX_CUTOFF));
  });
  return accumulator.result();
}

/**
 * Coordinate ascent over the grids on validation data only: each coordinate in turn is set to its
 * best grid value with the others held (later passes: its best neighbouring value); passes repeat
 * until nothing moves. Every evaluated setting is kept as a trial. The trainer must have been
 * built on the validation histories (training part only), so no validation or test item is seen.
 */
export function searchHyperparameters(trainer: ItemItemTrainer, validation: LeaveOneOutPart, options: SearchOptions = {}): SearchResult {
  const space = options.space ?? DEFAULT_SEARCH_SPACE;
  const objective = options.objective ?? 'NDCG@10';
  const maxRounds = options.maxRounds ?? 3;
  const minGain = options.minRelativeGain ?? 1e-3;
  const log = options.log ?? ((): void => undefined);
  const trials: SearchTrial[] = [];
  const seen = new Map<string, RankingMetrics>();

  const evaluate = (hp: ItemItemHyperparameters): RankingMetrics => {
    const key = JSON.stringify(SEARCH_ORDER.map((k) => hp[k]));
    const known = seen.get(key);
    if (known) return known;
    const started = performance.now();
    const { model } = trainer.fit(hp);
    const fitted = performance.now();
    const metrics = evaluateRanking(model, validation);
    const scored = performance.now();
    seen.set(key, metrics);
    trials.push({ hyperparameters: hp, metrics });
    log(
      `trial ${trials.length}: ${describeHyperparameters(hp)} -> ${objective} ${metrics[objective].toFixed(5)} ` +
        `(fit ${((fitted - started) / 1000).toFixed(1)} s, scoring ${((scored - fitted) / 1000).toFixed(1)} s)`,
    );
    return metrics;
  };

  let current: ItemItemHyperparameters = { ...(options.start ?? DEFAULT_START) };
  // The search will visit most penalties; solving them together shares the expensive gathering.
  for (const maxNeighbours of space.maxNeighbours) trainer.prepareEase(space.easeLambdaRatio, maxNeighbours);
  for (const key of SEARCH_ORDER) {
    if (!space[key].includes(current[key])) current = { ...current, [key]: space[key][0] };
  }
  let bestMetrics = evaluate(current);
  for (let round = 0; round < maxRounds; round++) {
    let moved = false;
    for (const key of SEARCH_ORDER) {
      const grid = space[key];
      if (grid.length < 2) continue;
      // The first pass scans each coordinate's whole grid (the surface is flat and a little noisy,
      // and walking to the next better neighbour stalls on small bumps); later passes, starting
      // near the optimum, only try the neighbouring grid values.
      const at = grid.indexOf(current[key]);
      const candidates = round === 0 ? grid : grid.filter((_, i) => Math.abs(i - at) === 1);
      for (const value of candidates) {
        if (value === current[key]) continue;
        const candidate = { ...current, [key]: value };
        const metrics = evaluate(candidate);
        if (metrics[objective] > bestMetrics[objective] * (1 + minGain)) {
          current = candidate;
          bestMetrics = metrics;
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  return { best: current, metrics: bestMetrics, trials };
}

/** One line of hyperparameters for logs. */
export function describeHyperparameters(hp: ItemItemHyperparameters): string {
  return SEARCH_ORDER.map((k) => `${k}=${hp[k]}`).join(' ');
}
