import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum HandoffStatus {
  PENDING = 'PENDING',
  CLAIMED = 'CLAIMED',
  CONFIRMED = 'CONFIRMED',
  EXPIRED = 'EXPIRED',
}

/**
 * A cart offered from a mirror to a phone. The QR token (256 bits) and the typed code are stored only
 * as keyed hashes; a claim is atomic (one UPDATE ... WHERE status = 'PENDING'), so a code is single-use.
 */
@Entity('cart_handoff')
@Check('chk_handoff_status', `status IN ('PENDING', 'CLAIMED', 'CONFIRMED', 'EXPIRED')`)
@Index('idx_handoff_cart', ['cartId'])
export class CartHandoffEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'cart_id' }) cartId!: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId!: string;
  @Column({ type: 'uuid', name: 'kiosk_id' }) kioskId!: string;
  @Column({ type: 'uuid', name: 'store_id' }) storeId!: string;
  @Column({ type: 'char', length: 64, name: 'token_hash', unique: true }) tokenHash!: string;
  @Column({ type: 'char', length: 64, name: 'code_hash', unique: true }) codeHash!: string;
  @Column({ type: 'varchar', length: 16 }) status!: HandoffStatus;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt!: Date;
  @Column({ type: 'uuid', name: 'claimed_by', nullable: true }) claimedBy!: string | null;
  @Column({ type: 'timestamptz', name: 'claimed_at', nullable: true }) claimedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'confirmed_at', nullable: true }) confirmedAt!: Date | null;
  /** The member's app cart the lines were merged into on confirmation: its order converts this session. */
  @Index('idx_handoff_target_cart', { where: 'target_cart_id IS NOT NULL' })
  @Column({ type: 'uuid', name: 'target_cart_id', nullable: true })
  targetCartId!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
