import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { PubSub } from 'type-graphql';
import { conflict, notFound } from '../../common/errors';
import { Topics } from '../../common/pubsub';
import { repoRoot } from '../../common/repo-root';
import { RecModelEntity, RecModelStatus } from './rec-model.entity';
import { RecommendationModel } from './rec-model.type';
import { RecommenderRegistry } from './recommender-registry';
import type { TrainingMessage } from './train-worker';

/** The compiled worker: training runs off the request path, in a worker thread. */
function workerScript(): string {
  const compiled = path.join(repoRoot(), 'dist', 'src', 'recommend', 'training', 'train-worker.js');
  const beside = path.join(__dirname, 'train-worker.js');
  if (existsSync(beside)) return beside;
  if (existsSync(compiled)) return compiled;
  throw new Error('the training worker is not built: run `npm run build`');
}

/**
 * Starts training in a worker thread, streams its progress to subscribers, and swaps the new model
 * in when it is ready (unless told not to). One training at a time.
 */
export class RecommendationTrainingService {
  private running: Promise<RecommendationModel> | null = null;
  private worker: Worker | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly databaseUrl: string,
    private readonly registry: RecommenderRegistry,
    private readonly pubSub: PubSub,
    private readonly log: Logger,
  ) {}

  async list(): Promise<RecommendationModel[]> {
    return (await this.dataSource.getRepository(RecModelEntity).find({ order: { version: 'DESC' }, take: 50 })).map(RecommendationModel.from);
  }

  get isTraining(): boolean {
    return this.running !== null;
  }

  /** Creates the model row and starts the worker; resolves at once with the TRAINING row. `done` resolves when it ends. */
  async start(startedBy: string | null, options: { activate?: boolean } = {}): Promise<{ model: RecommendationModel; done: Promise<RecommendationModel> }> {
    if (this.running) throw conflict('A model is already training; wait for it to finish');
    const row = await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(7355609)');
      const busy = await em.getRepository(RecModelEntity).count({ where: { status: RecModelStatus.TRAINING } });
      if (busy) throw conflict('A model is already training; wait for it to finish');
      const [{ next }] = await em.query(`SELECT COALESCE(MAX(version), 0) + 1 AS next FROM rec_model`);
      return em.getRepository(RecModelEntity).save({ version: Number(next), status: RecModelStatus.TRAINING, serving: false, progress: 0, stage: 'starting', startedBy, artifact: null, itemProductIds: null, metrics: null, error: null, finishedAt: null });
    });
    this.publish(row);
    const done = new Promise<RecommendationModel>((resolve) => {
      const worker = new Worker(workerScript(), { workerData: { databaseUrl: this.databaseUrl, modelId: row.id } });
      this.worker = worker;
      let finished = false;
      const finish = async (message?: string) => {
        if (finished) return;
        finished = true;
        this.worker = null;
        try {
          resolve(await this.settle(row, message, options.activate !== false));
        } catch (error) {
          this.log.error({ err: error }, 'could not record the end of training');
          resolve(RecommendationModel.from({ ...row, status: RecModelStatus.FAILED, error: 'unknown outcome' }));
        } finally {
          this.running = null;
        }
      };
      worker.on('message', (m: TrainingMessage) => {
        if (m.type === 'progress') this.publish({ ...row, progress: m.progress, stage: m.stage });
      });
      worker.once('error', (error) => void finish(error.message));
      worker.once('exit', () => void finish());
    });
    this.running = done;
    return { model: RecommendationModel.from(row), done };
  }

  /** Stops a training in progress (server shutdown) and waits until its outcome is recorded. */
  async shutdown(): Promise<void> {
    if (this.worker) await this.worker.terminate();
    if (this.running) await this.running;
  }

  /** Records how a training ended (a worker that died leaves its row FAILED) and swaps a good model in. */
  private async settle(row: RecModelEntity, message: string | undefined, activate: boolean): Promise<RecommendationModel> {
    const fresh = await this.dataSource.getRepository(RecModelEntity).findOneByOrFail({ id: row.id });
    if (fresh.status === RecModelStatus.TRAINING) {
      await this.dataSource.getRepository(RecModelEntity).update(row.id, { status: RecModelStatus.FAILED, error: message ?? 'the training worker stopped', finishedAt: new Date() });
    }
    let final = await this.dataSource.getRepository(RecModelEntity).findOneByOrFail({ id: row.id });
    if (final.status === RecModelStatus.READY && activate) {
      await this.registry.activate(this.dataSource, final.version);
      final = await this.dataSource.getRepository(RecModelEntity).findOneByOrFail({ id: row.id });
      this.log.info({ version: final.version, metrics: final.metrics }, 'recommendation model trained and serving');
    } else if (final.status === RecModelStatus.FAILED) {
      this.log.warn({ version: final.version, error: final.error }, 'recommendation training failed');
    }
    this.publish(final);
    return RecommendationModel.from(final);
  }

  async activate(version: number): Promise<RecommendationModel> {
    const row = await this.dataSource.getRepository(RecModelEntity).findOne({ where: { version } });
    if (!row) throw notFound(`No model has the version ${version}`);
    if (row.status !== RecModelStatus.READY) throw conflict(`Model version ${version} is ${row.status.toLowerCase()}, not ready`);
    await this.registry.activate(this.dataSource, version);
    const fresh = await this.dataSource.getRepository(RecModelEntity).findOneByOrFail({ id: row.id });
    this.publish(fresh);
    return RecommendationModel.from(fresh);
  }

  private publish(row: RecModelEntity): void {
    this.pubSub.publish(Topics.REC_TRAINING, RecommendationModel.from(row));
  }
}
