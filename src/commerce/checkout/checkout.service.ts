import { createHash } from 'node:crypto';
import type { KioskActivityService } from '../../activity/kiosk-activity.service';
import { In } from 'typeorm';
import { ProductEntity } from '../../catalog/product.entity';
import { VariantEntity } from '../../catalog/variant.entity';
import { OrderChannel, OrderStatus } from '../../common/enums';
import { InvalidInputError, NotFoundError } from '../../common/error-result.type';
import { Money } from '../../common/money.type';
import { badInput, forbidden } from '../../common/errors';
import { RequestContext, withEntityManager } from '../../common/request-context';
import { CartLineEntity } from '../cart/cart-line.entity';
import { CartEntity, CartStatus } from '../cart/cart.entity';
import { OutOfStockError } from '../cart/cart.types';
import { MAX_ORDER_TOTAL_MINOR } from '../order.entity';
import { EmptyCartError } from '../handoff/handoff.types';
import { OrderLineEntity } from '../order-line.entity';
import { OrderEntity } from '../order.entity';
import { Order } from '../order.type';
import { CheckoutRequestEntity } from './checkout-request.entity';
import { CheckoutInput, Fulfillment, IdempotencyConflictError, PaymentDeclinedError } from './checkout.types';
import { PaymentAuthorization, PaymentStrategy } from './payment.strategy';

/** Rolls a checkout transaction back while carrying the typed outcome out of it. */
class Abort extends Error {
  constructor(readonly result: NotFoundError | EmptyCartError | OutOfStockError | PaymentDeclinedError | InvalidInputError) {
    super('checkout aborted');
  }
}

/**
 * Checkout of the member's app cart in one transaction: idempotent per (member, key), stock reserved
 * with conditional updates (so nothing is ever oversold, whatever runs concurrently), payment through
 * the configured strategy, then the order, which becomes purchase history.
 */
export class CheckoutService {
  constructor(
    private readonly payments: PaymentStrategy,
    private readonly activity: KioskActivityService,
  ) {}

  async checkout(ctx: RequestContext, input: CheckoutInput): Promise<Order | NotFoundError | EmptyCartError | OutOfStockError | PaymentDeclinedError | IdempotencyConflictError | InvalidInputError> {
    if (ctx.principal.kind !== 'customer') throw forbidden('Only a member checks out');
    const customerId = ctx.principal.customerId;
    if (input.fulfillment === Fulfillment.SHIP_TO_HOME && !input.address) throw badInput('SHIP_TO_HOME needs an address', 'input.address');
    if (input.fulfillment === Fulfillment.PICKUP_IN_STORE && input.address) throw badInput('PICKUP_IN_STORE takes no address', 'input.address');
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ cartId: input.cartId, fulfillment: input.fulfillment, address: input.address ?? null, paymentToken: input.paymentToken }))
      .digest('hex');
    // Set once the payment is approved: if the transaction then does not commit, the authorisation is voided.
    const approved: { authorization?: PaymentAuthorization } = {};
    try {
      return await ctx.dataSource.transaction(async (em) => {
        // Serialise attempts with the same key; the second sees the first's result.
        await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`checkout:${customerId}:${input.idempotencyKey}`]);
        const previous = await em.getRepository(CheckoutRequestEntity).findOne({ where: { customerId, idempotencyKey: input.idempotencyKey } });
        if (previous) {
          if (previous.requestHash !== requestHash) return new IdempotencyConflictError();
          return Order.from(await em.getRepository(OrderEntity).findOneByOrFail({ id: previous.orderId }));
        }
        const cart = await em.getRepository(CartEntity).findOne({ where: { id: input.cartId }, lock: { mode: 'pessimistic_write' } });
        if (!cart || cart.customerId !== customerId || cart.sessionId !== null) throw new Abort(new NotFoundError('Cart', `No cart ${input.cartId} belongs to you`));
        if (cart.status !== CartStatus.ACTIVE) throw new Abort(new NotFoundError('Cart', 'This cart has already been checked out'));
        const lines = await em.getRepository(CartLineEntity).find({ where: { cartId: cart.id }, order: { addedAt: 'ASC' } });
        if (!lines.length) throw new Abort(new EmptyCartError());
        if (input.fulfillment === Fulfillment.PICKUP_IN_STORE && !cart.storeId) throw badInput('choose a pickup store for this cart first', 'input.fulfillment');
        const variants = await em.getRepository(VariantEntity).findBy({ id: In(lines.map((l) => l.variantId)) });
        const products = await em.getRepository(ProductEntity).findBy({ id: In(variants.map((v) => v.productId)) });
        const productOf = (variantId: string) => products.find((p) => p.id === variants.find((v) => v.id === variantId)!.productId)!;
        // Prices can have risen since the lines were added: a total an order cannot hold is refused before anything is written.
        const totalMinor = lines.reduce((s, l) => s + productOf(l.variantId).priceMinor * l.quantity, 0);
        const currency = productOf(lines[0].variantId).currency;
        // Carts refuse a second currency; one merged from a mirror's could still hold two, and an order has one.
        const currencies = [...new Set(lines.map((l) => productOf(l.variantId).currency))];
        if (currencies.length > 1) throw new Abort(new InvalidInputError('input.cartId', `The cart holds items priced in ${currencies.join(' and ')}; one order takes one currency: remove the items in one of them and try again`));
        if (totalMinor > MAX_ORDER_TOTAL_MINOR) {
          throw new Abort(new InvalidInputError('input.cartId', `The cart's total (${Money.of(totalMinor, currency).formatted}) is above ${Money.of(MAX_ORDER_TOTAL_MINOR, currency).formatted}, the most one order can take: remove something and try again`));
        }

        // Reserve: a conditional UPDATE per line; a row lock makes concurrent checkouts queue, and the
        // condition is re-checked after the wait, so the last unit goes to exactly one of them.
        let fulfilledFrom: string | null = cart.storeId;
        for (const line of lines) {
          const reserved: { store_id: string }[] =
            input.fulfillment === Fulfillment.PICKUP_IN_STORE
              ? await em.query(
                  `WITH r AS (UPDATE inventory SET reserved = reserved + $3, updated_at = now()
                     WHERE store_id = $1 AND variant_id = $2 AND on_hand - reserved >= $3 RETURNING store_id) SELECT store_id FROM r`,
                  [cart.storeId, line.variantId, line.quantity],
                )
              : await em.query(
                  `WITH pick AS (SELECT store_id FROM inventory WHERE variant_id = $1 AND on_hand - reserved >= $2
                                 ORDER BY (store_id = $3) DESC, on_hand - reserved DESC, store_id LIMIT 1 FOR UPDATE),
                        r AS (UPDATE inventory i SET reserved = i.reserved + $2, updated_at = now() FROM pick
                              WHERE i.store_id = pick.store_id AND i.variant_id = $1 AND i.on_hand - i.reserved >= $2 RETURNING i.store_id)
                   SELECT store_id FROM r`,
                  [line.variantId, line.quantity, cart.storeId],
                );
          if (!reserved.length) {
            const [{ n }] = await em.query(
              `SELECT COALESCE(SUM(GREATEST(on_hand - reserved, 0)), 0)::int AS n FROM inventory WHERE variant_id = $1 AND ($2::uuid IS NULL OR store_id = $2)`,
              [line.variantId, input.fulfillment === Fulfillment.PICKUP_IN_STORE ? cart.storeId : null],
            );
            throw new Abort(new OutOfStockError(line.variantId, line.quantity, n, input.fulfillment === Fulfillment.PICKUP_IN_STORE ? 'in the pickup store' : 'in any store'));
          }
          if (input.fulfillment === Fulfillment.SHIP_TO_HOME) fulfilledFrom = fulfilledFrom ?? reserved[0].store_id;
        }
        const order = await em.getRepository(OrderEntity).save(
          em.getRepository(OrderEntity).create({
            customerId,
            storeId: fulfilledFrom,
            channel: cart.fromHandoff ? OrderChannel.KIOSK_HANDOFF : OrderChannel.APP,
            status: OrderStatus.PLACED,
            totalMinor,
            currency,
            externalRef: null,
            placedAt: new Date(),
            fulfillment: input.fulfillment,
            shippingAddress: input.address ? { ...input.address } as Record<string, string> : null,
            paymentReference: null,
          }),
        );
        await em.getRepository(OrderLineEntity).insert(
          lines.map((l) => ({ orderId: order.id, variantId: l.variantId, productId: productOf(l.variantId).id, quantity: l.quantity, unitPriceMinor: productOf(l.variantId).priceMinor, returnedQuantity: 0 })),
        );
        await em.getRepository(CartEntity).update(cart.id, { status: CartStatus.CHECKED_OUT });
        if (cart.fromHandoff) await this.recordConversions(withEntityManager(ctx, em), cart.id);
        await em.getRepository(CheckoutRequestEntity).insert({ customerId, idempotencyKey: input.idempotencyKey, requestHash, orderId: order.id });
        // Authorised last, when everything else is written: little is left that can fail after it, and
        // if the transaction still does not commit, the catch below voids the authorisation.
        const request = { amountMinor: totalMinor, currency, paymentToken: input.paymentToken, reference: order.id };
        const payment = await this.payments.authorize(request);
        if (!payment.approved) throw new Abort(new PaymentDeclinedError(payment.reason));
        approved.authorization = { ...request, providerReference: payment.providerReference };
        await em.getRepository(OrderEntity).update(order.id, { status: OrderStatus.PAID, paymentReference: payment.providerReference });
        ctx.log.info({ orderId: order.id, channel: order.channel, lines: lines.length }, 'order placed');
        return Order.from({ ...order, status: OrderStatus.PAID, paymentReference: payment.providerReference });
      });
    } catch (error) {
      if (approved.authorization) await this.voidAuthorization(ctx, approved.authorization, error);
      if (error instanceof Abort) return error.result;
      throw error;
    }
  }

  /** Releases an authorisation whose order was rolled back; a void that fails is logged for someone to release it by hand. */
  private async voidAuthorization(ctx: RequestContext, authorization: PaymentAuthorization, cause: unknown): Promise<void> {
    ctx.log.warn({ err: cause, orderReference: authorization.reference, providerReference: authorization.providerReference }, 'checkout did not commit after the payment was authorised: voiding the authorisation');
    try {
      await this.payments.voidAuthorization(authorization);
    } catch (error) {
      ctx.log.error(
        { err: error, orderReference: authorization.reference, providerReference: authorization.providerReference, amountMinor: authorization.amountMinor, currency: authorization.currency },
        'voiding a payment authorisation failed: release it with the provider by hand',
      );
    }
  }

  /**
   * The kiosk sessions whose carts were merged into this cart have led to an order: each counts once,
   * for its store on the day it started (the console's conversion).
   */
  private async recordConversions(tx: RequestContext, cartId: string): Promise<void> {
    const converted: { store_id: string; started_at: Date }[] = await tx.em.query(
      `WITH s AS (UPDATE kiosk_session SET converted_at = now()
                  WHERE converted_at IS NULL AND id IN (SELECT session_id FROM cart_handoff WHERE target_cart_id = $1 AND status = 'CONFIRMED')
                  RETURNING store_id, started_at)
       SELECT store_id, started_at FROM s`,
      [cartId],
    );
    for (const s of converted) await this.activity.record(tx, s.store_id, 'sessionConverted', { at: s.started_at });
  }
}
