import type { Placement, RuleTargetKind, StockPolicy } from '../gql/graphql';

/** The rules as the editor holds them: exactly the shape `saveRecommendationDraft` takes. */
export interface RulesDraft {
  personalWeight: number;
  maxPerBrand: number;
  maxPerCategory: number;
  stockPolicy: StockPolicy;
  exclusions: { kind: RuleTargetKind; value: string }[];
  boosts: { target: { kind: RuleTargetKind; value: string }; weight: number }[];
  pins: { placement: Placement; position: number; productId: string; storeId: string | null }[];
}

/** The server's defaults (RecommendationRulesInput), for when nothing was ever published. */
export const DEFAULT_RULES: RulesDraft = {
  personalWeight: 0.8,
  maxPerBrand: 4,
  maxPerCategory: 4,
  stockPolicy: 'IN_STOCK_ANYWHERE',
  exclusions: [],
  boosts: [],
  pins: [],
};

interface RulesLike {
  personalWeight: number;
  maxPerBrand: number;
  maxPerCategory: number;
  stockPolicy: StockPolicy;
  exclusions: { kind: RuleTargetKind; value: string }[];
  boosts: { target: { kind: RuleTargetKind; value: string }; weight: number }[];
  pins: { placement: Placement; position: number; productId: string; storeId?: string | null }[];
}

/** Copies rules from an answer into the input shape (no __typename, nothing shared). */
export function toDraft(r: RulesLike): RulesDraft {
  return {
    personalWeight: r.personalWeight,
    maxPerBrand: r.maxPerBrand,
    maxPerCategory: r.maxPerCategory,
    stockPolicy: r.stockPolicy,
    exclusions: r.exclusions.map((e) => ({ kind: e.kind, value: e.value })),
    boosts: r.boosts.map((b) => ({ target: { kind: b.target.kind, value: b.target.value }, weight: b.weight })),
    pins: r.pins.map((p) => ({ placement: p.placement, position: p.position, productId: p.productId, storeId: p.storeId ?? null })),
  };
}

export const sameRules = (a: RulesDraft, b: RulesDraft) => JSON.stringify(a) === JSON.stringify(b);

export const PLACEMENTS: { value: Placement; label: string }[] = [
  { value: 'MIRROR_HOME', label: 'Mirror home' },
  { value: 'AFTER_TRY_ON', label: 'After a try-on' },
  { value: 'SIMILAR', label: 'Similar items' },
  { value: 'COMPLETE_THE_LOOK', label: 'Complete the look' },
  { value: 'APP_HOME', label: 'App home' },
];

export const TARGET_KINDS: { value: RuleTargetKind; label: string; hint: string }[] = [
  { value: 'BRAND', label: 'Brand', hint: 'Brand name, e.g. Stridex' },
  { value: 'CATEGORY', label: 'Category', hint: 'Path prefix, e.g. apparel/tops' },
  { value: 'TAG', label: 'Tag', hint: 'Merchandising tag' },
  { value: 'PRODUCT', label: 'Product', hint: 'Pick a product' },
];

/** Problems by rule path ("pins[0].productId"), and the ones no field shows. */
export function problemsByField(problems: { field: string; message: string }[]) {
  const byField = new Map<string, string[]>();
  for (const p of problems) byField.set(p.field, [...(byField.get(p.field) ?? []), p.message]);
  return byField;
}
