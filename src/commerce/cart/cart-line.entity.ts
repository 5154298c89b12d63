import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { VariantEntity } from '../../catalog/variant.entity';
import { CartEntity } from './cart.entity';

/** A variant and quantity in a cart. */
@Entity('cart_line')
@Unique('uq_cart_line_variant', ['cartId', 'variantId'])
@Check('chk_cart_line_quantity', 'quantity BETWEEN 1 AND 10')
export class CartLineEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'cart_id' }) cartId!: string;
  @ManyToOne(() => CartEntity, (c) => c.lines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cart_id' })
  cart?: CartEntity;
  @Column({ type: 'uuid', name: 'variant_id' }) variantId!: string;
  @ManyToOne(() => VariantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'variant_id' })
  variant?: VariantEntity;
  @Column({ type: 'integer' }) quantity!: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'added_at' }) addedAt!: Date;
}
