/** The cut-offs the papers report. */
export const CUTOFFS = [5, 10, 20] as const;
export type Cutoff = (typeof CUTOFFS)[number];

export type MetricName = `HR@${Cutoff}` | `NDCG@${Cutoff}`;
export const METRIC_NAMES: readonly MetricName[] = [
  ...CUTOFFS.map((k): MetricName => `HR@${k}`),
  ...CUTOFFS.map((k): MetricName => `NDCG@${k}`),
];

/** Hit rate and NDCG at each cut-off, averaged over `users`. */
export type RankingMetrics = { readonly users: number } & Readonly<Record<MetricName, number>>;

/** The largest cut-off: ranks at or beyond it score nothing and need not be computed exactly. */
export const MAX_CUTOFF = Math.max(...CUTOFFS);

/** 1 when the single relevant item is inside the top `k` (0-based `rank`), else 0. */
export function hitAt(rank: number, k: number): number {
  return rank < k ? 1 : 0;
}

/**
 * NDCG with one relevant item: the ideal DCG is 1, so it is 1 / log2(position + 1) for a
 * 1-based position inside the top `k`, i.e. 1 / log2(rank + 2) for a 0-based rank.
 */
export function ndcgAt(rank: number, k: number): number {
  return rank < k ? 1 / Math.log2(rank + 2) : 0;
}

/**
 * Averages per-user ranks into the reported metrics. A rank is the 0-based position of the
 * user's target in the full ranking; `Infinity` (or anything >= {@link MAX_CUTOFF}) is a miss.
 */
export class RankingMetricsAccumulator {
  private users = 0;
  private readonly hits = new Float64Array(CUTOFFS.length);
  private readonly gains = new Float64Array(CUTOFFS.length);

  add(rank: number): void {
    this.users += 1;
    CUTOFFS.forEach((k, c) => {
      this.hits[c] += hitAt(rank, k);
      this.gains[c] += ndcgAt(rank, k);
    });
  }

  result(): RankingMetrics {
    const metrics: Record<string, number> = { users: this.users };
    CUTOFFS.forEach((k, c) => {
      metrics[`HR@${k}`] = this.users ? this.hits[c] / this.users : 0;
      metrics[`NDCG@${k}`] = this.users ? this.gains[c] / this.users : 0;
    });
    return metrics as RankingMetrics;
  }
}

/** Metrics of a list of 0-based ranks. */
export function metricsFromRanks(ranks: Iterable<number>): RankingMetrics {
  const accumulator = new RankingMetricsAccumulator();
  for (const rank of ranks) accumulator.add(rank);
  return accumulator.result();
}
