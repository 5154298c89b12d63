import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CustomerEntity } from '../customer.entity';

/** What a member consented to face recognition for. One value today; a new purpose needs new consent. */
export enum FaceConsentPurpose {
  /** Recognise the member at the store mirrors, so that their session is linked to them without the app. */
  MIRROR_SIGN_IN = 'MIRROR_SIGN_IN',
}

/**
 * A member's explicit consent to face recognition: which consent text (version) they accepted, for
 * what purpose, and when. At most one per member (accepting again replaces it); withdrawing deletes it,
 * and with it the enrolment (foreign key) and the member's identification records.
 */
@Entity('face_consent')
@Check('chk_face_consent_purpose', `purpose IN ('MIRROR_SIGN_IN')`)
@Unique('uq_face_consent_customer', ['customerId'])
export class FaceConsentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'customer_id' }) customerId!: string;
  @ManyToOne(() => CustomerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;
  /** Version of the consent text shown to the member, e.g. "2025-06". */
  @Column({ type: 'varchar', length: 32 }) version!: string;
  @Column({ type: 'varchar', length: 32 }) purpose!: FaceConsentPurpose;
  @Column({ type: 'timestamptz', name: 'granted_at', default: () => 'now()' }) grantedAt!: Date;
}
