import { EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { sizeKey } from './catalog-snapshot';

/**
 * Which sizes of which products have a unit available (on hand, not reserved), in one store or in
 * any store, as one statement saw them. `snapshot` is that statement's PostgreSQL snapshot: a later
 * statement can tell whether any availability change it sees was committed after it (see
 * {@link stockChangedSql}).
 */
export interface AvailabilityCopy {
  /** Store id, or null for "in any store". */
  readonly storeId: string | null;
  readonly snapshot: string;
  /** Product id -> its available sizes, as {@link sizeKey} spells them (trimmed, upper case, as size advice compares labels). */
  readonly sizes: ReadonlyMap<string, ReadonlySet<string>>;
  readonly readAt: number;
  /** Order in which loads were sent: a copy sent later is at least as fresh. */
  readonly tick: number;
}

/**
 * SQL for "has availability in `store` (null: anywhere) changed since `snapshot` was taken?", for
 * the statement a request runs anyway: true when a logged change (migration StockChanges) is visible
 * to that statement but was not to the snapshot. False when `snapshot` is null.
 */
export function stockChangedSql(store: string, snapshot: string): string {
  return `EXISTS (SELECT 1 FROM stock_change c WHERE (${store}::uuid IS NULL OR c.store_id = ${store}::uuid)
     AND c.xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot) AND NOT pg_visible_in_snapshot(c.xid, ${snapshot}::pg_snapshot))`;
}

const LOAD_STATEMENT = {
  name: 'mf_stock_availability_v1',
  text: `SELECT pg_current_snapshot()::text AS snapshot,
     COALESCE((SELECT json_agg(json_build_array(a.product_id, a.sizes)) FROM (
       SELECT v.product_id, array_agg(DISTINCT v.size_label) AS sizes FROM inventory i JOIN variant v ON v.id = i.variant_id
       WHERE ($1::uuid IS NULL OR i.store_id = $1::uuid) AND i.on_hand > i.reserved GROUP BY v.product_id) a), '[]') AS available`,
};

/**
 * Availability per store, kept in memory and checked on every request rather than read on every
 * request: the request's own statement (which reads the session anyway) says whether a change was
 * committed since the copy was read, and only then is the store read again. So a list is exactly as
 * fresh as if stock were read in that statement, at the cost of one index probe of the change log.
 * Every server process keeps its own copies; the check makes that safe.
 */
export class StockAvailability {
  private readonly copies = new Map<string, AvailabilityCopy>();
  private readonly loading = new Map<string, { tick: number; promise: Promise<AvailabilityCopy> }>();
  private clock = 0;

  /** Copies older than this are read again: the change log keeps a day, see {@link prune}. */
  constructor(private readonly maxAgeMs = 60 * 60_000) {}

  /** The copy a request should check (its snapshot goes into the request's statement), if any. */
  copyFor(storeId: string | null): AvailabilityCopy | null {
    const copy = this.copies.get(storeId ?? '*');
    return copy && Date.now() - copy.readAt < this.maxAgeMs ? copy : null;
  }

  /** A point in time between the request's statement and whatever it loads next. */
  mark(): number {
    return ++this.clock;
  }

  /**
   * The availability a request must use: `checked` when its statement found no change since it was
   * read, else a copy read after the statement answered (`answeredAt`, from {@link mark}); concurrent
   * requests share one read.
   */
  async resolve(em: EntityManager, storeId: string | null, checked: AvailabilityCopy | null, changed: boolean, answeredAt: number): Promise<AvailabilityCopy> {
    if (checked && !changed) return checked;
    const key = storeId ?? '*';
    const newest = this.copies.get(key);
    if (newest && newest.tick > answeredAt) return newest;
    const inFlight = this.loading.get(key);
    if (inFlight && inFlight.tick > answeredAt) return inFlight.promise;
    const tick = ++this.clock;
    const promise = this.load(em, storeId, tick).finally(() => {
      if (this.loading.get(key)?.tick === tick) this.loading.delete(key);
    });
    this.loading.set(key, { tick, promise });
    return promise;
  }

  /** Forgets every copy (tests, and after the change log was pruned past them). */
  clear(): void {
    this.copies.clear();
  }

  private async load(em: EntityManager, storeId: string | null, tick: number): Promise<AvailabilityCopy> {
    const [row] = await preparedQuery<{ snapshot: string; available: [string, string[]][] }>(em, LOAD_STATEMENT, [storeId]);
    const sizes = new Map<string, ReadonlySet<string>>();
    for (const [productId, labels] of row.available) sizes.set(productId, new Set(labels.map(sizeKey)));
    const copy: AvailabilityCopy = { storeId, snapshot: row.snapshot, sizes, readAt: Date.now(), tick };
    const key = storeId ?? '*';
    const current = this.copies.get(key);
    if (!current || current.tick < tick) this.copies.set(key, copy);
    return copy;
  }
}

/** Deletes change-log rows older than a day: no copy lives that long ({@link StockAvailability}'s maximum age is an hour). */
export async function pruneStockChanges(em: EntityManager): Promise<number> {
  const result: [unknown[], number] = await em.query(`DELETE FROM stock_change WHERE created_at < now() - interval '1 day'`);
  return result[1] ?? 0;
}
