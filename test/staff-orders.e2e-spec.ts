import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { defaultSizeCharts } from '../src/catalog/default-size-charts';
import { SizeChartEntity } from '../src/catalog/size-chart.entity';
import { StaffRole } from '../src/common/enums';
import { makeProduct, makeStore, setStock } from './support/fixtures';
import { mirrorJourney } from './support/mirror-journey';
import { createTestApp, TestApp } from './support/test-app';

const ORDERS = `query($filter: OrderFilterInput, $first: Int, $after: String) { orders(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id channel status placedAt total { amountMinor currency } store { id code }
    lines { quantity unitPrice { amountMinor } product { id name } variant { id sizeLabel } } } } } }`;

interface OrderNode {
  id: string;
  channel: string;
  status: string;
  placedAt: string;
  total: { amountMinor: number; currency: string };
  store: { id: string; code: string } | null;
  lines: { quantity: number; unitPrice: { amountMinor: number }; product: { id: string; name: string }; variant: { id: string; sizeLabel: string } | null }[];
}
interface Page {
  orders: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: OrderNode }[] };
}

describe('orders for staff', () => {
  let app: TestApp;
  let storeId: string;
  let otherStoreId: string;
  let merch: string;
  let kiosk: { token: string };
  let variant: { id: string; sizeLabel: string };
  let productId: string;

  beforeAll(async () => {
    app = await createTestApp();
    storeId = (await makeStore(app.dataSource, 'ORD-1')).id;
    otherStoreId = (await makeStore(app.dataSource, 'ORD-2')).id;
    kiosk = await app.kioskToken(storeId);
    merch = await app.staffToken('orders-merch', StaffRole.MERCHANDISER);
    for (const c of defaultSizeCharts()) await app.dataSource.getRepository(SizeChartEntity).save({ brand: null, garmentType: c.garmentType, gender: c.gender, sizeSystem: c.sizeSystem, rows: c.rows });
    const made = await makeProduct(app.dataSource, { priceMinor: 4500, sizes: ['S', 'M', 'L'] });
    productId = made.product.id;
    variant = made.variants[1];
    for (const v of made.variants) await setStock(app.dataSource, storeId, v.id, 20);
  });
  afterAll(() => app.close());

  it('shows the order just placed from the phone first, with lines, total, store, channel and status, and nothing personal about the member', async () => {
    const member = await app.customerToken('orders-member', { name: 'Erika Mustermann', email: 'erika@example.com' });
    const { orderId } = await mirrorJourney(app, { kioskToken: kiosk.token, memberToken: member, variantId: variant.id });
    const res = await app.gql<Page>(ORDERS, { first: 5 }, merch);
    expect(res.errors).toBeUndefined();
    const first = res.data!.orders.edges[0].node;
    expect(first).toMatchObject({
      id: orderId,
      channel: 'KIOSK_HANDOFF',
      status: 'PAID',
      total: { amountMinor: 4500, currency: 'EUR' },
      store: { id: storeId, code: 'ORD-1' },
      lines: [{ quantity: 1, unitPrice: { amountMinor: 4500 }, product: { id: productId }, variant: { id: variant.id, sizeLabel: 'M' } }],
    });
    expect(Date.now() - Date.parse(first.placedAt)).toBeLessThan(60_000);
    expect(JSON.stringify(res.data)).not.toMatch(/Erika|erika@example\.com/);
  });

  it('pages newest first with cursors and filters by store and channel', async () => {
    const member = await app.customerToken('orders-app-member');
    for (let i = 0; i < 3; i++) {
      const cart = await app.gql<{ addToMyCart: { id: string } }>(`mutation($v: ID!) { addToMyCart(variantId: $v) { ... on Cart { id } } }`, { v: variant.id }, member);
      const placed = await app.gql<{ checkout: { __typename: string } }>(
        `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename } }`,
        { input: { cartId: cart.data!.addToMyCart.id, idempotencyKey: `app-${i}`, fulfillment: 'SHIP_TO_HOME', paymentToken: 'tok_visa', address: { name: 'A', line1: 'Street 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' } } },
        member,
      );
      expect(placed.data!.checkout.__typename).toBe('Order');
    }
    const seen: OrderNode[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = (await app.gql<Page>(ORDERS, { first: 2, after }, merch)).data!;
      expect(page.orders.totalCount).toBe(4);
      seen.push(...page.orders.edges.map((e) => e.node));
      if (!page.orders.pageInfo.hasNextPage) break;
      after = page.orders.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen.map((o) => o.id)).size).toBe(4);
    const times = seen.map((o) => Date.parse(o.placedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const handoffs = (await app.gql<Page>(ORDERS, { filter: { channel: 'KIOSK_HANDOFF' } }, merch)).data!.orders;
    expect(handoffs.totalCount).toBe(1);
    const apps = (await app.gql<Page>(ORDERS, { filter: { channel: 'APP', storeId } }, merch)).data!.orders;
    expect(apps.edges.every((e) => e.node.channel === 'APP' && e.node.store?.id === storeId)).toBe(true);
    expect((await app.gql<Page>(ORDERS, { filter: { storeId: otherStoreId } }, merch)).data!.orders.totalCount).toBe(0);
  });

  it('counts the orders only when the answer asks for totalCount, and once however often it is read', async () => {
    const counts = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    const countStatements = () => counts.mock.calls.filter(([sql]) => /SELECT COUNT\(/i.test(sql)).length;
    try {
      const page = await app.gql<Page>(`{ orders(first: 1) { edges { cursor } pageInfo { hasNextPage } } }`, {}, merch);
      expect(page.errors).toBeUndefined();
      expect(countStatements()).toBe(0);
      const twice = await app.gql<{ orders: { a: number; b: number } }>(`{ orders(first: 1) { a: totalCount b: totalCount } }`, {}, merch);
      expect(twice.data!.orders.a).toBe(twice.data!.orders.b);
      expect(twice.data!.orders.a).toBeGreaterThan(0);
      expect(countStatements()).toBe(1);
    } finally {
      counts.mockRestore();
    }
  });

  it('refuses bad paging and filters with typed errors', async () => {
    expect((await app.gql(ORDERS, { first: 0 }, merch)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await app.gql(ORDERS, { first: 5000 }, merch)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await app.gql(ORDERS, { after: 'nonsense' }, merch)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect((await app.gql(ORDERS, { filter: { storeId: 'BER-01' } }, merch)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is for staff only: a mirror or a member is FORBIDDEN, no token is UNAUTHENTICATED', async () => {
    expect((await app.gql(ORDERS, {}, kiosk.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(ORDERS, {}, await app.customerToken('orders-member'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(ORDERS, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.gql<Page>(ORDERS, {}, await app.staffToken('orders-admin', StaffRole.ADMIN))).data!.orders.totalCount).toBeGreaterThan(0);
  });
});
