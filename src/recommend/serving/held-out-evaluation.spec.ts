import { sequencesFrom } from '../training/training-data';
import { holdOutLastPurchase, MemberLine, popularityWithout } from './held-out-evaluation';

const line = (p: string, o: string, at: string, k = 1, r = true): MemberLine => ({ p, o, k, r, at: `2026-0${at}T10:00:00Z` });

describe('holding out the last purchase', () => {
  it('hides the last purchase, a product bought before included, and the rest of its order', () => {
    const lines = [line('a', 'o1', '1-01'), line('b', 'o2', '2-01'), line('c', 'o3', '3-01'), line('a', 'o3', '3-01')];
    const held = holdOutLastPurchase(lines)!;
    // The last purchase is a again (a repeat), not c (the last product bought for the first time).
    expect(held.target).toBe('a');
    expect(held.history).toEqual(['a', 'b']);
    expect(held.hidden.map((l) => l.p)).toEqual(['c', 'a']);
    expect(held.cut).toBe(Date.parse('2026-03-01T10:00:00Z'));
    expect(holdOutLastPurchase([line('a', 'o1', '1-01'), line('b', 'o1', '1-01')])).toBeNull();
  });

  it('fits on sequences without what an evaluated member did from their held-out order on', () => {
    const at = (d: string) => `2026-0${d}T10:00:00Z`;
    const rows = [
      { customer_id: 'm1', product_id: 'a', at: at('1-01') },
      { customer_id: 'm1', product_id: 'b', at: at('2-01') },
      { customer_id: 'm1', product_id: 'c', at: at('3-01') },
      { customer_id: 'm1', product_id: 'd', at: at('3-02') },
      { customer_id: 'm2', product_id: 'c', at: at('1-01') },
      { customer_id: 'm2', product_id: 'c', at: at('2-01') },
      { customer_id: 'm2', product_id: 'x', at: at('2-02') },
      { customer_id: 'm2', product_id: 'a', at: at('3-01') },
    ];
    const indexOf = new Map([['a', 0], ['b', 1], ['c', 2], ['d', 3]]);
    const sequences = sequencesFrom(rows, indexOf, new Map([['m1', Date.parse(at('3-01'))]]));
    expect(sequences.map((s) => Array.from(s))).toEqual([
      [0, 1],
      [2, 0],
    ]);
  });

  it('takes the held-out units off popularity, within its window only', () => {
    const kept = new Map([['a', 4], ['b', 2], ['c', 1]]);
    const popularity = popularityWithout(kept, [line('a', 'o9', '3-01', 3), line('c', 'o9', '3-01', 1), line('b', 'o9', '3-01', 1, false)]);
    expect(Object.fromEntries(popularity)).toEqual({ a: 0.5, b: 1 });
  });
});
