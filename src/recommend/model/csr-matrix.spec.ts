import { CsrMatrix, cooccurrenceGram, keepLargestPerRow, transitionCounts } from './csr-matrix';

function dense(m: CsrMatrix): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array<number>(m.cols).fill(0));
  for (let r = 0; r < m.rows; r++) for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) out[r][m.indices[k]] = m.values[k];
  return out;
}

describe('sparse item-item counts', () => {
  const sequences = [Int32Array.of(0, 1, 2), Int32Array.of(1, 2), Int32Array.of(2, 0, 0)];

  it('counts co-occurring users (each user once per item)', () => {
    expect(dense(cooccurrenceGram(sequences, 3))).toEqual([
      [2, 1, 2],
      [1, 2, 2],
      [2, 2, 3],
    ]);
  });

  it('counts successors within the window with the gap decay, never an item to itself', () => {
    // 0->1 (gap 1), 0->2 (gap 2, weight 0.5), 1->2 twice, 2->0 once at gap 1 and once at gap 2.
    expect(dense(transitionCounts(sequences, 3, 2, 0.5))).toEqual([
      [0, 1, 0.5],
      [0, 0, 2],
      [1.5, 0, 0],
    ]);
    expect(dense(transitionCounts(sequences, 3, 1, 0.5))[0]).toEqual([0, 1, 0]);
  });

  it('keeps the strongest links per row', () => {
    const pruned = keepLargestPerRow(transitionCounts(sequences, 3, 2, 0.5), 1);
    expect(dense(pruned)).toEqual([
      [0, 1, 0],
      [0, 0, 2],
      [1.5, 0, 0],
    ]);
  });
});
