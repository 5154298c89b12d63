import { RecommendationRules } from '../config/recommendation-rules';
import { SequentialItemItemModel } from '../model/sequential-item-item.model';
import { CatalogIndex } from './catalog-snapshot';
import { RankedItem, ReasonCode, ruleEffects } from './ranking';

/** What a list's popularity scores are. */
export enum PopularitySource {
  /** Units kept in the list's store over the last 180 days (every store's for the app). */
  SALES = 'SALES',
  /** The serving model's popularity over all purchases, used when the store has no sales. */
  OVERALL = 'OVERALL',
}

/** A signal of the shopper's the model read: a product and how the shopper met it. */
export interface ExplainedSignal {
  productId: string;
  kind: ReasonCode;
}

/** What the personal scores of a list were made of. */
export interface PersonalPart {
  model: SequentialItemItemModel;
  /** Model index of each product id the model knows. */
  indexOf: ReadonlyMap<string, number>;
  /** The history the model scored (model indices, oldest first, each once). */
  history: Int32Array;
  /** The signal each model item of the history stands for (its latest). */
  signalOf: ReadonlyMap<number, ExplainedSignal>;
  /** Personal scores are the model's scores divided by this. */
  max: number;
}

export interface ExplainInput {
  items: RankedItem[];
  catalog: CatalogIndex;
  rules: RecommendationRules;
  /** Per catalogue index, normalised, as ranking read it. */
  popular: Float64Array;
  popularity: PopularitySource;
  personal: PersonalPart | null;
}

/**
 * Gives each item of a list that is not pinned the reason that is the largest positive part of its
 * score, each part worked out as ranking and the model work it out (score = w x personal +
 * (1 - w) x popular + boosts, personal = model score / max, model score = prior + the history's
 * links):
 * - w x (the link of one history item) / max: that item, "Because you bought / tried on ... ";
 *   a negative link lowers a score and is never a reason;
 * - (1 - w) x popular: "Popular in this store" when the store's sales back it, else (the model's
 *   overall popularity) "Popular with our customers", as is w x the model's popularity prior / max;
 * - a boost, when nothing above is larger: "Featured";
 * - nothing positive at all (an item there to fill the list): "Also in stock here" / "More to explore".
 * On a tie the earlier in this list wins.
 */
export function explainList(input: ExplainInput): void {
  const { items, catalog, rules, popular, popularity, personal } = input;
  const w = rules.personalWeight;
  const effects = ruleEffects(rules, catalog);
  const open = items.filter((item) => !item.pinned);
  if (!open.length) return;
  // Plain arrays, not typed ones: a dozen numbers each, and a typed array's out-of-heap buffer costs
  // the garbage collector more than its elements (see ranking.ts).
  const link = new Array<number>(open.length).fill(0);
  const source = new Array<number>(open.length).fill(-1);
  const prior = new Array<number>(open.length).fill(0);
  if (personal && personal.max > 0 && w > 0) {
    const targets: number[] = [];
    const at: number[] = [];
    open.forEach((item, k) => {
      const target = personal.indexOf.get(item.productId);
      if (target === undefined) return;
      targets.push(target);
      at.push(k);
      prior[k] = (w * personal.model.prior(target)) / personal.max;
    });
    const from = new Array<number>(targets.length).fill(-1);
    const amount = new Array<number>(targets.length).fill(0);
    personal.model.strongestLinks(personal.history, targets, from, amount);
    at.forEach((k, j) => {
      link[k] = (w * amount[j]) / personal.max;
      source[k] = from[j];
    });
  }
  open.forEach((item, k) => {
    const i = catalog.indexOf.get(item.productId);
    const popularPart = i === undefined ? 0 : (1 - w) * popular[i];
    const sales = popularity === PopularitySource.SALES ? popularPart : 0;
    const overall = prior[k] + (popularity === PopularitySource.OVERALL ? popularPart : 0);
    const boost = i === undefined ? 0 : Math.max(0, effects[i]);
    item.sourceProductId = null;
    const signal = source[k] >= 0 ? personal!.signalOf.get(source[k]) : undefined;
    if (signal && link[k] > 0 && link[k] >= sales && link[k] >= overall && link[k] >= boost) {
      item.reason = signal.kind;
      item.sourceProductId = signal.productId;
    } else if (sales > 0 && sales >= overall && sales >= boost) item.reason = ReasonCode.POPULAR_IN_STORE;
    else if (overall > 0 && overall >= boost) item.reason = ReasonCode.POPULAR;
    else if (boost > 0) item.reason = ReasonCode.FEATURED;
    else item.reason = ReasonCode.MORE_TO_EXPLORE;
  });
}

/** Where a list is shown, for the wording. */
export interface ExplanationPlace {
  /** Popularity and pins are the store's. */
  inStore: boolean;
  /** A mirror list: everything in it is in stock here. */
  kiosk: boolean;
}

/** The human explanation of a reason. */
export function explanationText(reason: ReasonCode, place: ExplanationPlace, source?: { name: string; sameKind: boolean }, boughtOn?: string): string {
  switch (reason) {
    case ReasonCode.BUY_AGAIN:
      return boughtOn ? `Buy again: you bought it on ${boughtOn}` : 'Buy again';
    case ReasonCode.PURCHASE_HISTORY:
      return source ? `Because you bought the ${source.name}` : 'Because of what you bought before';
    case ReasonCode.TRIED_ON:
      if (!source) return 'Goes with what you tried on';
      return source.sameKind ? `Like the ${source.name} you tried on` : `Goes with the ${source.name} you tried on`;
    case ReasonCode.VIEWED:
      return source ? `Because you looked at the ${source.name}` : 'Because of what you looked at';
    case ReasonCode.IN_CART:
      return source ? `Goes with the ${source.name} in your cart` : 'Goes with your cart';
    case ReasonCode.SIMILAR_ITEM:
      return source ? `Similar to the ${source.name}` : 'Similar';
    case ReasonCode.GOES_WITH:
      return source ? `Completes the look with the ${source.name}` : 'Completes the look';
    case ReasonCode.PINNED:
      return place.inStore ? 'Featured in this store' : 'Featured';
    case ReasonCode.FEATURED:
      return 'Featured';
    case ReasonCode.POPULAR_IN_STORE:
      return place.inStore ? 'Popular in this store' : 'Popular right now';
    case ReasonCode.POPULAR:
      return 'Popular with our customers';
    case ReasonCode.MORE_TO_EXPLORE:
      return place.kiosk ? 'Also in stock here' : 'More to explore';
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "3 March 2026": the day `at` fell on in `timeZone` (UTC when the zone is unknown). */
export function dayText(at: string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
    } catch {
      format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    }
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(at));
}
