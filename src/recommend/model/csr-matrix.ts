/**
 * A sparse matrix in compressed-sparse-row form: row `r` holds `indices[indptr[r] .. indptr[r+1])`
 * (ascending) with their `values`. Item-item matrices over a catalogue are overwhelmingly empty
 * (each item meets a few hundred others), so this is the shape that is counted, stored and scored.
 */
export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Number of stored entries. */
export function nonZeros(matrix: CsrMatrix): number {
  return matrix.indptr[matrix.rows];
}

/**
 * Builds a CSR matrix row by row from a dense scratch accumulator: `fillRow(r, add)` calls
 * `add(col, value)` any number of times (repeats are summed). Memory stays O(entries), never
 * O(rows x cols), which is what lets the counting run over ~20k items.
 */
export function buildCsrByRows(
  rows: number,
  cols: number,
  fillRow: (row: number, add: (col: number, value: number) => void) => void,
): CsrMatrix {
  const scratch = new Float64Array(cols);
  const seen = new Uint8Array(cols);
  const touched = new Int32Array(cols);
  let touchedCount = 0;
  const add = (col: number, value: number): void => {
    if (!seen[col]) {
      seen[col] = 1;
      touched[touchedCount++] = col;
    }
    scratch[col] += value;
  };
  const indptr = new Int32Array(rows + 1);
  let indices = new Int32Array(1024);
  let values = new Float32Array(1024);
  let size = 0;
  for (let r = 0; r < rows; r++) {
    touchedCount = 0;
    fillRow(r, add);
    const rowCols = touched.subarray(0, touchedCount).sort();
    if (size + touchedCount > indices.length) {
      const capacity = Math.max(indices.length * 2, size + touchedCount);
      indices = grow(indices, new Int32Array(capacity));
      values = grow(values, new Float32Array(capacity));
    }
    for (let k = 0; k < touchedCount; k++) {
      const col = rowCols[k];
      indices[size] = col;
      values[size] = scratch[col];
      size += 1;
      scratch[col] = 0;
      seen[col] = 0;
    }
    indptr[r + 1] = size;
  }
  return { rows, cols, indptr, indices: indices.slice(0, size), values: values.slice(0, size) };
}

function grow<T extends Int32Array | Float32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** For each item, the users whose sequences contain it (each user once per occurrence). */
function occurrences(sequences: readonly Int32Array[], itemCount: number): { start: Int32Array; user: Int32Array; position: Int32Array } {
  const start = new Int32Array(itemCount + 1);
  for (const sequence of sequences) for (let k = 0; k < sequence.length; k++) start[sequence[k] + 1] += 1;
  for (let i = 0; i < itemCount; i++) start[i + 1] += start[i];
  const fill = start.slice(0, itemCount);
  const user = new Int32Array(start[itemCount]);
  const position = new Int32Array(start[itemCount]);
  sequences.forEach((sequence, u) => {
    for (let k = 0; k < sequence.length; k++) {
      const slot = fill[sequence[k]]++;
      user[slot] = u;
      position[slot] = k;
    }
  });
  return { start, user, position };
}

/** The set of distinct items of each sequence (an item bought twice is one interaction for co-occurrence). */
function distinctItems(sequences: readonly Int32Array[], itemCount: number): Int32Array[] {
  const mark = new Int32Array(itemCount).fill(-1);
  return sequences.map((sequence, u) => {
    const out: number[] = [];
    for (let k = 0; k < sequence.length; k++) {
      if (mark[sequence[k]] !== u) {
        mark[sequence[k]] = u;
        out.push(sequence[k]);
      }
    }
    return Int32Array.from(out);
  });
}

/**
 * The item-item Gram matrix X^T X of the binary user x item matrix: entry (i, j) counts the users
 * who have both items, the diagonal counts each item's users. It is what EASE-style models solve with.
 */
export function cooccurrenceGram(sequences: readonly Int32Array[], itemCount: number): CsrMatrix {
  const sets = distinctItems(sequences, itemCount);
  const occ = occurrences(sets, itemCount);
  return buildCsrByRows(itemCount, itemCount, (i, add) => {
    for (let s = occ.start[i]; s < occ.start[i + 1]; s++) {
      const items = sets[occ.user[s]];
      for (let k = 0; k < items.length; k++) add(items[k], 1);
    }
  });
}

/**
 * Forward transitions: entry (i, j) sums `gapDecay^(gap - 1)` over every time `j` follows `i`
 * within `window` steps in a user's sequence. Raw (unnormalised) sums on purpose: the count of how
 * often a successor follows is itself the evidence, and dividing it away favours rare items.
 */
export function transitionCounts(
  sequences: readonly Int32Array[],
  itemCount: number,
  window: number,
  gapDecay: number,
): CsrMatrix {
  const occ = occurrences(sequences, itemCount);
  const weights = Array.from({ length: window }, (_, g) => gapDecay ** g);
  return buildCsrByRows(itemCount, itemCount, (i, add) => {
    for (let s = occ.start[i]; s < occ.start[i + 1]; s++) {
      const sequence = sequences[occ.user[s]];
      const from = occ.position[s];
      const to = Math.min(sequence.length, from + window + 1);
      for (let k = from + 1; k < to; k++) if (sequence[k] !== i) add(sequence[k], weights[k - from - 1]);
    }
  });
}

/** Builds a row-major CSR matrix from coordinate triplets (duplicates are summed). */
export function fromTriplets(
  rows: number,
  cols: number,
  rowOf: Int32Array,
  colOf: Int32Array,
  valueOf: Float32Array,
  count: number,
): CsrMatrix {
  const start = new Int32Array(rows + 1);
  for (let k = 0; k < count; k++) start[rowOf[k] + 1] += 1;
  for (let r = 0; r < rows; r++) start[r + 1] += start[r];
  const fill = start.slice(0, rows);
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[fill[rowOf[k]]++] = k;
  return buildCsrByRows(rows, cols, (r, add) => {
    for (let s = start[r]; s < start[r + 1]; s++) add(colOf[order[s]], valueOf[order[s]]);
  });
}

/** Largest value of each row (0 for an empty row). */
export function rowMaxima(matrix: CsrMatrix): Float64Array {
  const out = new Float64Array(matrix.rows);
  for (let r = 0; r < matrix.rows; r++) {
    let best = 0;
    for (let k = matrix.indptr[r]; k < matrix.indptr[r + 1]; k++) if (matrix.values[k] > best) best = matrix.values[k];
    out[r] = best;
  }
  return out;
}

/**
 * Keeps the `perRow` largest values of each row (ties by lower column). Scoring cost and artifact
 * size grow with the longest rows, which belong to the most popular items; their weakest links
 * barely move any ranking.
 */
export function keepLargestPerRow(matrix: CsrMatrix, perRow: number): CsrMatrix {
  const order: number[] = [];
  return buildCsrByRows(matrix.rows, matrix.cols, (r, add) => {
    const from = matrix.indptr[r];
    const to = matrix.indptr[r + 1];
    if (to - from <= perRow) {
      for (let k = from; k < to; k++) add(matrix.indices[k], matrix.values[k]);
      return;
    }
    order.length = 0;
    for (let k = from; k < to; k++) order.push(k);
    order.sort((a, b) => matrix.values[b] - matrix.values[a] || matrix.indices[a] - matrix.indices[b]);
    for (let k = 0; k < perRow; k++) add(matrix.indices[order[k]], matrix.values[order[k]]);
  });
}
