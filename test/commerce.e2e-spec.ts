import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CartHandoffEntity } from '../src/commerce/handoff/cart-handoff.entity';
import { OrderEntity } from '../src/commerce/order.entity';
import { InventoryEntity } from '../src/catalog/inventory.entity';
import { PaymentStrategy } from '../src/commerce/checkout/payment.strategy';
import { makeProduct, makeStore, setStock } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const CART = `id status itemCount total { amountMinor } lines { id quantity availableInStore inStock variant { id sizeLabel } product { id } }`;
const ADD = `mutation($s: ID!, $v: ID!, $q: Int!) { addToCart(sessionId: $s, variantId: $v, quantity: $q) { __typename ... on Cart { ${CART} } ... on ErrorResult { code message } } }`;
const HANDOFF = `mutation($c: ID!) { createCartHandoff(cartId: $c) { __typename ... on CartHandoff { id qrPayload fallbackCode expiresAt status } ... on ErrorResult { code } } }`;
const CLAIM = `mutation($token: String, $code: String) { claimCartHandoff(token: $token, code: $code) { __typename
  ... on HandoffPreview { handoffId storeName kioskLabel total { amountMinor } lines { fitNote line { quantity variant { sizeLabel } } } }
  ... on InvalidHandoffCodeError { attemptsLeft } ... on TooManyAttemptsError { retryAfterSeconds } ... on ErrorResult { code } } }`;
const CONFIRM = `mutation($h: ID!) { confirmCartHandoff(handoffId: $h) { __typename ... on Cart { ${CART} } ... on ErrorResult { code } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename ... on Order { id channel status total { amountMinor } } ... on ErrorResult { code message } } }`;

interface CartView {
  id: string;
  itemCount: number;
  total: { amountMinor: number };
  lines: { id: string; quantity: number; availableInStore: number | null; inStock: boolean; variant: { id: string; sizeLabel: string } }[];
}

describe('cart, hand-off to the phone and checkout', () => {
  let app: TestApp;
  let storeId: string;
  let kiosk: { id: string; token: string };
  let otherKiosk: { id: string; token: string };
  let product: { id: string };
  let variants: { id: string; sizeLabel: string }[];

  beforeAll(async () => {
    // With TEST_REDIS_URL (CI sets it when Redis is reachable) the whole suite runs through Redis.
    app = await createTestApp(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {});
    const store = await makeStore(app.dataSource, 'SHOP-1');
    storeId = store.id;
    kiosk = await app.kioskToken(storeId);
    otherKiosk = await app.kioskToken((await makeStore(app.dataSource, 'SHOP-2')).id);
    const made = await makeProduct(app.dataSource, { priceMinor: 4000, sizes: ['S', 'M', 'L'] });
    product = made.product;
    variants = made.variants;
    for (const v of variants) await setStock(app.dataSource, storeId, v.id, 5);
  });
  afterAll(() => app.close());

  const session = async (token = kiosk.token) => {
    const res = await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.startKioskSession.id;
  };
  const fill = async (s: string, token = kiosk.token): Promise<CartView> => {
    const res = await app.gql<{ addToCart: CartView }>(ADD, { s, v: variants[1].id, q: 2 }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.addToCart;
  };
  const handoff = async (cartId: string, token = kiosk.token) => {
    const res = await app.gql<{ createCartHandoff: { id: string; qrPayload: string; fallbackCode: string; expiresAt: string; status: string } }>(HANDOFF, { c: cartId }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.createCartHandoff;
  };
  const tokenOf = (qr: string) => qr.slice(qr.lastIndexOf('#') + 1);

  it('builds a cart at the mirror: add, change size and quantity, remove, totals in minor units, live stock; it survives a kiosk restart', async () => {
    const s = await session();
    const cart = await fill(s);
    expect(cart).toMatchObject({ itemCount: 2, total: { amountMinor: 8000 } });
    expect(cart.lines[0]).toMatchObject({ quantity: 2, availableInStore: 5, inStock: true, variant: { sizeLabel: 'M' } });
    const changed = await app.gql<{ updateCartLine: CartView }>(`mutation($c: ID!, $l: ID!, $v: ID) { updateCartLine(cartId: $c, lineId: $l, variantId: $v, quantity: 3) { ... on Cart { ${CART} } } }`, { c: cart.id, l: cart.lines[0].id, v: variants[2].id }, kiosk.token);
    expect(changed.data!.updateCartLine.lines[0]).toMatchObject({ quantity: 3, variant: { sizeLabel: 'L' } });
    expect(changed.data!.updateCartLine.total.amountMinor).toBe(12000);
    const tooMany = await app.gql<{ addToCart: { __typename: string; available: number } }>(`mutation($s: ID!, $v: ID!, $q: Int!) { addToCart(sessionId: $s, variantId: $v, quantity: $q) { __typename ... on OutOfStockError { available } } }`, { s, v: variants[0].id, q: 6 }, kiosk.token);
    expect(tooMany.data!.addToCart).toEqual({ __typename: 'OutOfStockError', available: 5 });
    const all = await app.gql<{ addToCart: { __typename: string } }>(ADD, { s, v: variants[0].id, q: 5 }, kiosk.token);
    expect(all.data!.addToCart.__typename).toBe('Cart');
    const over = await app.gql<{ addToCart: { __typename: string; code: string } }>(ADD, { s, v: variants[0].id, q: 1 }, kiosk.token);
    expect(over.data!.addToCart).toMatchObject({ __typename: 'OutOfStockError', code: 'OUT_OF_STOCK' });
    // A kiosk restart is a new process with the same token: the cart is still there.
    const again = await app.gql<{ sessionCart: CartView }>(`query($s: ID!) { sessionCart(sessionId: $s) { ${CART} } }`, { s }, kiosk.token);
    expect(again.data!.sessionCart.itemCount).toBe(8);
    const removed = await app.gql<{ removeCartLine: CartView }>(`mutation($c: ID!, $l: ID!) { removeCartLine(cartId: $c, lineId: $l) { ... on Cart { ${CART} } } }`, { c: cart.id, l: cart.lines[0].id }, kiosk.token);
    expect(removed.data!.removeCartLine.itemCount).toBe(5);
  });

  it('refuses bad cart input with typed errors and changes nothing', async () => {
    const s = await session();
    const negative = await app.gql(ADD, { s, v: variants[0].id, q: -1 }, kiosk.token);
    expect(negative.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quantity' });
    const unknown = await app.gql<{ addToCart: { __typename: string } }>(ADD, { s, v: '00000000-0000-4000-8000-000000000000', q: 1 }, kiosk.token);
    expect(unknown.data!.addToCart.__typename).toBe('NotFoundError');
    const foreign = await app.gql<{ addToCart: { __typename: string } }>(ADD, { s, v: variants[0].id, q: 1 }, otherKiosk.token);
    expect(foreign.data!.addToCart.__typename).toBe('SessionNotFoundError');
    expect(await app.dataSource.query(`SELECT 1 FROM cart WHERE session_id = $1`, [s])).toHaveLength(0);
    const cart = await fill(s);
    const otherEdit = await app.gql<{ updateCartLine: { __typename: string } }>(`mutation($c: ID!, $l: ID!) { updateCartLine(cartId: $c, lineId: $l, quantity: 1) { __typename } }`, { c: cart.id, l: cart.lines[0].id }, otherKiosk.token);
    expect(otherEdit.data!.updateCartLine.__typename).toBe('NotFoundError');
    const foreignHandoff = await handoff(cart.id, otherKiosk.token);
    expect((foreignHandoff as unknown as { __typename: string }).__typename).toBe('NotFoundError');
    expect(await app.dataSource.query(`SELECT 1 FROM cart_handoff WHERE cart_id = $1`, [cart.id])).toHaveLength(0);
  });

  it('hands the cart to the phone: QR carries only a one-time token, codes are stored hashed, preview, confirm merges into the app cart, the mirror follows it live', async () => {
    const s = await session();
    const cart = await fill(s);
    const h = await handoff(cart.id);
    expect(h.status).toBe('PENDING');
    expect(h.fallbackCode).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    const token = tokenOf(h.qrPayload);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(h.qrPayload).not.toContain(cart.id);
    const row = await app.dataSource.getRepository(CartHandoffEntity).findOneByOrFail({ id: h.id });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(h.fallbackCode.replace('-', ''));
    expect(new Date(h.expiresAt).getTime() - Date.now()).toBeGreaterThan(170_000);

    const events: string[] = [];
    const ws = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${kiosk.token}` }, retryAttempts: 0 });
    const done = new Promise<void>((resolve, reject) =>
      ws.subscribe<{ cartHandoffUpdates: { status: string } }>(
        { query: `subscription($h: ID!) { cartHandoffUpdates(handoffId: $h) { handoffId status at } }`, variables: { h: h.id } },
        { next: ({ data }) => { events.push(data!.cartHandoffUpdates.status); if (data!.cartHandoffUpdates.status === 'CONFIRMED') resolve(); }, error: reject, complete: () => undefined },
      ),
    );
    await new Promise((r) => setTimeout(r, 300));
    const member = await app.customerToken('phone-1');
    const claimed = await app.gql<{ claimCartHandoff: { __typename: string; handoffId: string; lines: { fitNote: string | null; line: { quantity: number } }[]; total: { amountMinor: number } } }>(CLAIM, { code: h.fallbackCode.toLowerCase().replace('-', '') }, member);
    expect(claimed.data!.claimCartHandoff).toMatchObject({ __typename: 'HandoffPreview', handoffId: h.id, total: { amountMinor: 8000 } });
    const again = await app.gql<{ claimCartHandoff: { __typename: string } }>(CLAIM, { token }, member);
    expect(again.data!.claimCartHandoff.__typename).toBe('HandoffPreview');
    const stranger = await app.gql<{ confirmCartHandoff: { __typename: string } }>(CONFIRM, { h: h.id }, await app.customerToken('phone-2'));
    expect(stranger.data!.confirmCartHandoff.__typename).toBe('NotFoundError');
    const confirmed = await app.gql<{ confirmCartHandoff: CartView }>(CONFIRM, { h: h.id }, member);
    expect(confirmed.data!.confirmCartHandoff).toMatchObject({ itemCount: 2 });
    await done;
    await ws.dispose();
    expect(events).toEqual(['CLAIMED', 'CONFIRMED']);
    const reused = await app.gql<{ claimCartHandoff: { __typename: string } }>(CLAIM, { code: h.fallbackCode }, await app.customerToken('phone-3'));
    expect(reused.data!.claimCartHandoff.__typename).toBe('HandoffAlreadyClaimedError');

    // Checkout from the phone: the order is a kiosk hand-off and shows in the member's history.
    const order = await app.gql<{ checkout: { __typename: string; channel: string; status: string } }>(CHECKOUT, { input: { cartId: confirmed.data!.confirmCartHandoff.id, idempotencyKey: 'k-1', fulfillment: 'PICKUP_IN_STORE', paymentToken: 'tok_visa' } }, member);
    expect(order.data!.checkout).toMatchObject({ __typename: 'Order', channel: 'KIOSK_HANDOFF', status: 'PAID' });
    const history = await app.gql<{ viewer: { customer: { orders: { totalCount: number; edges: { node: { channel: string; lines: { quantity: number }[] } }[] } } } }>(
      `{ viewer { ... on CustomerViewer { customer { orders { totalCount edges { node { channel lines { quantity } } } } } } } }`,
      {},
      member,
    );
    expect(history.data!.viewer.customer.orders.edges[0].node).toMatchObject({ channel: 'KIOSK_HANDOFF', lines: [{ quantity: 2 }] });
    const inv = await app.dataSource.getRepository(InventoryEntity).findOneByOrFail({ storeId, variantId: variants[1].id });
    expect(inv.reserved).toBe(2);
    const othersOrders = await app.gql<{ viewer: { customer: { orders: { totalCount: number } } } }>(`{ viewer { ... on CustomerViewer { customer { orders { totalCount } } } } }`, {}, await app.customerToken('phone-2'));
    expect(othersOrders.data!.viewer.customer.orders.totalCount).toBe(0);
  });

  it('50 parallel claims of one code: exactly one succeeds', async () => {
    const s = await session();
    const h = await handoff((await fill(s)).id);
    const members = await Promise.all(Array.from({ length: 50 }, (_, i) => app.customerToken(`racer-${i}`)));
    const results = await Promise.all(members.map((m) => app.gql<{ claimCartHandoff: { __typename: string } }>(CLAIM, { code: h.fallbackCode }, m)));
    const kinds = results.map((r) => r.data!.claimCartHandoff.__typename);
    expect(kinds.filter((k) => k === 'HandoffPreview')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'HandoffAlreadyClaimedError')).toHaveLength(49);
  });

  it('an expired hand-off cannot be claimed, and the mirror is told', async () => {
    const s = await session();
    const h = await handoff((await fill(s)).id);
    await app.dataSource.query(`UPDATE cart_handoff SET expires_at = now() - interval '1 second' WHERE id = $1`, [h.id]);
    const res = await app.gql<{ claimCartHandoff: { __typename: string; code: string } }>(CLAIM, { token: tokenOf(h.qrPayload) }, await app.customerToken('late'));
    expect(res.data!.claimCartHandoff).toMatchObject({ __typename: 'HandoffExpiredError', code: 'HANDOFF_EXPIRED' });
    const status = await app.gql<{ cartHandoffStatus: string }>(`query($h: ID!) { cartHandoffStatus(handoffId: $h) }`, { h: h.id }, kiosk.token);
    expect(status.data!.cartHandoffStatus).toBe('EXPIRED');
    expect((await app.gql<{ cartHandoffStatus: string | null }>(`query($h: ID!) { cartHandoffStatus(handoffId: $h) }`, { h: h.id }, otherKiosk.token)).data!.cartHandoffStatus).toBeNull();
  });

  it('rate-limits wrong codes: 5 per code, then per member', async () => {
    const member = await app.customerToken('guesser');
    const wrong = 'BBBB-BBBB';
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) kinds.push((await app.gql<{ claimCartHandoff: { __typename: string } }>(CLAIM, { code: wrong }, member)).data!.claimCartHandoff.__typename);
    expect(kinds.slice(0, 5)).toEqual(Array(5).fill('InvalidHandoffCodeError'));
    expect(kinds[5]).toBe('TooManyAttemptsError');
    // Other wrong codes from the same member: the member limit (10) stops them too.
    const more: string[] = [];
    for (const code of ['CCCCCCCC', 'DDDDDDDD', 'FFFFFFFF', 'GGGGGGGG', 'HHHHHHHH', 'JJJJJJJJ']) more.push((await app.gql<{ claimCartHandoff: { __typename: string } }>(CLAIM, { code }, member)).data!.claimCartHandoff.__typename);
    expect(more[more.length - 1]).toBe('TooManyAttemptsError');
    const malformed = await app.gql(CLAIM, { code: 'AEIOU123' }, member);
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('20 parallel checkouts for the last unit: exactly one order, stock never negative', async () => {
    const { variants: [last] } = await makeProduct(app.dataSource, { sizes: ['M'], priceMinor: 9900 });
    await setStock(app.dataSource, storeId, last.id, 1);
    const buyers = await Promise.all(Array.from({ length: 20 }, (_, i) => app.customerToken(`buyer-${i}`)));
    const carts = await Promise.all(buyers.map(async (b) => (await app.gql<{ addToMyCart: CartView }>(`mutation($v: ID!) { addToMyCart(variantId: $v, quantity: 1) { ... on Cart { id } } }`, { v: last.id }, b)).data!.addToMyCart.id));
    const address = { name: 'A', line1: 'Street 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' };
    const results = await Promise.all(buyers.map((b, i) => app.gql<{ checkout: { __typename: string } }>(CHECKOUT, { input: { cartId: carts[i], idempotencyKey: `last-${i}`, fulfillment: 'SHIP_TO_HOME', address, paymentToken: 'tok_ok' } }, b)));
    const kinds = results.map((r) => r.data!.checkout.__typename);
    expect(kinds.filter((k) => k === 'Order')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'OutOfStockError')).toHaveLength(19);
    const inv = await app.dataSource.getRepository(InventoryEntity).findOneByOrFail({ storeId, variantId: last.id });
    expect(inv).toMatchObject({ onHand: 1, reserved: 1 });
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM order_line WHERE variant_id = $1`, [last.id]);
    expect(n).toBe(1);
  });

  it('10 retries of one checkout make one order; the same key with another payload is refused; declined payments order nothing', async () => {
    const buyer = await app.customerToken('retrier');
    const cartId = (await app.gql<{ addToMyCart: CartView }>(`mutation($v: ID!) { addToMyCart(variantId: $v, quantity: 1) { ... on Cart { id } } }`, { v: variants[0].id }, buyer)).data!.addToMyCart.id;
    const address = { name: 'B', line1: 'Road 2', postalCode: '20095', city: 'Hamburg', countryCode: 'DE' };
    const input = { cartId, idempotencyKey: 'same-key', fulfillment: 'SHIP_TO_HOME', address, paymentToken: 'tok_ok' };
    const results = await Promise.all(Array.from({ length: 10 }, () => app.gql<{ checkout: { __typename: string; id: string } }>(CHECKOUT, { input }, buyer)));
    const ids = new Set(results.map((r) => r.data!.checkout.id));
    expect(ids.size).toBe(1);
    expect(results.every((r) => r.data!.checkout.__typename === 'Order')).toBe(true);
    const customerId = (await app.dataSource.query(`SELECT id FROM customer WHERE external_id = 'retrier'`))[0].id;
    expect(await app.dataSource.getRepository(OrderEntity).countBy({ customerId })).toBe(1);
    const conflict = await app.gql<{ checkout: { __typename: string } }>(CHECKOUT, { input: { ...input, address: { ...address, city: 'Bremen' } } }, buyer);
    expect(conflict.data!.checkout.__typename).toBe('IdempotencyConflictError');

    const decliner = await app.customerToken('decliner');
    const cart2 = (await app.gql<{ addToMyCart: CartView }>(`mutation($v: ID!) { addToMyCart(variantId: $v, quantity: 1) { ... on Cart { id } } }`, { v: variants[0].id }, decliner)).data!.addToMyCart.id;
    const before = await app.dataSource.getRepository(InventoryEntity).findOneByOrFail({ storeId, variantId: variants[0].id });
    const declined = await app.gql<{ checkout: { __typename: string; code: string } }>(CHECKOUT, { input: { cartId: cart2, idempotencyKey: 'd', fulfillment: 'SHIP_TO_HOME', address, paymentToken: 'tok_decline' } }, decliner);
    expect(declined.data!.checkout).toMatchObject({ __typename: 'PaymentDeclinedError', code: 'PAYMENT_DECLINED' });
    expect((await app.dataSource.getRepository(InventoryEntity).findOneByOrFail({ storeId, variantId: variants[0].id })).reserved).toBe(before.reserved);
    const foreign = await app.gql<{ checkout: { __typename: string } }>(CHECKOUT, { input: { cartId: cart2, idempotencyKey: 'x', fulfillment: 'SHIP_TO_HOME', address, paymentToken: 'tok_ok' } }, buyer);
    expect(foreign.data!.checkout.__typename).toBe('NotFoundError');
    const empty = await app.gql<{ myCart: { id: string } }>(`{ myCart { id } }`, {}, await app.customerToken('empty-cart'));
    const emptyCheckout = await app.gql<{ checkout: { __typename: string } }>(CHECKOUT, { input: { cartId: empty.data!.myCart.id, idempotencyKey: 'e', fulfillment: 'SHIP_TO_HOME', address, paymentToken: 'tok_ok' } }, await app.customerToken('empty-cart'));
    expect(emptyCheckout.data!.checkout.__typename).toBe('EmptyCartError');
    const noAddress = await app.gql(CHECKOUT, { input: { cartId: cart2, idempotencyKey: 'n', fulfillment: 'SHIP_TO_HOME', paymentToken: 'tok_ok' } }, decliner);
    expect(noAddress.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a hand-off merge that takes a line past 10 keeps 10 and says which units were left out; they stay on the mirror cart', async () => {
    const { product: tee, variants: [teeM] } = await makeProduct(app.dataSource, { name: 'Trail Tee', sizes: ['M'], priceMinor: 2500 });
    await setStock(app.dataSource, storeId, teeM.id, 20);
    const member = await app.customerToken('merge-over');
    const add = await app.gql<{ addToMyCart: CartView }>(`mutation($v: ID!) { addToMyCart(variantId: $v, quantity: 7) { ... on Cart { id } } }`, { v: teeM.id }, member);
    const appCartId = add.data!.addToMyCart.id;
    const s = await session();
    const mirror = (await app.gql<{ addToCart: CartView }>(ADD, { s, v: teeM.id, q: 6 }, kiosk.token)).data!.addToCart;
    await app.gql(ADD, { s, v: variants[0].id, q: 1 }, kiosk.token);
    const h = await handoff(mirror.id);
    await app.gql(CLAIM, { code: h.fallbackCode }, member);
    const confirmed = await app.gql<{ confirmCartHandoff: CartView & { shortfalls: { requested: number; added: number; leftOut: number; message: string; variant: { id: string }; product: { id: string } }[] } }>(
      `mutation($h: ID!) { confirmCartHandoff(handoffId: $h) { __typename ... on Cart { ${CART} shortfalls { requested added leftOut message variant { id } product { id } } } } }`,
      { h: h.id },
      member,
    );
    expect(confirmed.errors).toBeUndefined();
    const cart = confirmed.data!.confirmCartHandoff;
    expect(cart.id).toBe(appCartId);
    expect(cart.lines.find((l) => l.variant.id === teeM.id)!.quantity).toBe(10);
    expect(cart.lines.find((l) => l.variant.id === variants[0].id)!.quantity).toBe(1);
    expect(cart.shortfalls).toEqual([
      {
        requested: 6,
        added: 3,
        leftOut: 3,
        message: 'You already had 7 of Trail Tee (M, Black); a line holds at most 10, so 3 of the 6 from the mirror were not added.',
        variant: { id: teeM.id },
        product: { id: tee.id },
      },
    ]);
    // The mirror's cart keeps its lines (MERGED): nothing is deleted.
    expect(await app.dataSource.query(`SELECT status FROM cart WHERE id = $1`, [mirror.id])).toEqual([{ status: 'MERGED' }]);
    expect(await app.dataSource.query(`SELECT quantity FROM cart_line WHERE cart_id = $1 AND variant_id = $2`, [mirror.id, teeM.id])).toEqual([{ quantity: 6 }]);
    // Reads and ordinary changes report no shortfall.
    const read = await app.gql<{ myCart: { shortfalls: unknown[] } }>(`{ myCart { shortfalls { leftOut } } }`, {}, member);
    expect(read.data!.myCart.shortfalls).toEqual([]);
  });

  it('refuses malformed ids with BAD_USER_INPUT naming the argument, and changes nothing', async () => {
    const member = await app.customerToken('malformed-ids');
    const s = await session();
    const cart = await fill(s);
    const before = await app.dataSource.query(`SELECT (SELECT count(*) FROM cart_line)::int AS lines, (SELECT count(*) FROM cart)::int AS carts, (SELECT count(*) FROM cart_handoff)::int AS handoffs, (SELECT count(*) FROM customer_order)::int AS orders`);
    const bad = 'not-a-uuid';
    const cases: [string, string, Record<string, unknown>, string, string][] = [
      ['addToMyCart', `mutation($v: ID!) { addToMyCart(variantId: $v) { __typename } }`, { v: bad }, member, 'variantId'],
      ['updateCartLine', `mutation($c: ID!, $l: ID!, $v: ID) { updateCartLine(cartId: $c, lineId: $l, variantId: $v) { __typename } }`, { c: cart.id, l: cart.lines[0].id, v: bad }, kiosk.token, 'variantId'],
      ['createCartHandoff', `mutation($c: ID!) { createCartHandoff(cartId: $c) { __typename } }`, { c: bad }, kiosk.token, 'cartId'],
      ['confirmCartHandoff', `mutation($h: ID!) { confirmCartHandoff(handoffId: $h) { __typename } }`, { h: bad }, member, 'handoffId'],
      ['cartHandoffStatus', `query($h: ID!) { cartHandoffStatus(handoffId: $h) }`, { h: bad }, kiosk.token, 'handoffId'],
      ['sessionCart', `query($s: ID!) { sessionCart(sessionId: $s) { id } }`, { s: bad }, kiosk.token, 'sessionId'],
      ['checkout', CHECKOUT, { input: { cartId: 'x'.repeat(36), idempotencyKey: 'bad-id', fulfillment: 'SHIP_TO_HOME', address: { name: 'A', line1: 'B 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' }, paymentToken: 'tok_ok' } }, member, 'cartId'],
    ];
    for (const [name, query, vars, token, field] of cases) {
      const res = await app.gql(query, vars, token);
      expect({ name, code: res.errors?.[0].extensions?.code }).toEqual({ name, code: 'BAD_USER_INPUT' });
      expect({ name, fields: (res.errors![0].extensions!.fields as { field: string }[]).map((f) => f.field) }).toEqual({ name, fields: [field] });
    }
    const after = await app.dataSource.query(`SELECT (SELECT count(*) FROM cart_line)::int AS lines, (SELECT count(*) FROM cart)::int AS carts, (SELECT count(*) FROM cart_handoff)::int AS handoffs, (SELECT count(*) FROM customer_order)::int AS orders`);
    expect(after).toEqual(before);
    expect((await app.gql<{ sessionCart: CartView }>(`query($s: ID!) { sessionCart(sessionId: $s) { ${CART} } }`, { s }, kiosk.token)).data!.sessionCart.lines).toEqual(cart.lines);
  });

  it('order cursors that do not decode to a time and an order id are BAD_USER_INPUT on `after`, for staff and members', async () => {
    const forged = [{ t: 'x', id: 'y' }, { t: '2024-01-01T00:00:00.000Z', id: 'y' }, { t: 'yesterday', id: '00000000-0000-4000-8000-000000000000' }, { t: 1, id: 2 }, ['a']].map((c) => Buffer.from(JSON.stringify(c)).toString('base64url'));
    const staff = await app.staffToken('cursor-merch');
    const member = await app.customerToken('cursor-member');
    for (const after of forged) {
      const orders = await app.gql(`query($a: String) { orders(after: $a) { totalCount } }`, { a: after }, staff);
      expect(orders.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      const mine = await app.gql(`query($a: String) { viewer { ... on CustomerViewer { customer { orders(after: $a) { totalCount } } } } }`, { a: after }, member);
      expect(mine.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    // A real cursor still pages.
    const first = await app.gql<{ orders: { edges: { cursor: string }[] } }>(`{ orders(first: 1) { edges { cursor } } }`, {}, staff);
    const next = await app.gql(`query($a: String) { orders(first: 1, after: $a) { totalCount } }`, { a: first.data!.orders.edges[0].cursor }, staff);
    expect(next.errors).toBeUndefined();
  });

  it('a checkout whose transaction does not commit after the payment was authorised voids the authorisation and orders nothing', async () => {
    const payments = app.server.services.checkout['payments'] as PaymentStrategy;
    const authorize = jest.spyOn(payments, 'authorize');
    const voided = jest.spyOn(payments, 'voidAuthorization');
    const buyer = await app.customerToken('void-buyer');
    const cartId = (await app.gql<{ addToMyCart: CartView }>(`mutation($v: ID!) { addToMyCart(variantId: $v, quantity: 1) { ... on Cart { id } } }`, { v: variants[2].id }, buyer)).data!.addToMyCart.id;
    const reservedBefore = (await app.dataSource.getRepository(InventoryEntity).findOneByOrFail({ storeId, variantId: variants[2].id })).reserved;
    // A failure at COMMIT, after everything (the authorisation included) ran: a deferred constraint trigger.
    await app.dataSource.query(`CREATE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure at commit'; END $$`);
    await app.dataSource.query(`CREATE CONSTRAINT TRIGGER fail_order_commit AFTER INSERT ON customer_order DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_at_commit()`);
    try {
      const address = { name: 'V', line1: 'Void 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' };
      const res = await app.gql(CHECKOUT, { input: { cartId, idempotencyKey: 'void-1', fulfillment: 'SHIP_TO_HOME', address, paymentToken: 'tok_ok' } }, buyer);
      expect(res.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await app.dataSource.query(`DROP TRIGGER fail_order_commit ON customer_order`);
      await app.dataSource.query(`DROP FUNCTION fail_at_commit()`);
    }
    expect(authorize).toHaveBeenCalledTimes(1);
    const outcome = await authorize.mock.results[0].value;
    expect(outcome).toMatchObject({ approved: true });
    expect(voided).toHaveBeenCalledTimes(1);
    expect(voided.mock.calls[0][0]).toMatchObject({ providerReference: (outcome as { providerReference: string }).providerReference, amountMinor: 4000, currency: 'EUR' });
    const customerId = (await app.dataSource.query(`SELECT id FROM customer WHERE external_id = 'void-buyer'`))[0].id;
    expect(await app.dataSource.getRepository(OrderEntity).countBy({ customerId })).toBe(0);
    expect((await app.dataSource.getRepository(InventoryEntity).findOneByOrFail({ storeId, variantId: variants[2].id })).reserved).toBe(reservedBefore);
    expect(await app.dataSource.query(`SELECT status FROM cart WHERE id = $1`, [cartId])).toEqual([{ status: 'ACTIVE' }]);
    // The retry, with nothing failing now, orders; a successful checkout voids nothing.
    const address = { name: 'V', line1: 'Void 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' };
    const retry = await app.gql<{ checkout: { __typename: string } }>(CHECKOUT, { input: { cartId, idempotencyKey: 'void-1', fulfillment: 'SHIP_TO_HOME', address, paymentToken: 'tok_ok' } }, buyer);
    expect(retry.data!.checkout.__typename).toBe('Order');
    expect(voided).toHaveBeenCalledTimes(1);
    authorize.mockRestore();
    voided.mockRestore();
  });

  it('a cart total above what an order can hold is refused: at the add (BAD_USER_INPUT) and, if prices rose since, at checkout (InvalidInputError) with nothing written', async () => {
    const { product: dear, variants: [dearM] } = await makeProduct(app.dataSource, { sizes: ['M'], priceMinor: 999_999_999 });
    await setStock(app.dataSource, storeId, dearM.id, 20);
    const buyer = await app.customerToken('big-spender');
    const ADD_MINE = `mutation($v: ID!, $q: Int!) { addToMyCart(variantId: $v, quantity: $q) { __typename ... on Cart { ${CART} } } }`;
    const two = await app.gql<{ addToMyCart: CartView }>(ADD_MINE, { v: dearM.id, q: 2 }, buyer);
    expect(two.data!.addToMyCart).toMatchObject({ itemCount: 2, total: { amountMinor: 1_999_999_998 } });
    const cartId = two.data!.addToMyCart.id;
    const third = await app.gql(ADD_MINE, { v: dearM.id, q: 1 }, buyer);
    expect(third.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quantity' });
    const ten = await app.gql(ADD_MINE, { v: dearM.id, q: 10 }, buyer);
    expect(ten.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quantity' });
    expect(await app.dataSource.query(`SELECT quantity FROM cart_line WHERE cart_id = $1`, [cartId])).toEqual([{ quantity: 2 }]);
    // The catalogue raises the price after the add: 2 x 15,000,000.00 is more than an order holds.
    await app.dataSource.query(`UPDATE product SET price_minor = 1500000000 WHERE id = $1`, [dear.id]);
    const payments = app.server.services.checkout['payments'] as PaymentStrategy;
    const authorize = jest.spyOn(payments, 'authorize');
    try {
      const res = await app.gql<{ checkout: { __typename: string; code: string; field: string; message: string } }>(
        `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename ... on InvalidInputError { code field message } } }`,
        { input: { cartId, idempotencyKey: 'big', fulfillment: 'SHIP_TO_HOME', address: { name: 'R', line1: 'Rich 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' }, paymentToken: 'tok_ok' } },
        buyer,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.checkout).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'input.cartId' });
      expect(res.data!.checkout.message).toContain('€21,474,836.47');
      expect(authorize).not.toHaveBeenCalled();
    } finally {
      authorize.mockRestore();
    }
    const customerId = (await app.dataSource.query(`SELECT id FROM customer WHERE external_id = 'big-spender'`))[0].id;
    expect(await app.dataSource.getRepository(OrderEntity).countBy({ customerId })).toBe(0);
    expect((await app.dataSource.getRepository(InventoryEntity).findOneByOrFail({ storeId, variantId: dearM.id })).reserved).toBe(0);
    expect(await app.dataSource.query(`SELECT 1 FROM checkout_request WHERE customer_id = $1`, [customerId])).toHaveLength(0);
  });

  // Needs a Redis server: TEST_REDIS_URL=redis://127.0.0.1:6379 (set by .ci/run when one is reachable).
  (process.env.TEST_REDIS_URL ? it : it.skip)('two server processes on one database and Redis: created through one, claimed through the other, the mirror subscribed on the first sees it', async () => {
    // A real second OS process: the built server, on the same database, secrets and Redis.
    const second = await app.startProcess({ REDIS_URL: process.env.TEST_REDIS_URL! });
    const s = await session();
    const h = await handoff((await fill(s)).id);
    const statuses: string[] = [];
    const ws = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${kiosk.token}` }, retryAttempts: 0 });
    const seen = new Promise<void>((resolve, reject) =>
      ws.subscribe<{ cartHandoffUpdates: { status: string } }>({ query: `subscription($h: ID!) { cartHandoffUpdates(handoffId: $h) { status } }`, variables: { h: h.id } }, {
        next: ({ data }) => {
          statuses.push(data!.cartHandoffUpdates.status);
          resolve();
        },
        error: reject,
        complete: () => undefined,
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const claimed = await second.gql<{ claimCartHandoff: { __typename: string } }>(CLAIM, { token: tokenOf(h.qrPayload) }, await app.customerToken('far-phone'));
    expect(claimed.data!.claimCartHandoff.__typename).toBe('HandoffPreview');
    await seen;
    await ws.dispose();
    expect(statuses).toEqual(['CLAIMED']);
  });

  it('a cart handed off at a second store is that store\'s: its order is picked up and counted there', async () => {
    const member = await app.customerToken('two-stores');
    const confirmAt = async (token: string) => {
      const s = await session(token);
      const cart = await fill(s, token);
      const h = await handoff(cart.id, token);
      expect((await app.gql(CLAIM, { code: h.fallbackCode }, member)).errors).toBeUndefined();
      const confirmed = await app.gql<{ confirmCartHandoff: { id: string } }>(`mutation($h: ID!) { confirmCartHandoff(handoffId: $h) { ... on Cart { id } } }`, { h: h.id }, member);
      expect(confirmed.errors).toBeUndefined();
      return confirmed.data!.confirmCartHandoff.id;
    };
    for (const v of variants) await setStock(app.dataSource, (await app.dataSource.query(`SELECT store_id FROM kiosk WHERE id = $1`, [otherKiosk.id]))[0].store_id, v.id, 5);
    const first = await confirmAt(kiosk.token);
    expect((await app.dataSource.query(`SELECT store_id FROM cart WHERE id = $1`, [first]))[0].store_id).toBe(storeId);
    // Not checked out; the next day the member hands off at the other store's mirror.
    const second = await confirmAt(otherKiosk.token);
    expect(second).toBe(first);
    const [{ store_id }] = await app.dataSource.query(`SELECT store_id FROM cart WHERE id = $1`, [second]);
    expect(store_id).not.toBe(storeId);
    expect(store_id).toBe((await app.dataSource.query(`SELECT store_id FROM kiosk WHERE id = $1`, [otherKiosk.id]))[0].store_id);
  });

  it('one cart holds one currency: an item priced in another is refused, naming it, and nothing changes', async () => {
    const { variants: [chf] } = await makeProduct(app.dataSource, { priceMinor: 3000, currency: 'CHF', sizes: ['M'] });
    await setStock(app.dataSource, storeId, chf.id, 5);
    const s = await session();
    const cart = await fill(s);
    const mixed = await app.gql(ADD, { s, v: chf.id, q: 1 }, kiosk.token);
    expect(mixed.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'variantId' } });
    expect(mixed.errors?.[0].message).toMatch(/one currency/);
    expect(await app.dataSource.query(`SELECT variant_id, quantity FROM cart_line WHERE cart_id = $1`, [cart.id])).toEqual([{ variant_id: variants[1].id, quantity: 2 }]);
  });
});
