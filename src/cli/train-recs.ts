import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../database/database';
import { createLogger } from '../logger';
import { initTensorflow } from '../ml/backend';
import { RecModelEntity, RecModelStatus } from '../recommend/training/rec-model.entity';
import { RecommenderRegistry } from '../recommend/training/recommender-registry';
import { claimTraining, TrainingClaim } from '../recommend/training/training-claim';
import { trainRecommender } from '../recommend/training/train-recommender';
import { loadTrainingData } from '../recommend/training/training-data';

/**
 * `npm run train:recs [-- --no-activate]`: trains a recommendation model on the database's purchase
 * history and mirror signals, stores it as a new version with its offline metrics and (by default)
 * makes it the serving model. A running server picks it up within seconds, without a restart.
 * It takes the same training lock as the servers: it refuses to start while one of them (or another
 * run of this command) trains, and never races them for the next version number.
 */
async function main(): Promise<void> {
  const activate = !process.argv.includes('--no-activate');
  const config = loadConfig();
  const db = await openDatabase(config, createLogger('warn'));
  const repo = db.dataSource.getRepository(RecModelEntity);
  let row: RecModelEntity | null = null;
  let claim: TrainingClaim | null = null;
  try {
    const backend = await initTensorflow();
    claim = await claimTraining(db.dataSource, null);
    row = claim.row;
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
    if (row) await repo.update(row.id, { status: RecModelStatus.FAILED, stage: 'failed', error: error instanceof Error ? error.message : String(error), finishedAt: new Date() });
    throw error;
  } finally {
    await claim?.release();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`training failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
