/*
 * The data of an offline check of recommendation rules on held-out purchases, without leaks: each
 * evaluated member's last purchase is hidden from the history the list is made from, from the
 * sequences the model is fitted on, and from popularity. Pure functions; the service reads the rows.
 */

/** One kept order line of a member's, oldest first. */
export interface MemberLine {
  /** Product. */
  p: string;
  /** Order. */
  o: string;
  /** Units kept (bought less returned; lines returned in full are not read). */
  k: number;
  /** Whether it falls in the popularity window (the last 180 days). */
  r: boolean;
  /** When the order was placed (ISO). */
  at: string;
}

/** What is hidden of one member and what is left. */
export interface HeldOut {
  /** The product of the last purchase: what the list should find. */
  target: string;
  /** Products bought before that order, oldest first. */
  history: string[];
  /** Time of the held-out order (ms): the member's data from then on is hidden. */
  cut: number;
  /** The held-out order's lines (they count in popularity no more). */
  hidden: MemberLine[];
}

/**
 * Holds out a member's last purchase (the last line of their last order, a product bought before
 * included): the rest of that order is hidden too, since it was bought at the same moment. Null when
 * nothing was bought before that order.
 */
export function holdOutLastPurchase(lines: readonly MemberLine[]): HeldOut | null {
  if (!lines.length) return null;
  const last = lines[lines.length - 1];
  const cut = Date.parse(last.at);
  const before = lines.filter((line) => Date.parse(line.at) < cut && line.o !== last.o);
  if (!before.length) return null;
  return { target: last.p, history: before.map((line) => line.p), cut, hidden: lines.filter((line) => !before.includes(line)) };
}

/** Units kept per product with the held-out lines taken off, normalised by the largest (as serving's popularity). */
export function popularityWithout(kept: ReadonlyMap<string, number>, hidden: readonly MemberLine[]): Map<string, number> {
  const units = new Map(kept);
  for (const line of hidden) if (line.r) units.set(line.p, (units.get(line.p) ?? 0) - line.k);
  let max = 0;
  for (const n of units.values()) max = Math.max(max, n);
  const out = new Map<string, number>();
  if (max > 0) for (const [id, n] of units) if (n > 0) out.set(id, n / max);
  return out;
}
