import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import type { RequestContext } from '../../common/request-context';
import { createDataSource } from '../../database/data-source';
import type { RecommendationRules } from '../config/recommendation-rules';
import { ItemItemState, SequentialItemItemModel } from '../model/sequential-item-item.model';
import { RecommenderRegistry } from '../training/recommender-registry';
import { RecommendationService, RuleEvaluation } from './recommendation.service';

/** What the server hands the draft evaluation worker. */
export interface HeldOutEvaluationJob {
  databaseUrl: string;
  /** Members to evaluate (10..2000). */
  sample: number;
  /**
   * The model the server serves (null: none yet): the refit takes its hyperparameters and product
   * map, so the worker is handed it rather than reading whichever model is marked serving by then.
   */
  serving: { version: number; state: ItemItemState; productIds: string[] } | null;
  rules: { draft: RecommendationRules; published: RecommendationRules };
}

/** The worker's one answer. */
export type HeldOutEvaluationMessage =
  | { type: 'done'; draft: RuleEvaluation; published: RuleEvaluation; members: number; fitSeconds: number; seconds: number }
  | { type: 'failed'; error: string };

/** Stands in for what the evaluation never uses (beyond `known`): any other use is a programming error, reported loudly. */
function unavailable<T extends object>(what: string, known: Partial<T> = {}): T {
  return new Proxy(known as T, {
    get(target, key) {
      if (key in target) return Reflect.get(target, key);
      if (typeof key === 'symbol' || key === 'then') return undefined;
      throw new Error(`the draft evaluation worker has no ${what} (${key} was asked for)`);
    },
  });
}

/**
 * Runs in a worker thread so that a draft evaluation never blocks request handling: reads the
 * members, the held-out purchases and the training events, refits the model without them and scores
 * both rule sets, with the very code the server would run (RecommendationService.prepareEvaluation
 * and evaluateRules), on a connection of its own.
 */
async function evaluate(job: HeldOutEvaluationJob): Promise<HeldOutEvaluationMessage> {
  const started = Date.now();
  const ds = createDataSource(job.databaseUrl, { poolSize: 1, applicationName: 'mirrorfit-draft-evaluation' });
  try {
    await ds.initialize();
    // One connection (poolSize 1): no statement of the evaluation's waits on a lock for ever (the
    // runner's time limit stops the worker as a whole).
    await ds.query(`SET statement_timeout = '120s'`);
    const serving = job.serving && {
      version: job.serving.version,
      model: new SequentialItemItemModel(job.serving.state),
      productIds: job.serving.productIds,
      indexOf: new Map(job.serving.productIds.map((id, i) => [id, i])),
    };
    // The evaluation reads the catalogue, the model and the database, nothing else of the service's.
    const recommendations = new RecommendationService(unavailable('kiosk sessions'), RecommenderRegistry.holding(serving), unavailable('rule versions'), unavailable('experiments'), unavailable('impressions'));
    const ctx = unavailable<RequestContext>('request', { dataSource: ds, em: ds.manager });
    const data = await recommendations.prepareEvaluation(ctx, job.sample);
    return {
      type: 'done',
      draft: recommendations.evaluateRules(data, job.rules.draft),
      published: recommendations.evaluateRules(data, job.rules.published),
      members: data.members.length,
      fitSeconds: data.fitSeconds,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    return { type: 'failed', error: error instanceof Error ? error.message : String(error) };
  } finally {
    if (ds.isInitialized) await ds.destroy().catch(() => undefined);
  }
}

void evaluate(workerData as HeldOutEvaluationJob).then((message) => parentPort?.postMessage(message));
