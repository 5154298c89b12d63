import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { OrderChannel, OrderStatus, sqlIn } from '../common/enums';
import { CustomerEntity } from '../identity/customer.entity';
import { StoreEntity } from '../store/store.entity';
import { OrderLineEntity } from './order-line.entity';

/** A purchase: what the recommender learns from. Money in integer minor units. */
/** The largest total one order can hold (total_minor is a PostgreSQL integer; GraphQL's Int too). */
export const MAX_ORDER_TOTAL_MINOR = 2_147_483_647;

@Entity('customer_order')
@Check('chk_order_channel', `channel IN (${sqlIn(OrderChannel)})`)
@Check('chk_order_status', `status IN (${sqlIn(OrderStatus)})`)
@Check('chk_order_total', 'total_minor >= 0')
@Index('idx_order_customer_placed', ['customerId', 'placedAt'])
@Index('idx_order_store_placed', ['storeId', 'placedAt'])
@Index('idx_order_placed', ['placedAt', 'id'])
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'customer_id' }) customerId!: string;
  @ManyToOne(() => CustomerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;
  @Column({ type: 'uuid', name: 'store_id', nullable: true }) storeId!: string | null;
  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'store_id' })
  store?: StoreEntity;
  @Column({ type: 'varchar', length: 16 }) channel!: OrderChannel;
  @Column({ type: 'varchar', length: 16 }) status!: OrderStatus;
  @Column({ type: 'integer', name: 'total_minor' }) totalMinor!: number;
  @Column({ type: 'char', length: 3 }) currency!: string;
  /** The source system's reference, so that re-importing a file does not duplicate orders. */
  @Column({ type: 'varchar', length: 200, name: 'external_ref', nullable: true, unique: true }) externalRef!: string | null;
  @Column({ type: 'timestamptz', name: 'placed_at' }) placedAt!: Date;
  /** PICKUP_IN_STORE or SHIP_TO_HOME for orders placed through Mirrorfit; null for history from elsewhere. */
  @Column({ type: 'varchar', length: 24, nullable: true }) fulfillment!: string | null;
  @Column({ type: 'jsonb', name: 'shipping_address', nullable: true }) shippingAddress!: Record<string, string> | null;
  /** The payment provider's reference of the approved payment. */
  @Column({ type: 'varchar', length: 120, name: 'payment_reference', nullable: true }) paymentReference!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @OneToMany(() => OrderLineEntity, (l) => l.order) lines?: OrderLineEntity[];
}
