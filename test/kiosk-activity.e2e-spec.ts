import { localDay } from '../src/activity/local-day';
import { defaultSizeCharts } from '../src/catalog/default-size-charts';
import { SizeChartEntity } from '../src/catalog/size-chart.entity';
import { StaffRole } from '../src/common/enums';
import { makeProduct, makeStore, setStock } from './support/fixtures';
import { mirrorJourney, startSession } from './support/mirror-journey';
import { createTestApp, TestApp } from './support/test-app';

const ACTIVITY = `query($from: LocalDate!, $to: LocalDate!, $storeId: ID) { kioskActivity(from: $from, to: $to, storeId: $storeId) {
  day storeId storeCode storeName sessionsStarted bodyScans tryOnRenders handoffsCreated handoffsClaimed orders revenue { amountMinor currency } revenueInOtherCurrencies { amountMinor currency } convertedSessions conversionRate demo } }`;

interface Row {
  day: string;
  storeId: string;
  storeCode: string;
  sessionsStarted: number;
  bodyScans: number;
  tryOnRenders: number;
  handoffsCreated: number;
  handoffsClaimed: number;
  orders: number;
  revenue: { amountMinor: number; currency: string };
  revenueInOtherCurrencies: { amountMinor: number; currency: string }[];
  convertedSessions: number;
  conversionRate: number | null;
  demo: boolean;
}

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('kiosk activity for the console', () => {
  let app: TestApp;
  let storeId: string;
  let otherStoreId: string;
  let kiosk: { token: string };
  let merch: string;
  let variantId: string;
  const ACTIVITY_TODAY = `query($s: ID!) { kioskActivity(from: "${new Date(Date.now() - 2 * 86400000).toISOString().slice(0, 10)}", to: "${new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10)}", storeId: $s) { day bodyScans } }`;

  beforeAll(async () => {
    // Body data is deleted as soon as a session ends: the counts must not depend on it.
    app = await createTestApp({ BODY_DATA_GRACE_SECONDS: '0' });
    storeId = (await makeStore(app.dataSource, 'ACT-1')).id;
    otherStoreId = (await makeStore(app.dataSource, 'ACT-2')).id;
    kiosk = await app.kioskToken(storeId);
    merch = await app.staffToken('activity-merch', StaffRole.MERCHANDISER);
    for (const c of defaultSizeCharts()) await app.dataSource.getRepository(SizeChartEntity).save({ brand: null, garmentType: c.garmentType, gender: c.gender, sizeSystem: c.sizeSystem, rows: c.rows });
    const { variants } = await makeProduct(app.dataSource, { priceMinor: 5999, sizes: ['S', 'M', 'L', 'XL'] });
    variantId = variants[1].id;
    for (const v of variants) await setStock(app.dataSource, storeId, v.id, 10);
  });
  afterAll(() => app.close());

  it('counts a whole visit (session, scan, try-on, hand-off, checkout) after the session and its body data are gone', async () => {
    const journey = await mirrorJourney(app, { kioskToken: kiosk.token, memberToken: await app.customerToken('activity-member'), variantId });
    // A second visitor who only looks, then the mirror ends the session (body data deleted at once).
    const idle = await startSession(app, kiosk.token);
    await app.gql(`mutation($s: ID!) { endKioskSession(sessionId: $s) { __typename } }`, { s: idle }, kiosk.token);
    expect(await app.dataSource.query(`SELECT 1 FROM body_scan WHERE session_id = $1`, [journey.sessionId])).toHaveLength(0);

    const today = localDay(new Date(), 'Europe/Berlin');
    const res = await app.gql<{ kioskActivity: Row[] }>(ACTIVITY, { from: shift(today, -2), to: today, storeId }, merch);
    expect(res.errors).toBeUndefined();
    const rows = res.data!.kioskActivity;
    // Every day of the range is there, quiet days as zeros, oldest first.
    expect(rows.map((r) => r.day)).toEqual([shift(today, -2), shift(today, -1), today]);
    expect(rows[0]).toMatchObject({ sessionsStarted: 0, orders: 0, revenue: { amountMinor: 0 }, conversionRate: null, demo: false });
    expect(rows[2]).toEqual({
      day: today,
      storeId,
      storeCode: 'ACT-1',
      storeName: 'Store ACT-1',
      sessionsStarted: 2,
      bodyScans: 2,
      tryOnRenders: 2,
      handoffsCreated: 1,
      handoffsClaimed: 1,
      orders: 1,
      revenue: { amountMinor: journey.totalMinor, currency: 'EUR' },
      revenueInOtherCurrencies: [],
      convertedSessions: 1,
      conversionRate: 0.5,
      demo: false,
    });
    expect(journey.totalMinor).toBe(5999);
  });

  it('lists every store when no store is given, the quiet one with zeros', async () => {
    const today = localDay(new Date(), 'Europe/Berlin');
    const res = await app.gql<{ kioskActivity: Row[] }>(ACTIVITY, { from: today, to: today }, merch);
    expect(res.data!.kioskActivity.map((r) => [r.storeCode, r.sessionsStarted])).toEqual([
      ['ACT-1', 2],
      ['ACT-2', 0],
    ]);
  });

  it('counts a session once however many orders come from it', async () => {
    const member = await app.customerToken('activity-member-2');
    const before = (await app.gql<{ kioskActivity: Row[] }>(ACTIVITY, { from: localDay(new Date(), 'Europe/Berlin'), to: localDay(new Date(), 'Europe/Berlin'), storeId }, merch)).data!.kioskActivity[0];
    await mirrorJourney(app, { kioskToken: kiosk.token, memberToken: member, variantId });
    const after = (await app.gql<{ kioskActivity: Row[] }>(ACTIVITY, { from: localDay(new Date(), 'Europe/Berlin'), to: localDay(new Date(), 'Europe/Berlin'), storeId }, merch)).data!.kioskActivity[0];
    expect(after.sessionsStarted - before.sessionsStarted).toBe(1);
    expect(after.convertedSessions - before.convertedSessions).toBe(1);
    expect(after.orders - before.orders).toBe(1);
    // The member orders again from the app alone: an APP order, no conversion.
    const cart = await app.gql<{ addToMyCart: { id: string } }>(`mutation($v: ID!) { addToMyCart(variantId: $v) { ... on Cart { id } } }`, { v: variantId }, member);
    const order = await app.gql<{ checkout: { channel: string } }>(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { ... on Order { channel } } }`,
      { input: { cartId: cart.data!.addToMyCart.id, idempotencyKey: 'again-1', fulfillment: 'SHIP_TO_HOME', paymentToken: 'tok_visa', address: { name: 'A', line1: 'Street 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' } } },
      member,
    );
    expect(order.data?.checkout.channel ?? JSON.stringify(order.errors)).toBe('APP');
    const last = (await app.gql<{ kioskActivity: Row[] }>(ACTIVITY, { from: localDay(new Date(), 'Europe/Berlin'), to: localDay(new Date(), 'Europe/Berlin'), storeId }, merch)).data!.kioskActivity[0];
    expect(last).toMatchObject({ convertedSessions: after.convertedSessions, orders: after.orders });
  });

  it('counts many mirrors scanning at once, more than the connection pool holds (no pool deadlock)', async () => {
    const today = (await app.gql<{ kioskActivity: { day: string; bodyScans: number }[] }>(ACTIVITY_TODAY, { s: storeId }, merch)).data!.kioskActivity;
    const total = (rows: { bodyScans: number }[]) => rows.reduce((sum, r) => sum + r.bodyScans, 0);
    const before = total(today);
    const mirrors = await Promise.all(Array.from({ length: 16 }, (_, i) => app.kioskToken(storeId, `busy mirror ${i}`)));
    const sessions = await Promise.all(mirrors.map(async (m) => ({ token: m.token, id: (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, m.token)).data!.startKioskSession.id })));
    const measured = await Promise.all(
      sessions.map((s) => app.gql<{ submitBodyMeasurements: { __typename: string } }>(`mutation($s: ID!, $input: BodyMeasurementsInput!) { submitBodyMeasurements(sessionId: $s, input: $input) { __typename } }`, { s: s.id, input: { heightCm: 178, sex: 'M', chestCm: 100, waistCm: 86, hipCm: 101 } }, s.token)),
    );
    expect(measured.map((r) => r.data?.submitBodyMeasurements.__typename)).toEqual(sessions.map(() => 'BodyProfile'));
    const after = (await app.gql<{ kioskActivity: { day: string; bodyScans: number }[] }>(ACTIVITY_TODAY, { s: storeId }, merch)).data!.kioskActivity;
    expect(total(after)).toBe(before + 16);
  }, 30_000);

  it('refuses bad ranges with typed errors', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ from: '2026-03-02', to: '2026-03-01' }, 'from'],
      [{ from: '2025-01-01', to: '2026-01-02' }, 'to'],
      [{ from: '2026-01-01', to: '2026-01-02', storeId: '00000000-0000-4000-8000-000000000000' }, 'storeId'],
      [{ from: '2026-01-01', to: '2026-01-02', storeId: 'not-a-uuid' }, 'storeId'],
    ];
    for (const [variables, field] of cases) {
      const res = await app.gql(ACTIVITY, variables, merch);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.errors?.[0].extensions)).toContain(field);
    }
    const notADate = await app.gql(ACTIVITY, { from: '2026-02-30', to: '2026-03-01' }, merch);
    expect(notADate.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // A whole leap year is fine.
    const year = await app.gql<{ kioskActivity: Row[] }>(ACTIVITY, { from: '2028-01-01', to: '2028-12-31', storeId: otherStoreId }, merch);
    expect(year.data!.kioskActivity).toHaveLength(366);
  });

  it('is for staff only', async () => {
    const vars = { from: '2026-01-01', to: '2026-01-01' };
    expect((await app.gql(ACTIVITY, vars, kiosk.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(ACTIVITY, vars, await app.customerToken('nosy'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(ACTIVITY, vars)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(ACTIVITY, vars, await app.staffToken('activity-admin', StaffRole.ADMIN))).errors).toBeUndefined();
  });

  it('never adds up amounts in different currencies: orders in another currency are totalled apart', async () => {
    const store = await makeStore(app.dataSource, 'ACT-FX');
    const customer = (await app.dataSource.query(`SELECT id FROM customer LIMIT 1`))[0].id;
    const placed = new Date();
    for (const [currency, total] of [['EUR', 5000], ['CHF', 5000], ['CHF', 1250], ['EUR', 700]] as const) {
      await app.dataSource.query(`INSERT INTO customer_order (customer_id, store_id, channel, status, total_minor, currency, placed_at) VALUES ($1, $2, 'KIOSK_HANDOFF', 'PLACED', $3, $4, $5)`, [customer, store.id, total, currency, placed]);
    }
    const day = localDay(placed, store.timezone);
    const res = await app.gql<{ kioskActivity: Row[] }>(ACTIVITY, { from: day, to: day, storeId: store.id }, merch);
    expect(res.errors).toBeUndefined();
    expect(res.data!.kioskActivity[0]).toMatchObject({ orders: 4, revenue: { amountMinor: 5700, currency: store.currency }, revenueInOtherCurrencies: [{ amountMinor: 6250, currency: 'CHF' }] });
  });
});
