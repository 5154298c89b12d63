import { DataSource } from 'typeorm';
import { fromArtifact, parseArtifact } from '../model/recommendation-artifact';
import { SequentialItemItemModel } from '../model/sequential-item-item.model';
import { RecModelEntity, RecModelStatus } from './rec-model.entity';

/** Held (transaction-scoped) while a model is marked serving. */
const SERVING_MODEL_LOCK = 7355612;

/** The model answering requests, with its product mapping. Replaced as a whole, never mutated. */
export interface ServingModel {
  version: number;
  model: SequentialItemItemModel;
  productIds: string[];
  indexOf: Map<string, number>;
}

/**
 * Holds the serving model. A swap replaces the reference in one assignment, so a request uses either
 * the old or the new model, never a mix, and nothing restarts.
 */
export class RecommenderRegistry {
  private current: ServingModel | null = null;
  private listeners: ((v: number) => void)[] = [];

  get serving(): ServingModel | null {
    return this.current;
  }

  onSwap(listener: (version: number) => void): void {
    this.listeners.push(listener);
  }

  /** Loads the model marked serving in the database (if any, and if not loaded already). */
  async loadServing(dataSource: DataSource): Promise<ServingModel | null> {
    // Every server checks this every few seconds: read the version first, the artifact (megabytes for
    // a large catalogue) only when it changed.
    const repo = dataSource.getRepository(RecModelEntity);
    const marked = await repo.findOne({ where: { serving: true }, select: { id: true, version: true } });
    if (!marked || this.current?.version === marked.version) return this.current;
    const row = await repo.findOne({ where: { id: marked.id } });
    return row ? this.install(row) : this.current;
  }

  /**
   * Marks a READY model as serving (in one transaction) and swaps it in. Activations take turns (an
   * advisory lock): two at once would each unmark the serving model they saw and mark their own, and
   * the second would break the one-serving-model index. The later one waits, then serves.
   */
  async activate(dataSource: DataSource, version: number): Promise<ServingModel> {
    const row = await dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [SERVING_MODEL_LOCK]);
      const repo = em.getRepository(RecModelEntity);
      const model = await repo.findOne({ where: { version }, lock: { mode: 'pessimistic_write' } });
      if (!model || model.status !== RecModelStatus.READY) throw new Error(`model version ${version} is not ready`);
      await repo.update({ serving: true }, { serving: false });
      await repo.update(model.id, { serving: true });
      return model;
    });
    return this.install(row);
  }

  private install(row: RecModelEntity): ServingModel {
    if (!row.artifact || !row.itemProductIds) throw new Error(`model version ${row.version} has no artifact`);
    const model = fromArtifact(parseArtifact(row.artifact));
    const productIds = row.itemProductIds;
    if (productIds.length !== model.itemCount) throw new Error(`model version ${row.version}: product map does not match the model`);
    this.current = { version: row.version, model, productIds, indexOf: new Map(productIds.map((id, i) => [id, i])) };
    for (const l of this.listeners) l(row.version);
    return this.current;
  }
}
