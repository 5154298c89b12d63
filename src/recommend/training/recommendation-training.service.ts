import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { PubSub } from 'type-graphql';
import { conflict, notFound } from '../../common/errors';
import { Topics } from '../../common/pubsub';
import { RecModelEntity, RecModelStatus } from './rec-model.entity';
import { RecommendationModel } from './rec-model.type';
import { RecommenderRegistry } from './recommender-registry';
import { claimTraining, TRAINING_BUSY } from './training-claim';
import type { TrainingMessage } from './train-worker';
import { workerScript } from './worker-script';

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

  /**
   * Claims training (see claimTraining: one at a time across servers and the command line; a TRAINING
   * row left by a process that died is marked FAILED first), creates the model row and starts the
   * worker; resolves at once with the TRAINING row (or the FAILED one when the worker could not be
   * started). `done` resolves, never rejects, when training has ended and its outcome is recorded.
   */
  async start(startedBy: string | null, options: { activate?: boolean } = {}): Promise<{ model: RecommendationModel; done: Promise<RecommendationModel> }> {
    if (this.running) throw conflict(TRAINING_BUSY);
    const claim = await claimTraining(this.dataSource, startedBy, this.log);
    const row = claim.row;
    this.publish(row);
    let resolveDone!: (model: RecommendationModel) => void;
    const done = new Promise<RecommendationModel>((resolve) => (resolveDone = resolve));
    this.running = done;
    let finished = false;
    const finish = async (message?: string): Promise<void> => {
      if (finished) return;
      finished = true;
      this.worker = null;
      let model: RecommendationModel;
      try {
        model = await this.settle(row, message, options.activate !== false);
      } catch (error) {
        this.log.error({ err: error }, 'could not record the end of training');
        model = RecommendationModel.from({ ...row, status: RecModelStatus.FAILED, error: 'unknown outcome' });
      }
      // The row says how it ended (or, if that could not be written, the next training finds it stale).
      await claim.release().catch((error: unknown) => this.log.error({ err: error }, 'could not release the training lock'));
      this.running = null;
      resolveDone(model);
    };
    try {
      const worker = this.spawnWorker({ databaseUrl: this.databaseUrl, modelId: row.id });
      this.worker = worker;
      worker.on('message', (m: TrainingMessage) => {
        if (m.type === 'progress') this.publish({ ...row, progress: m.progress, stage: m.stage });
      });
      worker.once('error', (error) => void finish(error.message));
      worker.once('exit', () => void finish());
    } catch (error) {
      const message = `the training worker could not be started: ${error instanceof Error ? error.message : String(error)}`;
      this.log.error({ err: error, version: row.version }, 'the recommendation training worker could not be started');
      await finish(message);
      return { model: await done, done };
    }
    return { model: RecommendationModel.from(row), done };
  }

  /** Starts the training worker thread (a method of its own so that tests can make it fail). */
  private spawnWorker(workerData: { databaseUrl: string; modelId: string }): Worker {
    // Training runs off the request path, in a worker thread.
    return new Worker(workerScript(__dirname, 'train-worker', 'training'), { workerData });
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
