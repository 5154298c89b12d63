import { Check, Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CustomerEntity } from '../identity/customer.entity';
import { KioskEntity } from '../kiosk/kiosk.entity';
import type { BodyProfileData } from './body-profile.data';

/** Who saved a profile that replaced the member's previous one: the member in the app, or the mirror they signed in on. */
export enum BodyProfileSaveChannel {
  APP = 'APP',
  MIRROR = 'MIRROR',
}

/**
 * A body profile a member chose to keep; they can read and delete it. One per member, with one level
 * of undo: when a save replaces the profile, the replaced one is kept in the `previous_*` columns
 * (with how it was replaced) until the member restores it, saves again or deletes the profile.
 */
@Entity('saved_body_profile')
@Check('chk_saved_body_profile_source', `source IN ('SCAN', 'MANUAL')`)
@Check('chk_saved_body_profile_sex', `sex IN ('M', 'F')`)
@Check('chk_saved_body_profile_previous_source', `previous_source IN ('SCAN', 'MANUAL')`)
@Check('chk_saved_body_profile_previous_sex', `previous_sex IN ('M', 'F')`)
@Check('chk_saved_body_profile_replaced_via', `replaced_via IN ('APP', 'MIRROR')`)
@Check(
  'chk_saved_body_profile_previous',
  `(previous_profile IS NULL AND previous_source IS NULL AND previous_sex IS NULL AND previous_quality IS NULL AND previous_saved_at IS NULL AND replaced_via IS NULL AND replaced_by_kiosk_id IS NULL)
   OR (previous_profile IS NOT NULL AND previous_source IS NOT NULL AND previous_quality IS NOT NULL AND previous_saved_at IS NOT NULL AND replaced_via IS NOT NULL)`,
)
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

  /** The saved profile this one replaced (null: none, or restored, or saved before replacements were kept). */
  @Column({ type: 'jsonb', name: 'previous_profile', nullable: true }) previousProfile!: BodyProfileData | null;
  @Column({ type: 'varchar', length: 16, name: 'previous_source', nullable: true }) previousSource!: string | null;
  @Column({ type: 'varchar', length: 1, name: 'previous_sex', nullable: true }) previousSex!: 'M' | 'F' | null;
  @Column({ type: 'real', name: 'previous_quality', nullable: true }) previousQuality!: number | null;
  @Column({ type: 'timestamptz', name: 'previous_saved_at', nullable: true }) previousSavedAt!: Date | null;
  /** How the current profile replaced the previous one: from the app or at a mirror. */
  @Column({ type: 'varchar', length: 8, name: 'replaced_via', nullable: true }) replacedVia!: BodyProfileSaveChannel | null;
  /** The mirror whose session the current profile came from, when it replaced one (null once that mirror is deleted). */
  @Column({ type: 'uuid', name: 'replaced_by_kiosk_id', nullable: true }) replacedByKioskId!: string | null;
  /** When the current profile was brought back by an undo (null: it was not, or it has been replaced since). */
  @Column({ type: 'timestamptz', name: 'restored_at', nullable: true }) restoredAt!: Date | null;
  @ManyToOne(() => KioskEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'replaced_by_kiosk_id', foreignKeyConstraintName: 'fk_saved_body_profile_replaced_by_kiosk' })
  replacedByKiosk?: KioskEntity | null;
}
