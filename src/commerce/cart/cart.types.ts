import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Product } from '../../catalog/product.type';
import { Variant } from '../../catalog/variant.type';
import { ErrorResult, ErrorResultCode, NotFoundError } from '../../common/error-result.type';
import { Money } from '../../common/money.type';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { CartStatus } from './cart.entity';

registerEnumType(CartStatus, { name: 'CartStatus', description: 'ACTIVE, MERGED (handed to the phone) or CHECKED_OUT.' });

@ObjectType('CartLine', { description: 'A variant in a cart, with live stock.' })
export class CartLine {
  @Field(() => ID, { description: 'Line id.' })
  id!: string;
  @Field(() => Int, { description: 'Quantity (1..10).' })
  quantity!: number;
  @Field(() => Variant, { description: 'Size and colour.' })
  variant!: Variant;
  @Field(() => Product, { description: 'The product.' })
  product!: Product;
  @Field(() => Money, { description: 'Price per unit.' })
  unitPrice!: Money;
  @Field(() => Money, { description: 'Quantity x unit price.' })
  lineTotal!: Money;
  @Field(() => Int, { nullable: true, description: "Units available now in the cart's store (null when the cart has no store)." })
  availableInStore!: number | null;
  @Field({ description: 'Whether the quantity can be handed over now (in the store, or from any store for delivery).' })
  inStock!: boolean;
}

@ObjectType('CartLineShortfall', {
  description: 'Units a change could not put into the cart, and why. A hand-off merge adds the mirror’s lines to the app cart; where the app cart already holds the variant, a line stops at 10 units (and a cart at the most one order can take), and what did not fit is reported here.',
})
export class CartLineShortfall {
  @Field(() => Variant, { description: 'Size and colour.' })
  variant!: Variant;
  @Field(() => Product, { description: 'The product.' })
  product!: Product;
  @Field(() => Int, { description: 'Units the change asked to add (for a hand-off: the mirror cart’s quantity).' })
  requested!: number;
  @Field(() => Int, { description: 'Units added.' })
  added!: number;
  @Field(() => Int, { description: 'Units not added (requested minus added).' })
  leftOut!: number;
  @Field({ description: 'What to tell the customer, e.g. "You already had 7 of Trail Tee (M, Black); a line holds at most 10, so 3 of the 6 from the mirror were not added."' })
  message!: string;
}

@ObjectType('Cart', { description: 'A cart at the mirror (one per session) or the member’s app cart.' })
export class Cart {
  @Field(() => ID, { description: 'Cart id.' })
  id!: string;
  @Field(() => CartStatus, { description: 'Status.' })
  status!: CartStatus;
  @Field(() => ID, { nullable: true, description: 'Store whose stock the cart is checked against.' })
  storeId!: string | null;
  @Field(() => [CartLine], { description: 'Lines, oldest first.' })
  lines!: CartLine[];
  @Field(() => Int, { description: 'Number of units.' })
  itemCount!: number;
  @Field(() => Money, { description: 'Sum of the lines.' })
  total!: Money;
  @Field(() => [CartLineShortfall], {
    description: 'Units the change that returned this cart could not add (only confirmCartHandoff leaves any out, when a line would pass 10 units); empty on reads and every other change.',
  })
  shortfalls!: CartLineShortfall[];
}

@ObjectType({ implements: ErrorResult, description: 'Not enough stock for the requested quantity.' })
export class OutOfStockError extends ErrorResult {
  @Field(() => ID, { description: 'The variant.' })
  variantId!: string;
  @Field(() => Int, { description: 'Units requested.' })
  requested!: number;
  @Field(() => Int, { description: 'Units available.' })
  available!: number;

  constructor(variantId: string, requested: number, available: number, where: string) {
    super();
    this.code = ErrorResultCode.OUT_OF_STOCK;
    this.message = `Only ${available} left ${where}`;
    this.variantId = variantId;
    this.requested = requested;
    this.available = available;
  }
}

export const CartResult = createUnionType({
  name: 'CartResult',
  description: 'The cart after the change, or why nothing changed.',
  types: () => [Cart, SessionNotFoundError, SessionEndedError, NotFoundError, OutOfStockError] as const,
});
