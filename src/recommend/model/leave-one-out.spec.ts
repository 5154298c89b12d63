import { NO_TARGET, leaveOneOut } from './leave-one-out';
import { itemFrequencies, parseSequenceText } from './sequence-dataset';

describe('leave-one-out split', () => {
  const dataset = {
    itemCount: 8,
    sequences: [Int32Array.of(1, 2, 3, 4), Int32Array.of(5, 6), Int32Array.of(7), Int32Array.of()],
  };
  const split = leaveOneOut(dataset);

  it('holds out the last item for test and the one before it for validation', () => {
    expect(Array.from(split.test.targets)).toEqual([4, 6, 7, NO_TARGET]);
    expect(Array.from(split.validation.targets)).toEqual([3, 5, NO_TARGET, NO_TARGET]);
  });

  it('gives the test everything but the last item and validation everything before its target', () => {
    expect(split.test.histories.map((h) => Array.from(h))).toEqual([[1, 2, 3], [5], [], []]);
    expect(split.validation.histories.map((h) => Array.from(h))).toEqual([[1, 2], [], [], []]);
  });

  it('never lets a test item into any statistic computed from the training part', () => {
    const counts = itemFrequencies(split.test.histories, dataset.itemCount);
    for (const target of split.test.targets) if (target !== NO_TARGET) expect(counts[target]).toBe(0);
  });
});

describe('sequence text', () => {
  it('maps ids to indices in order of first appearance and keeps them for output', () => {
    const dataset = parseSequenceText('u1 10 20 30\n\nu2 20 40\n');
    expect(dataset.itemCount).toBe(4);
    expect(dataset.userIds).toEqual(['u1', 'u2']);
    expect(dataset.itemIds).toEqual(['10', '20', '30', '40']);
    expect(dataset.sequences.map((s) => Array.from(s))).toEqual([[0, 1, 2], [1, 3]]);
  });

  it('refuses a user who appears twice', () => {
    expect(() => parseSequenceText('u1 1 2\nu1 3\n')).toThrow(/twice/);
  });
});
