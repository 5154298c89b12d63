import { ServingModel } from '../training/recommender-registry';
import { CatalogIndex } from './catalog-snapshot';
import { PersonalPart } from './explanation';
import { ReasonCode } from './ranking';

/** A product the shopper met, and how (a purchase, a view, a try-on...). */
export interface Signal {
  productId: string;
  kind: ReasonCode;
}

/**
 * The buffers personal scores are written to, reused from one call to the next: a list is ranked
 * synchronously right after its scores are computed, so one scratch serves every list of a process
 * (serving) or every member of an evaluation, and thousands of lists a second allocate no arrays.
 */
export class PersonalScoreScratch {
  /** Personal scores per catalogue index. */
  personal = new Float64Array(0);
  /** The serving model's raw scores per model item. */
  model = new Float64Array(0);
}

/**
 * The serving model's score of every product for this history, normalised to 0..1 by the best one,
 * per catalogue index; 0 for what the model cannot rank (the history itself, owned items, and
 * products it has never seen, such as new arrivals, which still compete on popularity and rules).
 * Owned re-buyable products are scored like any other (buying them again is the point). `part` is
 * what explanations need to tell which signal added most (null: no model or no history it knows).
 * `personal` is `scratch`'s buffer: valid until the next call with the same scratch.
 */
export function personalScores(serving: ServingModel | null, catalog: CatalogIndex, signals: readonly Signal[], owned: Iterable<string>, scratch: PersonalScoreScratch): { personal: Float64Array; part: PersonalPart | null } {
  if (scratch.personal.length !== catalog.products.length) scratch.personal = new Float64Array(catalog.products.length);
  const personal = scratch.personal.fill(0);
  if (!serving) return { personal, part: null };
  const signalOf = new Map<number, Signal>();
  for (const signal of signals) {
    const item = serving.indexOf.get(signal.productId);
    if (item === undefined) continue;
    // Each item once, at its last occurrence: a re-viewed item counts as recent.
    signalOf.delete(item);
    signalOf.set(item, signal);
  }
  if (!signalOf.size) return { personal, part: null };
  const history = Int32Array.from(signalOf.keys());
  const exclude: number[] = [];
  const rescore: number[] = [];
  for (const id of owned) {
    const item = serving.indexOf.get(id);
    if (item === undefined) continue;
    const i = catalog.indexOf.get(id);
    (i !== undefined && catalog.rebuyable[i] ? rescore : exclude).push(item);
  }
  if (scratch.model.length !== serving.model.itemCount) scratch.model = new Float64Array(serving.model.itemCount);
  const scores = scratch.model;
  serving.model.scoreAll(history, scores, exclude, rescore);
  let max = 0;
  for (const score of scores) if (score > max) max = score;
  if (max <= 0) return { personal, part: null };
  const toCatalog = modelToCatalog(serving, catalog);
  for (let item = 0; item < scores.length; item++) {
    const i = toCatalog[item];
    if (i >= 0 && scores[item] > 0) personal[i] = scores[item] / max;
  }
  return { personal, part: { model: serving.model, indexOf: serving.indexOf, history, signalOf, max } };
}

/** Model item -> catalogue index (-1: not in this catalogue), per serving model and catalogue snapshot. */
const modelMaps = new WeakMap<ServingModel, { catalog: CatalogIndex; map: Int32Array }>();
function modelToCatalog(serving: ServingModel, catalog: CatalogIndex): Int32Array {
  const cached = modelMaps.get(serving);
  if (cached && cached.catalog === catalog) return cached.map;
  const map = Int32Array.from(serving.productIds, (id) => catalog.indexOf.get(id) ?? -1);
  modelMaps.set(serving, { catalog, map });
  return map;
}
