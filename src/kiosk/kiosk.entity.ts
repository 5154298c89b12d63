import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StoreEntity } from '../store/store.entity';

/** A mirror device. Its bearer credential is stored only as a SHA-256 hash. */
@Entity('kiosk')
export class KioskEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index('idx_kiosk_store')
  @Column({ type: 'uuid', name: 'store_id' })
  storeId!: string;
  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'store_id' })
  store?: StoreEntity;
  @Column({ type: 'varchar', length: 120 }) label!: string;
  /** hex SHA-256 of the device token; the token itself is shown once at provisioning. */
  @Column({ type: 'char', length: 64, name: 'token_hash', unique: true }) tokenHash!: string;
  /** The first characters of the token, so staff can tell devices apart without the secret. */
  @Column({ type: 'varchar', length: 16, name: 'token_hint' }) tokenHint!: string;
  @Column({ type: 'timestamptz', name: 'last_seen_at', nullable: true }) lastSeenAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
