import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum RecModelStatus {
  TRAINING = 'TRAINING',
  READY = 'READY',
  FAILED = 'FAILED',
}

/** A trained recommendation model: a stored, versioned artifact with its offline metrics. */
@Entity('rec_model')
@Check('chk_rec_model_status', `status IN ('TRAINING', 'READY', 'FAILED')`)
@Index('uq_rec_model_serving', ['serving'], { unique: true, where: 'serving' })
export class RecModelEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'integer', unique: true }) version!: number;
  @Column({ type: 'varchar', length: 16 }) status!: RecModelStatus;
  /** True for the one model that answers requests. */
  @Column({ type: 'boolean', default: false }) serving!: boolean;
  /** Share done, 0..1, while training. */
  @Column({ type: 'real', default: 0 }) progress!: number;
  @Column({ type: 'text', nullable: true }) stage!: string | null;
  /** The serialised model (see recommend/model/recommendation-artifact.ts). */
  @Column({ type: 'text', nullable: true }) artifact!: string | null;
  /** Model item index -> product id. */
  @Column({ type: 'jsonb', name: 'item_product_ids', nullable: true }) itemProductIds!: string[] | null;
  @Column({ type: 'jsonb', nullable: true }) metrics!: Record<string, number> | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  /** Who started it: a staff id, or null for the schedule or the command line. */
  @Column({ type: 'uuid', name: 'started_by', nullable: true }) startedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'started_at' }) startedAt!: Date;
  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
