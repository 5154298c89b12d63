import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface ExperimentArm {
  name: string;
  /** The rec_config version served to this arm. */
  configVersion: number;
  /** Share of traffic (weights are normalised). */
  weight: number;
}

/** An A/B test between recommendation configurations, split by a stable hash of customer or session. */
@Entity('rec_experiment')
@Check('chk_rec_experiment_status', `status IN ('RUNNING', 'STOPPED')`)
@Check('chk_rec_experiment_unit', `unit IN ('CUSTOMER', 'SESSION')`)
export class RecExperimentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 120 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) status!: 'RUNNING' | 'STOPPED';
  @Column({ type: 'varchar', length: 16 }) unit!: 'CUSTOMER' | 'SESSION';
  @Column({ type: 'jsonb' }) arms!: ExperimentArm[];
  @Column({ type: 'uuid', name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'stopped_at', nullable: true }) stoppedAt!: Date | null;
}
