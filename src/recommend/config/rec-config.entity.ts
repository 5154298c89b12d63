import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RecommendationRules } from './recommendation-rules';

export enum RecConfigStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

/**
 * A version of the merchandisers' recommendation rules. At most one DRAFT and one PUBLISHED exist;
 * publishing archives the previous published version, so every version stays readable.
 */
@Entity('rec_config')
@Check('chk_rec_config_status', `status IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')`)
@Index('uq_rec_config_draft', ['status'], { unique: true, where: `status = 'DRAFT'` })
@Index('uq_rec_config_published', ['status'], { unique: true, where: `status = 'PUBLISHED'` })
export class RecConfigEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'integer', unique: true }) version!: number;
  @Column({ type: 'varchar', length: 16 }) status!: RecConfigStatus;
  @Column({ type: 'jsonb' }) rules!: RecommendationRules;
  @Column({ type: 'uuid', name: 'created_by', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @Column({ type: 'uuid', name: 'published_by', nullable: true }) publishedBy!: string | null;
}

/** Who changed what in the recommendation rules, and when. */
@Entity('rec_config_audit')
@Index('idx_rec_config_audit_at', ['createdAt'])
export class RecConfigAuditEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column({ type: 'uuid', name: 'config_id' }) configId!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'uuid', name: 'staff_id' }) staffId!: string;
  @Column({ type: 'varchar', length: 24 }) action!: string;
  /** What changed: the rule paths before and after. */
  @Column({ type: 'jsonb' }) changes!: { path: string; before: unknown; after: unknown }[];
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
