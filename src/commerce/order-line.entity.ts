import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ProductEntity } from '../catalog/product.entity';
import { VariantEntity } from '../catalog/variant.entity';
import { OrderEntity } from './order.entity';

/** One product (in one variant when known) in an order. `returnedQuantity` tells a kept size from a returned one. */
@Entity('order_line')
@Check('chk_order_line_quantity', 'quantity > 0')
@Check('chk_order_line_returned', 'returned_quantity >= 0 AND returned_quantity <= quantity')
@Check('chk_order_line_price', 'unit_price_minor >= 0')
@Index('idx_order_line_product', ['productId'])
export class OrderLineEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index('idx_order_line_order')
  @Column({ type: 'uuid', name: 'order_id' })
  orderId!: string;
  @ManyToOne(() => OrderEntity, (o) => o.lines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;
  /** Null for imported history that names the product but not the size. */
  @Column({ type: 'uuid', name: 'variant_id', nullable: true }) variantId!: string | null;
  @ManyToOne(() => VariantEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'variant_id' })
  variant?: VariantEntity;
  /** Denormalised from the variant: history queries and the recommender work per product. */
  @Column({ type: 'uuid', name: 'product_id' }) productId!: string;
  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;
  @Column({ type: 'integer' }) quantity!: number;
  @Column({ type: 'integer', name: 'unit_price_minor' }) unitPriceMinor!: number;
  @Column({ type: 'integer', name: 'returned_quantity', default: 0 }) returnedQuantity!: number;
}
