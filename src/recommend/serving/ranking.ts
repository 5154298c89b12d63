import { Gender } from '../../common/enums';
import { BoostRule, PinRule, Placement, RecommendationRules, targetMatches } from '../config/recommendation-rules';
import { CatalogIndex, ProductFacts } from './catalog-snapshot';

/** Why an item is in the list; the explanation text is built from it. */
export enum ReasonCode {
  PURCHASE_HISTORY = 'PURCHASE_HISTORY',
  TRIED_ON = 'TRIED_ON',
  VIEWED = 'VIEWED',
  IN_CART = 'IN_CART',
  SIMILAR_ITEM = 'SIMILAR_ITEM',
  GOES_WITH = 'GOES_WITH',
  /** Kept sales in this store (all stores in the app) back it. */
  POPULAR_IN_STORE = 'POPULAR_IN_STORE',
  /** Popular over all purchases (the store has no sales of it, or no sales yet). */
  POPULAR = 'POPULAR',
  PINNED = 'PINNED',
  /** Raised by a merchandiser's boost, with no stronger reason. */
  FEATURED = 'FEATURED',
  /** A re-buyable product the member bought before. */
  BUY_AGAIN = 'BUY_AGAIN',
  /** Nothing in particular: it fills the list. */
  MORE_TO_EXPLORE = 'MORE_TO_EXPLORE',
}

/** A gender that leaves out the other cut (MEN or WOMEN); null for none or UNISEX, which leave out nothing. */
export function oneCut(gender: Gender | null | undefined): Gender | null {
  return gender === Gender.MEN || gender === Gender.WOMEN ? gender : null;
}

export interface RankedItem {
  productId: string;
  score: number;
  reason: ReasonCode;
  sourceProductId: string | null;
  pinned: boolean;
}

export function boostOf(boosts: BoostRule[], p: ProductFacts): number {
  let total = 0;
  for (const b of boosts) if (targetMatches(b.target, p)) total += b.weight;
  return total;
}

const effects = new WeakMap<RecommendationRules, { catalog: CatalogIndex; effects: Float64Array }>();

/**
 * Scratch for rankProducts, which runs synchronously: one buffer of each kind for every list rather
 * than two catalogue-sized typed arrays per list. Each typed array owns an ArrayBuffer outside the
 * heap that the garbage collector tracks and sweeps one by one; thousands a second lengthened its
 * pauses (bench:recs: ArrayBuffer sweeping up to 7 ms of a full collection).
 */
let scoreScratch = new Float64Array(0);
let heapScratch = new Int32Array(0);

/**
 * What the rules do to each product of the catalogue: NaN where an exclusion matches, else the sum of
 * its boosts. Worked out once per rule set and catalogue snapshot (both immutable), not per request.
 */
export function ruleEffects(rules: RecommendationRules, catalog: CatalogIndex): Float64Array {
  const cached = effects.get(rules);
  if (cached && cached.catalog === catalog) return cached.effects;
  const out = Float64Array.from(catalog.products, (p) => (rules.exclusions.some((e) => targetMatches(e, p)) ? Number.NaN : boostOf(rules.boosts, p)));
  effects.set(rules, { catalog, effects: out });
  return out;
}

export interface RankInput {
  catalog: CatalogIndex;
  /** Per product (catalogue index): the model's normalised score, 0..1 (0: no signal). */
  personal: Float64Array;
  /** Per product: normalised popularity, 0..1. */
  popular: Float64Array;
  rules: RecommendationRules;
  placement: Placement;
  storeId: string | null;
  limit: number;
  /** Hard constraints (gender, ownership, placement, stock in size), by catalogue index. */
  accept: (index: number) => boolean;
}

/**
 * Orders the catalogue: personal and popular blended by the rules' weight, boosts added, exclusions
 * and the caller's filter applied, diversity caps per brand and category enforced greedily, and pins
 * put at their positions (a pin still has to pass the filter: a pinned item that is out of stock here
 * is not shown; pins may exceed the caps; a pin beyond `limit` is ignored). Deterministic: ties break
 * by product id.
 *
 * Candidates come off a binary heap, best first, and the filter runs only on those the fill reaches
 * (usually a few dozen), so a list costs O(n + k log n) for a catalogue of n products.
 */
export function rankProducts(input: RankInput): RankedItem[] {
  const { rules, catalog, limit, personal, popular, accept } = input;
  const n = catalog.products.length;
  const w = rules.personalWeight;
  const effect = ruleEffects(rules, catalog);
  // Only entries below n are read, and each score is written before it is read.
  if (scoreScratch.length < n) {
    scoreScratch = new Float64Array(n);
    heapScratch = new Int32Array(n);
  }
  const score = scoreScratch;
  const heap = heapScratch;
  let size = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(effect[i])) continue;
    score[i] = w * personal[i] + (1 - w) * popular[i] + effect[i];
    heap[size++] = i;
  }
  const idRank = catalog.idRank;
  // a before b: higher score, then lower id.
  const before = (a: number, b: number): boolean => score[a] > score[b] || (score[a] === score[b] && idRank[a] < idRank[b]);
  const siftDown = (from: number): void => {
    let at = from;
    const item = heap[at];
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && before(heap[child + 1], heap[child])) child++;
      if (!before(heap[child], item)) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = item;
  };
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i);
  const pop = (): number => {
    const top = heap[0];
    heap[0] = heap[--size];
    if (size > 0) siftDown(0);
    return top;
  };

  // A pin beyond the list's length is no part of it: its item ranks as usual and counts against no cap.
  const pins: PinRule[] = rules.pins
    .filter((pin) => pin.placement === input.placement && (pin.storeId === null || pin.storeId === input.storeId) && pin.position <= limit)
    // A store-specific pin wins over an every-store pin at the same position.
    .sort((a, b) => a.position - b.position || (a.storeId === null ? 1 : -1));
  const pinned = new Set<number>();
  const pinAt = new Map<number, number>();
  for (const pin of pins) {
    const i = catalog.indexOf.get(pin.productId);
    if (i === undefined || pinAt.has(pin.position) || pinned.has(i) || Number.isNaN(effect[i]) || !accept(i)) continue;
    pinAt.set(pin.position, i);
    pinned.add(i);
  }

  // Pins are a merchandiser's explicit choice: they may exceed the caps (validation warns), and they
  // count against them, so ranked items of a brand the pins fill stay out.
  const perBrand = new Map<number, number>();
  const perCategory = new Map<number, number>();
  const fits = (i: number) => (perBrand.get(catalog.brandOf[i]) ?? 0) < rules.maxPerBrand && (perCategory.get(catalog.categoryOf[i]) ?? 0) < rules.maxPerCategory;
  const take = (i: number) => {
    perBrand.set(catalog.brandOf[i], (perBrand.get(catalog.brandOf[i]) ?? 0) + 1);
    perCategory.set(catalog.categoryOf[i], (perCategory.get(catalog.categoryOf[i]) ?? 0) + 1);
  };
  for (const i of pinned) take(i);

  const item = (i: number, isPinned: boolean): RankedItem => ({
    productId: catalog.products[i].id,
    score: score[i],
    // The others get theirs once the list is final (explainList: the largest part of the score).
    reason: isPinned ? ReasonCode.PINNED : ReasonCode.MORE_TO_EXPLORE,
    sourceProductId: null,
    pinned: isPinned,
  });
  const out: RankedItem[] = [];
  for (let position = 1; out.length < limit; position++) {
    const pin = pinAt.get(position);
    if (pin !== undefined) {
      out.push(item(pin, true));
      continue;
    }
    let placed = false;
    while (size > 0) {
      const next = pop();
      if (pinned.has(next) || !fits(next) || !accept(next)) continue;
      take(next);
      out.push(item(next, false));
      placed = true;
      break;
    }
    if (!placed) {
      // Candidates ran out: later pins still hold their positions, nearest first.
      const later = [...pinAt.entries()].filter(([pos]) => pos > position).sort((a, b) => a[0] - b[0]);
      for (const [, i] of later) {
        if (out.length >= limit) break;
        if (!out.some((o) => o.productId === catalog.products[i].id)) out.push(item(i, true));
      }
      break;
    }
  }
  return out;
}
