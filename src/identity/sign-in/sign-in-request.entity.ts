import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum SignInStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  EXPIRED = 'EXPIRED',
}

/**
 * A member signing in at a mirror: the mirror shows a QR (one-time token) and a code, the member's app
 * approves it, and the session becomes the member's. Token and code are stored only as hashes.
 */
@Entity('member_sign_in')
@Check('chk_member_sign_in_status', `status IN ('PENDING', 'APPROVED', 'EXPIRED')`)
export class SignInRequestEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId!: string;
  @Column({ type: 'uuid', name: 'kiosk_id' }) kioskId!: string;
  @Column({ type: 'char', length: 64, name: 'token_hash', unique: true }) tokenHash!: string;
  @Column({ type: 'char', length: 64, name: 'code_hash', unique: true }) codeHash!: string;
  @Column({ type: 'varchar', length: 16 }) status!: SignInStatus;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt!: Date;
  @Column({ type: 'uuid', name: 'customer_id', nullable: true }) customerId!: string | null;
  @Column({ type: 'timestamptz', name: 'approved_at', nullable: true }) approvedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
