import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a customer did with a product at the mirror or in the app: the recommender's live signal. */
export enum InteractionKind {
  IMPRESSION = 'IMPRESSION',
  CLICK = 'CLICK',
  VIEW = 'VIEW',
  TRY_ON = 'TRY_ON',
  CART_ADD = 'CART_ADD',
  PURCHASE = 'PURCHASE',
}

/**
 * One interaction. Session events drive "what happens in the session changes the next response";
 * events with an experiment arm are what experiment results are computed from.
 */
@Entity('interaction_event')
@Check('chk_interaction_kind', `kind IN ('IMPRESSION', 'CLICK', 'VIEW', 'TRY_ON', 'CART_ADD', 'PURCHASE')`)
@Index('idx_interaction_session', ['sessionId', 'createdAt'])
@Index('idx_interaction_customer', ['customerId', 'createdAt'])
@Index('idx_interaction_experiment', ['experimentId', 'arm', 'kind'])
// A session's signals without its impressions: read by every recommendation list.
@Index('idx_interaction_session_signal', ['sessionId', 'id'], { where: `kind IN ('VIEW', 'CLICK', 'TRY_ON', 'CART_ADD')` })
export class InteractionEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column({ type: 'uuid', name: 'session_id', nullable: true }) sessionId!: string | null;
  @Column({ type: 'uuid', name: 'customer_id', nullable: true }) customerId!: string | null;
  @Column({ type: 'uuid', name: 'store_id', nullable: true }) storeId!: string | null;
  @Column({ type: 'uuid', name: 'product_id' }) productId!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: InteractionKind;
  @Column({ type: 'varchar', length: 24, nullable: true }) placement!: string | null;
  @Column({ type: 'uuid', name: 'experiment_id', nullable: true }) experimentId!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) arm!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
