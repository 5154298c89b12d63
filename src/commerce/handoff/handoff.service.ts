import { In, IsNull } from 'typeorm';
import type { KioskActivityService } from '../../activity/kiosk-activity.service';
import type { Logger } from 'pino';
import type { PubSub } from 'type-graphql';
import { DataSource } from 'typeorm';
import { regionFits } from '../../body/size/size-advice';
import { ProductEntity } from '../../catalog/product.entity';
import { SizeChartService } from '../../catalog/size-chart.service';
import { VariantEntity } from '../../catalog/variant.entity';
import { NotFoundError } from '../../common/error-result.type';
import { badInput, forbidden } from '../../common/errors';
import { Topics } from '../../common/pubsub';
import { RateLimiter } from '../../common/rate-limiter';
import { inTransaction, RequestContext } from '../../common/request-context';
import { KioskSessionEntity } from '../../kiosk/kiosk-session.entity';
import { SessionEndedError } from '../../kiosk/kiosk-session.type';
import { KioskEntity } from '../../kiosk/kiosk.entity';
import { StoreEntity } from '../../store/store.entity';
import { CartLineEntity } from '../cart/cart-line.entity';
import { CartEntity, CartStatus } from '../cart/cart.entity';
import { CartService } from '../cart/cart.service';
import { Cart } from '../cart/cart.types';
import { CartHandoffEntity, HandoffStatus } from './cart-handoff.entity';
import { formatCode, hashCode, hashToken, newHandoffCode, newHandoffToken, normaliseCode } from './handoff-code';
import {
  CartHandoff,
  CartHandoffEvent,
  EmptyCartError,
  HandoffAlreadyClaimedError,
  HandoffExpiredError,
  HandoffPreview,
  HandoffPreviewLine,
  InvalidHandoffCodeError,
  TooManyAttemptsError,
} from './handoff.types';

/** Wrong-code limits, per 10 minutes: per code value, per member, per client address. */
export const HANDOFF_LIMITS = { windowSeconds: 600, perCode: 5, perCustomer: 10, perClient: 30 };

/**
 * The hand-off of a mirror cart to the customer's phone: a QR carrying only a one-time token and a
 * typed code (both stored as hashes), an atomic single-use claim, a preview, and a confirmation that
 * merges the lines into the member's app cart. The mirror follows the status through a subscription.
 */
export class HandoffService {
  constructor(
    private readonly carts: CartService,
    private readonly charts: SizeChartService,
    private readonly limiter: RateLimiter,
    private readonly pubSub: PubSub,
    private readonly activity: KioskActivityService,
    private readonly log?: Logger,
    /** The session's latest try-on render, shown on the phone before it confirms. */
    private readonly snapshotUrl: (ctx: RequestContext, sessionId: string) => string | null = () => null,
  ) {}

  async create(ctx: RequestContext, cartId: string): Promise<CartHandoff | NotFoundError | SessionEndedError | EmptyCartError> {
    if (ctx.principal.kind !== 'kiosk') throw forbidden('Only the mirror hands a cart off');
    const kioskId = ctx.principal.kioskId;
    const result = await inTransaction(ctx, async (tx) => {
      const cart = await this.carts.ownCart(tx, cartId);
      if (!(cart instanceof CartEntity)) return cart;
      if (cart.status !== CartStatus.ACTIVE) return new NotFoundError('Cart', 'This cart has already been handed off');
      if (!(await tx.em.getRepository(CartLineEntity).exists({ where: { cartId } }))) return new EmptyCartError();
      // A new QR replaces any earlier one for this cart.
      await tx.em.getRepository(CartHandoffEntity).update({ cartId, status: HandoffStatus.PENDING }, { status: HandoffStatus.EXPIRED });
      const token = newHandoffToken();
      const expiresAt = new Date(Date.now() + tx.config.handoffTtlSeconds * 1000);
      for (let attempt = 0; ; attempt++) {
        const code = newHandoffCode();
        const inserted = await tx.em
          .createQueryBuilder()
          .insert()
          .into(CartHandoffEntity)
          .values({
            cartId,
            sessionId: cart.sessionId!,
            kioskId,
            storeId: cart.storeId!,
            tokenHash: hashToken(token),
            codeHash: hashCode(code, tx.config.handoffCodeKey),
            status: HandoffStatus.PENDING,
            expiresAt,
          })
          .orIgnore()
          .returning(['id'])
          .execute();
        const row = (inserted.raw as { id: string }[])[0];
        if (row) {
          await this.activity.record(tx, cart.storeId!, 'handoffCreated');
          return Object.assign(new CartHandoff(), { id: row.id, qrPayload: `${tx.config.handoffUrlBase}${token}`, fallbackCode: formatCode(code), expiresAt, status: HandoffStatus.PENDING });
        }
        if (attempt > 5) throw new Error('could not allocate a unique hand-off code');
      }
    });
    if (result instanceof CartHandoff) this.scheduleExpiry(ctx.dataSource, result.id, result.expiresAt, kioskId);
    return result;
  }

  /** The member claims with the QR's token or the typed code. Single-use: exactly one claim wins. */
  async claim(ctx: RequestContext, input: { token?: string | null; code?: string | null }): Promise<HandoffPreview | HandoffExpiredError | HandoffAlreadyClaimedError | InvalidHandoffCodeError | TooManyAttemptsError> {
    if (ctx.principal.kind !== 'customer') throw forbidden('Only a member claims a cart');
    const customerId = ctx.principal.customerId;
    if (!!input.token === !!input.code) throw badInput('give either the token from the QR or the code', 'code');
    let lookupHash: string;
    let column: 'token_hash' | 'code_hash';
    let codeKey: string | null = null;
    if (input.token) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(input.token)) throw badInput('the token is not one a mirror shows', 'token');
      lookupHash = hashToken(input.token);
      column = 'token_hash';
    } else {
      const code = normaliseCode(input.code!);
      if (!code) throw badInput('a code is 8 letters, shown as XXXX-XXXX', 'code');
      lookupHash = hashCode(code, ctx.config.handoffCodeKey);
      column = 'code_hash';
      codeKey = `handoff:code:${lookupHash}`;
    }
    const customerKey = `handoff:customer:${customerId}`;
    const clientKey = `handoff:client:${ctx.clientIp ?? 'unknown'}`;
    const [byCode, byCustomer, byClient] = await Promise.all([codeKey ? this.limiter.count(codeKey) : 0, this.limiter.count(customerKey), this.limiter.count(clientKey)]);
    if (byCode >= HANDOFF_LIMITS.perCode || byCustomer >= HANDOFF_LIMITS.perCustomer || byClient >= HANDOFF_LIMITS.perClient) return new TooManyAttemptsError(HANDOFF_LIMITS.windowSeconds);

    // The claim itself is one conditional UPDATE: of concurrent claims, exactly one sees the row PENDING.
    const claimed = await inTransaction(ctx, async (tx) => {
      const rows: { id: string; storeId: string }[] = await tx.em.query(
        `WITH c AS (UPDATE cart_handoff SET status = 'CLAIMED', claimed_by = $2, claimed_at = now()
                    WHERE ${column} = $1 AND status = 'PENDING' AND expires_at > now() RETURNING id, store_id)
         SELECT id, store_id AS "storeId" FROM c`,
        [lookupHash, customerId],
      );
      if (rows.length) await this.activity.record(tx, rows[0].storeId, 'handoffClaimed');
      return rows;
    });
    let handoff: CartHandoffEntity | null;
    if (claimed.length) {
      handoff = await ctx.em.getRepository(CartHandoffEntity).findOneByOrFail({ id: claimed[0].id });
      await this.publish(handoff, HandoffStatus.CLAIMED);
    } else {
      handoff = await ctx.em.getRepository(CartHandoffEntity).findOne({ where: column === 'token_hash' ? { tokenHash: lookupHash } : { codeHash: lookupHash } });
      if (!handoff) {
        const counts = await Promise.all([codeKey ? this.limiter.hit(codeKey, HANDOFF_LIMITS.windowSeconds) : 0, this.limiter.hit(customerKey, HANDOFF_LIMITS.windowSeconds), this.limiter.hit(clientKey, HANDOFF_LIMITS.windowSeconds)]);
        const left = Math.max(0, Math.min(codeKey ? HANDOFF_LIMITS.perCode - counts[0] : Infinity, HANDOFF_LIMITS.perCustomer - counts[1], HANDOFF_LIMITS.perClient - counts[2]));
        return new InvalidHandoffCodeError(left);
      }
      const mine = handoff.claimedBy === customerId;
      if (handoff.status === HandoffStatus.CLAIMED && mine) {
        // Scanning the same QR again on the same phone shows the same preview.
      } else if (handoff.status === HandoffStatus.CLAIMED || handoff.status === HandoffStatus.CONFIRMED) {
        return new HandoffAlreadyClaimedError();
      } else {
        if (handoff.status === HandoffStatus.PENDING) await this.expire(ctx.dataSource, handoff.id);
        return new HandoffExpiredError();
      }
    }
    return this.preview(ctx, handoff);
  }

  /**
   * Moves the claimed mirror cart into the member's app cart. Lines of a variant the app cart already
   * holds are added together up to the line maximum (10); what does not fit is not dropped silently:
   * the answer's `shortfalls` names each such line and how many units were left out (they stay on the
   * mirror's cart, which is kept as MERGED).
   */
  async confirm(ctx: RequestContext, handoffId: string): Promise<Cart | NotFoundError | HandoffExpiredError> {
    if (ctx.principal.kind !== 'customer') throw forbidden('Only a member confirms a hand-off');
    const customerId = ctx.principal.customerId;
    const result = await inTransaction(ctx, async (tx) => {
      const handoff = await tx.em.getRepository(CartHandoffEntity).findOne({ where: { id: handoffId, claimedBy: customerId }, lock: { mode: 'pessimistic_write' } });
      if (!handoff) return new NotFoundError('CartHandoff', 'You have not claimed this cart');
      if (handoff.status === HandoffStatus.CONFIRMED) return { cart: (await this.carts.memberCart(tx, true))!, handoff, fresh: false, shortfalls: [] };
      if (handoff.status !== HandoffStatus.CLAIMED) return new HandoffExpiredError();
      // Locks in this order: hand-off, app cart, mirror cart. The app cart's lock keeps a checkout of it
      // from ordering without the merged lines; the mirror cart's keeps the mirror from adding to it
      // after its lines were read (such an add waits, then finds the cart MERGED and is refused).
      const target = await this.carts.lockedMemberCart(tx);
      const source = await tx.em.getRepository(CartEntity).findOne({ where: { id: handoff.cartId }, lock: { mode: 'pessimistic_write' } });
      if (!source || source.status !== CartStatus.ACTIVE) return new NotFoundError('Cart', 'The mirror’s cart is no longer available');
      const incoming = await tx.em.getRepository(CartLineEntity).find({ where: { cartId: source.id }, order: { addedAt: 'ASC', id: 'ASC' } });
      const shortfalls = await this.carts.mergeLines(tx, target, incoming);
      await tx.em.getRepository(CartEntity).update(source.id, { status: CartStatus.MERGED, customerId });
      // The app cart is now picked up from (or shipped by) the store of the mirror it last came from
      // (the customer is there), and its order counts as that store's hand-off. Keeping the store of an
      // earlier hand-off put the order and its revenue in the other store's figures and reserved there.
      await tx.em.getRepository(CartEntity).update(target.id, { storeId: source.storeId ?? target.storeId, fromHandoff: true });
      await tx.em.getRepository(CartHandoffEntity).update(handoff.id, { status: HandoffStatus.CONFIRMED, confirmedAt: new Date(), targetCartId: target.id });
      // The member is now known to the session: later recommendations there are personal.
      await tx.em.getRepository(KioskSessionEntity).update({ id: handoff.sessionId, customerId: IsNull() }, { customerId });
      return { cart: target, handoff, fresh: true, shortfalls };
    });
    if (!('cart' in result)) return result;
    if (result.fresh) await this.publish(result.handoff, HandoffStatus.CONFIRMED);
    return this.carts.view(ctx, result.cart, result.shortfalls);
  }

  /** The kiosk's view of one of its hand-offs. */
  async status(ctx: RequestContext, handoffId: string): Promise<HandoffStatus | null> {
    if (ctx.principal.kind !== 'kiosk') return null;
    const h = await ctx.em.getRepository(CartHandoffEntity).findOne({ where: { id: handoffId, kioskId: ctx.principal.kioskId } });
    if (!h) return null;
    if (h.status === HandoffStatus.PENDING && h.expiresAt.getTime() <= Date.now()) {
      await this.expire(ctx.dataSource, h.id);
      return HandoffStatus.EXPIRED;
    }
    return h.status;
  }

  /** Expires overdue PENDING hand-offs (any process's) and tells their mirrors. */
  async sweep(dataSource: DataSource): Promise<number> {
    const rows: { id: string }[] = await dataSource.query(`SELECT id FROM cart_handoff WHERE status = 'PENDING' AND expires_at <= now() LIMIT 500`);
    for (const r of rows) await this.expire(dataSource, r.id);
    return rows.length;
  }

  private scheduleExpiry(dataSource: DataSource, id: string, expiresAt: Date, _kioskId: string): void {
    const timer = setTimeout(() => void this.expire(dataSource, id).catch((error: unknown) => this.log?.warn({ err: error }, 'hand-off expiry failed')), Math.max(0, expiresAt.getTime() - Date.now()) + 50);
    timer.unref();
  }

  private async expire(dataSource: DataSource, id: string): Promise<void> {
    if (!dataSource.isInitialized) return;
    const rows: CartHandoffEntity[] = await dataSource.query(
      `WITH e AS (UPDATE cart_handoff SET status = 'EXPIRED' WHERE id = $1 AND status = 'PENDING' AND expires_at <= now() RETURNING id, kiosk_id)
       SELECT id, kiosk_id AS "kioskId" FROM e`,
      [id],
    );
    if (rows.length) await this.publish(rows[0], HandoffStatus.EXPIRED);
  }

  private async publish(h: Pick<CartHandoffEntity, 'id' | 'kioskId'>, status: HandoffStatus): Promise<void> {
    this.pubSub.publish(Topics.HANDOFF, Object.assign(new CartHandoffEvent(), { handoffId: h.id, status, at: new Date(), kioskId: h.kioskId }));
  }

  private async preview(ctx: RequestContext, handoff: CartHandoffEntity): Promise<HandoffPreview> {
    const cart = await ctx.em.getRepository(CartEntity).findOneByOrFail({ id: handoff.cartId });
    const view = await this.carts.view(ctx, cart);
    const [store, kiosk, scan] = await Promise.all([
      ctx.em.getRepository(StoreEntity).findOneByOrFail({ id: handoff.storeId }),
      ctx.em.getRepository(KioskEntity).findOneByOrFail({ id: handoff.kioskId }),
      ctx.em.query(`SELECT profile FROM body_scan WHERE session_id = $1 ORDER BY created_at DESC LIMIT 1`, [handoff.sessionId]),
    ]);
    const profile = scan[0]?.profile;
    const variants = view.lines.length ? await ctx.em.getRepository(VariantEntity).findBy({ id: In(view.lines.map((l) => l.variant.id)) }) : [];
    const products = variants.length ? await ctx.em.getRepository(ProductEntity).findBy({ id: In(variants.map((v) => v.productId)) }) : [];
    const lines: HandoffPreviewLine[] = [];
    for (const line of view.lines) {
      let fitNote: string | null = null;
      const product = products.find((p) => p.id === line.product.id);
      if (profile && product) {
        const chart = await this.charts.forProduct(ctx, product.brand, product.garmentType, product.gender);
        if (chart) {
          try {
            const fits = regionFits({ profile, garmentType: product.garmentType, fitType: product.fitType, chart: chart.rows, offeredSizes: [line.variant.sizeLabel] }, line.variant.sizeLabel);
            fitNote = `${line.variant.sizeLabel}: ${fits.map((f) => `${f.region.toLowerCase()} ${f.verdict.toLowerCase()}`).join(', ')}`;
          } catch {
            fitNote = null;
          }
        }
      }
      lines.push(Object.assign(new HandoffPreviewLine(), { line, fitNote }));
    }
    return Object.assign(new HandoffPreview(), {
      handoffId: handoff.id,
      status: handoff.status,
      storeName: store.name,
      kioskLabel: kiosk.label,
      lines,
      total: view.total,
      tryOnSnapshotUrl: this.snapshotUrl(ctx, handoff.sessionId),
      expiresAt: handoff.expiresAt,
    });
  }
}

