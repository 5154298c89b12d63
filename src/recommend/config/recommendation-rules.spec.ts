import { DEFAULT_RULES, Placement, RecommendationRules, RuleTargetKind, ruleWarnings, validateRules } from './recommendation-rules';

const product = (id: string, brand: string, categoryPath = 'apparel/tops', tags: string[] = []) => [id, { id, brand, categoryPath, tags }] as const;
const PRODUCTS = new Map([
  product('n1', 'Nike'),
  product('n2', 'nike'),
  product('n3', 'Nike', 'apparel/bottoms'),
  product('a1', 'Adidas', 'footwear/running', ['Clearance']),
  product('a2', 'Adidas'),
]);
const pin = (productId: string, position: number, storeId: string | null = null, placement = Placement.MIRROR_HOME) => ({ placement, storeId, productId, position });

describe('ruleWarnings', () => {
  it('warns when the pins of one placement and store hold more of a brand or category than the caps allow', () => {
    const rules: RecommendationRules = { ...DEFAULT_RULES, maxPerBrand: 2, maxPerCategory: 2, pins: [pin('n1', 1), pin('n2', 2), pin('n3', 3), pin('a2', 4)] };
    const warnings = ruleWarnings(rules, PRODUCTS);
    expect(warnings).toEqual([
      { field: 'pins', message: 'MIRROR_HOME pins in every store show 3 items of brand Nike, more than maxPerBrand (2); pins are shown anyway' },
      { field: 'pins', message: 'MIRROR_HOME pins in every store show 3 items of category apparel/tops, more than maxPerCategory (2); pins are shown anyway' },
    ]);
    // Not a problem: the rules can still be saved and published.
    expect(validateRules(rules, { products: new Set(PRODUCTS.keys()), stores: new Set() })).toEqual([]);
  });

  it("counts a store's own pins with the every-store pins it does not displace", () => {
    const rules: RecommendationRules = { ...DEFAULT_RULES, maxPerBrand: 2, pins: [pin('n1', 1), pin('n2', 2, 'store-1'), pin('n3', 3, 'store-1'), pin('a1', 1, 'store-2')] };
    expect(ruleWarnings(rules, PRODUCTS).map((w) => w.message)).toEqual(['MIRROR_HOME pins in store store-1 show 3 items of brand Nike, more than maxPerBrand (2); pins are shown anyway']);
  });

  it('warns when a brand, category or tag exclusion hides a pinned product', () => {
    const rules: RecommendationRules = {
      ...DEFAULT_RULES,
      pins: [pin('n1', 1), pin('a1', 2, null, Placement.APP_HOME)],
      exclusions: [
        { kind: RuleTargetKind.BRAND, value: 'NIKE' },
        { kind: RuleTargetKind.CATEGORY, value: 'footwear' },
        { kind: RuleTargetKind.TAG, value: 'clearance' },
      ],
    };
    expect(ruleWarnings(rules, PRODUCTS)).toEqual([
      { field: 'pins[0].productId', message: 'the pinned product is excluded by exclusions[0] (BRAND NIKE): it will not be shown' },
      { field: 'pins[1].productId', message: 'the pinned product is excluded by exclusions[1] (CATEGORY footwear): it will not be shown' },
      { field: 'pins[1].productId', message: 'the pinned product is excluded by exclusions[2] (TAG clearance): it will not be shown' },
    ]);
  });

  it('says nothing about pins it cannot look up (validation reports those)', () => {
    expect(ruleWarnings({ ...DEFAULT_RULES, maxPerBrand: 1, pins: [pin('gone', 1), pin('gone-too', 2)] }, PRODUCTS)).toEqual([]);
  });
});
