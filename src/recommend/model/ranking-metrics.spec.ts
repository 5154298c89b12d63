import { RankingMetricsAccumulator, hitAt, metricsFromRanks, ndcgAt } from './ranking-metrics';

describe('ranking metrics', () => {
  it('scores a single relevant item by its 0-based rank', () => {
    expect(hitAt(0, 5)).toBe(1);
    expect(hitAt(4, 5)).toBe(1);
    expect(hitAt(5, 5)).toBe(0);
    expect(ndcgAt(0, 10)).toBe(1);
    expect(ndcgAt(1, 10)).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcgAt(9, 10)).toBeCloseTo(1 / Math.log2(11), 12);
    expect(ndcgAt(10, 10)).toBe(0);
    expect(ndcgAt(Infinity, 20)).toBe(0);
  });

  it('averages hand-computed examples over every user, misses included', () => {
    // Ranks 0, 1, 4, 9, 19 and a miss: 3 in the top 5, 4 in the top 10, 5 in the top 20.
    const m = metricsFromRanks([0, 1, 4, 9, 19, Infinity]);
    expect(m.users).toBe(6);
    expect(m['HR@5']).toBeCloseTo(3 / 6, 12);
    expect(m['HR@10']).toBeCloseTo(4 / 6, 12);
    expect(m['HR@20']).toBeCloseTo(5 / 6, 12);
    const g = (rank: number): number => 1 / Math.log2(rank + 2);
    expect(m['NDCG@5']).toBeCloseTo((g(0) + g(1) + g(4)) / 6, 12);
    expect(m['NDCG@10']).toBeCloseTo((g(0) + g(1) + g(4) + g(9)) / 6, 12);
    expect(m['NDCG@20']).toBeCloseTo((g(0) + g(1) + g(4) + g(9) + g(19)) / 6, 12);
  });

  it('reports zeros, not NaN, with no users', () => {
    const m = new RankingMetricsAccumulator().result();
    expect(m.users).toBe(0);
    expect(m['NDCG@10']).toBe(0);
  });
});
