import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { StaffUserEntity } from '../auth/staff-user.entity';
import { ProductEntity } from '../catalog/product.entity';
import type { AnchorMap } from './garment-anchors';

/**
 * A garment image a merchandiser uploaded for a product (in one colour, or '' for every colour
 * without its own). Products without one are drawn with a generated image, made on demand and
 * never stored: this table holds only what cannot be regenerated.
 */
@Entity('garment_asset')
@Unique('uq_garment_asset_product_colour', ['productId', 'colour'])
@Check('chk_garment_asset_size', 'width > 0 AND height > 0')
export class GarmentAssetEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'product_id' }) productId!: string;
  @ManyToOne(() => ProductEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;
  /** The colour it shows; '' for every colour of the product without its own image. */
  @Column({ type: 'varchar', length: 60, default: '' }) colour!: string;
  /** PNG with alpha, scaled to the renderer's working size; loaded only when drawing. */
  @Column({ type: 'bytea', select: false }) image!: Buffer;
  @Column({ type: 'integer' }) width!: number;
  @Column({ type: 'integer' }) height!: number;
  /** Anchor points in the stored image's pixels. */
  @Column({ type: 'jsonb' }) anchors!: AnchorMap;
  @Column({ type: 'uuid', name: 'uploaded_by', nullable: true }) uploadedBy!: string | null;
  @ManyToOne(() => StaffUserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'uploaded_by' })
  uploader?: StaffUserEntity;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
