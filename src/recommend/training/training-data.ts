import { EntityManager } from 'typeorm';
import { SequenceDataset } from '../model/sequence-dataset';

/** The recommender's training data: sequences of product indices and the index -> product id map. */
export interface ProductSequenceDataset extends SequenceDataset {
  productIds: string[];
  customers: number;
}

/**
 * What the model learns from: members' purchases (not cancelled) and their mirror try-ons and cart
 * adds, ordered by member, then time.
 */
export const TRAINING_EVENTS_SQL = `SELECT customer_id, product_id, at FROM (
       SELECT o.customer_id, l.product_id, o.placed_at AS at FROM order_line l JOIN customer_order o ON o.id = l.order_id
       WHERE o.status <> 'CANCELLED'
       UNION ALL
       SELECT customer_id, product_id, created_at AS at FROM interaction_event
       WHERE customer_id IS NOT NULL AND kind IN ('TRY_ON', 'CART_ADD')
     ) t ORDER BY customer_id, at`;

export type TrainingEventRow = { customer_id: string; product_id: string; at: Date | string };

/**
 * One sequence per member from TRAINING_EVENTS_SQL rows: catalogue indices in time order, each product
 * once, at its first occurrence. With `cuts`, a member's events at or after their cut (ms) are left
 * out (the draft evaluation's held-out purchases).
 */
export function sequencesFrom(rows: readonly TrainingEventRow[], indexOf: ReadonlyMap<string, number>, cuts: ReadonlyMap<string, number> = new Map()): Int32Array[] {
  const sequences: Int32Array[] = [];
  let current: string | null = null;
  let items: number[] = [];
  let seen = new Set<number>();
  let cut = Infinity;
  const flush = () => {
    if (items.length) sequences.push(Int32Array.from(items));
  };
  for (const r of rows) {
    if (r.customer_id !== current) {
      flush();
      current = r.customer_id;
      items = [];
      seen = new Set();
      cut = cuts.get(r.customer_id) ?? Infinity;
    }
    if (cut !== Infinity && new Date(r.at).getTime() >= cut) continue;
    const i = indexOf.get(r.product_id);
    if (i === undefined || seen.has(i)) continue;
    seen.add(i);
    items.push(i);
  }
  flush();
  return sequences;
}

/**
 * Builds training sequences from purchase history (orders of every channel, imported history) and
 * mirror signals (try-ons and cart adds of signed-in members), in time order per customer, each
 * product once (its first occurrence). Every catalogue product gets an index, bought or not.
 */
export async function loadTrainingData(em: EntityManager): Promise<ProductSequenceDataset> {
  const products: { id: string }[] = await em.query(`SELECT id FROM product ORDER BY sku`);
  const productIds = products.map((p) => p.id);
  const sequences = sequencesFrom(await em.query(TRAINING_EVENTS_SQL), new Map(productIds.map((id, i) => [id, i])));
  return { itemCount: productIds.length, sequences, productIds, customers: sequences.length };
}
