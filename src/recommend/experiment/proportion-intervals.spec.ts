import { assignArm } from './experiment-assignment';
import { newcombeDifference, wilsonInterval } from './proportion-intervals';

const at4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
  ])('%i/%i gives the published [%f, %f]', (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials)!;
    expect(at4(interval.low)).toBe(low);
    expect(at4(interval.high)).toBe(high);
  });

  it('knows nothing from no trials: null, not a certain 0%', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('stays within 0..1 and around the observed share', () => {
    for (const [s, n] of [[0, 1], [1, 1], [3, 7], [999, 1000], [1, 1_000_000]]) {
      const { low, high } = wilsonInterval(s, n)!;
      expect(low).toBeGreaterThanOrEqual(0);
      expect(high).toBeLessThanOrEqual(1);
      expect(low).toBeLessThanOrEqual(s / n);
      expect(high).toBeGreaterThanOrEqual(s / n);
    }
  });

  it('refuses counts that are not a proportion (more successes than trials, negatives, fractions) with a RangeError', () => {
    expect(() => wilsonInterval(5, 3)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 3)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 3)).toThrow(RangeError);
    expect(() => wilsonInterval(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('newcombeDifference (hybrid score interval, Newcombe 1998 method 10)', () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions: comparison of
  // eleven methods", Statistics in Medicine 17:873-890, the worked examples (a) to (h), method 10.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])('%i/%i minus %i/%i gives the published [%f, %f]', (a, m, b, n, low, high) => {
    const d = newcombeDifference(a, m, b, n)!;
    expect(d.difference).toBeCloseTo(a / m - b / n, 12);
    expect(at4(d.low)).toBe(low);
    expect(at4(d.high)).toBe(high);
  });

  it('is antisymmetric: swapping the arms mirrors the interval', () => {
    const ab = newcombeDifference(6, 7, 2, 7)!;
    const ba = newcombeDifference(2, 7, 6, 7)!;
    expect(ba.difference).toBeCloseTo(-ab.difference, 12);
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
  });

  it('is null while either arm has no units, and refuses impossible counts', () => {
    expect(newcombeDifference(0, 0, 1, 2)).toBeNull();
    expect(newcombeDifference(1, 2, 0, 0)).toBeNull();
    expect(() => newcombeDifference(3, 2, 1, 2)).toThrow(RangeError);
  });
});

describe('assignArm', () => {
  const arms = (wB: number) => [
    { name: 'A', configVersion: 0, weight: 1 },
    { name: 'B', configVersion: 1, weight: wB },
  ];

  it('gives a unit the same arm every time, and follows the weights across units', () => {
    const first = assignArm('exp-1', 'unit-42', arms(1)).name;
    for (let i = 0; i < 5; i++) expect(assignArm('exp-1', 'unit-42', arms(1)).name).toBe(first);
    let bs = 0;
    for (let i = 0; i < 4000; i++) if (assignArm('exp-1', `u${i}`, arms(3)).name === 'B') bs++;
    // 3:1 -> 75% in B; 4000 units give a standard error of 0.7 points.
    expect(bs / 4000).toBeGreaterThan(0.72);
    expect(bs / 4000).toBeLessThan(0.78);
  });
});
