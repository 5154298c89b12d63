import { BoostRule, PinRule, Placement, RecommendationRules, RuleTarget, RuleTargetKind } from '../config/recommendation-rules';
import { ProductFacts } from './catalog-snapshot';

/** Why an item is in the list; the explanation text is built from it. */
export enum ReasonCode {
  PURCHASE_HISTORY = 'PURCHASE_HISTORY',
  TRIED_ON = 'TRIED_ON',
  VIEWED = 'VIEWED',
  IN_CART = 'IN_CART',
  SIMILAR_ITEM = 'SIMILAR_ITEM',
  GOES_WITH = 'GOES_WITH',
  POPULAR_IN_STORE = 'POPULAR_IN_STORE',
  PINNED = 'PINNED',
}

export interface Candidate {
  productId: string;
  /** Normalised personal score 0..1 (0 without a signal). */
  personal: number;
  /** Normalised popularity 0..1. */
  popular: number;
  /** The history item that links to it most strongly, if any. */
  source: { productId: string; kind: ReasonCode } | null;
}

export interface RankedItem {
  productId: string;
  score: number;
  reason: ReasonCode;
  sourceProductId: string | null;
  pinned: boolean;
}

export function matchesTarget(target: RuleTarget, p: ProductFacts): boolean {
  switch (target.kind) {
    case RuleTargetKind.BRAND:
      return p.brand.toLowerCase() === target.value.toLowerCase();
    case RuleTargetKind.CATEGORY:
      return p.categoryPath === target.value || p.categoryPath.startsWith(`${target.value}/`);
    case RuleTargetKind.PRODUCT:
      return p.id === target.value;
    case RuleTargetKind.TAG:
      return p.tags.some((t) => t.toLowerCase() === target.value.toLowerCase());
  }
}

export function boostOf(boosts: BoostRule[], p: ProductFacts): number {
  let total = 0;
  for (const b of boosts) if (matchesTarget(b.target, p)) total += b.weight;
  return total;
}

const effects = new WeakMap<RecommendationRules, WeakMap<ProductFacts, number | null>>();

/**
 * What the rules do to a product: null when an exclusion matches, else the sum of its boosts. Worked
 * out once per rule set and product (both are immutable snapshots), not for every candidate of every
 * request.
 */
export function ruleEffect(rules: RecommendationRules, p: ProductFacts): number | null {
  let byProduct = effects.get(rules);
  if (!byProduct) effects.set(rules, (byProduct = new WeakMap()));
  let effect = byProduct.get(p);
  if (effect === undefined) {
    effect = rules.exclusions.some((e) => matchesTarget(e, p)) ? null : boostOf(rules.boosts, p);
    byProduct.set(p, effect);
  }
  return effect;
}

export interface RankArgs {
  candidates: Candidate[];
  facts: Map<string, ProductFacts>;
  rules: RecommendationRules;
  placement: Placement;
  storeId: string | null;
  limit: number;
  /** Hard constraints known in memory (gender, ownership, placement). */
  accept: (p: ProductFacts) => boolean;
}

/**
 * Orders candidates: personal and popular blended by the rules' weight, boosts added, exclusions and
 * the caller's filter applied, diversity caps per brand and category enforced greedily, and pins put
 * at their positions (a pin still has to pass the filter: a pinned item that is out of stock here is
 * not shown). Deterministic: ties break by product id.
 */
export function rankCandidates(args: RankArgs): RankedItem[] {
  const { rules, facts, limit } = args;
  const w = rules.personalWeight;
  const scored: RankedItem[] = [];
  for (const c of args.candidates) {
    const p = facts.get(c.productId);
    if (!p) continue;
    const boost = ruleEffect(rules, p);
    if (boost === null || !args.accept(p)) continue;
    const score = w * c.personal + (1 - w) * c.popular + boost;
    // Personal items get their exact reason (the strongest history link) once the list is final.
    const reason = c.personal > 0 ? (c.source?.kind ?? ReasonCode.PURCHASE_HISTORY) : ReasonCode.POPULAR_IN_STORE;
    scored.push({ productId: c.productId, score, reason, sourceProductId: reason === ReasonCode.POPULAR_IN_STORE ? null : (c.source?.productId ?? null), pinned: false });
  }
  scored.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));

  const pins: PinRule[] = rules.pins
    .filter((pin) => pin.placement === args.placement && (pin.storeId === null || pin.storeId === args.storeId))
    // A store-specific pin wins over an every-store pin at the same position.
    .sort((a, b) => a.position - b.position || (a.storeId === null ? 1 : -1));
  const pinnedIds = new Set<string>();
  const pinAt = new Map<number, string>();
  for (const pin of pins) {
    const p = facts.get(pin.productId);
    if (!p || pinAt.has(pin.position) || pinnedIds.has(pin.productId) || !args.accept(p) || ruleEffect(rules, p) === null) continue;
    pinAt.set(pin.position, pin.productId);
    pinnedIds.add(pin.productId);
  }

  const perBrand = new Map<string, number>();
  const perCategory = new Map<string, number>();
  const fits = (p: ProductFacts) => (perBrand.get(p.brand) ?? 0) < rules.maxPerBrand && (perCategory.get(p.categoryPath) ?? 0) < rules.maxPerCategory;
  const take = (p: ProductFacts) => {
    perBrand.set(p.brand, (perBrand.get(p.brand) ?? 0) + 1);
    perCategory.set(p.categoryPath, (perCategory.get(p.categoryPath) ?? 0) + 1);
  };
  for (const id of pinnedIds) take(facts.get(id)!);

  const out: RankedItem[] = [];
  const queue = scored.filter((s) => !pinnedIds.has(s.productId));
  let q = 0;
  for (let position = 1; out.length < limit; position++) {
    const pinned = pinAt.get(position);
    if (pinned) {
      const existing = scored.find((s) => s.productId === pinned);
      out.push({ productId: pinned, score: existing?.score ?? 0, reason: ReasonCode.PINNED, sourceProductId: null, pinned: true });
      continue;
    }
    let placed = false;
    while (q < queue.length) {
      const next = queue[q++];
      const p = facts.get(next.productId)!;
      if (!fits(p)) continue;
      take(p);
      out.push(next);
      placed = true;
      break;
    }
    if (!placed) {
      // Candidates ran out: later pins still hold their positions, nearest first.
      const later = [...pinAt.entries()].filter(([pos]) => pos > position).sort((a, b) => a[0] - b[0]);
      for (const [, id] of later) {
        if (out.length >= limit) break;
        if (!out.some((o) => o.productId === id)) out.push({ productId: id, score: 0, reason: ReasonCode.PINNED, sourceProductId: null, pinned: true });
      }
      break;
    }
  }
  return out;
}
