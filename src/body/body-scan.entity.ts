import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { KioskSessionEntity } from '../kiosk/kiosk-session.entity';
import type { BodyObservables } from './body-observables';
import type { BodyProfileData } from './body-profile.data';

export enum BodyProfileSource {
  /** Estimated from the mirror's camera (keypoints and silhouettes). */
  SCAN = 'SCAN',
  /** Typed by the customer or sent by the app. */
  MANUAL = 'MANUAL',
}

/**
 * Body data of one session: personal data, never exposed beyond the session's kiosk and its signed-in
 * member, and deleted when the session ends (after `purge_after`) unless the member saved a profile.
 */
@Entity('body_scan')
@Check('chk_body_scan_source', `source IN ('SCAN', 'MANUAL')`)
@Check('chk_body_scan_sex', `sex IN ('M', 'F')`)
@Index('idx_body_scan_session', ['sessionId', 'createdAt'])
@Index('idx_body_scan_purge', ['purgeAfter'], { where: 'purge_after IS NOT NULL' })
export class BodyScanEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId!: string;
  @ManyToOne(() => KioskSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: KioskSessionEntity;
  @Column({ type: 'varchar', length: 16 }) source!: BodyProfileSource;
  /** What the kiosk observed, in mm (null for manual measurements). */
  @Column({ type: 'jsonb', nullable: true }) observables!: BodyObservables | null;
  @Column({ type: 'jsonb' }) profile!: BodyProfileData;
  /** The sex the customer declared with the scan or measurements (null for rows from before it was kept). */
  @Column({ type: 'varchar', length: 1, nullable: true }) sex!: 'M' | 'F' | null;
  /** 0..1, how much the estimate can be trusted (keypoint confidence, imputed inputs). */
  @Column({ type: 'real' }) quality!: number;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) notes!: string[];
  @Column({ type: 'varchar', length: 32, name: 'model_version', nullable: true }) modelVersion!: string | null;
  /** Set when the session ends: the row is deleted after this moment. */
  @Column({ type: 'timestamptz', name: 'purge_after', nullable: true }) purgeAfter!: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
