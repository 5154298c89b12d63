import { FitType, GarmentType, Gender } from '../../common/enums';
import type { Sport } from '../../common/enums';
import type { ProductEntity } from '../../catalog/product.entity';
import { DEFAULT_RULES, RecommendationRules, RuleTargetKind } from '../config/recommendation-rules';
import { fromTriplets } from '../model/csr-matrix';
import { DEFAULT_START } from '../model/hyperparameter-search';
import { SequentialItemItemModel } from '../model/sequential-item-item.model';
import { buildCatalogIndex, ProductFacts } from './catalog-snapshot';
import { explainList, explanationText, PersonalPart, PopularitySource } from './explanation';
import { RankedItem, ReasonCode } from './ranking';

/*
 * Six products p0..p5, the model's items in the same order. The shopper bought p0, then p1, then
 * tried on p2 (the most recent). EASE and transitions weigh 0.5 each and halve per step back;
 * transitions are read from the last item only.
 */
const IDS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const catalog = buildCatalogIndex(
  new Map(
    IDS.map((id): [string, ProductFacts] => [
      id,
      { id, name: `Product ${id}`, brand: 'Brand', categoryPath: 'apparel/tops', garmentType: GarmentType.TOP, gender: Gender.UNISEX, sport: 'RUNNING' as Sport, fitType: FitType.REGULAR, tags: [], sizes: ['M'], entity: {} as ProductEntity },
    ]),
  ),
);
const csr = (entries: [number, number, number][]) =>
  fromTriplets(6, 6, Int32Array.from(entries, (e) => e[0]), Int32Array.from(entries, (e) => e[1]), Float32Array.from(entries, (e) => e[2]), entries.length);
const model = new SequentialItemItemModel({
  itemCount: 6,
  hyperparameters: { ...DEFAULT_START, historyDecay: 0.5, transitionWindow: 1, transitionGapDecay: 1, transitionRecencyDecay: 0.5, transitionShare: 0.5, popularityWeight: 0.1 },
  // p4: a strong negative link from p2, a positive one from p0 (old) and a small one from p1.
  // p5: from p1 only; p0 -> p5 is a large transition, but p0 is outside the transition window.
  // p3: only a negative link.
  ease: csr([[2, 4, -3], [1, 4, 0.1], [0, 4, 2], [1, 5, 0.4], [2, 3, -1]]),
  transitions: csr([[0, 5, 10]]),
  popularity: Float32Array.from([1, 1, 1, 0, 0.5, 0.5]),
  easeScale: 1,
  transitionScale: 1,
});
const history = Int32Array.from([0, 1, 2]);
const personal: PersonalPart = {
  model,
  indexOf: new Map(IDS.map((id, i) => [id, i])),
  history,
  signalOf: new Map([
    [0, { productId: 'p0', kind: ReasonCode.PURCHASE_HISTORY }],
    [1, { productId: 'p1', kind: ReasonCode.PURCHASE_HISTORY }],
    [2, { productId: 'p2', kind: ReasonCode.TRIED_ON }],
  ]),
  max: 1,
};
const RULES: RecommendationRules = { ...DEFAULT_RULES, personalWeight: 0.8 };
const item = (productId: string, pinned = false): RankedItem => ({ productId, score: 0, reason: pinned ? ReasonCode.PINNED : ReasonCode.MORE_TO_EXPLORE, sourceProductId: null, pinned });
const explain = (ids: string[], over: { popular?: number[]; popularity?: PopularitySource; rules?: RecommendationRules; personal?: PersonalPart | null } = {}) => {
  const items = ids.map((id) => item(id));
  explainList({ items, catalog, rules: over.rules ?? RULES, popular: Float64Array.from(over.popular ?? [0, 0, 0, 0, 0, 0]), popularity: over.popularity ?? PopularitySource.SALES, personal: over.personal === undefined ? personal : over.personal });
  return items.map((i) => [i.reason, i.sourceProductId]);
};

describe('explainList', () => {
  it('names the history item that adds most to the score, weighed by recency and window as the model scores, never a negative link', () => {
    expect(explain(['p4', 'p5'])).toEqual([
      // p2's link to p4 is the strongest in size, but negative; p0's is the largest positive part.
      [ReasonCode.PURCHASE_HISTORY, 'p0'],
      // p0 -> p5 is a large transition, but p0 is beyond the transition window: p1 it is.
      [ReasonCode.PURCHASE_HISTORY, 'p1'],
    ]);
  });

  it('an item only linked negatively is explained by what else it has: popularity, a boost, or nothing', () => {
    // p3 has no popularity prior, no sales, no boost: it only fills the list.
    expect(explain(['p3'])).toEqual([[ReasonCode.MORE_TO_EXPLORE, null]]);
    const boosted = { ...RULES, boosts: [{ target: { kind: RuleTargetKind.PRODUCT, value: 'p3' }, weight: 0.2 }] };
    expect(explain(['p3'], { rules: boosted })).toEqual([[ReasonCode.FEATURED, null]]);
    expect(explain(['p3'], { popular: [0, 0, 0, 0.5, 0, 0] })).toEqual([[ReasonCode.POPULAR_IN_STORE, null]]);
    // The same popularity when it is the model's overall one (the store has no sales).
    expect(explain(['p3'], { popular: [0, 0, 0, 0.5, 0, 0], popularity: PopularitySource.OVERALL })).toEqual([[ReasonCode.POPULAR, null]]);
  });

  it('popularity wins over a link smaller than it, and "in this store" only where store sales back it', () => {
    // p5: link 0.8 x 0.1 = 0.08 against 0.2 x 0.9 = 0.18 of store sales.
    expect(explain(['p5'], { popular: [0, 0, 0, 0, 0, 0.9] })).toEqual([[ReasonCode.POPULAR_IN_STORE, null]]);
    // With no history the prior alone: popular overall, whatever the store sold.
    expect(explain(['p0'], { personal: { ...personal, history: new Int32Array(0) } })).toEqual([[ReasonCode.POPULAR, null]]);
  });

  it('leaves pinned items as they are', () => {
    const items = [item('p4', true)];
    explainList({ items, catalog, rules: RULES, popular: new Float64Array(6), popularity: PopularitySource.SALES, personal });
    expect(items[0]).toMatchObject({ reason: ReasonCode.PINNED, sourceProductId: null });
  });
});

describe('explanationText', () => {
  it('says where popularity comes from, and what a list filler is', () => {
    const mirror = { inStore: true, kiosk: true };
    const app = { inStore: false, kiosk: false };
    expect(explanationText(ReasonCode.POPULAR_IN_STORE, mirror)).toBe('Popular in this store');
    expect(explanationText(ReasonCode.POPULAR, mirror)).toBe('Popular with our customers');
    expect(explanationText(ReasonCode.FEATURED, mirror)).toBe('Featured');
    expect(explanationText(ReasonCode.MORE_TO_EXPLORE, mirror)).toBe('Also in stock here');
    expect(explanationText(ReasonCode.MORE_TO_EXPLORE, app)).toBe('More to explore');
    expect(explanationText(ReasonCode.TRIED_ON, mirror, { name: 'Trail Tee', sameKind: false })).toBe('Goes with the Trail Tee you tried on');
  });
});
