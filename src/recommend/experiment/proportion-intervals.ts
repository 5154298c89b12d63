/** The standard normal quantile for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

export interface Difference extends Interval {
  /** The first proportion minus the second. */
  difference: number;
}

function checkCounts(successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`a proportion needs whole counts with 0 <= successes <= trials, not ${successes}/${trials}`);
  }
}

/**
 * Wilson score interval for a proportion (95% by default), without continuity correction (Newcombe
 * 1998, method 3). Null when there were no trials: nothing is known then, which is not a certain 0%.
 * Counts that are not a proportion (more successes than trials, negatives, fractions) are a RangeError.
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): Interval | null {
  checkCounts(successes, trials);
  if (trials === 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  // At p = 0 or 1 one bound is exactly 0 or 1; rounding must not push it past.
  return { low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === trials ? 1 : Math.min(1, centre + half) };
}

/**
 * The difference a/m - b/n between two independent proportions with its 95% interval by Newcombe's
 * hybrid score method (Newcombe 1998, "Interval estimation for the difference between independent
 * proportions", method 10): the Wilson intervals of both proportions combined. Null when either has no
 * trials.
 */
export function newcombeDifference(a: number, m: number, b: number, n: number, z = Z95): Difference | null {
  checkCounts(a, m);
  checkCounts(b, n);
  const first = wilsonInterval(a, m, z);
  const second = wilsonInterval(b, n, z);
  if (!first || !second) return null;
  const p1 = a / m;
  const p2 = b / n;
  const difference = p1 - p2;
  const low = difference - Math.sqrt((p1 - first.low) ** 2 + (second.high - p2) ** 2);
  const high = difference + Math.sqrt((first.high - p1) ** 2 + (p2 - second.low) ** 2);
  return { difference, low: Math.max(-1, low), high: Math.min(1, high) };
}
