import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { conflict } from '../../common/errors';
import { RecModelEntity, RecModelStatus } from './rec-model.entity';

/**
 * Session-level advisory lock held by whoever trains (a server's worker or `npm run train:recs`) for
 * as long as its model row is TRAINING. PostgreSQL lets go of it when the holder's connection ends,
 * so a TRAINING row while nobody holds it is a training whose process died.
 */
const TRAINING_LOCK = 7355611;
/** Transaction-scoped lock around numbering a new version (also taken by servers of earlier releases). */
const VERSION_LOCK = 7355609;

export const TRAINING_BUSY = 'A model is already training; wait for it to finish';
const STALE_REASON = 'training stopped before it finished: the process running it ended';

/** The right to train one new model version: its TRAINING row, and the lock that says someone works on it. */
export interface TrainingClaim {
  readonly row: RecModelEntity;
  /** Lets go of the lock (once the row says how training ended); safe to call more than once. */
  release(): Promise<void>;
}

/**
 * Takes the training lock on a connection of its own (kept until `release`), marks TRAINING rows left
 * by trainers that died FAILED, and creates the new version's TRAINING row. Throws CONFLICT when
 * someone else is training.
 */
export async function claimTraining(dataSource: DataSource, startedBy: string | null, log?: Logger): Promise<TrainingClaim> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let locked = false;
  const unlock = async () => {
    try {
      if (locked) await runner.query('SELECT pg_advisory_unlock($1)', [TRAINING_LOCK]);
    } finally {
      locked = false;
      await runner.release();
    }
  };
  try {
    const [{ claimed }] = await runner.query('SELECT pg_try_advisory_lock($1) AS claimed', [TRAINING_LOCK]);
    if (!claimed) throw conflict(TRAINING_BUSY);
    locked = true;
    await runner.startTransaction();
    let row: RecModelEntity;
    try {
      await runner.query('SELECT pg_advisory_xact_lock($1)', [VERSION_LOCK]);
      // Holding the lock, no TRAINING row can be anyone's work any more.
      const stale: { version: number }[] = await runner.query(
        `WITH failed AS (UPDATE rec_model SET status = 'FAILED', stage = 'failed', error = $1, finished_at = now() WHERE status = 'TRAINING' RETURNING version) SELECT version FROM failed`,
        [STALE_REASON],
      );
      if (stale.length) log?.warn({ versions: stale.map((s) => s.version) }, 'recommendation training left unfinished by a process that ended: marked failed');
      const [{ next }] = await runner.query(`SELECT COALESCE(MAX(version), 0) + 1 AS next FROM rec_model`);
      row = await runner.manager.getRepository(RecModelEntity).save({ version: Number(next), status: RecModelStatus.TRAINING, serving: false, progress: 0, stage: 'starting', startedBy, artifact: null, itemProductIds: null, metrics: null, error: null, finishedAt: null });
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
    let released: Promise<void> | null = null;
    return { row, release: () => (released ??= unlock()) };
  } catch (error) {
    await unlock().catch(() => undefined);
    throw error;
  }
}
