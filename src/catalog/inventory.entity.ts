import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { StoreEntity } from '../store/store.entity';
import { VariantEntity } from './variant.entity';

/** Stock of one variant in one store. Available = on hand - reserved; the checks keep it >= 0. */
@Entity('inventory')
@Check('chk_inventory_on_hand', 'on_hand >= 0')
@Check('chk_inventory_reserved', 'reserved >= 0 AND reserved <= on_hand')
@Index('idx_inventory_variant', ['variantId'])
export class InventoryEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id' }) storeId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'variant_id' }) variantId!: string;
  @ManyToOne(() => StoreEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'store_id' })
  store?: StoreEntity;
  @ManyToOne(() => VariantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'variant_id' })
  variant?: VariantEntity;
  @Column({ type: 'integer', name: 'on_hand' }) onHand!: number;
  @Column({ type: 'integer', default: 0 }) reserved!: number;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
