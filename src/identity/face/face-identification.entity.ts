import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CustomerEntity } from '../customer.entity';
import { KioskSessionEntity } from '../../kiosk/kiosk-session.entity';
import { KioskEntity } from '../../kiosk/kiosk.entity';
import { StoreEntity } from '../../store/store.entity';

export enum FaceIdentificationOutcome {
  /** A member was recognised and the session linked to them. */
  MATCHED = 'MATCHED',
  /** Nobody above the threshold, or the best was too close to the runner-up. */
  NOT_RECOGNISED = 'NOT_RECOGNISED',
  /** The store has face recognition switched off; nothing was compared. */
  DISABLED = 'DISABLED',
}

/**
 * Audit log: one row per identification attempt at a mirror, whatever the outcome. When a member
 * withdraws consent, the rows naming them and every row of a session that was theirs are deleted
 * (and their rows go with the member).
 */
@Entity('face_identification')
@Check('chk_face_identification_outcome', `outcome IN ('MATCHED', 'NOT_RECOGNISED', 'DISABLED')`)
@Index('idx_face_identification_store_at', ['storeId', 'at'])
@Index('idx_face_identification_customer', ['matchedCustomerId'], { where: 'matched_customer_id IS NOT NULL' })
@Index('idx_face_identification_session', ['sessionId'], { where: 'session_id IS NOT NULL' })
export class FaceIdentificationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column({ type: 'uuid', name: 'store_id' }) storeId!: string;
  @ManyToOne(() => StoreEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'store_id' })
  store?: StoreEntity;
  @Column({ type: 'uuid', name: 'kiosk_id' }) kioskId!: string;
  @ManyToOne(() => KioskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'kiosk_id' })
  kiosk?: KioskEntity;
  @Column({ type: 'uuid', name: 'session_id', nullable: true }) sessionId!: string | null;
  @ManyToOne(() => KioskSessionEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'session_id' })
  session?: KioskSessionEntity;
  @Column({ type: 'uuid', name: 'matched_customer_id', nullable: true }) matchedCustomerId!: string | null;
  @ManyToOne(() => CustomerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'matched_customer_id' })
  matchedCustomer?: CustomerEntity;
  /** Cosine similarity of the best candidate; null when nothing was compared. */
  @Column({ type: 'real', name: 'best_similarity', nullable: true }) bestSimilarity!: number | null;
  /** Best minus runner-up similarity; null when nothing was compared. */
  @Column({ type: 'real', nullable: true }) margin!: number | null;
  @Column({ type: 'varchar', length: 16 }) outcome!: FaceIdentificationOutcome;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
}
