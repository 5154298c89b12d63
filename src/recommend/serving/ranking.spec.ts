import { FitType, GarmentType, Gender } from '../../common/enums';
import type { Sport } from '../../common/enums';
import type { ProductEntity } from '../../catalog/product.entity';
import { Placement, RecommendationRules, RuleTargetKind, StockPolicy } from '../config/recommendation-rules';
import { buildCatalogIndex, CatalogIndex, ProductFacts } from './catalog-snapshot';
import { rankProducts, RankInput, ReasonCode, ruleEffects } from './ranking';

const RULES: RecommendationRules = { boosts: [], pins: [], exclusions: [], maxPerBrand: 50, maxPerCategory: 50, personalWeight: 0.5, stockPolicy: StockPolicy.IN_STOCK_ANYWHERE };

function catalogOf(specs: { id: string; brand?: string; category?: string; tags?: string[] }[]): CatalogIndex {
  const facts = new Map<string, ProductFacts>();
  for (const s of specs) {
    facts.set(s.id, {
      id: s.id,
      name: `Product ${s.id}`,
      brand: s.brand ?? 'Brand',
      categoryPath: s.category ?? 'running/tops',
      garmentType: GarmentType.TOP,
      gender: Gender.UNISEX,
      sport: 'RUNNING' as Sport,
      fitType: FitType.REGULAR,
      tags: s.tags ?? [],
      sizes: ['S', 'M', 'L'],
      entity: {} as ProductEntity,
    });
  }
  return buildCatalogIndex(facts);
}

/** Products p0..p(n-1), p0 most popular. */
function setup(n: number, extra: (i: number) => { brand?: string; category?: string; tags?: string[] } = () => ({})) {
  const catalog = catalogOf(Array.from({ length: n }, (_, i) => ({ id: `p${String(i).padStart(2, '0')}`, ...extra(i) })));
  const popular = Float64Array.from(catalog.products, (_, i) => 1 - i / n);
  const input = (over: Partial<RankInput> = {}): RankInput => ({
    catalog,
    personal: new Float64Array(n),
    popular,
    rules: RULES,
    placement: Placement.MIRROR_HOME,
    storeId: 'store-1',
    limit: 5,
    accept: () => true,
    ...over,
  });
  const ids = (over: Partial<RankInput> = {}) => rankProducts(input(over)).map((r) => r.productId);
  return { catalog, popular, input, ids };
}

describe('rankProducts', () => {
  it('orders by the blend of personal and popular scores', () => {
    const { catalog, input } = setup(10);
    const personal = new Float64Array(10);
    personal[catalog.indexOf.get('p07')!] = 1;
    const ranked = rankProducts(input({ personal }));
    expect(ranked.map((r) => r.productId)).toEqual(['p07', 'p00', 'p01', 'p02', 'p03']);
    expect(ranked[0].score).toBeCloseTo(0.5 * 1 + 0.5 * 0.3);
  });

  it('a boost moves an item up, a bury moves one down, an exclusion removes it', () => {
    const { ids } = setup(10);
    expect(ids({ rules: { ...RULES, boosts: [{ target: { kind: RuleTargetKind.PRODUCT, value: 'p08' }, weight: 0.5 }] } })[0]).toBe('p08');
    expect(ids({ rules: { ...RULES, boosts: [{ target: { kind: RuleTargetKind.PRODUCT, value: 'p00' }, weight: -1 }] } })).toEqual(['p01', 'p02', 'p03', 'p04', 'p05']);
    expect(ids({ rules: { ...RULES, exclusions: [{ kind: RuleTargetKind.PRODUCT, value: 'p01' }] } })).toEqual(['p00', 'p02', 'p03', 'p04', 'p05']);
  });

  it('pins hold their position; a store pin wins over an every-store pin; a pin the filter refuses is not shown', () => {
    const { catalog, ids } = setup(10);
    const pins = [
      { placement: Placement.MIRROR_HOME, storeId: null, productId: 'p09', position: 2 },
      { placement: Placement.MIRROR_HOME, storeId: 'store-1', productId: 'p08', position: 2 },
      { placement: Placement.MIRROR_HOME, storeId: 'other', productId: 'p07', position: 4 },
      { placement: Placement.APP_HOME, storeId: null, productId: 'p06', position: 1 },
    ];
    expect(ids({ rules: { ...RULES, pins } })).toEqual(['p00', 'p08', 'p01', 'p02', 'p03']);
    const refused = catalog.indexOf.get('p08')!;
    expect(ids({ rules: { ...RULES, pins }, accept: (i) => i !== refused })).toEqual(['p00', 'p09', 'p01', 'p02', 'p03']);
  });

  it('a pin beyond the candidates still takes the next position', () => {
    const { catalog, ids } = setup(4);
    const only = catalog.indexOf.get('p00')!;
    const pins = [{ placement: Placement.MIRROR_HOME, storeId: null, productId: 'p03', position: 5 }];
    expect(ids({ rules: { ...RULES, pins }, accept: (i) => i === only || i === catalog.indexOf.get('p03') })).toEqual(['p00', 'p03']);
  });

  it('a pin beyond the list is no part of it: the item ranks as usual and counts against no cap', () => {
    const { ids } = setup(12, (i) => ({ brand: i < 6 ? 'Big' : `B${i}` }));
    const plain = ids({ rules: { ...RULES, maxPerBrand: 2 }, limit: 6 });
    expect(plain[0]).toBe('p00');
    const pins = [{ placement: Placement.MIRROR_HOME, storeId: null, productId: 'p00', position: 20 }];
    expect(ids({ rules: { ...RULES, maxPerBrand: 2, pins }, limit: 6 })).toEqual(plain);
  });

  it('pins may exceed the caps (a merchandiser chose them); ranked items of that brand then stay out', () => {
    const { ids } = setup(12, (i) => ({ brand: i < 6 ? 'Big' : `B${i}` }));
    const pins = [1, 2, 3, 4, 5].map((position) => ({ placement: Placement.MIRROR_HOME, storeId: null, productId: `p0${position}`, position }));
    expect(ids({ rules: { ...RULES, maxPerBrand: 4, pins }, limit: 7 })).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07']);
  });

  it('caps items per brand and per category', () => {
    const { ids } = setup(12, (i) => ({ brand: i < 6 ? 'Big' : `B${i}`, category: i % 2 ? 'running/tops' : 'running/shoes' }));
    const list = ids({ rules: { ...RULES, maxPerBrand: 2 }, limit: 6 });
    expect(list.filter((id) => Number(id.slice(1)) < 6)).toHaveLength(2);
    const byCategory = ids({ rules: { ...RULES, maxPerCategory: 1 }, limit: 6 });
    expect(byCategory).toEqual(['p00', 'p01']);
  });

  it('caps a brand whatever its case, as boosts match it', () => {
    const { ids } = setup(6, (i) => ({ brand: ['Nike', 'nike', 'NIKE', 'Other', 'Other2', 'Other3'][i] }));
    expect(ids({ rules: { ...RULES, maxPerBrand: 2 }, limit: 5 })).toEqual(['p00', 'p01', 'p03', 'p04', 'p05']);
  });

  it('takes the rebuyable tag whatever its case', () => {
    const { catalog } = setup(3, (i) => ({ tags: [['Rebuyable'], [' REBUYABLE '], ['rebuy']][i] }));
    expect(Array.from(catalog.rebuyable)).toEqual([1, 1, 0]);
  });

  it('breaks ties by product id, whatever the catalogue order', () => {
    const catalog = catalogOf([{ id: 'c' }, { id: 'a' }, { id: 'b' }]);
    const ranked = rankProducts({ catalog, personal: new Float64Array(3), popular: new Float64Array(3).fill(0.5), rules: RULES, placement: Placement.APP_HOME, storeId: null, limit: 3, accept: () => true });
    expect(ranked.map((r) => r.productId)).toEqual(['a', 'b', 'c']);
  });

  it('asks the filter only about the candidates the fill reaches', () => {
    const { input } = setup(200);
    const asked = new Set<number>();
    rankProducts(input({ accept: (i) => (asked.add(i), true) }));
    expect(asked.size).toBe(5);
  });

  it('works rule effects out once per rule set and catalogue', () => {
    const { catalog } = setup(5, (i) => ({ tags: i === 3 ? ['discontinued'] : [] }));
    const rules = { ...RULES, exclusions: [{ kind: RuleTargetKind.TAG, value: 'Discontinued' }], boosts: [{ target: { kind: RuleTargetKind.BRAND, value: 'brand' }, weight: 0.25 }] };
    const effects = ruleEffects(rules, catalog);
    expect(Array.from(effects).map((v) => (Number.isNaN(v) ? 'x' : v))).toEqual([0.25, 0.25, 0.25, 'x', 0.25]);
    expect(ruleEffects(rules, catalog)).toBe(effects);
  });
});
