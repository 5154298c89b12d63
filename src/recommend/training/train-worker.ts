import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { createDataSource } from '../../database/data-source';
import { initTensorflow } from '../../ml/backend';
import { RecModelEntity, RecModelStatus } from './rec-model.entity';
import { trainRecommender } from './train-recommender';
import { loadTrainingData } from './training-data';

/** Messages from the training worker to the server. */
export type TrainingMessage = { type: 'progress'; modelId: string; progress: number; stage: string } | { type: 'done'; modelId: string } | { type: 'failed'; modelId: string; error: string };

/**
 * Runs in a worker thread so that training never blocks request handling: reads the history, trains,
 * stores the artifact and metrics on the model row, and reports progress to the parent.
 */
async function run(): Promise<void> {
  const { databaseUrl, modelId } = workerData as { databaseUrl: string; modelId: string };
  const ds = createDataSource(databaseUrl, { poolSize: 1, applicationName: 'mirrorfit-training' });
  await ds.initialize();
  const repo = ds.getRepository(RecModelEntity);
  const post = (m: TrainingMessage) => parentPort?.postMessage(m);
  try {
    await initTensorflow();
    const report = async (progress: number, stage: string) => {
      await repo.update(modelId, { progress, stage });
      post({ type: 'progress', modelId, progress, stage });
    };
    await report(0.02, 'reading purchase history and mirror signals');
    const data = await loadTrainingData(ds.manager);
    let pending = Promise.resolve();
    const outcome = trainRecommender(data, (share, stage) => {
      // postMessage reaches the server at once even while this thread computes; the row catches up after.
      post({ type: 'progress', modelId, progress: share, stage });
      pending = pending.then(() => repo.update(modelId, { progress: share, stage }).then(() => undefined));
    });
    await pending;
    await repo.update(modelId, { status: RecModelStatus.READY, progress: 1, stage: 'ready', artifact: outcome.artifact, itemProductIds: data.productIds, metrics: outcome.metrics, finishedAt: new Date() });
    post({ type: 'done', modelId });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await repo.update(modelId, { status: RecModelStatus.FAILED, stage: 'failed', error: message.slice(0, 2000), finishedAt: new Date() });
    post({ type: 'failed', modelId, error: message });
  } finally {
    await ds.destroy();
  }
}

void run();
