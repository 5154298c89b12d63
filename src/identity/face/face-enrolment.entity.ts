import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { CustomerEntity } from '../customer.entity';
import { FaceConsentEntity } from './face-consent.entity';

/**
 * A member's face embedding, encrypted with AES-256-GCM (never stored in clear, never exposed). It
 * cannot outlive the consent it was given under: deleting the consent deletes it.
 */
@Entity('face_enrolment')
@Index('idx_face_enrolment_updated', ['updatedAt'])
export class FaceEnrolmentEntity {
  @PrimaryColumn({ type: 'uuid', name: 'customer_id' }) customerId!: string;
  @OneToOne(() => CustomerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;
  @Column({ type: 'uuid', name: 'consent_id' }) consentId!: string;
  @ManyToOne(() => FaceConsentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consent_id' })
  consent?: FaceConsentEntity;
  /** 96-bit GCM nonce, fresh for every encryption. */
  @Column({ type: 'bytea' }) iv!: Buffer;
  /** The L2-normalised embedding as float32 little-endian, encrypted. */
  @Column({ type: 'bytea' }) ciphertext!: Buffer;
  @Column({ type: 'bytea', name: 'auth_tag' }) authTag!: Buffer;
  /** Fingerprint of the key that encrypted it (not the key), so that keys can be rotated. */
  @Column({ type: 'varchar', length: 32, name: 'key_id' }) keyId!: string;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  /** Set on every write, under the enrolment lock: other server processes poll count and max of it. */
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
