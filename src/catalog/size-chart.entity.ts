import { Check, Column, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { GarmentType, Gender, SizeSystem, sqlIn } from '../common/enums';

/** The body dimensions a size chart can give intervals for. */
export const SIZE_CHART_KEYS = ['chestCm', 'waistCm', 'hipCm', 'heightCm', 'inseamCm', 'footLengthMm'] as const;
export type SizeChartKey = (typeof SIZE_CHART_KEYS)[number];

/** Body-dimension interval of one size, EN 13402-3 style; bounds in centimetres (foot in mm). */
export interface SizeChartRow {
  size: string;
  chestCm?: [number, number];
  waistCm?: [number, number];
  hipCm?: [number, number];
  heightCm?: [number, number];
  inseamCm?: [number, number];
  footLengthMm?: [number, number];
}

/**
 * Which body measurements map to which size, per brand x garment type x gender.
 * A chart with `brand` null is the house default used when a brand has no chart of its own.
 */
@Entity('size_chart')
@Unique('uq_size_chart_scope', ['brand', 'garmentType', 'gender'])
@Check('chk_size_chart_garment', `garment_type IN (${sqlIn(GarmentType)})`)
@Check('chk_size_chart_gender', `gender IN (${sqlIn(Gender)})`)
@Check('chk_size_chart_system', `size_system IN (${sqlIn(SizeSystem)})`)
export class SizeChartEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 120, nullable: true }) brand!: string | null;
  @Column({ type: 'varchar', length: 16, name: 'garment_type' }) garmentType!: GarmentType;
  @Column({ type: 'varchar', length: 16 }) gender!: Gender;
  @Column({ type: 'varchar', length: 16, name: 'size_system' }) sizeSystem!: SizeSystem;
  @Column({ type: 'jsonb' }) rows!: SizeChartRow[];
  @Column({ type: 'uuid', name: 'updated_by', nullable: true }) updatedBy!: string | null;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
