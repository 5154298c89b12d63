import { IsOptional, IsUUID } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, createUnionType, Ctx, Field, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../auth/principal';
import { NotFoundError } from '../common/error-result.type';
import { Topics } from '../common/pubsub';
import { RequestContext } from '../common/request-context';
import { SessionEndedError, SessionNotFoundError } from '../kiosk/kiosk-session.type';
import type { Services } from '../services';
import { Cart, CartResult } from './cart/cart.types';
import { CartEntity } from './cart/cart.entity';
import { CheckoutInput, CheckoutResult } from './checkout/checkout.types';
import { HandoffStatus } from './handoff/cart-handoff.entity';
import { CartHandoffEvent, ClaimCartHandoffResult, ConfirmCartHandoffResult, CreateCartHandoffResult } from './handoff/handoff.types';

@ArgsType()
class AddToCartArgs {
  @Field(() => ID, { description: 'Kiosk session.' })
  @IsUUID('all', { message: 'sessionId must be a session id (UUID)' })
  sessionId!: string;
  @Field(() => ID, { description: 'Variant (size and colour).' })
  @IsUUID('all', { message: 'variantId must be a variant id (UUID)' })
  variantId!: string;
  @Field(() => Int, { defaultValue: 1, description: 'How many (1..10).' })
  quantity!: number;
}

@ArgsType()
class CartLineArgs {
  @Field(() => ID, { description: 'Cart.' })
  @IsUUID('all', { message: 'cartId must be a cart id (UUID)' })
  cartId!: string;
  @Field(() => ID, { description: 'Line.' })
  @IsUUID('all', { message: 'lineId must be a line id (UUID)' })
  lineId!: string;
}

@ArgsType()
class SessionCartArgs {
  @Field(() => ID, { description: 'Session.' })
  @IsUUID('all', { message: 'sessionId must be a session id (UUID)' })
  sessionId!: string;
}

@ArgsType()
class AddToMyCartArgs {
  @Field(() => ID, { description: 'Variant.' })
  @IsUUID('all', { message: 'variantId must be a variant id (UUID)' })
  variantId!: string;
  @Field(() => Int, { defaultValue: 1, description: 'How many (1..10).' })
  quantity!: number;
}

@ArgsType()
class UpdateCartLineArgs extends CartLineArgs {
  @Field(() => Int, { nullable: true, description: 'New quantity (1..10).' })
  quantity!: number | null;
  @Field(() => ID, { nullable: true, description: 'Another size/colour of the same product.' })
  @IsOptional()
  @IsUUID('all', { message: 'variantId must be a variant id (UUID)' })
  variantId!: string | null;
}

@ArgsType()
class CreateCartHandoffArgs {
  @Field(() => ID, { description: 'The session cart.' })
  @IsUUID('all', { message: 'cartId must be a cart id (UUID)' })
  cartId!: string;
}

@ArgsType()
class ConfirmCartHandoffArgs {
  @Field(() => ID, { description: 'The claimed hand-off.' })
  @IsUUID('all', { message: 'handoffId must be a hand-off id (UUID)' })
  handoffId!: string;
}

@ArgsType()
class HandoffIdArgs {
  @Field(() => ID, { description: 'Hand-off.' })
  @IsUUID('all', { message: 'handoffId must be a hand-off id (UUID)' })
  handoffId!: string;
}

@ArgsType()
class ClaimArgs {
  @Field({ nullable: true, description: 'The token from the QR.' })
  @IsOptional()
  token?: string;
  @Field({ nullable: true, description: 'Or the typed code (XXXX-XXXX, any case).' })
  @IsOptional()
  code?: string;
}

const MemberCartResult = createUnionType({
  name: 'MemberCartResult',
  description: 'The app cart after the change, or why nothing changed.',
  types: () => [Cart, NotFoundError, SessionEndedError, SessionNotFoundError] as const,
});

@Resolver()
export class CommerceResolver {
  constructor(private readonly services: Services) {}

  @Authorized(Role.KIOSK)
  @Query(() => Cart, { nullable: true, description: "The session's cart (null until something is added)." })
  async sessionCart(@Ctx() ctx: RequestContext, @Args(() => SessionCartArgs) { sessionId }: SessionCartArgs): Promise<Cart | null> {
    const cart = await this.services.carts.sessionCart(ctx, sessionId, false);
    return cart instanceof CartEntity ? this.services.carts.view(ctx, cart) : null;
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => Cart, { description: 'Your app cart.' })
  async myCart(@Ctx() ctx: RequestContext): Promise<Cart> {
    return this.services.carts.view(ctx, (await this.services.carts.memberCart(ctx, true))!);
  }

  @Authorized(Role.KIOSK)
  @Mutation(() => CartResult, { description: "Add a variant to the session's cart (stock checked in this store)." })
  addToCart(@Ctx() ctx: RequestContext, @Args(() => AddToCartArgs) a: AddToCartArgs): Promise<typeof CartResult> {
    return this.services.carts.addToSessionCart(ctx, a.sessionId, a.variantId, a.quantity);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => CartResult, { description: 'Add a variant to your app cart.' })
  addToMyCart(@Ctx() ctx: RequestContext, @Args(() => AddToMyCartArgs) { variantId, quantity }: AddToMyCartArgs): Promise<typeof CartResult> {
    return this.services.carts.addToMemberCart(ctx, variantId, quantity);
  }

  @Authorized(Role.KIOSK, Role.CUSTOMER)
  @Mutation(() => CartResult, { description: 'Change the quantity or the size of a line.' })
  updateCartLine(@Ctx() ctx: RequestContext, @Args(() => UpdateCartLineArgs) { cartId, lineId, quantity, variantId }: UpdateCartLineArgs): Promise<typeof CartResult> {
    return this.services.carts.updateLine(ctx, cartId, lineId, { quantity, variantId });
  }

  @Authorized(Role.KIOSK, Role.CUSTOMER)
  @Mutation(() => MemberCartResult, { description: 'Remove a line.' })
  removeCartLine(@Ctx() ctx: RequestContext, @Args(() => CartLineArgs) { cartId, lineId }: CartLineArgs): Promise<typeof MemberCartResult> {
    return this.services.carts.removeLine(ctx, cartId, lineId);
  }

  @Authorized(Role.KIOSK)
  @Mutation(() => CreateCartHandoffResult, { description: 'Offer the cart to the customer’s phone: a QR (one-time token) and a typed code, valid for HANDOFF_TTL_SECONDS.' })
  createCartHandoff(@Ctx() ctx: RequestContext, @Args(() => CreateCartHandoffArgs) { cartId }: CreateCartHandoffArgs): Promise<typeof CreateCartHandoffResult> {
    return this.services.handoffs.create(ctx, cartId);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => ClaimCartHandoffResult, { description: 'Claim a mirror cart with the QR token or the code; returns a preview to confirm. Single-use; wrong codes are rate-limited.' })
  claimCartHandoff(@Ctx() ctx: RequestContext, @Args(() => ClaimArgs) args: ClaimArgs): Promise<typeof ClaimCartHandoffResult> {
    return this.services.handoffs.claim(ctx, args);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => ConfirmCartHandoffResult, {
    description: 'Move the claimed cart into your app cart, merged with what is there: a line stops at 10 units, and the answer’s `shortfalls` says what did not fit (it stays on the mirror’s cart).',
  })
  confirmCartHandoff(@Ctx() ctx: RequestContext, @Args(() => ConfirmCartHandoffArgs) { handoffId }: ConfirmCartHandoffArgs): Promise<typeof ConfirmCartHandoffResult> {
    return this.services.handoffs.confirm(ctx, handoffId);
  }

  @Authorized(Role.KIOSK)
  @Query(() => HandoffStatus, { nullable: true, description: 'Status of one of this mirror’s hand-offs (null if not yours).' })
  cartHandoffStatus(@Ctx() ctx: RequestContext, @Args(() => HandoffIdArgs) { handoffId }: HandoffIdArgs): Promise<HandoffStatus | null> {
    return this.services.handoffs.status(ctx, handoffId);
  }

  @Authorized(Role.KIOSK)
  @Subscription(() => CartHandoffEvent, {
    topics: Topics.HANDOFF,
    filter: ({ payload, args, context }: { payload: CartHandoffEvent; args: { handoffId: string }; context: RequestContext }) =>
      payload.handoffId === args.handoffId && context.principal.kind === 'kiosk' && payload.kioskId === context.principal.kioskId,
    description: 'Follow a hand-off on the mirror: CLAIMED, CONFIRMED or EXPIRED (then reset the screen).',
  })
  cartHandoffUpdates(@Root() event: CartHandoffEvent, @Arg('handoffId', () => ID, { description: 'Hand-off.' }) _handoffId: string): CartHandoffEvent {
    return event;
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => CheckoutResult, { description: 'Order your app cart: stock reserved atomically, payment authorised; a retry with the same key returns the same order.' })
  checkout(@Ctx() ctx: RequestContext, @Arg('input', () => CheckoutInput, { description: 'Cart, key, fulfilment, payment.' }) input: CheckoutInput): Promise<typeof CheckoutResult> {
    return this.services.checkout.checkout(ctx, input);
  }
}
