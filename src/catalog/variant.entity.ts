import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { SizeSystem, sqlIn } from '../common/enums';
import { ProductEntity } from './product.entity';

/** Garment measurements of one size, in centimetres (flat measurements doubled to circumferences). */
export interface GarmentMeasurements {
  chestCm?: number;
  waistCm?: number;
  hipCm?: number;
  lengthCm?: number;
  sleeveCm?: number;
  inseamCm?: number;
  footLengthMm?: number;
}

/** One size and colour of a product, with its own barcode. */
@Entity('variant')
@Unique('uq_variant_product_size_colour', ['productId', 'sizeLabel', 'colour'])
@Check('chk_variant_size_system', `size_system IN (${sqlIn(SizeSystem)})`)
/** Barcode look-ups by GTIN-14 form, lpad(barcode, 14, '0') (an expression index: see its migration). */
@Index('idx_variant_gtin14', { synchronize: false })
export class VariantEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index('idx_variant_product')
  @Column({ type: 'uuid', name: 'product_id' })
  productId!: string;
  @ManyToOne(() => ProductEntity, (p) => p.variants, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;
  @Column({ type: 'varchar', length: 16, name: 'size_label' }) sizeLabel!: string;
  @Column({ type: 'varchar', length: 16, name: 'size_system' }) sizeSystem!: SizeSystem;
  @Column({ type: 'varchar', length: 60 }) colour!: string;
  /** GTIN-13 (or another GTIN length); what a shelf scanner reads. */
  @Column({ type: 'varchar', length: 14, unique: true }) barcode!: string;
  @Column({ type: 'jsonb', name: 'garment_measurements', default: () => "'{}'" }) garmentMeasurements!: GarmentMeasurements;
  /** Position of the size within its system (XS=0 ... XXL=5; shoes by EU size), for ordering. */
  @Column({ type: 'smallint', name: 'size_rank' }) sizeRank!: number;
}
