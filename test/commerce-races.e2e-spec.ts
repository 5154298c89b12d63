import { makeProduct, makeStore, setStock } from './support/fixtures';
import { createTestApp, GqlResponse, TestApp } from './support/test-app';

const CART = `id status itemCount lines { id quantity variant { id } }`;
const ADD = `mutation($s: ID!, $v: ID!, $q: Int!) { addToCart(sessionId: $s, variantId: $v, quantity: $q) { __typename ... on Cart { ${CART} } ... on ErrorResult { code message } } }`;
const ADD_MINE = `mutation($v: ID!, $q: Int!) { addToMyCart(variantId: $v, quantity: $q) { __typename ... on Cart { ${CART} } ... on ErrorResult { code message } } }`;
const UPDATE = `mutation($c: ID!, $l: ID!, $q: Int, $v: ID) { updateCartLine(cartId: $c, lineId: $l, quantity: $q, variantId: $v) { __typename ... on Cart { ${CART} } ... on ErrorResult { code message } } }`;
const REMOVE = `mutation($c: ID!, $l: ID!) { removeCartLine(cartId: $c, lineId: $l) { __typename ... on Cart { ${CART} } ... on ErrorResult { code message } } }`;
const HANDOFF = `mutation($c: ID!) { createCartHandoff(cartId: $c) { __typename ... on CartHandoff { id fallbackCode } } }`;
const CLAIM = `mutation($code: String) { claimCartHandoff(code: $code) { __typename ... on HandoffPreview { handoffId } } }`;
const CONFIRM = `mutation($h: ID!) { confirmCartHandoff(handoffId: $h) { __typename ... on Cart { ${CART} } ... on ErrorResult { code message } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename ... on Order { id } ... on ErrorResult { code message } } }`;

interface CartView {
  __typename: string;
  id: string;
  status: string;
  itemCount: number;
  lines: { id: string; quantity: number; variant: { id: string } }[];
  code?: string;
  message?: string;
}
type Answer<K extends string> = GqlResponse<Record<K, CartView>>;

/** Cart writes that race each other, checkout and the hand-off: nothing accepted is lost, nothing lands in a closed cart. */
describe('cart writes under concurrency', () => {
  let app: TestApp;
  let storeId: string;
  let kiosk: { token: string };
  let variants: { id: string }[];

  beforeAll(async () => {
    app = await createTestApp();
    storeId = (await makeStore(app.dataSource, 'RACE-1')).id;
    kiosk = await app.kioskToken(storeId);
    variants = (await makeProduct(app.dataSource, { priceMinor: 1000, sizes: ['S', 'M', 'L'] })).variants;
    for (const v of variants) await setStock(app.dataSource, storeId, v.id, 100);
  });
  afterAll(() => app.close());

  const session = async () => (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, kiosk.token)).data!.startKioskSession.id;
  const lineQuantities = async (cartId: string): Promise<Record<string, number>> =>
    Object.fromEntries(((await app.dataSource.query(`SELECT variant_id, quantity FROM cart_line WHERE cart_id = $1`, [cartId])) as { variant_id: string; quantity: number }[]).map((r) => [r.variant_id, r.quantity]));

  /** Holds a cart row locked (as checkout or a hand-off confirmation does) while `during` runs; `then` changes it before the commit. */
  async function withCartLocked<T>(cartId: string, during: () => Promise<T>, then: (q: (sql: string, p?: unknown[]) => Promise<unknown>) => Promise<void>): Promise<T> {
    const runner = app.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT 1 FROM cart WHERE id = $1 FOR UPDATE`, [cartId]);
      const pending = during();
      // Give the request time to reach the lock and wait on it.
      await new Promise((r) => setTimeout(r, 400));
      await then((sql, p) => runner.query(sql, p));
      await runner.commitTransaction();
      return await pending;
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('concurrent adds of the same variant to a new line all land: no unique-violation 500, the quantities add up', async () => {
    for (let round = 0; round < 5; round++) {
      const s = await session();
      // The cart exists; the line does not yet.
      const first = await app.gql<{ addToCart: CartView }>(ADD, { s, v: variants[0].id, q: 1 }, kiosk.token);
      const cartId = first.data!.addToCart.id;
      const results = await Promise.all([1, 2, 3].map(() => app.gql<{ addToCart: CartView }>(ADD, { s, v: variants[1].id, q: 2 }, kiosk.token)));
      for (const r of results) {
        expect(r.errors).toBeUndefined();
        expect(r.data!.addToCart.__typename).toBe('Cart');
      }
      expect((await lineQuantities(cartId))[variants[1].id]).toBe(6);
    }
  });

  it('concurrent +2 adds to a line of 6: every accepted add counts, the one that would pass 10 is refused and changes nothing', async () => {
    for (let round = 0; round < 5; round++) {
      const s = await session();
      const cartId = (await app.gql<{ addToCart: CartView }>(ADD, { s, v: variants[0].id, q: 6 }, kiosk.token)).data!.addToCart.id;
      const results = await Promise.all([1, 2, 3].map(() => app.gql<{ addToCart: CartView }>(ADD, { s, v: variants[0].id, q: 2 }, kiosk.token)));
      const accepted = results.filter((r) => r.data?.addToCart?.__typename === 'Cart');
      const refused = results.filter((r) => r.errors);
      expect(accepted).toHaveLength(2);
      expect(refused).toHaveLength(1);
      expect(refused[0].errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quantity' });
      expect((await lineQuantities(cartId))[variants[0].id]).toBe(10);
    }
  });

  it('concurrent adds to the member cart are applied one after another: none is lost', async () => {
    const member = await app.customerToken('race-member-1');
    const cart = (await app.gql<{ addToMyCart: CartView }>(ADD_MINE, { v: variants[2].id, q: 1 }, member)).data!.addToMyCart;
    const results = await Promise.all([1, 2, 3, 4].map(() => app.gql<{ addToMyCart: CartView }>(ADD_MINE, { v: variants[2].id, q: 1 }, member)));
    expect(results.every((r) => r.data!.addToMyCart.__typename === 'Cart')).toBe(true);
    expect((await lineQuantities(cart.id))[variants[2].id]).toBe(5);
    // Each answer shows a quantity no other answer showed: the adds were applied one after another.
    const seen = results.map((r) => r.data!.addToMyCart.lines.find((l) => l.variant.id === variants[2].id)!.quantity).sort();
    expect(seen).toEqual([2, 3, 4, 5]);
  });

  it('an app-cart add that waits on a checkout of that cart goes into the member’s next cart, never into the checked-out one', async () => {
    const member = await app.customerToken('race-member-2');
    const cart = (await app.gql<{ addToMyCart: CartView }>(ADD_MINE, { v: variants[0].id, q: 1 }, member)).data!.addToMyCart;
    const add = await withCartLocked(
      cart.id,
      () => app.gql<{ addToMyCart: CartView }>(ADD_MINE, { v: variants[1].id, q: 3 }, member),
      async (q) => {
        await q(`UPDATE cart SET status = 'CHECKED_OUT' WHERE id = $1`, [cart.id]);
      },
    );
    expect(add.errors).toBeUndefined();
    expect(add.data!.addToMyCart).toMatchObject({ __typename: 'Cart', status: 'ACTIVE', itemCount: 3 });
    expect(add.data!.addToMyCart.id).not.toBe(cart.id);
    expect(await lineQuantities(cart.id)).toEqual({ [variants[0].id]: 1 });
    const mine = await app.gql<{ myCart: { id: string; itemCount: number } }>(`{ myCart { id itemCount } }`, {}, member);
    expect(mine.data!.myCart).toEqual({ id: add.data!.addToMyCart.id, itemCount: 3 });
  });

  it('a mirror add that waits on the hand-off confirmation of its cart is refused with a typed error and adds nothing', async () => {
    const s = await session();
    const cart = (await app.gql<{ addToCart: CartView }>(ADD, { s, v: variants[0].id, q: 1 }, kiosk.token)).data!.addToCart;
    const add = await withCartLocked(
      cart.id,
      () => app.gql<{ addToCart: CartView }>(ADD, { s, v: variants[1].id, q: 1 }, kiosk.token),
      async (q) => {
        await q(`UPDATE cart SET status = 'MERGED' WHERE id = $1`, [cart.id]);
      },
    );
    expect(add.errors).toBeUndefined();
    expect(add.data!.addToCart).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(add.data!.addToCart.message).toMatch(/handed/);
    expect(await lineQuantities(cart.id)).toEqual({ [variants[0].id]: 1 });
  });

  it('a hand-off confirmation that waits on a checkout of the app cart merges into the member’s next cart, not into the order placed', async () => {
    const member = await app.customerToken('race-member-4');
    const appCart = (await app.gql<{ addToMyCart: CartView }>(ADD_MINE, { v: variants[0].id, q: 1 }, member)).data!.addToMyCart;
    const s = await session();
    const mirrorCart = (await app.gql<{ addToCart: CartView }>(ADD, { s, v: variants[2].id, q: 2 }, kiosk.token)).data!.addToCart;
    const h = (await app.gql<{ createCartHandoff: { id: string; fallbackCode: string } }>(HANDOFF, { c: mirrorCart.id }, kiosk.token)).data!.createCartHandoff;
    expect((await app.gql<{ claimCartHandoff: { __typename: string } }>(CLAIM, { code: h.fallbackCode }, member)).data!.claimCartHandoff.__typename).toBe('HandoffPreview');
    const confirmed = await withCartLocked(
      appCart.id,
      () => app.gql<{ confirmCartHandoff: CartView }>(CONFIRM, { h: h.id }, member),
      async (q) => {
        await q(`UPDATE cart SET status = 'CHECKED_OUT' WHERE id = $1`, [appCart.id]);
      },
    );
    expect(confirmed.data!.confirmCartHandoff).toMatchObject({ __typename: 'Cart', status: 'ACTIVE', itemCount: 2 });
    expect(confirmed.data!.confirmCartHandoff.id).not.toBe(appCart.id);
    expect(await lineQuantities(appCart.id)).toEqual({ [variants[0].id]: 1 });
  });

  it('line changes and removals that wait on a closed cart are refused and change nothing', async () => {
    const member = await app.customerToken('race-member-3');
    const cart = (await app.gql<{ addToMyCart: CartView }>(ADD_MINE, { v: variants[0].id, q: 2 }, member)).data!.addToMyCart;
    const lineId = cart.lines[0].id;
    const [update, remove] = await withCartLocked(
      cart.id,
      () => Promise.all([app.gql<{ updateCartLine: CartView }>(UPDATE, { c: cart.id, l: lineId, q: 5 }, member), app.gql<{ removeCartLine: CartView }>(REMOVE, { c: cart.id, l: lineId }, member)]),
      async (q) => {
        await q(`UPDATE cart SET status = 'CHECKED_OUT' WHERE id = $1`, [cart.id]);
      },
    );
    expect(update.data!.updateCartLine).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(remove.data!.removeCartLine).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await lineQuantities(cart.id)).toEqual({ [variants[0].id]: 2 });
  });

  it('adds racing a real checkout: every accepted unit is either in the order or in the member’s next cart', async () => {
    for (let round = 0; round < 3; round++) {
      const member = await app.customerToken(`race-checkout-${round}`);
      const cart = (await app.gql<{ addToMyCart: CartView }>(ADD_MINE, { v: variants[0].id, q: 1 }, member)).data!.addToMyCart;
      const input = { cartId: cart.id, idempotencyKey: `race-${round}`, fulfillment: 'PICKUP_IN_STORE', paymentToken: 'tok_ok' };
      // The member's app cart has no store until a hand-off; give it one for pickup.
      await app.dataSource.query(`UPDATE cart SET store_id = $1 WHERE id = $2`, [storeId, cart.id]);
      const [order, ...adds] = await Promise.all([
        app.gql<{ checkout: { __typename: string; id: string } }>(CHECKOUT, { input }, member),
        ...[1, 2, 3].map(() => app.gql<{ addToMyCart: CartView }>(ADD_MINE, { v: variants[1].id, q: 1 }, member)),
      ]);
      expect(order.data!.checkout.__typename).toBe('Order');
      expect(adds.every((a) => a.data!.addToMyCart.__typename === 'Cart')).toBe(true);
      const [{ ordered }] = await app.dataSource.query(`SELECT COALESCE(SUM(quantity), 0)::int AS ordered FROM order_line WHERE order_id = $1 AND variant_id = $2`, [order.data!.checkout.id, variants[1].id]);
      const [{ carted }] = await app.dataSource.query(
        `SELECT COALESCE(SUM(l.quantity), 0)::int AS carted FROM cart_line l JOIN cart c ON c.id = l.cart_id JOIN customer m ON m.id = c.customer_id
          WHERE m.external_id = $1 AND c.status = 'ACTIVE' AND l.variant_id = $2`,
        [`race-checkout-${round}`, variants[1].id],
      );
      expect(ordered + carted).toBe(3);
      // The checked-out cart holds exactly what was ordered.
      const [{ left }] = await app.dataSource.query(`SELECT COALESCE(SUM(quantity), 0)::int AS left FROM cart_line WHERE cart_id = $1 AND variant_id = $2`, [cart.id, variants[1].id]);
      expect(left).toBe(ordered);
    }
  });

  it('mirror adds racing the hand-off confirmation: each unit is either merged into the app cart or refused', async () => {
    for (let round = 0; round < 3; round++) {
      const s = await session();
      const cart = (await app.gql<{ addToCart: CartView }>(ADD, { s, v: variants[0].id, q: 1 }, kiosk.token)).data!.addToCart;
      const h = (await app.gql<{ createCartHandoff: { id: string; fallbackCode: string } }>(HANDOFF, { c: cart.id }, kiosk.token)).data!.createCartHandoff;
      const member = await app.customerToken(`race-handoff-${round}`);
      expect((await app.gql<{ claimCartHandoff: { __typename: string } }>(CLAIM, { code: h.fallbackCode }, member)).data!.claimCartHandoff.__typename).toBe('HandoffPreview');
      const [confirmed, ...adds] = await Promise.all([
        app.gql<{ confirmCartHandoff: CartView }>(CONFIRM, { h: h.id }, member),
        ...[1, 2, 3].map(() => app.gql<{ addToCart: CartView }>(ADD, { s, v: variants[1].id, q: 1 }, kiosk.token)),
      ]);
      expect(confirmed.data!.confirmCartHandoff.__typename).toBe('Cart');
      const accepted = adds.filter((a) => a.data!.addToCart.__typename === 'Cart').length;
      expect(adds.every((a) => ['Cart', 'NotFoundError'].includes(a.data!.addToCart.__typename))).toBe(true);
      const appCart = await app.gql<{ myCart: CartView }>(`{ myCart { ${CART} } }`, {}, member);
      const merged = appCart.data!.myCart.lines.find((l) => l.variant.id === variants[1].id)?.quantity ?? 0;
      expect(merged).toBe(accepted);
    }
  });
});
