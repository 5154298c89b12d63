import { MAX_ORDER_TOTAL_MINOR } from '../order.entity';
import { In } from 'typeorm';
import { InventoryEntity } from '../../catalog/inventory.entity';
import { ProductEntity } from '../../catalog/product.entity';
import { Product } from '../../catalog/product.type';
import { VariantEntity } from '../../catalog/variant.entity';
import { Variant } from '../../catalog/variant.type';
import { NotFoundError } from '../../common/error-result.type';
import { badInput, forbidden } from '../../common/errors';
import { Money } from '../../common/money.type';
import { inTransaction, RequestContext } from '../../common/request-context';
import { KioskSessionEntity } from '../../kiosk/kiosk-session.entity';
import { KioskSessionService } from '../../kiosk/kiosk-session.service';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { CartLineEntity } from './cart-line.entity';
import { CartEntity, CartStatus } from './cart.entity';
import { Cart, CartLine, CartLineShortfall, OutOfStockError } from './cart.types';

export const MAX_LINE_QUANTITY = 10;

/** A change to a cart that was handed to the phone or checked out (maybe while the change waited for it). */
function closedCart(cart: CartEntity): NotFoundError {
  return new NotFoundError(
    'Cart',
    cart.status === CartStatus.MERGED ? 'This cart has been handed to the phone and can no longer be changed here' : 'This cart has been checked out and can no longer be changed',
  );
}

function checkQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) throw badInput(`quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}`, 'quantity');
}

/**
 * Carts: the mirror's (one per session, kept in the database so it survives a kiosk restart) and the
 * member's app cart. Every change checks stock live in the cart's store.
 */
export class CartService {
  constructor(private readonly sessions: KioskSessionService) {}

  /** The session's cart, created on first use. */
  async sessionCart(ctx: RequestContext, sessionId: string, create: boolean): Promise<CartEntity | null | SessionNotFoundError | SessionEndedError> {
    const session = await this.sessions.requireActive(ctx, sessionId);
    if (!(session instanceof KioskSessionEntity)) return session;
    const repo = ctx.em.getRepository(CartEntity);
    const existing = await repo.findOne({ where: { sessionId } });
    if (existing || !create) return existing;
    await repo.createQueryBuilder().insert().values({ sessionId, customerId: null, storeId: session.storeId, status: CartStatus.ACTIVE }).orIgnore().execute();
    return repo.findOneByOrFail({ sessionId });
  }

  /** The member's active app cart, created on first use. */
  async memberCart(ctx: RequestContext, create: boolean): Promise<CartEntity | null> {
    if (ctx.principal.kind !== 'customer') throw forbidden('Only a member has an app cart');
    const customerId = ctx.principal.customerId;
    const repo = ctx.em.getRepository(CartEntity);
    const existing = await repo.createQueryBuilder('c').where('c.customer_id = :customerId AND c.session_id IS NULL AND c.status = :status', { customerId, status: CartStatus.ACTIVE }).getOne();
    if (existing || !create) return existing;
    await repo.createQueryBuilder().insert().values({ sessionId: null, customerId, storeId: null, status: CartStatus.ACTIVE }).orIgnore().execute();
    return repo.createQueryBuilder('c').where('c.customer_id = :customerId AND c.session_id IS NULL AND c.status = :status', { customerId, status: CartStatus.ACTIVE }).getOneOrFail();
  }

  /** A cart the caller may change: a kiosk its own sessions' carts, a member their app cart. */
  async ownCart(ctx: RequestContext, cartId: string): Promise<CartEntity | NotFoundError | SessionEndedError> {
    const cart = await ctx.em.getRepository(CartEntity).findOne({ where: { id: cartId } });
    const missing = new NotFoundError('Cart', `No cart ${cartId} belongs to you`);
    if (!cart) return missing;
    const p = ctx.principal;
    if (p.kind === 'kiosk') {
      if (!cart.sessionId) return missing;
      const session = await this.sessions.requireActive(ctx, cart.sessionId);
      if (session instanceof SessionNotFoundError) return missing;
      if (session instanceof SessionEndedError) return session;
    } else if (p.kind === 'customer') {
      if (cart.customerId !== p.customerId || cart.sessionId !== null) return missing;
    } else return missing;
    return cart;
  }

  /**
   * Locks the cart's row for the rest of the transaction and reads it again. Every change to a cart's
   * lines (adds, line changes, removals, a hand-off merge) and checkout take this lock first, so they
   * run one after another, and the status read here is the one the change will commit against: an add
   * that waited for a checkout or a hand-off sees the cart closed instead of writing into it.
   */
  async lock(tx: RequestContext, cartId: string): Promise<CartEntity> {
    return tx.em.getRepository(CartEntity).findOneOrFail({ where: { id: cartId }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * The member's active app cart, created on first use, locked. A cart that was checked out while this
   * waited for its lock is passed over for the member's next cart: an add is never written into an
   * order already placed.
   */
  async lockedMemberCart(tx: RequestContext): Promise<CartEntity> {
    for (let attempt = 0; ; attempt++) {
      const cart = await this.lock(tx, (await this.memberCart(tx, true))!.id);
      if (cart.status === CartStatus.ACTIVE) return cart;
      if (attempt >= 3) throw new Error(`the app cart of ${cart.customerId} kept closing while it was being changed`);
    }
  }

  async addToSessionCart(ctx: RequestContext, sessionId: string, variantId: string, quantity: number): Promise<Cart | SessionNotFoundError | SessionEndedError | NotFoundError | OutOfStockError> {
    checkQuantity(quantity);
    return inTransaction(ctx, async (tx) => {
      const found = await this.sessionCart(tx, sessionId, true);
      if (!(found instanceof CartEntity)) return found!;
      const cart = await this.lock(tx, found.id);
      if (cart.status !== CartStatus.ACTIVE) return closedCart(cart);
      const result = await this.addLine(tx, cart, variantId, quantity);
      if (!(result instanceof CartEntity)) return result;
      const session = await tx.em.getRepository(KioskSessionEntity).findOneByOrFail({ id: sessionId });
      const variant = await tx.em.getRepository(VariantEntity).findOneByOrFail({ id: variantId });
      // A cart add is a signal for the recommender, at once.
      await tx.em.query(`INSERT INTO interaction_event (session_id, customer_id, store_id, product_id, kind) VALUES ($1, $2, $3, $4, 'CART_ADD')`, [session.id, session.customerId, session.storeId, variant.productId]);
      return this.view(tx, cart);
    });
  }

  async addToMemberCart(ctx: RequestContext, variantId: string, quantity: number): Promise<Cart | NotFoundError | OutOfStockError> {
    checkQuantity(quantity);
    return inTransaction(ctx, async (tx) => {
      const cart = await this.lockedMemberCart(tx);
      const result = await this.addLine(tx, cart, variantId, quantity);
      return result instanceof CartEntity ? this.view(tx, cart) : result;
    });
  }

  /** Adds to a line of a locked, active cart. A refusal (thrown or returned) rolls the transaction back. */
  private async addLine(tx: RequestContext, cart: CartEntity, variantId: string, quantity: number): Promise<CartEntity | NotFoundError | OutOfStockError> {
    const variant = await tx.em.getRepository(VariantEntity).findOne({ where: { id: variantId } });
    if (!variant) return new NotFoundError('Variant', `No variant has the id ${variantId}`);
    // One statement adds to the line or makes it; a line would pass the maximum: no row, nothing written.
    const rows: { quantity: number }[] = await tx.em.query(
      `INSERT INTO cart_line (cart_id, variant_id, quantity) VALUES ($1, $2, $3)
       ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_line.quantity + EXCLUDED.quantity
         WHERE cart_line.quantity + EXCLUDED.quantity <= $4
       RETURNING quantity`,
      [cart.id, variantId, quantity, MAX_LINE_QUANTITY],
    );
    if (!rows.length) throw badInput(`at most ${MAX_LINE_QUANTITY} of one variant per cart`, 'quantity');
    const stockError = await this.checkStock(tx, cart, variantId, rows[0].quantity);
    if (stockError) return stockError;
    await this.checkTotal(tx, cart.id);
    await tx.em.getRepository(CartEntity).update(cart.id, { updatedAt: new Date() });
    return cart;
  }

  /** Changes a line's quantity and/or size (another variant of the same product). */
  async updateLine(ctx: RequestContext, cartId: string, lineId: string, change: { quantity?: number | null; variantId?: string | null }): Promise<Cart | NotFoundError | SessionEndedError | OutOfStockError> {
    if (change.quantity !== undefined && change.quantity !== null) checkQuantity(change.quantity);
    return inTransaction(ctx, async (tx) => {
      const owned = await this.ownCart(tx, cartId);
      if (!(owned instanceof CartEntity)) return owned;
      const cart = await this.lock(tx, cartId);
      if (cart.status !== CartStatus.ACTIVE) return closedCart(cart);
      // Under the cart's lock no other change of its lines runs: what is read here is what is changed.
      const line = await tx.em.getRepository(CartLineEntity).findOne({ where: { id: lineId, cartId } });
      if (!line) return new NotFoundError('CartLine', `No line ${lineId} in this cart`);
      let variantId = line.variantId;
      if (change.variantId && change.variantId !== line.variantId) {
        const [current, next] = await Promise.all([tx.em.getRepository(VariantEntity).findOneByOrFail({ id: line.variantId }), tx.em.getRepository(VariantEntity).findOne({ where: { id: change.variantId } })]);
        if (!next) return new NotFoundError('Variant', `No variant has the id ${change.variantId}`);
        if (next.productId !== current.productId) throw badInput('a line can only change to another size or colour of the same product', 'variantId');
        if (await tx.em.getRepository(CartLineEntity).exists({ where: { cartId, variantId: next.id } })) throw badInput('the cart already has that size; change its quantity instead', 'variantId');
        variantId = next.id;
      }
      const quantity = change.quantity ?? line.quantity;
      const stockError = await this.checkStock(tx, cart, variantId, quantity);
      if (stockError) return stockError;
      await tx.em.getRepository(CartLineEntity).update(line.id, { variantId, quantity });
      await this.checkTotal(tx, cart.id);
      await tx.em.getRepository(CartEntity).update(cart.id, { updatedAt: new Date() });
      return this.view(tx, cart);
    });
  }

  async removeLine(ctx: RequestContext, cartId: string, lineId: string): Promise<Cart | NotFoundError | SessionEndedError> {
    return inTransaction(ctx, async (tx) => {
      const owned = await this.ownCart(tx, cartId);
      if (!(owned instanceof CartEntity)) return owned;
      const cart = await this.lock(tx, cartId);
      if (cart.status !== CartStatus.ACTIVE) return closedCart(cart);
      const result = await tx.em.getRepository(CartLineEntity).delete({ id: lineId, cartId });
      if (!result.affected) return new NotFoundError('CartLine', `No line ${lineId} in this cart`);
      await tx.em.getRepository(CartEntity).update(cart.id, { updatedAt: new Date() });
      return this.view(tx, cart);
    });
  }

  /**
   * Adds lines to a locked, active cart as far as they fit: a line stops at MAX_LINE_QUANTITY and the
   * cart at MAX_ORDER_TOTAL_MINOR. What does not fit is returned, line by line, for the caller to tell
   * the customer (nothing is left out without a word).
   */
  async mergeLines(tx: RequestContext, target: CartEntity, incoming: { variantId: string; quantity: number }[]): Promise<CartLineShortfall[]> {
    if (!incoming.length) return [];
    const variants = await tx.em.getRepository(VariantEntity).findBy({ id: In(incoming.map((l) => l.variantId)) });
    const products = await tx.em.getRepository(ProductEntity).findBy({ id: In([...new Set(variants.map((v) => v.productId))]) });
    const variantById = new Map(variants.map((v) => [v.id, v]));
    const productById = new Map(products.map((p) => [p.id, p]));
    const lines = tx.em.getRepository(CartLineEntity);
    let total = await this.totalMinor(tx, target.id);
    const shortfalls: CartLineShortfall[] = [];
    for (const line of incoming) {
      const variant = variantById.get(line.variantId)!;
      const product = productById.get(variant.productId)!;
      const existing = await lines.findOne({ where: { cartId: target.id, variantId: line.variantId } });
      const had = existing?.quantity ?? 0;
      const byLine = Math.max(0, Math.min(line.quantity, MAX_LINE_QUANTITY - had));
      const byTotal = product.priceMinor > 0 ? Math.max(0, Math.floor((MAX_ORDER_TOTAL_MINOR - total) / product.priceMinor)) : line.quantity;
      const added = Math.min(byLine, byTotal);
      if (added > 0) {
        if (existing) await lines.update(existing.id, { quantity: had + added });
        else await lines.insert({ cartId: target.id, variantId: line.variantId, quantity: added });
        total += added * product.priceMinor;
      }
      if (added < line.quantity) {
        const what = `${product.name} (${variant.sizeLabel}, ${variant.colour})`;
        const leftOut = line.quantity - added;
        const message =
          byLine <= byTotal
            ? `You already had ${had} of ${what}; a line holds at most ${MAX_LINE_QUANTITY}, so ${leftOut} of the ${line.quantity} from the mirror ${leftOut === 1 ? 'was' : 'were'} not added.`
            : `${leftOut} of the ${line.quantity} ${what} from the mirror ${leftOut === 1 ? 'was' : 'were'} not added: your cart would be above ${Money.of(MAX_ORDER_TOTAL_MINOR, product.currency).formatted}, the most one order can take.`;
        shortfalls.push(Object.assign(new CartLineShortfall(), { variant: Variant.from(variant), product: Product.from(product), requested: line.quantity, added, leftOut, message }));
      }
    }
    await tx.em.getRepository(CartEntity).update(target.id, { updatedAt: new Date() });
    return shortfalls;
  }

  private async checkStock(tx: RequestContext, cart: CartEntity, variantId: string, quantity: number): Promise<OutOfStockError | null> {
    const rows = await tx.em.getRepository(InventoryEntity).find({ where: cart.storeId ? { variantId, storeId: cart.storeId } : { variantId } });
    const available = rows.reduce((s, r) => s + Math.max(0, r.onHand - r.reserved), 0);
    return available >= quantity ? null : new OutOfStockError(variantId, quantity, available, cart.storeId ? 'in this store' : 'in any store');
  }

  /** The sum of a cart's lines at today's prices, in minor units (bigint in the database, so it cannot overflow there). */
  async totalMinor(tx: RequestContext, cartId: string): Promise<number> {
    return (await this.totals(tx, cartId)).total;
  }

  /** A cart's total and the currencies its lines are priced in, in one statement. */
  private async totals(tx: RequestContext, cartId: string): Promise<{ total: number; currencies: string[] }> {
    const [{ total, currencies }]: { total: string; currencies: string[] }[] = await tx.em.query(
      `SELECT COALESCE(SUM(p.price_minor::bigint * l.quantity), 0)::text AS total, COALESCE(array_agg(DISTINCT p.currency ORDER BY p.currency), '{}') AS currencies
         FROM cart_line l JOIN variant v ON v.id = l.variant_id JOIN product p ON p.id = v.product_id WHERE l.cart_id = $1`,
      [cartId],
    );
    return { total: Number(total), currencies };
  }

  /**
   * A cart's total must fit an order (and GraphQL's Int), in one currency: a change that would pass
   * the limit, or add an item priced in another currency than the cart's, is refused and rolled back.
   */
  private async checkTotal(tx: RequestContext, cartId: string): Promise<void> {
    const { total, currencies } = await this.totals(tx, cartId);
    if (currencies.length > 1) throw badInput(`one cart holds items of one currency: this item's price is in another currency than the cart's (${currencies.join(', ')})`, 'variantId');
    if (total > MAX_ORDER_TOTAL_MINOR) throw badInput(`the cart's total would be above ${(MAX_ORDER_TOTAL_MINOR / 100).toFixed(2)}, the most one order can take`, 'quantity');
  }

  /** The cart as clients see it, with live stock per line. */
  async view(ctx: RequestContext, cart: CartEntity, shortfalls: CartLineShortfall[] = []): Promise<Cart> {
    const fresh = await ctx.em.getRepository(CartEntity).findOneByOrFail({ id: cart.id });
    const lines = await ctx.em.getRepository(CartLineEntity).find({ where: { cartId: cart.id }, order: { addedAt: 'ASC', id: 'ASC' } });
    const variants = lines.length ? await ctx.em.getRepository(VariantEntity).findBy({ id: In(lines.map((l) => l.variantId)) }) : [];
    const products = variants.length ? await ctx.em.getRepository(ProductEntity).findBy({ id: In([...new Set(variants.map((v) => v.productId))]) }) : [];
    const stock = variants.length ? await ctx.em.getRepository(InventoryEntity).findBy({ variantId: In(variants.map((v) => v.id)) }) : [];
    const variantById = new Map(variants.map((v) => [v.id, v]));
    const productById = new Map(products.map((p) => [p.id, p]));
    let totalMinor = 0;
    let currency = 'EUR';
    let itemCount = 0;
    const out = lines.map((l) => {
      const v = variantById.get(l.variantId)!;
      const p = productById.get(v.productId)!;
      currency = p.currency;
      totalMinor += p.priceMinor * l.quantity;
      itemCount += l.quantity;
      const rows = stock.filter((s) => s.variantId === v.id);
      const inStore = fresh.storeId ? rows.filter((s) => s.storeId === fresh.storeId).reduce((a, s) => a + Math.max(0, s.onHand - s.reserved), 0) : null;
      const anywhere = rows.reduce((a, s) => a + Math.max(0, s.onHand - s.reserved), 0);
      return Object.assign(new CartLine(), {
        id: l.id,
        quantity: l.quantity,
        variant: Variant.from(v),
        product: Product.from(p),
        unitPrice: Money.of(p.priceMinor, p.currency),
        lineTotal: Money.of(p.priceMinor * l.quantity, p.currency),
        availableInStore: inStore,
        inStock: (inStore ?? anywhere) >= l.quantity,
      });
    });
    return Object.assign(new Cart(), { id: fresh.id, status: fresh.status, storeId: fresh.storeId, lines: out, itemCount, total: Money.of(totalMinor, currency), shortfalls });
  }
}
