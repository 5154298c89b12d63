/**
 * Interaction sequences as the recommendation model sees them: each user is an ordered array of
 * dense item indices (oldest first), whatever the source (orders, imported history, mirror signals).
 * The server maps its product ids to indices; the offline tools map the ids of a text file.
 */
export interface SequenceDataset {
  /** Items are the indices `0 .. itemCount - 1`. */
  readonly itemCount: number;
  /** One sequence per user, in time order. */
  readonly sequences: readonly Int32Array[];
}

/** A dataset that remembers the original user and item ids, for writing results back out. */
export interface LabelledSequenceDataset extends SequenceDataset {
  /** `userIds[u]` is the id of `sequences[u]`. */
  readonly userIds: readonly string[];
  /** `itemIds[i]` is the id of item index `i`. */
  readonly itemIds: readonly string[];
}

/**
 * Reads the `user item1 item2 ...` text format (one user per line, items in time order, separated
 * by white space). Item indices are given in order of first appearance, so the result does not
 * depend on how ids are spelled (numbers, SKUs); blank lines are skipped.
 */
export function parseSequenceText(text: string): LabelledSequenceDataset {
  const itemIndex = new Map<string, number>();
  const itemIds: string[] = [];
  const userIds: string[] = [];
  const sequences: Int32Array[] = [];
  const seenUsers = new Set<string>();
  const lines = text.split('\n');
  for (let lineNo = 0; lineNo < lines.length; lineNo++) {
    const fields = lines[lineNo].trim().split(/\s+/);
    if (fields.length === 0 || fields[0] === '') continue;
    const user = fields[0];
    if (seenUsers.has(user)) throw new Error(`line ${lineNo + 1}: user "${user}" appears twice`);
    seenUsers.add(user);
    const sequence = new Int32Array(fields.length - 1);
    for (let k = 1; k < fields.length; k++) {
      let index = itemIndex.get(fields[k]);
      if (index === undefined) {
        index = itemIds.length;
        itemIndex.set(fields[k], index);
        itemIds.push(fields[k]);
      }
      sequence[k - 1] = index;
    }
    userIds.push(user);
    sequences.push(sequence);
  }
  return { itemCount: itemIds.length, sequences, userIds, itemIds };
}

/** How often each item occurs in the given sequences. */
export function itemFrequencies(sequences: readonly Int32Array[], itemCount: number): Float64Array {
  const counts = new Float64Array(itemCount);
  for (const sequence of sequences) for (let k = 0; k < sequence.length; k++) counts[sequence[k]] += 1;
  return counts;
}

/** Total interactions in the sequences. */
export function interactionCount(sequences: readonly Int32Array[]): number {
  let total = 0;
  for (const sequence of sequences) total += sequence.length;
  return total;
}
