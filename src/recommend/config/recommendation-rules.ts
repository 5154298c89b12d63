/** Where recommendations are shown. */
export enum Placement {
  MIRROR_HOME = 'MIRROR_HOME',
  AFTER_TRY_ON = 'AFTER_TRY_ON',
  SIMILAR = 'SIMILAR',
  COMPLETE_THE_LOOK = 'COMPLETE_THE_LOOK',
  APP_HOME = 'APP_HOME',
}

/** Placements shown on the mirror: only what this store can hand over now, in the customer's size. */
export const KIOSK_PLACEMENTS = new Set<Placement>([Placement.MIRROR_HOME, Placement.AFTER_TRY_ON, Placement.SIMILAR, Placement.COMPLETE_THE_LOOK]);

export enum RuleTargetKind {
  BRAND = 'BRAND',
  CATEGORY = 'CATEGORY',
  PRODUCT = 'PRODUCT',
  TAG = 'TAG',
}

/** How stock limits what the app shows (the mirror always shows only what is in stock here in size). */
export enum StockPolicy {
  /** Only items in stock in some store (they can be shipped or picked up). */
  IN_STOCK_ANYWHERE = 'IN_STOCK_ANYWHERE',
  /** Anything in the catalogue. */
  IGNORE_STOCK = 'IGNORE_STOCK',
}

export interface RuleTarget {
  kind: RuleTargetKind;
  /** Brand name, category path prefix, product id or tag. */
  value: string;
}

export interface BoostRule {
  target: RuleTarget;
  /** Added to the normalised score (which lies in 0..1): positive boosts, negative buries. -1..1. */
  weight: number;
}

export interface PinRule {
  placement: Placement;
  /** Null pins in every store. */
  storeId: string | null;
  productId: string;
  /** 1-based position in the list. */
  position: number;
}

export interface RecommendationRules {
  boosts: BoostRule[];
  pins: PinRule[];
  exclusions: RuleTarget[];
  /** At most this many items of one brand / one category (leaf path) in a list. */
  maxPerBrand: number;
  maxPerCategory: number;
  /** Weight of the personal model score against store popularity, 0..1. */
  personalWeight: number;
  stockPolicy: StockPolicy;
}

export const DEFAULT_RULES: RecommendationRules = {
  boosts: [],
  pins: [],
  exclusions: [],
  maxPerBrand: 4,
  maxPerCategory: 4,
  personalWeight: 0.8,
  stockPolicy: StockPolicy.IN_STOCK_ANYWHERE,
};

export interface RuleProblem {
  field: string;
  message: string;
}

/** What a rule target is matched against. */
export interface RuleSubject {
  id: string;
  brand: string;
  categoryPath: string;
  tags: readonly string[];
}

/** Whether a rule applies to a product: brands and tags whatever the case, categories by path prefix. */
export function targetMatches(target: RuleTarget, p: RuleSubject): boolean {
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

/**
 * Checks rules against each other and the catalogue (the caller passes which products and stores
 * exist). Returns every problem; an empty list means the rules can be published.
 */
export function validateRules(rules: RecommendationRules, exists: { products: Set<string>; stores: Set<string> }): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const checkTarget = (t: RuleTarget, field: string) => {
    if (!Object.values(RuleTargetKind).includes(t.kind)) problems.push({ field: `${field}.kind`, message: `unknown target kind ${String(t.kind)}` });
    const value = (t.value ?? '').trim();
    if (!value || value.length > 300) problems.push({ field: `${field}.value`, message: 'a target needs a value of 1..300 characters' });
    if (t.kind === RuleTargetKind.PRODUCT && value && !exists.products.has(value)) problems.push({ field: `${field}.value`, message: `no product has the id ${value}` });
    if (t.kind === RuleTargetKind.CATEGORY && value && !/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(value)) problems.push({ field: `${field}.value`, message: 'a category is a slash-separated path like apparel/tops' });
  };
  rules.boosts.forEach((b, i) => {
    checkTarget(b.target, `boosts[${i}].target`);
    if (!Number.isFinite(b.weight) || b.weight < -1 || b.weight > 1 || b.weight === 0) problems.push({ field: `boosts[${i}].weight`, message: 'weight must be in -1..1 and not 0' });
  });
  rules.exclusions.forEach((e, i) => checkTarget(e, `exclusions[${i}]`));
  const slots = new Set<string>();
  rules.pins.forEach((p, i) => {
    if (!Object.values(Placement).includes(p.placement)) problems.push({ field: `pins[${i}].placement`, message: `unknown placement ${String(p.placement)}` });
    if (!exists.products.has(p.productId)) problems.push({ field: `pins[${i}].productId`, message: `no product has the id ${p.productId}` });
    if (p.storeId !== null && !exists.stores.has(p.storeId)) problems.push({ field: `pins[${i}].storeId`, message: `no store has the id ${p.storeId}` });
    if (!Number.isInteger(p.position) || p.position < 1 || p.position > 50) problems.push({ field: `pins[${i}].position`, message: 'position must be a whole number from 1 to 50' });
    const slot = `${p.placement}|${p.storeId ?? '*'}|${p.position}`;
    if (slots.has(slot)) problems.push({ field: `pins[${i}].position`, message: `another pin already holds position ${p.position} of ${p.placement} in this store` });
    slots.add(slot);
    if (rules.exclusions.some((e) => e.kind === RuleTargetKind.PRODUCT && e.value === p.productId)) problems.push({ field: `pins[${i}].productId`, message: 'this product is both pinned and excluded' });
  });
  if (!Number.isInteger(rules.maxPerBrand) || rules.maxPerBrand < 1 || rules.maxPerBrand > 50) problems.push({ field: 'maxPerBrand', message: 'maxPerBrand must be 1..50' });
  if (!Number.isInteger(rules.maxPerCategory) || rules.maxPerCategory < 1 || rules.maxPerCategory > 50) problems.push({ field: 'maxPerCategory', message: 'maxPerCategory must be 1..50' });
  if (!Number.isFinite(rules.personalWeight) || rules.personalWeight < 0 || rules.personalWeight > 1) problems.push({ field: 'personalWeight', message: 'personalWeight must be in 0..1' });
  if (!Object.values(StockPolicy).includes(rules.stockPolicy)) problems.push({ field: 'stockPolicy', message: `unknown stock policy ${String(rules.stockPolicy)}` });
  if (rules.boosts.length + rules.pins.length + rules.exclusions.length > 500) problems.push({ field: 'rules', message: 'at most 500 boosts, pins and exclusions in all' });
  return problems;
}

/**
 * What the rules do that a merchandiser may not mean, without keeping them from being published:
 * pins of one placement and store that hold more of a brand or a category than the caps allow (pins
 * are shown anyway: they are an explicit choice), and pinned products that a brand, category or tag
 * exclusion hides (a product exclusion of a pinned product is a problem, see {@link validateRules}).
 * `products` gives the pinned products; pins of products it lacks are left to validation.
 */
export function ruleWarnings(rules: RecommendationRules, products: ReadonlyMap<string, RuleSubject>): RuleProblem[] {
  const warnings: RuleProblem[] = [];
  // Every set of pins a list can show: per placement, the every-store pins, and per store with pins of
  // its own those with the every-store pins at positions the store's do not take.
  const scopes = new Map<string, { placement: Placement; storeId: string | null }>();
  for (const p of rules.pins) scopes.set(`${p.placement}|${p.storeId ?? '*'}`, { placement: p.placement, storeId: p.storeId });
  for (const { placement, storeId } of scopes.values()) {
    const own = rules.pins.filter((p) => p.placement === placement && p.storeId === storeId);
    const taken = new Set(own.map((p) => p.position));
    const shown = storeId === null ? own : [...own, ...rules.pins.filter((p) => p.placement === placement && p.storeId === null && !taken.has(p.position))];
    const where = storeId === null ? 'in every store' : `in store ${storeId}`;
    const ids = new Set([...shown].sort((a, b) => a.position - b.position).map((p) => p.productId));
    const count = (key: (p: RuleSubject) => string, cap: number, what: string, capName: string) => {
      const counts = new Map<string, { name: string; n: number }>();
      for (const id of ids) {
        const product = products.get(id);
        if (!product) continue;
        const k = key(product);
        const entry = counts.get(k.toLowerCase()) ?? { name: k, n: 0 };
        entry.n++;
        counts.set(k.toLowerCase(), entry);
      }
      for (const { name, n } of counts.values()) {
        if (n > cap) warnings.push({ field: 'pins', message: `${placement} pins ${where} show ${n} items of ${what} ${name}, more than ${capName} (${cap}); pins are shown anyway` });
      }
    };
    count((p) => p.brand, rules.maxPerBrand, 'brand', 'maxPerBrand');
    count((p) => p.categoryPath, rules.maxPerCategory, 'category', 'maxPerCategory');
  }
  rules.pins.forEach((pin, i) => {
    const product = products.get(pin.productId);
    if (!product) return;
    rules.exclusions.forEach((e, k) => {
      if (e.kind !== RuleTargetKind.PRODUCT && targetMatches(e, product)) {
        warnings.push({ field: `pins[${i}].productId`, message: `the pinned product is excluded by exclusions[${k}] (${e.kind} ${e.value}): it will not be shown` });
      }
    });
  });
  return warnings;
}

/** Lists what differs between two rule sets, by path, for the audit log. */
export function diffRules(before: RecommendationRules | null, after: RecommendationRules): { path: string; before: unknown; after: unknown }[] {
  const out: { path: string; before: unknown; after: unknown }[] = [];
  for (const key of Object.keys(after) as (keyof RecommendationRules)[]) {
    const a = before ? before[key] : undefined;
    const b = after[key];
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: key, before: a ?? null, after: b });
  }
  return out;
}
