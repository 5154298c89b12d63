import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../database/database';
import { createLogger } from '../logger';
import { initTensorflow } from '../ml/backend';
import { RecModelEntity, RecModelStatus } from '../recommend/training/rec-model.entity';
import { RecommenderRegistry } from '../recommend/training/recommender-registry';
import { trainRecommender } from '../recommend/training/train-recommender';
import { loadTrainingData } from '../recommend/training/training-data';

/**
 * `npm run train:recs [-- --no-activate]`: trains a recommendation model on the database's purchase
 * history and mirror signals, stores it as a new version with its offline metrics and (by default)
 * makes it the serving model. A running server picks it up within seconds, without a restart.
 */
async function main(): Promise<void> {
  const activate = !process.argv.includes('--no-activate');
  const config = loadConfig();
  const db = await openDatabase(config, createLogger('warn'));
  const repo = db.dataSource.getRepository(RecModelEntity);
  let row: RecModelEntity | null = null;
  try {
    const backend = await initTensorflow();
    const [{ next }] = await db.dataSource.query(`SELECT COALESCE(MAX(version), 0) + 1 AS next FROM rec_model`);
    row = await repo.save({ version: Number(next), status: RecModelStatus.TRAINING, serving: false, progress: 0, stage: 'starting', startedBy: null, artifact: null, itemProductIds: null, metrics: null, error: null, finishedAt: null });
    const started = Date.now();
    const data = await loadTrainingData(db.dataSource.manager);
    console.log(`training on ${data.customers} customers, ${data.itemCount} products (TF.js backend: ${backend})`);
    const outcome = trainRecommender(data, (share, stage) => console.log(`  ${Math.round(share * 100)}% ${stage}`));
    await repo.update(row.id, { status: RecModelStatus.READY, progress: 1, stage: 'ready', artifact: outcome.artifact, itemProductIds: data.productIds, metrics: outcome.metrics, finishedAt: new Date() });
    if (activate) await new RecommenderRegistry().activate(db.dataSource, row.version);
    const seconds = (Date.now() - started) / 1000;
    console.log(`model version ${row.version} ${activate ? 'is now serving' : 'is ready (not activated)'}`);
    for (const [k, v] of Object.entries(outcome.metrics)) console.log(`  ${k}: ${v}`);
    console.log(JSON.stringify({ version: row.version, serving: activate, seconds: Number(seconds.toFixed(2)), ...outcome.metrics }));
  } catch (error) {
    if (row) await repo.update(row.id, { status: RecModelStatus.FAILED, error: error instanceof Error ? error.message : String(error), finishedAt: new Date() });
    throw error;
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`training failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
