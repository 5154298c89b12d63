import { Check, Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CartLineEntity } from './cart-line.entity';

export enum CartStatus {
  /** Being filled (at the mirror, or the member's app cart). */
  ACTIVE = 'ACTIVE',
  /** Its lines moved to the member's app cart after a hand-off. */
  MERGED = 'MERGED',
  /** An order was placed from it. */
  CHECKED_OUT = 'CHECKED_OUT',
}

/**
 * A cart: one per kiosk session (it survives a kiosk restart, being in the database), or one active
 * app cart per member. A hand-off moves the lines of a session cart into the member's app cart.
 */
@Entity('cart')
@Check('chk_cart_status', `status IN ('ACTIVE', 'MERGED', 'CHECKED_OUT')`)
@Check('chk_cart_owner', 'session_id IS NOT NULL OR customer_id IS NOT NULL')
@Index('uq_cart_session', ['sessionId'], { unique: true, where: 'session_id IS NOT NULL' })
@Index('uq_cart_member_active', ['customerId'], { unique: true, where: `session_id IS NULL AND status = 'ACTIVE'` })
export class CartEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'session_id', nullable: true }) sessionId!: string | null;
  @Column({ type: 'uuid', name: 'customer_id', nullable: true }) customerId!: string | null;
  /** The store whose stock the cart is checked against (the mirror's store; for app carts, the pickup store). */
  @Column({ type: 'uuid', name: 'store_id', nullable: true }) storeId!: string | null;
  @Column({ type: 'varchar', length: 16 }) status!: CartStatus;
  /** Set on an app cart that received a hand-off, so its order is counted as a kiosk hand-off. */
  @Column({ type: 'boolean', name: 'from_handoff', default: false }) fromHandoff!: boolean;
  @OneToMany(() => CartLineEntity, (l) => l.cart) lines?: CartLineEntity[];
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
