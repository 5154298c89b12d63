import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONObject } from '../../common/scalars';
import { RecModelEntity, RecModelStatus } from './rec-model.entity';

registerEnumType(RecModelStatus, { name: 'RecModelStatus', description: 'Training state of a recommendation model.' });

@ObjectType('RecommendationModel', { description: 'A trained (or training) recommendation model version with its offline metrics.' })
export class RecommendationModel {
  @Field(() => ID, { description: 'Model id.' })
  id!: string;
  @Field(() => Int, { description: 'Version number, increasing.' })
  version!: number;
  @Field(() => RecModelStatus, { description: 'TRAINING, READY or FAILED.' })
  status!: RecModelStatus;
  @Field({ description: 'True for the model answering requests now.' })
  serving!: boolean;
  @Field(() => Float, { description: 'Share done while training, 0..1.' })
  progress!: number;
  @Field(() => String, { nullable: true, description: 'What training is doing now.' })
  stage!: string | null;
  @Field(() => JSONObject, { nullable: true, description: 'Offline metrics: HR/NDCG@5/10/20 on held-out last purchases, data sizes, training time.' })
  metrics!: Record<string, number> | null;
  @Field(() => String, { nullable: true, description: 'Why training failed.' })
  error!: string | null;
  @Field(() => Date, { description: 'When training started.' })
  startedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When training finished.' })
  finishedAt!: Date | null;

  static from(e: RecModelEntity): RecommendationModel {
    return Object.assign(new RecommendationModel(), {
      id: e.id,
      version: e.version,
      status: e.status,
      serving: e.serving,
      progress: e.progress,
      stage: e.stage,
      metrics: e.metrics,
      error: e.error,
      startedAt: e.startedAt,
      finishedAt: e.finishedAt,
    });
  }
}
