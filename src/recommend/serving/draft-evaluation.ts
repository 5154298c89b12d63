import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { Gender } from '../../common/enums';
import { initTensorflow } from '../../ml/backend';
import { Placement, RecommendationRules } from '../config/recommendation-rules';
import { ItemItemTrainer } from '../model/sequential-item-item.model';
import { ServingModel } from '../training/recommender-registry';
import { sequencesFrom, TRAINING_EVENTS_SQL, TrainingEventRow } from '../training/training-data';
import { CatalogIndex } from './catalog-snapshot';
import { HeldOut, holdOutLastPurchase, MemberLine, popularityWithout } from './held-out-evaluation';
import { KEPT_SALES_SQL, KeptSalesRow } from './kept-sales';
import { PersonalScoreScratch, personalScores } from './personal-scores';
import { oneCut, rankProducts, ReasonCode } from './ranking';

/*
 * The offline check of recommendation rules a merchandiser runs before publishing a draft: plain
 * functions of the database, the serving model and the catalogue, so that the server can run them in
 * a worker thread (held-out-evaluation-worker.ts) and tests on the request thread, the same code.
 */

/** How a rule set did on the held-out purchases. */
export interface RuleEvaluation {
  customers: number;
  hitRateAt10: number;
  ndcgAt10: number;
  brandExposure: { key: string; share: number }[];
  categoryExposure: { key: string; share: number }[];
}

/** A member of an offline evaluation: their held-out purchase and what came before it. */
interface EvaluatedMember extends HeldOut {
  customerId: string;
  gender: Gender | null;
}

/** What rule sets are evaluated on (see {@link prepareEvaluation}). */
export interface EvaluationData {
  catalog: CatalogIndex;
  /** The serving model refitted without the held-out purchases (null: no model yet). */
  model: ServingModel | null;
  /** Popularity per catalogue index without the held-out purchases. */
  popular: Float64Array;
  members: EvaluatedMember[];
  /** How long the refit took. */
  fitSeconds: number;
}

/**
 * What an offline check of rule sets runs on, read and fitted once for every rule set compared: up to
 * `sample` members with purchases in two orders or more (kept, not cancelled), each with their last
 * purchase held out (holdOutLastPurchase), and `serving` (the model the server serves; null: none yet)
 * refitted without it (its hyperparameters, no search) on the training sequences minus what each of
 * them did from that order on, with popularity (units kept over 180 days, all stores) without the
 * held-out orders. So no rule set is scored on purchases its model or popularity has seen (the serving
 * model had, which favoured a higher personalWeight). Seconds of CPU for a large retailer: the server
 * calls it in a worker thread (held-out-evaluation-worker.ts), never on the request thread.
 */
export async function prepareEvaluation(em: EntityManager, serving: ServingModel | null, catalog: CatalogIndex, options: { sample?: number; log?: Logger } = {}): Promise<EvaluationData> {
  const { sample = 300, log } = options;
  const started = Date.now();
  const members: { customer_id: string; gender: Gender | null; lines: MemberLine[] }[] = await em.query(
    `WITH kept AS (
       SELECT o.customer_id, o.id AS order_id, o.placed_at, l.id AS line_id, l.product_id, l.quantity - l.returned_quantity AS k
       FROM order_line l JOIN customer_order o ON o.id = l.order_id
       WHERE o.status <> 'CANCELLED' AND l.returned_quantity < l.quantity),
     members AS (
       SELECT customer_id FROM kept GROUP BY customer_id HAVING COUNT(DISTINCT order_id) >= 2
       ORDER BY md5(customer_id::text) LIMIT $1)
     SELECT k.customer_id, c.gender,
       json_agg(json_build_object('p', k.product_id, 'o', k.order_id, 'k', k.k, 'r', k.placed_at > now() - interval '180 days', 'at', k.placed_at) ORDER BY k.placed_at, k.line_id) AS lines
     FROM kept k JOIN members m ON m.customer_id = k.customer_id JOIN customer c ON c.id = k.customer_id
     GROUP BY k.customer_id, c.gender ORDER BY md5(k.customer_id::text)`,
    [sample],
  );
  const evaluated: EvaluatedMember[] = [];
  for (const m of members) {
    const held = holdOutLastPurchase(m.lines);
    if (held) evaluated.push({ ...held, gender: oneCut(m.gender), customerId: m.customer_id });
  }
  const hidden = evaluated.flatMap((m) => m.hidden);
  const sales: KeptSalesRow[] = await em.query(KEPT_SALES_SQL, [null]);
  let popularity = popularityWithout(new Map(sales.map((r) => [r.product_id, Number(r.n)])), hidden);
  let model: ServingModel | null = null;
  let fitSeconds = 0;
  if (serving) {
    // The serving model's training data (loadTrainingData), with member ids and times to cut at.
    const rows: TrainingEventRow[] = await em.query(TRAINING_EVENTS_SQL);
    const sequences = sequencesFrom(rows, serving.indexOf, new Map(evaluated.map((m) => [m.customerId, m.cut])));
    await initTensorflow();
    const fitStarted = Date.now();
    const refit = new ItemItemTrainer(sequences, serving.model.itemCount);
    model = { version: serving.version, model: refit.fit(serving.model.hyperparameters).model, productIds: serving.productIds, indexOf: serving.indexOf };
    fitSeconds = (Date.now() - fitStarted) / 1000;
    // No sales in the window: the refitted model's popularity, as serving falls back to the model's.
    if (popularity.size === 0) popularity = new Map(serving.productIds.map((id, i) => [id, refit.popularity[i]]));
  }
  const popular = Float64Array.from(catalog.products, (p) => popularity.get(p.id) ?? 0);
  log?.info({ members: evaluated.length, fitSeconds, seconds: (Date.now() - started) / 1000 }, 'draft evaluation: model refitted without the held-out purchases');
  return { catalog, model, popular, members: evaluated, fitSeconds };
}

/**
 * Offline check of a rule set before publishing, on data from {@link prepareEvaluation}: for each
 * member, rank the catalogue from their history before the held-out order under `rules` (no stock
 * limits; what they own left out unless re-buyable, their gender's cut) and report hit rate and NDCG
 * at 10 of the held-out purchase, plus the share of exposure per brand and category in the top 10.
 */
export function evaluateRules(data: EvaluationData, rules: RecommendationRules): RuleEvaluation {
  const { catalog, popular } = data;
  // One member's list is ranked before the next member's scores are computed: one scratch serves all.
  const scratch = new PersonalScoreScratch();
  let hits = 0;
  let ndcg = 0;
  const brandExposure = new Map<string, number>();
  const categoryExposure = new Map<string, number>();
  let shown = 0;
  for (const m of data.members) {
    const owned = new Set<number>();
    for (const id of m.history) {
      const i = catalog.indexOf.get(id);
      if (i !== undefined && !catalog.rebuyable[i]) owned.add(i);
    }
    const signals = m.history.map((productId) => ({ productId, kind: ReasonCode.PURCHASE_HISTORY }));
    const ranked = rankProducts({
      catalog,
      personal: personalScores(data.model, catalog, signals, new Set(m.history), scratch).personal,
      popular,
      rules,
      placement: Placement.APP_HOME,
      storeId: null,
      limit: 10,
      accept: (i) => {
        const p = catalog.products[i];
        return !owned.has(i) && (!m.gender || p.gender === Gender.UNISEX || p.gender === m.gender);
      },
    });
    const rank = ranked.findIndex((x) => x.productId === m.target);
    if (rank >= 0) {
      hits++;
      ndcg += 1 / Math.log2(rank + 2);
    }
    for (const x of ranked) {
      const p = catalog.facts.get(x.productId)!;
      brandExposure.set(p.brand, (brandExposure.get(p.brand) ?? 0) + 1);
      categoryExposure.set(p.categoryPath, (categoryExposure.get(p.categoryPath) ?? 0) + 1);
      shown++;
    }
  }
  const shares = (m: Map<string, number>) => [...m.entries()].map(([key, n]) => ({ key, share: shown ? Math.round((n / shown) * 10_000) / 10_000 : 0 })).sort((a, b) => b.share - a.share || a.key.localeCompare(b.key));
  const n = data.members.length;
  return { customers: n, hitRateAt10: n ? hits / n : 0, ndcgAt10: n ? ndcg / n : 0, brandExposure: shares(brandExposure), categoryExposure: shares(categoryExposure) };
}
