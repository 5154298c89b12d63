import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';

/** One list shown: its products in order, who saw it, where, and in which experiment arm. */
export interface Impression {
  sessionId: string | null;
  customerId: string | null;
  storeId: string | null;
  productIds: string[];
  placement: string;
  experimentId: string | null;
  arm: string | null;
  /**
   * When the list was shown (epoch ms; add() stamps the current time when absent). Stored as the row's
   * created_at on the database's clock (its time minus how long the list waited here), so that
   * experiments can tell what was shown before a tap or a purchase, even one made before the batch left.
   */
  shownAt?: number;
}

/**
 * One row per list: the products of every list in the batch go as one flat array ($8), and each
 * list takes its slice of it (the running total of the counts in $4 gives where it ends).
 */
const INSERT_IMPRESSIONS = {
  name: 'mf_rec_impressions_v4',
  text: `INSERT INTO rec_impression (session_id, customer_id, store_id, product_ids, placement, experiment_id, arm, created_at)
    SELECT t.s, t.c, t.st, ($8::uuid[])[t.upto - t.n + 1 : t.upto], t.pl, t.e, t.a, now() - t.age * interval '1 millisecond'
    FROM (SELECT u.*, sum(u.n) OVER (ORDER BY u.ord) AS upto
          FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::uuid[], $7::text[], $9::float8[]) WITH ORDINALITY AS u(s, c, st, n, pl, e, a, age, ord)) t
    ORDER BY t.ord`,
};

/** Lists written per statement. */
const STATEMENT_LISTS = 2000;

/**
 * Impressions are written in batches (every `intervalMs`, and on shutdown) rather than one insert per
 * list: a busy mirror shows lists far more often than anything else writes. Server-generated telemetry
 * only; what customers do (taps, try-ons, cart adds) is written at once. A batch that cannot be
 * written (database down) is kept and tried again with the next one, up to `maxPending` lists; beyond
 * that the oldest are dropped, and the log says how many.
 */
export class ImpressionBuffer {
  private pending: Impression[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly dataSource: DataSource | null,
    private readonly log?: Logger,
    private readonly intervalMs = 500,
    private readonly maxPending = 100_000,
  ) {}

  /** Lists waiting to be written. */
  get size(): number {
    return this.pending.length;
  }

  add(impression: Impression): void {
    if (!this.dataSource || impression.productIds.length === 0) return;
    if (this.closed) {
      // Only a request that outlived the drain gets here: the drain ends by closing every connection,
      // so this list never reached the mirror and is rightly not counted as shown.
      this.log?.warn({ placement: impression.placement, sessionId: impression.sessionId }, 'a recommendation list answered after the server stopped was not counted: its connection had been closed');
      return;
    }
    this.pending.push(impression.shownAt === undefined ? { ...impression, shownAt: Date.now() } : impression);
    this.schedule();
  }

  private schedule(): void {
    if (!this.timer && this.pending.length) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /**
   * The server is stopping and every connection is closed: writes what is buffered and counts nothing
   * more (see add). Resolves like flush.
   */
  close(): Promise<void> {
    this.closed = true;
    return this.flush();
  }

  /** Writes everything buffered so far; resolves when it is stored (or kept for the next try). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(async () => {
      if (!batch.length) return;
      if (!this.dataSource?.isInitialized) {
        // The pool is closed (the server is stopping): kept and counted by the stop, never dropped unseen.
        this.pending = batch.concat(this.pending);
        return;
      }
      for (let i = 0; i < batch.length; i += STATEMENT_LISTS) {
        const part = batch.slice(i, i + STATEMENT_LISTS);
        const column = <K extends keyof Impression>(key: K) => part.map((m) => m[key]);
        const sentAt = Date.now();
        try {
          await preparedQuery(this.dataSource.manager, INSERT_IMPRESSIONS, [
            column('sessionId'),
            column('customerId'),
            column('storeId'),
            part.map((m) => m.productIds.length),
            column('placement'),
            column('experimentId'),
            column('arm'),
            part.flatMap((m) => m.productIds),
            part.map((m) => Math.max(0, sentAt - (m.shownAt ?? sentAt))),
          ]);
        } catch (error) {
          this.keep(batch.slice(i), error);
          return;
        }
      }
    });
    return this.flushing;
  }

  /** Puts back what could not be written, oldest first, within `maxPending`. */
  private keep(unwritten: Impression[], error: unknown): void {
    const all = unwritten.concat(this.pending);
    const dropped = Math.max(0, all.length - this.maxPending);
    this.pending = dropped ? all.slice(dropped) : all;
    this.log?.error({ err: error, kept: this.pending.length, dropped }, dropped ? 'could not store impressions; the oldest were dropped' : 'could not store impressions; kept for the next try');
    this.schedule();
  }
}
