import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CustomerEntity } from '../identity/customer.entity';
import { StoreEntity } from '../store/store.entity';
import { KioskEntity } from './kiosk.entity';

export enum KioskSessionStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}

export enum KioskSessionEndReason {
  /** The kiosk ended it (customer walked away, privacy wipe). */
  ENDED_BY_KIOSK = 'ENDED_BY_KIOSK',
  /** Nothing happened for longer than the idle timeout. */
  IDLE_TIMEOUT = 'IDLE_TIMEOUT',
  /** The kiosk started a new session while this one was still open. */
  REPLACED = 'REPLACED',
}

/** One customer's time at one mirror. Scans, try-ons, carts and recommendations belong to it. */
@Entity('kiosk_session')
@Check('chk_kiosk_session_status', `status IN ('ACTIVE', 'ENDED')`)
@Index('idx_kiosk_session_kiosk_status', ['kioskId', 'status'])
@Index('idx_kiosk_session_active_activity', ['lastActivityAt'], { where: `status = 'ACTIVE'` })
export class KioskSessionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'kiosk_id' }) kioskId!: string;
  @ManyToOne(() => KioskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'kiosk_id' })
  kiosk?: KioskEntity;
  @Column({ type: 'uuid', name: 'store_id' }) storeId!: string;
  @ManyToOne(() => StoreEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'store_id' })
  store?: StoreEntity;
  /** The signed-in member, once they sign in at the mirror. */
  @Column({ type: 'uuid', name: 'customer_id', nullable: true }) customerId!: string | null;
  @ManyToOne(() => CustomerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;
  @Column({ type: 'varchar', length: 16 }) status!: KioskSessionStatus;
  @Column({ type: 'varchar', length: 32, name: 'end_reason', nullable: true }) endReason!: KioskSessionEndReason | null;
  @Column({ type: 'timestamptz', name: 'started_at', default: () => 'now()' }) startedAt!: Date;
  @Column({ type: 'timestamptz', name: 'last_activity_at', default: () => 'now()' }) lastActivityAt!: Date;
  @Column({ type: 'timestamptz', name: 'ended_at', nullable: true }) endedAt!: Date | null;
  /** When the first order came from this session's cart (counted once in the console's conversion). */
  @Column({ type: 'timestamptz', name: 'converted_at', nullable: true }) convertedAt!: Date | null;
}
