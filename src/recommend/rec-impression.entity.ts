import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A recommendation list shown: its products in order (server telemetry, written in batches; one row
 * per list, not per product, since lists are shown hundreds of times a second across a fleet). Kept apart from
 * `interaction_event`: lists are shown twelve items at a time, far more often than anyone taps,
 * tries on or adds to a cart, and every list reads the session's signals — which should not have to
 * step over its impressions, whatever plan the statistics of the moment suggest.
 */
@Entity('rec_impression')
@Index('idx_rec_impression_experiment', ['experimentId', 'arm'], { where: 'experiment_id IS NOT NULL' })
@Index('idx_rec_impression_session', ['sessionId', 'createdAt'])
@Index('idx_rec_impression_customer', ['customerId', 'createdAt'], { where: 'customer_id IS NOT NULL' })
export class RecImpressionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column({ type: 'uuid', name: 'session_id', nullable: true }) sessionId!: string | null;
  @Column({ type: 'uuid', name: 'customer_id', nullable: true }) customerId!: string | null;
  @Column({ type: 'uuid', name: 'store_id', nullable: true }) storeId!: string | null;
  @Column({ type: 'uuid', name: 'product_ids', array: true }) productIds!: string[];
  @Column({ type: 'varchar', length: 24 }) placement!: string;
  @Column({ type: 'uuid', name: 'experiment_id', nullable: true }) experimentId!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) arm!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
