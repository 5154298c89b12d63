import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { createDataSource } from '../../database/data-source';
import type { RecommendationRules } from '../config/recommendation-rules';
import { ItemItemState, SequentialItemItemModel } from '../model/sequential-item-item.model';
import { CatalogSnapshot } from './catalog-snapshot';
import { evaluateRules, prepareEvaluation, RuleEvaluation } from './draft-evaluation';

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

/**
 * Runs in a worker thread so that a draft evaluation never blocks request handling: reads the
 * members, the held-out purchases and the training events, refits the model without them and scores
 * both rule sets (draft-evaluation.ts: prepareEvaluation and evaluateRules), on a connection and with
 * a catalogue snapshot of its own.
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
    const catalog = await new CatalogSnapshot().get(ds.manager);
    const data = await prepareEvaluation(ds.manager, serving, catalog, { sample: job.sample });
    return {
      type: 'done',
      draft: evaluateRules(data, job.rules.draft),
      published: evaluateRules(data, job.rules.published),
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
