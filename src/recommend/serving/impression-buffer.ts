import type { Logger } from 'pino';
import { DataSource } from 'typeorm';

export interface Impression {
  sessionId: string | null;
  customerId: string | null;
  storeId: string | null;
  productId: string;
  placement: string;
  experimentId: string | null;
  arm: string | null;
}

/**
 * Impressions are written in batches (every `intervalMs`, and on shutdown) rather than one insert per
 * list: a busy mirror shows lists far more often than anything else writes. Server-generated telemetry
 * only; what customers do (taps, try-ons, cart adds) is written at once.
 */
export class ImpressionBuffer {
  private pending: Impression[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource | null,
    private readonly log?: Logger,
    private readonly intervalMs = 500,
  ) {}

  add(impression: Impression): void {
    if (!this.dataSource) return;
    this.pending.push(impression);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes everything buffered so far; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(async () => {
      if (!batch.length || !this.dataSource?.isInitialized) return;
      for (let i = 0; i < batch.length; i += 1000) {
        const part = batch.slice(i, i + 1000);
        const values: unknown[] = [];
        const rows = part.map((m, k) => {
          values.push(m.sessionId, m.customerId, m.storeId, m.productId, m.placement, m.experimentId, m.arm);
          const b = k * 7;
          return `($${b + 1}::uuid, $${b + 2}::uuid, $${b + 3}::uuid, $${b + 4}::uuid, 'IMPRESSION', $${b + 5}, $${b + 6}::uuid, $${b + 7})`;
        });
        try {
          await this.dataSource.query(`INSERT INTO interaction_event (session_id, customer_id, store_id, product_id, kind, placement, experiment_id, arm) VALUES ${rows.join(', ')}`, values);
        } catch (error) {
          this.log?.error({ err: error, impressions: part.length }, 'could not store impressions');
        }
      }
    });
    return this.flushing;
  }
}
