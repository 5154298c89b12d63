import { DataSource } from 'typeorm';
import { ThrownErrorCode } from '../../common/errors';
import type { RecommendationModel } from './rec-model.type';
import type { RecommendationTrainingService } from './recommendation-training.service';

export type RetrainOutcome = { ran: false; why: 'not due' | 'training here' | 'training elsewhere' } | { ran: true; model: RecommendationModel };

/**
 * One look of the retraining schedule: trains when no model has trained successfully within `everyMs`.
 * A TRAINING row does not count as recent: it may be one whose process died (the training claim then
 * marks it FAILED and trains), and a training really in progress in another process makes start()
 * answer CONFLICT, reported as 'training elsewhere'.
 */
export async function retrainIfDue(dataSource: DataSource, training: RecommendationTrainingService, everyMs: number): Promise<RetrainOutcome> {
  if (training.isTraining) return { ran: false, why: 'training here' };
  const [latest] = (await dataSource.query(`SELECT max(started_at) AS at FROM rec_model WHERE status = 'READY'`)) as { at: Date | null }[];
  if (latest?.at && Date.now() - new Date(latest.at).getTime() < everyMs) return { ran: false, why: 'not due' };
  try {
    const { done } = await training.start(null);
    return { ran: true, model: await done };
  } catch (error) {
    if ((error as { extensions?: { code?: unknown } }).extensions?.code === ThrownErrorCode.CONFLICT) return { ran: false, why: 'training elsewhere' };
    throw error;
  }
}
