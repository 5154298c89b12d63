import { IsIn, IsOptional, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { createUnionType, Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorResult, ErrorResultCode, InvalidInputError, NotFoundError } from '../../common/error-result.type';
import { OutOfStockError } from '../cart/cart.types';
import { EmptyCartError } from '../handoff/handoff.types';
import { Order } from '../order.type';

export enum Fulfillment {
  PICKUP_IN_STORE = 'PICKUP_IN_STORE',
  SHIP_TO_HOME = 'SHIP_TO_HOME',
}
registerEnumType(Fulfillment, { name: 'Fulfillment', description: 'Pick up in the store, or ship home.' });

@InputType({ description: 'A delivery address.' })
export class AddressInput {
  @Field({ description: 'Recipient.' })
  @Length(1, 200)
  name!: string;
  @Field({ description: 'Street and number.' })
  @Length(1, 200)
  line1!: string;
  @Field({ nullable: true, description: 'More address.' })
  @IsOptional()
  @Length(0, 200)
  line2?: string;
  @Field({ description: 'Postal code.' })
  @Length(2, 16)
  postalCode!: string;
  @Field({ description: 'City.' })
  @Length(1, 120)
  city!: string;
  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  @Matches(/^[A-Z]{2}$/, { message: 'countryCode must be two capital letters, e.g. DE' })
  countryCode!: string;
}

@InputType({ description: 'What to check out and how.' })
export class CheckoutInput {
  @Field({ description: 'Your app cart.' })
  @IsUUID('all', { message: 'cartId must be a cart id (UUID)' })
  cartId!: string;
  @Field({ description: 'Client-chosen key: a retry with the same key returns the same order (1..100 characters).' })
  @Length(1, 100)
  idempotencyKey!: string;
  @Field(() => Fulfillment, { description: 'Pickup or delivery.' })
  @IsIn(Object.values(Fulfillment))
  fulfillment!: Fulfillment;
  @Field(() => AddressInput, { nullable: true, description: 'Required for SHIP_TO_HOME.' })
  @IsOptional()
  @ValidateNested()
  address?: AddressInput | null;
  @Field({ description: 'Token from the payment provider (the built-in test provider: anything but tok_decline / tok_insufficient_funds is approved).' })
  @Length(1, 200)
  paymentToken!: string;
}

@ObjectType({ implements: ErrorResult, description: 'The payment was declined; nothing was ordered or reserved.' })
export class PaymentDeclinedError extends ErrorResult {
  constructor(reason: string) {
    super();
    this.code = ErrorResultCode.PAYMENT_DECLINED;
    this.message = `Payment declined: ${reason}`;
  }
}

@ObjectType({ implements: ErrorResult, description: 'This idempotency key was used for a different checkout.' })
export class IdempotencyConflictError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.IDEMPOTENCY_CONFLICT;
    this.message = 'This idempotency key was already used for a different checkout';
  }
}

export const CheckoutResult = createUnionType({
  name: 'CheckoutResult',
  description: 'The order, or why nothing was ordered (InvalidInputError: the cart’s total is above what one order can take).',
  types: () => [Order, NotFoundError, EmptyCartError, OutOfStockError, PaymentDeclinedError, IdempotencyConflictError, InvalidInputError] as const,
});

