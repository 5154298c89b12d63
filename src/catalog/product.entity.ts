import { Check, Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { FitType, GarmentType, Gender, Sport, sqlIn } from '../common/enums';
import { VariantEntity } from './variant.entity';

/** A product's own fields, without ids or timestamps: what imports and the demo generator produce. */
export type ProductFields = Pick<
  ProductEntity,
  'sku' | 'name' | 'brand' | 'categoryPath' | 'garmentType' | 'gender' | 'sport' | 'fitType' | 'priceMinor' | 'currency' | 'description' | 'attributes' | 'tags'
>;

/** A sellable article; sizes and colours are its variants. Money is in integer minor units. */
@Entity('product')
@Check('chk_product_price', 'price_minor >= 0')
@Check('chk_product_gender', `gender IN (${sqlIn(Gender)})`)
@Check('chk_product_sport', `sport IN (${sqlIn(Sport)})`)
@Check('chk_product_fit', `fit_type IN (${sqlIn(FitType)})`)
@Check('chk_product_garment', `garment_type IN (${sqlIn(GarmentType)})`)
@Index('idx_product_brand', ['brand'])
@Index('idx_product_sport_gender', ['sport', 'gender'])
@Index('idx_product_category', ['categoryPath'])
// Full-text search index over name, brand and description; an expression index kept by migrations only.
@Index('idx_product_search', { synchronize: false })
// lower(sku) text_pattern_ops, for SKU prefix search: an expression index, made by its migration.
@Index('idx_product_sku_prefix', { synchronize: false })
export class ProductEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 64, unique: true }) sku!: string;
  @Column({ type: 'varchar', length: 300 }) name!: string;
  @Column({ type: 'varchar', length: 120 }) brand!: string;
  /** Slash-separated, most general first: "apparel/tops/t-shirts". */
  @Column({ type: 'varchar', length: 300, name: 'category_path' }) categoryPath!: string;
  @Column({ type: 'varchar', length: 16, name: 'garment_type' }) garmentType!: GarmentType;
  @Column({ type: 'varchar', length: 16 }) gender!: Gender;
  @Column({ type: 'varchar', length: 16 }) sport!: Sport;
  @Column({ type: 'varchar', length: 16, name: 'fit_type' }) fitType!: FitType;
  @Column({ type: 'integer', name: 'price_minor' }) priceMinor!: number;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  /** Free-form facts: material, weight, waterproofing, ... */
  @Column({ type: 'jsonb', default: () => "'{}'" }) attributes!: Record<string, unknown>;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) tags!: string[];
  @OneToMany(() => VariantEntity, (v) => v.product) variants?: VariantEntity[];
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
