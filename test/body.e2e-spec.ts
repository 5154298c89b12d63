import { BodyScanEntity } from '../src/body/body-scan.entity';
import { syntheticScan } from '../src/body/scan/synthetic-scan';
import { SizeChartEntity } from '../src/catalog/size-chart.entity';
import { defaultSizeCharts } from '../src/catalog/default-size-charts';
import { GarmentType, Gender, OrderChannel, OrderStatus } from '../src/common/enums';
import { OrderEntity } from '../src/commerce/order.entity';
import { OrderLineEntity } from '../src/commerce/order-line.entity';
import { CustomerEntity } from '../src/identity/customer.entity';
import { KioskSessionEntity } from '../src/kiosk/kiosk-session.entity';
import { IsNull } from 'typeorm';
import { makeProduct, makeStore, setStock } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const START = `mutation { startKioskSession { id status } }`;
const END = `mutation($s: ID!) { endKioskSession(sessionId: $s) { __typename ... on KioskSession { status endReason } ... on ErrorResult { code } } }`;
const MEASURE = `mutation($s: ID!, $input: BodyMeasurementsInput!) { submitBodyMeasurements(sessionId: $s, input: $input) {
  __typename ... on BodyProfile { id source chest { valueCm uncertaintyCm } inseam { valueCm } notes } ... on ErrorResult { code message } } }`;
const SCAN = `mutation($s: ID!, $input: BodyScanInput!) { submitBodyScan(sessionId: $s, input: $input) {
  __typename
  ... on BodyProfile { id source quality chest { valueCm uncertaintyCm } waist { valueCm } hip { valueCm } inseam { valueCm } footLength { valueCm } shoulderBreadth { valueCm } height { valueCm } }
  ... on ScanRejectedError { code hint reasons { code message } }
  ... on ErrorResult { code message } } }`;
const ADVICE = `query($s: ID!, $p: ID!) { sizeAdvice(sessionId: $s, productId: $p) {
  __typename
  ... on SizeAdvice { size confidence alternativeSize reason usedPurchaseHistory inStockHere fit { region verdict differenceCm } }
  ... on ErrorResult { code message } } }`;

const averageMan = { heightCm: 178, sex: 'M', chestCm: 100, waistCm: 86, hipCm: 101, inseamCm: 82, footLengthCm: 27 };

describe('kiosk sessions, body profiles and size advice', () => {
  let app: TestApp;
  let kiosk: { id: string; token: string };
  let otherKiosk: { id: string; token: string };
  let storeId: string;

  beforeAll(async () => {
    app = await createTestApp({ BODY_DATA_GRACE_SECONDS: '0' });
    const store = await makeStore(app.dataSource, 'BODY-1');
    storeId = store.id;
    kiosk = await app.kioskToken(store.id);
    otherKiosk = await app.kioskToken((await makeStore(app.dataSource, 'BODY-2')).id);
    for (const c of defaultSizeCharts()) await app.dataSource.getRepository(SizeChartEntity).save({ brand: null, garmentType: c.garmentType, gender: c.gender, sizeSystem: c.sizeSystem, rows: c.rows });
  });
  afterAll(() => app.close());

  async function startSession(token = kiosk.token): Promise<string> {
    const res = await app.gql<{ startKioskSession: { id: string; status: string } }>(START, {}, token);
    expect(res.data!.startKioskSession.status).toBe('ACTIVE');
    return res.data!.startKioskSession.id;
  }

  it('session -> scan -> advice -> end deletes the scan', async () => {
    const s = await startSession();
    const scan = await app.gql<{ submitBodyScan: { __typename: string; chest: { valueCm: number; uncertaintyCm: number }; height: { valueCm: number }; inseam: { valueCm: number }; shoulderBreadth: { valueCm: number } } }>(
      SCAN,
      { s, input: syntheticScan({ sex: 'M', statureMm: 1780 }) },
      kiosk.token,
    );
    expect(scan.errors).toBeUndefined();
    const profile = scan.data!.submitBodyScan;
    expect(profile.__typename).toBe('BodyProfile');
    expect(profile.height.valueCm).toBeCloseTo(178, 0);
    expect(profile.chest.valueCm).toBeGreaterThan(80);
    expect(profile.chest.valueCm).toBeLessThan(130);
    expect(profile.chest.uncertaintyCm).toBeGreaterThan(0);
    expect(profile.inseam.valueCm).toBeGreaterThan(70);
    expect(profile.inseam.valueCm).toBeLessThan(95);

    const { product, variants } = await makeProduct(app.dataSource, { garmentType: GarmentType.TOP, gender: Gender.MEN, sizes: ['XS', 'S', 'M', 'L', 'XL', 'XXL'] });
    for (const v of variants) await setStock(app.dataSource, storeId, v.id, 3);
    const advice = await app.gql<{ sizeAdvice: { __typename: string; size: string; confidence: number; fit: { region: string }[]; reason: string; inStockHere: boolean } }>(ADVICE, { s, p: product.id }, kiosk.token);
    expect(advice.errors).toBeUndefined();
    expect(advice.data!.sizeAdvice.__typename).toBe('SizeAdvice');
    expect(['S', 'M', 'L', 'XL']).toContain(advice.data!.sizeAdvice.size);
    expect(advice.data!.sizeAdvice.confidence).toBeGreaterThan(0);
    expect(advice.data!.sizeAdvice.confidence).toBeLessThanOrEqual(1);
    expect(advice.data!.sizeAdvice.fit.map((f) => f.region)).toContain('CHEST');
    expect(advice.data!.sizeAdvice.reason.length).toBeGreaterThan(5);
    expect(advice.data!.sizeAdvice.inStockHere).toBe(true);

    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: s })).toBe(1);
    const ended = await app.gql<{ endKioskSession: { status: string; endReason: string } }>(END, { s }, kiosk.token);
    expect(ended.data!.endKioskSession).toMatchObject({ status: 'ENDED', endReason: 'ENDED_BY_KIOSK' });
    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: s })).toBe(0);
    const after = await app.gql<{ sizeAdvice: { __typename: string; code: string } }>(ADVICE, { s, p: product.id }, kiosk.token);
    expect(after.data!.sizeAdvice).toMatchObject({ __typename: 'SessionEndedError', code: 'SESSION_ENDED' });
  });

  it('a poorer scan of the same body comes back with a wider uncertainty', async () => {
    const s = await startSession();
    type Scanned = { submitBodyScan: { quality: number; chest: { uncertaintyCm: number }; inseam: { valueCm: number } } };
    const clean = (await app.gql<Scanned>(SCAN, { s, input: syntheticScan({ sex: 'M', score: 0.95 }) }, kiosk.token)).data!.submitBodyScan;
    const poor = (await app.gql<Scanned>(SCAN, { s, input: syntheticScan({ sex: 'M', score: 0.55, personHeightPx: 800 }) }, kiosk.token)).data!.submitBodyScan;
    expect(poor.quality).toBeLessThan(clean.quality);
    expect(poor.chest.uncertaintyCm).toBeGreaterThan(1.3 * clean.chest.uncertaintyCm);
  });

  it('rejects a scan it cannot trust with reasons and a hint, and stores nothing', async () => {
    const s = await startSession();
    const input = syntheticScan({ sex: 'F', statureMm: 1650 });
    input.front.keypoints = input.front.keypoints.filter((k) => !/ankle|heel|foot/.test(k.name));
    const res = await app.gql<{ submitBodyScan: { __typename: string; hint: string; reasons: { code: string }[] } }>(SCAN, { s, input }, kiosk.token);
    expect(res.data!.submitBodyScan.__typename).toBe('ScanRejectedError');
    expect(res.data!.submitBodyScan.hint).toMatch(/feet/i);
    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: s })).toBe(0);
  });

  it('rejects a declared weight the body seen cannot have (250 for 85), asking to check it, and stores nothing', async () => {
    const s = await startSession();
    for (const input of [{ ...syntheticScan({ sex: 'M' }), weightKg: 250 }, { ...syntheticScan({ sex: 'M', frontSilhouette: false, side: false }), weightKg: 250 }]) {
      const res = await app.gql<{ submitBodyScan: { __typename: string; hint: string; reasons: { code: string; message: string }[] } }>(SCAN, { s, input }, kiosk.token);
      expect(res.data!.submitBodyScan).toMatchObject({ __typename: 'ScanRejectedError', hint: 'Check the weight you entered, or leave it out', reasons: [{ code: 'WEIGHT_IMPLAUSIBLE' }] });
    }
    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: s })).toBe(0);
    // Left out, the same scan is measured.
    const without = await app.gql<{ submitBodyScan: { __typename: string } }>(SCAN, { s, input: { ...syntheticScan({ sex: 'M' }), weightKg: null } }, kiosk.token);
    expect(without.data!.submitBodyScan.__typename).toBe('BodyProfile');
  });

  it('never keeps an estimate outside what typed measurements accept (a 100 cm body: inseam, sleeve and foot too short)', async () => {
    const s = await startSession();
    const child = syntheticScan({ statureMm: 1000, weightKg: 25, biacromialMm: 250, chestBreadthMm: 190, waistBreadthMm: 180, hipBreadthMm: 230, chestDepthMm: 150, waistDepthMm: 140, buttockDepthMm: 150, crotchHeightMm: 450, shoulderElbowMm: 225, elbowWristMm: 170 });
    const res = await app.gql<{ submitBodyScan: { __typename: string; hint: string; reasons: { code: string; message: string }[] } }>(SCAN, { s, input: child }, kiosk.token);
    expect(res.data!.submitBodyScan).toMatchObject({ __typename: 'ScanRejectedError', hint: 'Check the height and weight you entered and try again' });
    const reasons = res.data!.submitBodyScan.reasons;
    expect(new Set(reasons.map((r) => r.code))).toEqual(new Set(['MEASUREMENT_OUT_OF_RANGE']));
    expect(reasons.map((r) => r.message).join('; ')).toMatch(/inseam of [\d.]+ cm is outside 55\.\.110 cm/);
    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: s })).toBe(0);
  });

  it.each([
    ['an absurd height (4 m)', (i: ReturnType<typeof syntheticScan>) => ({ ...i, declaredHeightCm: 400 }), 'declaredHeightCm'],
    ['an unknown keypoint name', (i: ReturnType<typeof syntheticScan>) => ({ ...i, front: { ...i.front, keypoints: [...i.front.keypoints.slice(1), { ...i.front.keypoints[0], name: 'left_tentacle' }] } }), 'name'],
    ['a duplicated keypoint', (i: ReturnType<typeof syntheticScan>) => ({ ...i, front: { ...i.front, keypoints: [...i.front.keypoints, i.front.keypoints[0]] } }), 'keypoints'],
    ['a negative coordinate', (i: ReturnType<typeof syntheticScan>) => ({ ...i, front: { ...i.front, keypoints: [{ ...i.front.keypoints[0], x: -50 }, ...i.front.keypoints.slice(1)] } }), 'x'],
    ['too many keypoints', (i: ReturnType<typeof syntheticScan>) => ({ ...i, front: { ...i.front, keypoints: Array.from({ length: 65 }, (_, n) => ({ ...i.front.keypoints[0], name: `k${n}` })) } }), 'keypoints'],
    ['a weight of 900 kg', (i: ReturnType<typeof syntheticScan>) => ({ ...i, weightKg: 900 }), 'weightKg'],
    ['an unknown sex', (i: ReturnType<typeof syntheticScan>) => ({ ...i, sex: 'X' }), 'sex'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and changes nothing', async (_name, mutate, field) => {
    const s = await startSession();
    const before = await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s });
    const res = await app.gql(SCAN, { s, input: mutate(syntheticScan({ sex: 'M', statureMm: 1800 })) }, kiosk.token);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res.errors![0].extensions)).toContain(field);
    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: s })).toBe(0);
    const after = await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s });
    expect(after.lastActivityAt.getTime()).toBe(before.lastActivityAt.getTime());
  });

  it('refuses non-finite numbers at the GraphQL layer', async () => {
    const s = await startSession();
    const body = JSON.stringify({ query: SCAN, variables: { s, input: { ...syntheticScan({ sex: 'M', statureMm: 1800 }), declaredHeightCm: 'NaN' } } });
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk.token}` }, body });
    const json = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it("another kiosk's session is SessionNotFoundError everywhere, and changes nothing", async () => {
    const s = await startSession();
    const scan = await app.gql<{ submitBodyScan: { __typename: string } }>(SCAN, { s, input: syntheticScan({ sex: 'M', statureMm: 1800 }) }, otherKiosk.token);
    expect(scan.data!.submitBodyScan.__typename).toBe('SessionNotFoundError');
    const end = await app.gql<{ endKioskSession: { __typename: string } }>(END, { s }, otherKiosk.token);
    expect(end.data!.endKioskSession.__typename).toBe('SessionNotFoundError');
    const read = await app.gql<{ kioskSession: { __typename: string } }>(`query($s: ID!) { kioskSession(sessionId: $s) { __typename } }`, { s }, otherKiosk.token);
    expect(read.data!.kioskSession.__typename).toBe('SessionNotFoundError');
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).status).toBe('ACTIVE');
  });

  it('starting a new session ends the one the mirror left open', async () => {
    const first = await startSession();
    const second = await startSession();
    const old = await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: first });
    expect(old).toMatchObject({ status: 'ENDED', endReason: 'REPLACED' });
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: second })).status).toBe('ACTIVE');
  });

  it('a session idle past the timeout ends by itself (sweeper) and its body data is deleted', async () => {
    const s = await startSession();
    await app.gql(MEASURE, { s, input: averageMan }, kiosk.token);
    await app.dataSource.query(`UPDATE kiosk_session SET last_activity_at = now() - interval '1 hour' WHERE id = $1`, [s]);
    const result = await app.server.services.sessions.sweep(app.dataSource);
    expect(result.ended).toBeGreaterThanOrEqual(1);
    expect(await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).toMatchObject({ status: 'ENDED', endReason: 'IDLE_TIMEOUT' });
    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: s })).toBe(0);
  });

  it('a request on an idle session ends it rather than using it', async () => {
    const s = await startSession();
    await app.dataSource.query(`UPDATE kiosk_session SET last_activity_at = now() - interval '1 hour' WHERE id = $1`, [s]);
    const res = await app.gql<{ submitBodyMeasurements: { __typename: string } }>(MEASURE, { s, input: averageMan }, kiosk.token);
    expect(res.data!.submitBodyMeasurements.__typename).toBe('SessionEndedError');
  });

  it('typed measurements fill in what is missing, with a wider uncertainty and a note', async () => {
    const s = await startSession();
    const res = await app.gql<{ submitBodyMeasurements: { __typename: string; chest: { valueCm: number; uncertaintyCm: number }; notes: string[] } }>(
      MEASURE,
      { s, input: { heightCm: 170, sex: 'F', chestCm: 90, waistCm: 74, hipCm: 98 } },
      kiosk.token,
    );
    expect(res.data!.submitBodyMeasurements).toMatchObject({ __typename: 'BodyProfile', chest: { valueCm: 90 } });
    expect(res.data!.submitBodyMeasurements.notes.join(' ')).toMatch(/inseam/);
    const bad = await app.gql(MEASURE, { s, input: { heightCm: 170, sex: 'F', chestCm: 90, waistCm: 175, hipCm: 98 } }, kiosk.token);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("a member's kept size of the brand informs advice the scan is not sure of, and is mentioned when the scan is", async () => {
    type Advice = { size: string; usedPurchaseHistory: boolean; reason: string };
    const s = await startSession();
    const member = await app.dataSource.getRepository(CustomerEntity).save({ externalId: 'body-member', displayName: 'Kai' });
    await app.dataSource.query(`UPDATE kiosk_session SET customer_id = $1 WHERE id = $2`, [member.id, s]);
    const { product, variants } = await makeProduct(app.dataSource, { brand: 'Keptco', garmentType: GarmentType.TOP, gender: Gender.MEN, sizes: ['S', 'M', 'L', 'XL'] });
    const ask = async () => (await app.gql<{ sizeAdvice: Advice }>(ADVICE, { s, p: product.id }, kiosk.token)).data!.sizeAdvice;

    // Between M and L (chest 103.3, waist 87.5, typed): M by measurements, with L picked by some draws.
    await app.gql(MEASURE, { s, input: { ...averageMan, chestCm: 103.3, waistCm: 87.5 } }, kiosk.token);
    expect(await ask()).toMatchObject({ size: 'M', usedPurchaseHistory: false });
    const bought = variants.find((v) => v.sizeLabel === 'L')!;
    const order = await app.dataSource.getRepository(OrderEntity).save({ customerId: member.id, storeId, channel: OrderChannel.STORE, status: OrderStatus.FULFILLED, totalMinor: 2999, currency: 'EUR', externalRef: null, placedAt: new Date() });
    await app.dataSource.getRepository(OrderLineEntity).save({ orderId: order.id, variantId: bought.id, productId: product.id, quantity: 1, unitPriceMinor: 2999, returnedQuantity: 0 });
    expect(await ask()).toMatchObject({ size: 'L', usedPurchaseHistory: true, reason: 'You kept size L in Keptco before; your scan is close (M by measurements)' });

    // A body in the middle of M: the scan is sure, the kept L is mentioned but does not override it.
    await app.gql(MEASURE, { s, input: averageMan }, kiosk.token);
    expect(await ask()).toMatchObject({ size: 'M', usedPurchaseHistory: false, reason: 'You kept size L in Keptco before; your scan says M fits better' });
  });

  it('the kept size leaves out cancelled orders and the other cut, and keeps unisex ones', async () => {
    type Advice = { size: string; usedPurchaseHistory: boolean; reason: string };
    const s = await startSession();
    const member = await app.dataSource.getRepository(CustomerEntity).save({ externalId: 'body-member-2', displayName: 'Noor' });
    await app.dataSource.query(`UPDATE kiosk_session SET customer_id = $1 WHERE id = $2`, [member.id, s]);
    await app.gql(MEASURE, { s, input: { ...averageMan, chestCm: 103.3, waistCm: 87.5 } }, kiosk.token);
    const brand = 'Cutco';
    const { product, variants } = await makeProduct(app.dataSource, { brand, garmentType: GarmentType.TOP, gender: Gender.MEN, sizes: ['S', 'M', 'L', 'XL'] });
    const womens = await makeProduct(app.dataSource, { brand, garmentType: GarmentType.TOP, gender: Gender.WOMEN, sizes: ['S', 'M', 'L'] });
    const unisex = await makeProduct(app.dataSource, { brand, garmentType: GarmentType.TOP, gender: Gender.UNISEX, sizes: ['S', 'M', 'L'] });
    let minutes = 0;
    const buy = async (bought: { product: { id: string }; variants: { id: string; sizeLabel: string }[] }, size: string, status = OrderStatus.FULFILLED) => {
      const order = await app.dataSource.getRepository(OrderEntity).save({ customerId: member.id, storeId, channel: OrderChannel.STORE, status, totalMinor: 2999, currency: 'EUR', externalRef: null, placedAt: new Date(Date.now() - 60_000 * (100 - ++minutes)) });
      const variant = bought.variants.find((v) => v.sizeLabel === size)!;
      await app.dataSource.getRepository(OrderLineEntity).save({ orderId: order.id, variantId: variant.id, productId: bought.product.id, quantity: 1, unitPriceMinor: 2999, returnedQuantity: 0 });
    };
    const ask = async () => (await app.gql<{ sizeAdvice: Advice }>(ADVICE, { s, p: product.id }, kiosk.token)).data!.sizeAdvice;
    const keptL = { size: 'L', usedPurchaseHistory: true, reason: `You kept size L in ${brand} before; your scan is close (M by measurements)` };

    await buy({ product, variants }, 'L');
    expect(await ask()).toMatchObject(keptL);
    await buy({ product, variants }, 'M', OrderStatus.CANCELLED); // newer, but never bought
    expect(await ask()).toMatchObject(keptL);
    await buy(womens, 'S'); // the women's cut: another size system in effect
    expect(await ask()).toMatchObject(keptL);
    await buy(unisex, 'M');
    expect(await ask()).toMatchObject({ size: 'M', usedPurchaseHistory: true, reason: `You kept size M in ${brand} before; your scan agrees` });
  });

  it('shoe sizes for the foot length: on the profile, and on the advice for shoes only', async () => {
    const s = await startSession();
    const measured = await app.gql<{ submitBodyMeasurements: { sex: string; footLength: { valueCm: number }; shoeSizes: { mondopoint: number; eu: number; uk: number; us: number; usWomen: number } } }>(
      `mutation($s: ID!, $input: BodyMeasurementsInput!) { submitBodyMeasurements(sessionId: $s, input: $input) { ... on BodyProfile { sex footLength { valueCm } shoeSizes { mondopoint eu uk us usWomen } } } }`,
      { s, input: { ...averageMan, footLengthCm: 26.4 } },
      kiosk.token,
    );
    // US men's 9 is women's 10½ (the common US women's scale); the profile says which the customer declared.
    expect(measured.data!.submitBodyMeasurements).toEqual({ sex: 'M', footLength: { valueCm: 26.4 }, shoeSizes: { mondopoint: 265, eu: 42, uk: 8, us: 9, usWomen: 10.5 } });
    const woman = await app.gql<{ submitBodyMeasurements: { sex: string; shoeSizes: { us: number; usWomen: number } } }>(
      `mutation($s: ID!, $input: BodyMeasurementsInput!) { submitBodyMeasurements(sessionId: $s, input: $input) { ... on BodyProfile { sex shoeSizes { us usWomen } } } }`,
      { s, input: { heightCm: 165, sex: 'F', chestCm: 90, waistCm: 72, hipCm: 98, footLengthCm: 24 } },
      kiosk.token,
    );
    expect(woman.data!.submitBodyMeasurements).toEqual({ sex: 'F', shoeSizes: { us: 6, usWomen: 7.5 } });
    const scanned = await app.gql<{ submitBodyScan: { footLength: { valueCm: number }; shoeSizes: { mondopoint: number; eu: number } } }>(
      `mutation($s: ID!, $input: BodyScanInput!) { submitBodyScan(sessionId: $s, input: $input) { ... on BodyProfile { footLength { valueCm } shoeSizes { mondopoint eu } } } }`,
      { s, input: syntheticScan({ sex: 'M', statureMm: 1780 }) },
      kiosk.token,
    );
    const { footLength, shoeSizes } = scanned.data!.submitBodyScan;
    expect(Math.abs(shoeSizes.mondopoint - footLength.valueCm * 10)).toBeLessThanOrEqual(2.5);
    expect(shoeSizes.eu).toBe(Math.round(1.5 * (footLength.valueCm + 1.5)));

    await app.gql(MEASURE, { s, input: { ...averageMan, footLengthCm: 26.4 } }, kiosk.token);
    const SHOE_ADVICE = `query($s: ID!, $p: ID!) { sizeAdvice(sessionId: $s, productId: $p) { ... on SizeAdvice { size shoeSizes { mondopoint eu uk us usWomen } } } }`;
    const { product: shoe } = await makeProduct(app.dataSource, { garmentType: GarmentType.SHOES, gender: Gender.MEN, sizes: ['41', '42', '43'] });
    const shoeAdvice = await app.gql<{ sizeAdvice: { size: string; shoeSizes: unknown } }>(SHOE_ADVICE, { s, p: shoe.id }, kiosk.token);
    expect(shoeAdvice.data!.sizeAdvice).toEqual({ size: '42', shoeSizes: { mondopoint: 265, eu: 42, uk: 8, us: 9, usWomen: 10.5 } });
    const { product: top } = await makeProduct(app.dataSource, { garmentType: GarmentType.TOP, gender: Gender.MEN });
    const topAdvice = await app.gql<{ sizeAdvice: { size: string; shoeSizes: unknown } }>(SHOE_ADVICE, { s, p: top.id }, kiosk.token);
    expect(topAdvice.data!.sizeAdvice.shoeSizes).toBeNull();
  });

  it('a member saves the profile of their session, reads it after the session is gone, and deletes it', async () => {
    const s = await startSession();
    await app.gql(MEASURE, { s, input: averageMan }, kiosk.token);
    const token = await app.customerToken('saver');
    await app.gql(`{ viewer { __typename } }`, {}, token);
    const member = await app.dataSource.getRepository(CustomerEntity).findOneByOrFail({ externalId: 'saver' });
    const notLinked = await app.gql<{ saveBodyProfile: { __typename: string } }>(`mutation($s: ID!) { saveBodyProfile(sessionId: $s) { __typename } }`, { s }, token);
    expect(notLinked.data!.saveBodyProfile.__typename).toBe('SessionNotFoundError');
    await app.dataSource.query(`UPDATE kiosk_session SET customer_id = $1 WHERE id = $2`, [member.id, s]);
    const saved = await app.gql<{ saveBodyProfile: { __typename: string } }>(`mutation($s: ID!) { saveBodyProfile(sessionId: $s) { __typename } }`, { s }, token);
    expect(saved.data!.saveBodyProfile.__typename).toBe('BodyProfile');
    await app.gql(END, { s }, kiosk.token);
    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: s })).toBe(0);
    const mine = await app.gql<{ myBodyProfile: { chest: { valueCm: number } } }>(`{ myBodyProfile { chest { valueCm } } }`, {}, token);
    expect(mine.data!.myBodyProfile.chest.valueCm).toBe(100);
    const del = await app.gql<{ deleteMyBodyProfile: boolean }>(`mutation { deleteMyBodyProfile }`, {}, token);
    expect(del.data!.deleteMyBodyProfile).toBe(true);
    const gone = await app.gql<{ myBodyProfile: null }>(`{ myBodyProfile { id } }`, {}, token);
    expect(gone.data!.myBodyProfile).toBeNull();
  });

  it('a saved profile keeps the sex declared with the scan or measurements, for the app to pick the US shoe scale; deleting it deletes that too', async () => {
    const SAVE = `mutation($s: ID!) { saveBodyProfile(sessionId: $s) { __typename ... on BodyProfile { sex notes } ... on ErrorResult { code } } }`;
    const MINE = `{ myBodyProfile { sex source shoeSizes { us usWomen } } }`;
    type Mine = { myBodyProfile: { sex: string | null; source: string; shoeSizes: { us: number; usWomen: number } } | null };
    const token = await app.customerToken('sex-keeper');
    await app.gql(`{ viewer { __typename } }`, {}, token);
    const member = await app.dataSource.getRepository(CustomerEntity).findOneByOrFail({ externalId: 'sex-keeper' });
    const savedRow = async () => (await app.dataSource.query(`SELECT sex FROM saved_body_profile WHERE customer_id = $1`, [member.id])) as { sex: string | null }[];
    const linkedSession = async () => {
      const s = await startSession();
      await app.dataSource.query(`UPDATE kiosk_session SET customer_id = $1 WHERE id = $2`, [member.id, s]);
      return s;
    };

    // A woman's scan, saved from the app: the saved profile reads F after the session and its scans are gone.
    const scanned = await linkedSession();
    const scan = await app.gql<{ submitBodyScan: { __typename: string } }>(SCAN, { s: scanned, input: syntheticScan({ sex: 'F', statureMm: 1650 }) }, kiosk.token);
    expect(scan.data!.submitBodyScan.__typename).toBe('BodyProfile');
    const fromScan = await app.gql<{ saveBodyProfile: unknown }>(SAVE, { s: scanned }, token);
    expect(fromScan.data!.saveBodyProfile).toEqual({ __typename: 'BodyProfile', sex: 'F', notes: ['saved by you'] });
    await app.gql(END, { s: scanned }, kiosk.token);
    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: scanned })).toBe(0);
    expect((await app.gql<Mine>(MINE, {}, token)).data!.myBodyProfile).toMatchObject({ sex: 'F', source: 'SCAN' });
    expect(await savedRow()).toEqual([{ sex: 'F' }]);

    // A profile without a known sex (a session's profile from before the sex was kept) replaces it: null, not the old F.
    const unknown = await linkedSession();
    await app.gql(MEASURE, { s: unknown, input: averageMan }, kiosk.token);
    await app.dataSource.query(`UPDATE body_scan SET sex = NULL WHERE session_id = $1`, [unknown]);
    expect((await app.gql<{ saveBodyProfile: unknown }>(SAVE, { s: unknown }, token)).data!.saveBodyProfile).toMatchObject({ __typename: 'BodyProfile', sex: null });
    expect((await app.gql<Mine>(MINE, {}, token)).data!.myBodyProfile).toMatchObject({ sex: null, source: 'MANUAL' });
    expect(await savedRow()).toEqual([{ sex: null }]);

    // A woman's typed measurements, kept by the mirror she signed in on: F again.
    const typed = await linkedSession();
    await app.gql(MEASURE, { s: typed, input: { heightCm: 165, sex: 'F', chestCm: 90, waistCm: 72, hipCm: 98, footLengthCm: 24 } }, kiosk.token);
    expect((await app.gql<{ saveBodyProfile: unknown }>(SAVE, { s: typed }, kiosk.token)).data!.saveBodyProfile).toMatchObject({ __typename: 'BodyProfile', sex: 'F' });
    await app.gql(END, { s: typed }, kiosk.token);
    const mine = (await app.gql<Mine>(MINE, {}, token)).data!.myBodyProfile;
    expect(mine).toEqual({ sex: 'F', source: 'MANUAL', shoeSizes: { us: expect.any(Number), usWomen: expect.any(Number) } });

    // Deleting the saved profile deletes all of it: nothing is left to read, in the API or the table.
    expect((await app.gql<{ deleteMyBodyProfile: boolean }>(`mutation { deleteMyBodyProfile }`, {}, token)).data!.deleteMyBodyProfile).toBe(true);
    expect((await app.gql<Mine>(MINE, {}, token)).data!.myBodyProfile).toBeNull();
    expect(await savedRow()).toEqual([]);
  });

  it("the mirror keeps the sizes in the signed-in member's account: its own active session only, never an anonymous one", async () => {
    const SAVE = `mutation($s: ID!) { saveBodyProfile(sessionId: $s) { __typename ... on BodyProfile { chest { valueCm } notes } ... on ErrorResult { code message } } }`;
    type Saved = { saveBodyProfile: { __typename: string; code?: string; message?: string; chest?: { valueCm: number }; notes?: string[] } };
    const savedRows = async () => (await app.dataSource.query(`SELECT customer_id, saved_at, profile FROM saved_body_profile ORDER BY customer_id`)) as unknown[];
    const s = await startSession();
    await app.gql(MEASURE, { s, input: { ...averageMan, chestCm: 104 } }, kiosk.token);

    // Nobody signed in: there is no account to keep it in.
    const before = await savedRows();
    const anonymous = await app.gql<Saved>(SAVE, { s }, kiosk.token);
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data!.saveBodyProfile).toMatchObject({ __typename: 'MemberNotSignedInError', code: 'MEMBER_NOT_SIGNED_IN', message: expect.stringMatching(/sign in/i) });
    expect(await savedRows()).toEqual(before);

    // A member signs in on the mirror (QR approved in the app).
    const member = await app.customerToken('mirror-saver', { name: 'Mira' });
    const req = await app.gql<{ requestMemberSignIn: { qrPayload: string } }>(`mutation($s: ID!) { requestMemberSignIn(sessionId: $s) { ... on MemberSignInRequest { qrPayload } } }`, { s }, kiosk.token);
    const qr = req.data!.requestMemberSignIn.qrPayload;
    const approved = await app.gql<{ approveMemberSignIn: { __typename: string } }>(`mutation($t: String) { approveMemberSignIn(token: $t) { __typename } }`, { t: qr.slice(qr.lastIndexOf('#') + 1) }, member);
    expect(approved.data!.approveMemberSignIn.__typename).toBe('MemberSignInApproved');

    // Another store's mirror cannot save it, or learn that it exists.
    const other = await app.gql<Saved>(SAVE, { s }, otherKiosk.token);
    expect(other.data!.saveBodyProfile).toMatchObject({ __typename: 'SessionNotFoundError', code: 'NOT_FOUND' });
    expect(await savedRows()).toEqual(before);
    expect((await app.gql<{ myBodyProfile: null }>(`{ myBodyProfile { id } }`, {}, member)).data!.myBodyProfile).toBeNull();

    // Its own mirror can: the member reads it in the app, after the session and its scans are gone.
    const saved = await app.gql<Saved>(SAVE, { s }, kiosk.token);
    expect(saved.data!.saveBodyProfile).toMatchObject({ __typename: 'BodyProfile', chest: { valueCm: 104 }, notes: ['saved by you'] });
    expect(await savedRows()).toHaveLength(before.length + 1);
    await app.gql(END, { s }, kiosk.token);
    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: s })).toBe(0);
    const mine = await app.gql<{ myBodyProfile: { chest: { valueCm: number } } }>(`{ myBodyProfile { chest { valueCm } } }`, {}, member);
    expect(mine.data!.myBodyProfile.chest.valueCm).toBe(104);

    // Once the session has ended, the mirror cannot save from it.
    const afterEnd = await savedRows();
    const ended = await app.gql<Saved>(SAVE, { s }, kiosk.token);
    expect(ended.data!.saveBodyProfile).toMatchObject({ __typename: 'SessionEndedError', code: 'SESSION_ENDED' });
    expect(await savedRows()).toEqual(afterEnd);
  });

  it('merchandisers edit size charts; a broken chart is refused with the row named', async () => {
    const merch = await app.staffToken('chart-merch');
    const rows = [
      { size: 'S', chestCm: { min: 86, max: 94 } },
      { size: 'M', chestCm: { min: 94, max: 102 } },
    ];
    const ok = await app.gql<{ upsertSizeChart: { __typename: string; brand: string; rows: { size: string }[] } }>(
      `mutation($input: UpsertSizeChartInput!) { upsertSizeChart(input: $input) { __typename ... on SizeChart { brand rows { size } } } }`,
      { input: { brand: 'Chartco', garmentType: 'TOP', gender: 'MEN', rows } },
      merch,
    );
    expect(ok.data!.upsertSizeChart).toMatchObject({ __typename: 'SizeChart', brand: 'Chartco', rows: [{ size: 'S' }, { size: 'M' }] });
    const broken = await app.gql<{ upsertSizeChart: { __typename: string; field: string } }>(
      `mutation($input: UpsertSizeChartInput!) { upsertSizeChart(input: $input) { __typename ... on InvalidInputError { field } } }`,
      { input: { brand: 'Chartco', garmentType: 'TOP', gender: 'MEN', rows: [{ size: 'S', chestCm: { min: 100, max: 90 } }] } },
      merch,
    );
    expect(broken.data!.upsertSizeChart).toEqual({ __typename: 'InvalidInputError', field: 'input.rows[0].chestCm' });
    const charts = await app.gql<{ sizeCharts: { rows: { size: string }[] }[] }>(`{ sizeCharts(brand: "Chartco") { rows { size } } }`, {}, merch);
    expect(charts.data!.sizeCharts[0].rows).toHaveLength(2);
  });
  it("size advice counts this store's sellable stock, prefers the brand's own chart, and names what is missing", async () => {
    const STOCK = `query($s: ID!, $p: ID!) { sizeAdvice(sessionId: $s, productId: $p) {
      __typename ... on SizeAdvice { size alternativeSize inStockHere alternativeInStockHere } ... on ErrorResult { code message } } }`;
    type Advice = { __typename: string; size: string; alternativeSize: string | null; inStockHere: boolean; alternativeInStockHere: boolean | null; code: string; message: string };
    const ask = async (s: string, p: string, token = kiosk.token) => (await app.gql<{ sizeAdvice: Advice }>(STOCK, { s, p }, token)).data!.sizeAdvice;
    const s = await startSession();
    const { product, variants } = await makeProduct(app.dataSource, { brand: 'Chartbrand', garmentType: GarmentType.TOP, gender: Gender.MEN, sizes: ['XS', 'S', 'M', 'L', 'XL', 'XXL'] });

    // Nothing to advise on yet: no body profile.
    expect(await ask(s, product.id)).toMatchObject({ __typename: 'NoBodyProfileError', code: 'NO_BODY_PROFILE' });
    await app.gql(MEASURE, { s, input: averageMan }, kiosk.token);
    expect(await ask(s, '00000000-0000-4000-8000-000000000000')).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await ask(s, product.id, otherKiosk.token)).toMatchObject({ __typename: 'SessionNotFoundError' });

    // The house chart's size; no stock anywhere, then only reserved units here, then stock in another store only.
    const house = await ask(s, product.id);
    expect(house.__typename).toBe('SizeAdvice');
    expect(house).toMatchObject({ inStockHere: false });
    const variantOf = (size: string) => variants.find((v) => v.sizeLabel === size)!;
    await setStock(app.dataSource, storeId, variantOf(house.size).id, 4, 4);
    const otherStore = await makeStore(app.dataSource, 'BODY-3');
    await setStock(app.dataSource, otherStore.id, variantOf(house.size).id, 9);
    expect(await ask(s, product.id)).toMatchObject({ size: house.size, inStockHere: false });
    await setStock(app.dataSource, storeId, variantOf(house.size).id, 4, 3);
    expect(await ask(s, product.id)).toMatchObject({ size: house.size, inStockHere: true });
    expect(house.alternativeSize).not.toBeNull();
    expect((await ask(s, product.id)).alternativeInStockHere).toBe(false);
    await setStock(app.dataSource, storeId, variantOf(house.alternativeSize!).id, 1);
    expect((await ask(s, product.id)).alternativeInStockHere).toBe(true);

    // The brand's own chart runs a size small (each size measures what the next one up does in the
    // house chart), and it wins over the house default.
    const houseTop = defaultSizeCharts().find((c) => c.garmentType === GarmentType.TOP && c.gender === Gender.MEN)!;
    const labels = houseTop.rows.map((r) => r.size);
    const shifted = houseTop.rows.slice(1).map((r, i) => ({ ...r, size: labels[i] }));
    await app.dataSource.getRepository(SizeChartEntity).save({ brand: 'Chartbrand', garmentType: GarmentType.TOP, gender: Gender.MEN, sizeSystem: houseTop.sizeSystem, rows: shifted });
    const own = await ask(s, product.id);
    expect(own.size).toBe(labels[labels.indexOf(house.size) - 1]);

    // No chart for the product at all: a typed error naming it.
    const unisexBottom = await app.dataSource.getRepository(SizeChartEntity).findOneByOrFail({ brand: IsNull(), garmentType: GarmentType.BOTTOM, gender: Gender.UNISEX });
    await app.dataSource.getRepository(SizeChartEntity).delete({ id: unisexBottom.id });
    try {
      const { product: shorts } = await makeProduct(app.dataSource, { brand: 'Nochart', garmentType: GarmentType.BOTTOM, gender: Gender.UNISEX });
      expect(await ask(s, shorts.id)).toMatchObject({ __typename: 'NoSizeChartError', code: 'NO_SIZE_CHART', message: expect.stringContaining('Nochart') });
    } finally {
      await app.dataSource.getRepository(SizeChartEntity).save({ ...unisexBottom, id: undefined });
    }
  });
  it('a profile sent while the session is being ended is refused, not left behind undeletable', async () => {
    const s = await startSession();
    const scansToday = async () => Number((await app.dataSource.query(`SELECT COALESCE(SUM(body_scans), 0) AS n FROM kiosk_activity_day WHERE store_id = $1`, [storeId]))[0].n);
    const before = await scansToday();
    // Another transaction holds the session row while it ends the session (as endKioskSession and the
    // sweeper do); the measurements arrive after the session was read as active.
    const ending = app.dataSource.createQueryRunner();
    await ending.connect();
    await ending.startTransaction();
    await ending.query(`SELECT id FROM kiosk_session WHERE id = $1 FOR UPDATE`, [s]);
    const sent = app.gql<{ submitBodyMeasurements: { __typename: string } }>(MEASURE, { s, input: averageMan }, kiosk.token);
    // Until the statement waits for the row lock.
    for (let i = 0; i < 100; i++) {
      const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO body_scan%'`);
      if (n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await ending.query(`UPDATE kiosk_session SET status = 'ENDED', end_reason = 'ENDED_BY_KIOSK', ended_at = now() WHERE id = $1`, [s]);
    await ending.query(`DELETE FROM body_scan WHERE session_id = $1`, [s]);
    await ending.commitTransaction();
    await ending.release();
    expect((await sent).data!.submitBodyMeasurements.__typename).toBe('SessionEndedError');
    expect(await app.dataSource.getRepository(BodyScanEntity).countBy({ sessionId: s })).toBe(0);
    expect(await scansToday()).toBe(before);
  });
});
