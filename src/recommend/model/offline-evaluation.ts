import { performance } from 'node:perf_hooks';
import { DEFAULT_SEARCH_SPACE, SearchOptions, SearchTrial, evaluateRanking, searchHyperparameters } from './hyperparameter-search';
import { leaveOneOut } from './leave-one-out';
import { RankingMetrics } from './ranking-metrics';
import { ItemItemFitStats, ItemItemHyperparameters, ItemItemTrainer, SequentialItemItemModel } from './sequential-item-item.model';
import { SequenceDataset } from './sequence-dataset';

/** Everything one run of the recommendation protocol produces. */
export interface ProtocolResult {
  /** Chosen on validation only. */
  readonly hyperparameters: ItemItemHyperparameters;
  readonly validation: RankingMetrics;
  readonly test: RankingMetrics;
  /** The final model: refitted on each user's sequence minus its last item (test items never seen). */
  readonly model: SequentialItemItemModel;
  readonly finalFit: ItemItemFitStats;
  readonly trials: readonly SearchTrial[];
  readonly timings: {
    /** Wall time of all fitting: validation fits, the whole search (including its validation scoring) and the final refit. */
    readonly trainingSeconds: number;
    readonly searchSeconds: number;
    readonly finalFitSeconds: number;
    /** Scoring the test position (not part of training). */
    readonly testEvaluationSeconds: number;
  };
}

/**
 * The leave-one-out protocol end to end: search hyperparameters on the validation position
 * (trained on each sequence minus its last two items), refit on each sequence minus its last item
 * with the chosen values, then rank the held-out last items. Requires `initTensorflow()` first.
 */
export function runLeaveOneOutProtocol(dataset: SequenceDataset, options: SearchOptions = {}): ProtocolResult {
  const split = leaveOneOut(dataset);
  const started = performance.now();
  const validationTrainer = new ItemItemTrainer(split.validation.histories, dataset.itemCount);
  const search = searchHyperparameters(validationTrainer, split.validation, { space: DEFAULT_SEARCH_SPACE, ...options });
  const searched = performance.now();

  const finalTrainer = new ItemItemTrainer(split.test.histories, dataset.itemCount);
  const { model, stats } = finalTrainer.fit(search.best);
  const fitted = performance.now();

  const test = evaluateRanking(model, split.test);
  const evaluated = performance.now();
  return {
    hyperparameters: search.best,
    validation: search.metrics,
    test,
    model,
    finalFit: stats,
    trials: search.trials,
    timings: {
      trainingSeconds: (fitted - started) / 1000,
      searchSeconds: (searched - started) / 1000,
      finalFitSeconds: (fitted - searched) / 1000,
      testEvaluationSeconds: (evaluated - fitted) / 1000,
    },
  };
}
