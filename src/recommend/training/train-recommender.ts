import { runLeaveOneOutProtocol } from '../model/offline-evaluation';
import { serializeArtifact, toArtifact } from '../model/recommendation-artifact';
import { ItemItemTrainer, SequentialItemItemModel } from '../model/sequential-item-item.model';
import { ProductSequenceDataset } from './training-data';

export interface TrainingOutcome {
  model: SequentialItemItemModel;
  artifact: string;
  metrics: Record<string, number>;
}

/**
 * Trains the serving model: hyperparameters searched on the validation position, offline metrics
 * measured on the held-out last purchases (leave-one-out), then a final fit on every sequence for
 * serving. `progress` is told each stage with a share done.
 */
export function trainRecommender(data: ProductSequenceDataset, progress: (share: number, stage: string) => void = () => undefined): TrainingOutcome {
  // Leave-one-out needs three items per user; others still train the final model.
  const evaluable = data.sequences.filter((s) => s.length >= 3);
  if (evaluable.length < 10) throw new Error(`not enough purchase history to train: ${evaluable.length} customers with 3 or more products (need 10)`);
  progress(0.1, 'searching hyperparameters on validation purchases');
  const protocol = runLeaveOneOutProtocol({ itemCount: data.itemCount, sequences: evaluable }, { maxRounds: 2 });
  progress(0.8, 'fitting the serving model on all history');
  const trainer = new ItemItemTrainer(data.sequences, data.itemCount);
  const { model, stats } = trainer.fit(protocol.hyperparameters);
  const metrics: Record<string, number> = {
    customers: data.customers,
    interactions: stats.interactions,
    items: data.itemCount,
    evaluatedCustomers: protocol.test.users,
    trainingSeconds: Number(protocol.timings.trainingSeconds.toFixed(2)),
  };
  for (const [k, v] of Object.entries(protocol.test)) if (k !== 'users') metrics[`test_${k}`] = Number((v as number).toFixed(4));
  for (const [k, v] of Object.entries(protocol.validation)) if (k !== 'users') metrics[`validation_${k}`] = Number((v as number).toFixed(4));
  const artifact = serializeArtifact(
    toArtifact(model, {
      trainedAt: new Date().toISOString(),
      itemIds: data.productIds,
      training: { customers: data.customers, interactions: stats.interactions, trainingSeconds: metrics.trainingSeconds },
      metrics: { test: protocol.test, validation: protocol.validation },
    }),
  );
  progress(0.95, 'storing the model');
  return { model, artifact, metrics };
}
