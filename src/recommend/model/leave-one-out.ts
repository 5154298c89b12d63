import { SequenceDataset } from './sequence-dataset';

/** Marks a user who has no target at a split position (a sequence too short to hold one). */
export const NO_TARGET = -1;

/**
 * One evaluation position of the leave-one-out protocol: what a model may train on and read as
 * each user's history, and the held-out item it must rank.
 */
export interface LeaveOneOutPart {
  /** Per user, the items before the target (training data and the history given to the model). */
  readonly histories: readonly Int32Array[];
  /** Per user, the held-out item, or {@link NO_TARGET}. */
  readonly targets: Int32Array;
}

/**
 * The protocol of the sequential-recommendation papers: per user, the last item is the test
 * target and the one before it the validation target. Validation trains on everything before the
 * validation target; the test may read the whole sequence except its last item.
 */
export interface LeaveOneOutSplit {
  readonly itemCount: number;
  readonly validation: LeaveOneOutPart;
  readonly test: LeaveOneOutPart;
}

/**
 * Splits every user's sequence by time. Histories are views (`subarray`) of the dataset's arrays,
 * so no item is copied and a test item can never leak into a history: it lies past the view's end.
 */
export function leaveOneOut(dataset: SequenceDataset): LeaveOneOutSplit {
  const users = dataset.sequences.length;
  const validationTargets = new Int32Array(users).fill(NO_TARGET);
  const testTargets = new Int32Array(users).fill(NO_TARGET);
  const validationHistories: Int32Array[] = [];
  const testHistories: Int32Array[] = [];
  dataset.sequences.forEach((sequence, u) => {
    const n = sequence.length;
    if (n >= 1) testTargets[u] = sequence[n - 1];
    if (n >= 2) validationTargets[u] = sequence[n - 2];
    testHistories.push(sequence.subarray(0, Math.max(0, n - 1)));
    validationHistories.push(sequence.subarray(0, Math.max(0, n - 2)));
  });
  return {
    itemCount: dataset.itemCount,
    validation: { histories: validationHistories, targets: validationTargets },
    test: { histories: testHistories, targets: testTargets },
  };
}
