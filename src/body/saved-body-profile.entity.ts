import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CustomerEntity } from '../identity/customer.entity';
import type { BodyProfileData } from './body-profile.data';

/** A body profile a member chose to keep; they can read and delete it. One per member. */
@Entity('saved_body_profile')
@Check('chk_saved_body_profile_source', `source IN ('SCAN', 'MANUAL')`)
@Check('chk_saved_body_profile_sex', `sex IN ('M', 'F')`)
export class SavedBodyProfileEntity {
  @PrimaryColumn({ type: 'uuid', name: 'customer_id' }) customerId!: string;
  @OneToOne(() => CustomerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;
  @Column({ type: 'varchar', length: 16 }) source!: string;
  @Column({ type: 'jsonb' }) profile!: BodyProfileData;
  /** The sex declared with the scan or measurements it was saved from (null: not declared, or saved before it was kept). */
  @Column({ type: 'varchar', length: 1, nullable: true }) sex!: 'M' | 'F' | null;
  @Column({ type: 'real' }) quality!: number;
  @UpdateDateColumn({ type: 'timestamptz', name: 'saved_at' }) savedAt!: Date;
}
