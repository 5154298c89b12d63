import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Idempotency of checkout: one row per (customer, key), holding a hash of the request and the order it
 * made. A retry with the same key and payload returns that order; another payload is refused.
 */
@Entity('checkout_request')
export class CheckoutRequestEntity {
  @PrimaryColumn({ type: 'uuid', name: 'customer_id' }) customerId!: string;
  @PrimaryColumn({ type: 'varchar', length: 100, name: 'idempotency_key' }) idempotencyKey!: string;
  @Column({ type: 'char', length: 64, name: 'request_hash' }) requestHash!: string;
  @Column({ type: 'uuid', name: 'order_id' }) orderId!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
