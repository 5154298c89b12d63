import { SizeChartEntity } from '../src/catalog/size-chart.entity';
import { CustomerEntity } from '../src/identity/customer.entity';
import { StoreEntity } from '../src/store/store.entity';
import { makeProduct } from './support/fixtures';
import { createLoaders } from '../src/common/loaders';
import { LazyRequestContext } from '../src/common/request-context';
import { SessionNotFoundError } from '../src/kiosk/kiosk-session.type';
import { createLogger } from '../src/logger';
import { Placement } from '../src/recommend/config/recommendation-rules';
import { RecommendationList } from '../src/recommend/serving/recommendation.types';
import { TestApp } from './support/test-app';
import { createTrainedDemoApp } from './support/trained-demo-app';

interface Item {
  position: number;
  reason: string;
  explanation: string;
  suggestedSize: string | null;
  product: { id: string; name: string; brand: string; garmentType: string };
}
interface List {
  __typename: string;
  modelVersion: number | null;
  items: Item[];
}

const RECS = `query($placement: Placement!, $s: ID, $c: ID, $p: ID, $limit: Int!) {
  recommendations(placement: $placement, sessionId: $s, customerId: $c, productId: $p, limit: $limit) {
    __typename
    ... on RecommendationList { modelVersion items { position reason explanation suggestedSize product { id name brand garmentType } } }
    ... on ErrorResult { code message }
  } }`;
const SAVE = `mutation($rules: RecommendationRulesInput!) { saveRecommendationDraft(rules: $rules) {
  __typename ... on RecommendationConfig { version status } ... on InvalidRulesError { code problems { field message } } } }`;
const PUBLISH = `mutation { publishRecommendationDraft { __typename ... on RecommendationConfig { version status } ... on InvalidRulesError { problems { field message } } ... on ErrorResult { code } } }`;

describe('recommendations', () => {
  let app: TestApp;
  let kiosk: { id: string; token: string };
  let merch: string;
  let store: StoreEntity;

  beforeAll(async () => {
    ({ app, store, kiosk, merch } = await createTrainedDemoApp('recs-merch'));
  });
  afterAll(() => app.close());

  const session = async () => (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, kiosk.token)).data!.startKioskSession.id;
  const recs = async (vars: Record<string, unknown>, token = kiosk.token): Promise<List> => {
    const res = await app.gql<{ recommendations: List }>(RECS, { limit: 12, ...vars }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.recommendations;
  };
  const publish = async (rules: Record<string, unknown>) => {
    const saved = await app.gql<{ saveRecommendationDraft: { __typename: string } }>(SAVE, { rules }, merch);
    expect(saved.data!.saveRecommendationDraft.__typename).toBe('RecommendationConfig');
    const published = await app.gql<{ publishRecommendationDraft: { __typename: string } }>(PUBLISH, {}, merch);
    expect(published.data!.publishRecommendationDraft.__typename).toBe('RecommendationConfig');
    app.server.services.recConfigs['cache'] = null;
  };

  it('serves the trained model with explanations, 12 items, in stock here', async () => {
    const list = await recs({ placement: 'MIRROR_HOME', s: await session() });
    expect(list.__typename).toBe('RecommendationList');
    expect(list.modelVersion).toBe(1);
    expect(list.items).toHaveLength(12);
    for (const item of list.items) expect(item.explanation.length).toBeGreaterThan(5);
  });

  it('a try-on in the session changes the next response at once, and says why', async () => {
    const s = await session();
    const before = await recs({ placement: 'MIRROR_HOME', s });
    const [{ id }] = await app.dataSource.query(`SELECT id FROM product WHERE sport = 'SKI' AND garment_type = 'OUTERWEAR' AND gender = 'MEN' ORDER BY sku LIMIT 1`);
    const tried = await app.gql<{ recordInteraction: { __typename: string } }>(`mutation($s: ID!, $p: ID!) { recordInteraction(sessionId: $s, productId: $p, kind: TRY_ON) { __typename } }`, { s, p: id }, kiosk.token);
    expect(tried.data!.recordInteraction.__typename).toBe('InteractionRecorded');
    const after = await recs({ placement: 'MIRROR_HOME', s });
    expect(after.items.map((i) => i.product.id)).not.toEqual(before.items.map((i) => i.product.id));
    expect(after.items.some((i) => i.reason === 'TRIED_ON' && /you tried on/.test(i.explanation))).toBe(true);
  });

  it('lists asked at the same moment share one statement and each gets its own answer', async () => {
    const mirrors = [kiosk, await app.kioskToken(store.id), await app.kioskToken(store.id)];
    const sessions: string[] = [];
    for (const m of mirrors) sessions.push((await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, m.token)).data!.startKioskSession.id);
    const tried: { id: string }[] = await app.dataSource.query(`SELECT id FROM product WHERE garment_type = 'SHOES' ORDER BY sku LIMIT 2`);
    for (const [i, p] of tried.entries()) {
      await app.gql(`mutation($s: ID!, $p: ID!) { recordInteraction(sessionId: $s, productId: $p, kind: TRY_ON) { __typename } }`, { s: sessions[i], p: p.id }, mirrors[i].token);
    }
    const ids = (l: List) => l.items.map((i) => i.product.id);
    const pool = (app.dataSource.driver as unknown as { master: { query: (...args: unknown[]) => unknown } }).master;
    const statements = jest.spyOn(pool, 'query');
    const audienceStatements = () => statements.mock.calls.map(([q]) => (q as { name?: string }).name).filter((n) => n?.startsWith('mf_rec_audience'));
    const alone = [];
    for (const [i, m] of mirrors.entries()) alone.push(ids(await recs({ placement: 'MIRROR_HOME', s: sessions[i] }, m.token)));
    expect(new Set(alone.map((a) => a.join())).size).toBe(3);
    // Asked one by one: a statement each.
    expect(audienceStatements()).toHaveLength(3);
    statements.mockClear();
    // Asked in one turn of the server's event loop (through the service: HTTP requests arrive in turns
    // of their own), the audience look-ups go out as one statement, with a session of another mirror
    // among them.
    const service = app.server.services.recommendations;
    const ctxOf = (m: { id: string }) => new LazyRequestContext({ kind: 'kiosk', kioskId: m.id, storeId: store.id }, app.dataSource, app.dataSource.manager, app.config, createLogger('silent'), createLoaders);
    const together = await Promise.all([
      ...mirrors.map((m, i) => service.recommend(ctxOf(m), { placement: Placement.MIRROR_HOME, sessionId: sessions[i], limit: 12 })),
      service.recommend(ctxOf(mirrors[1]), { placement: Placement.MIRROR_HOME, sessionId: sessions[0], limit: 12 }),
    ]);
    expect(together.slice(0, 3).map((r) => (r as RecommendationList).items.map((i) => i.product.id))).toEqual(alone);
    expect(together[3]).toBeInstanceOf(SessionNotFoundError);
    expect(audienceStatements()).toHaveLength(1);
    statements.mockRestore();
  });

  it('never shows out-of-stock items or items not in stock in the customer’s size on kiosk placements', async () => {
    const s = await session();
    await app.gql(`mutation($s: ID!) { submitBodyMeasurements(sessionId: $s, input: { heightCm: 180, sex: "M", chestCm: 101, waistCm: 88, hipCm: 102, footLengthCm: 27.5 }) { __typename } }`, { s }, kiosk.token);
    for (const placement of ['MIRROR_HOME', 'AFTER_TRY_ON']) {
      const list = await recs({ placement, s, limit: 30 });
      expect(list.items.length).toBeGreaterThan(0);
      for (const item of list.items) {
        expect(item.suggestedSize).not.toBeNull();
        const [{ n }] = await app.dataSource.query(
          `SELECT COALESCE(SUM(GREATEST(i.on_hand - i.reserved, 0)), 0)::int AS n FROM inventory i JOIN variant v ON v.id = i.variant_id WHERE i.store_id = $1 AND v.product_id = $2 AND v.size_label = $3`,
          [store.id, item.product.id, item.suggestedSize],
        );
        expect(n).toBeGreaterThan(0);
      }
    }
    // Sell out the first recommendation in that size: it disappears at once.
    const list = await recs({ placement: 'MIRROR_HOME', s });
    const first = list.items[0];
    await app.dataSource.query(`UPDATE inventory i SET on_hand = 0, reserved = 0 FROM variant v WHERE v.id = i.variant_id AND i.store_id = $1 AND v.product_id = $2 AND v.size_label = $3`, [store.id, first.product.id, first.suggestedSize]);
    const after = await recs({ placement: 'MIRROR_HOME', s });
    expect(after.items.map((i) => i.product.id)).not.toContain(first.product.id);
  });

  it('an anonymous shopper sees nothing cut for the other sex once they declare theirs with measurements', async () => {
    const genders = async (list: List) =>
      (await app.dataSource.query(`SELECT gender FROM product WHERE id = ANY($1::uuid[])`, [list.items.map((i) => i.product.id)])).map((r: { gender: string }) => r.gender) as string[];
    const s = await session();
    // Before: the store's best sellers for everyone, both cuts among them.
    const before = await genders(await recs({ placement: 'MIRROR_HOME', s, limit: 30 }));
    expect(before).toEqual(expect.arrayContaining(['MEN', 'WOMEN']));
    for (const [sex, other] of [['F', 'MEN'], ['M', 'WOMEN']]) {
      const t = await session();
      const submitted = await app.gql<{ submitBodyMeasurements: { __typename: string } }>(
        `mutation($s: ID!, $sex: String!) { submitBodyMeasurements(sessionId: $s, input: { heightCm: 174, sex: $sex, chestCm: 94, waistCm: 78, hipCm: 99, footLengthCm: 25.5 }) { __typename } }`,
        { s: t, sex },
        kiosk.token,
      );
      expect(submitted.data!.submitBodyMeasurements.__typename).toBe('BodyProfile');
      const after = await genders(await recs({ placement: 'MIRROR_HOME', s: t, limit: 30 }));
      expect(after.length).toBeGreaterThan(10);
      expect(after).not.toContain(other);
    }
  });

  it('a reservation of the last units shows in the very next list of a session shown many lists, and a release brings the item back', async () => {
    const s = await session();
    await app.gql(`mutation($s: ID!) { submitBodyMeasurements(sessionId: $s, input: { heightCm: 172, sex: "F", chestCm: 90, waistCm: 74, hipCm: 98, footLengthCm: 24.5 }) { __typename } }`, { s }, kiosk.token);
    // Several lists first: from the second on, the stock of the previous list is read with the audience.
    for (let i = 0; i < 3; i++) await recs({ placement: 'MIRROR_HOME', s });
    const before = await recs({ placement: 'MIRROR_HOME', s });
    const first = before.items[0];
    const reserve = (reserved: string) =>
      app.dataSource.query(`UPDATE inventory i SET reserved = ${reserved} FROM variant v WHERE v.id = i.variant_id AND i.store_id = $1 AND v.product_id = $2 AND v.size_label = $3`, [store.id, first.product.id, first.suggestedSize]);
    await reserve('on_hand');
    const reserved = await recs({ placement: 'MIRROR_HOME', s });
    expect(reserved.items.map((i) => i.product.id)).not.toContain(first.product.id);
    await reserve('0');
    const released = await recs({ placement: 'MIRROR_HOME', s });
    expect(released.items.map((i) => i.product.id)).toEqual(before.items.map((i) => i.product.id));
  });

  it('a sell-out committed after this process read availability, by a transaction that began before, still shows in the next list', async () => {
    const s = await session();
    await app.gql(`mutation($s: ID!) { submitBodyMeasurements(sessionId: $s, input: { heightCm: 178, sex: "M", chestCm: 98, waistCm: 84, hipCm: 100, footLengthCm: 27 }) { __typename } }`, { s }, kiosk.token);
    const before = await recs({ placement: 'MIRROR_HOME', s });
    const first = before.items[0];
    // Another server's checkout takes the last units but has not committed yet...
    const other = app.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query(`UPDATE inventory i SET reserved = on_hand FROM variant v WHERE v.id = i.variant_id AND i.store_id = $1 AND v.product_id = $2 AND v.size_label = $3`, [store.id, first.product.id, first.suggestedSize]);
      // ...while this process reads availability afresh (a cleared copy) and still sees the units...
      app.server.services.recommendations.stock.clear();
      const during = await recs({ placement: 'MIRROR_HOME', s });
      expect(during.items[0].product.id).toBe(first.product.id);
      await other.commitTransaction();
    } finally {
      await other.release();
    }
    // ...then commits: the copy read during the transaction is not trusted any more.
    const after = await recs({ placement: 'MIRROR_HOME', s });
    expect(after.items.map((i) => i.product.id)).not.toContain(first.product.id);
    await app.dataSource.query(`UPDATE inventory i SET reserved = 0 FROM variant v WHERE v.id = i.variant_id AND i.store_id = $1 AND v.product_id = $2 AND v.size_label = $3`, [store.id, first.product.id, first.suggestedSize]);
  });

  it('logs a change of availability once per transaction and store, and nothing for stock that stays available', async () => {
    const changes = async (): Promise<number> => (await app.dataSource.query(`SELECT count(*)::int AS n FROM stock_change WHERE store_id = $1`, [store.id]))[0].n;
    const [unit] = await app.dataSource.query(`SELECT variant_id FROM inventory WHERE store_id = $1 AND on_hand >= 3 AND reserved = 0 ORDER BY variant_id LIMIT 1`, [store.id]);
    const start = await changes();
    // One of several units reserved: still available, nothing a list shows has changed.
    await app.dataSource.query(`UPDATE inventory SET reserved = 1 WHERE store_id = $1 AND variant_id = $2`, [store.id, unit.variant_id]);
    expect(await changes()).toBe(start);
    // The last units reserved, then released: two changes.
    await app.dataSource.query(`UPDATE inventory SET reserved = on_hand WHERE store_id = $1 AND variant_id = $2`, [store.id, unit.variant_id]);
    await app.dataSource.query(`UPDATE inventory SET reserved = 0 WHERE store_id = $1 AND variant_id = $2`, [store.id, unit.variant_id]);
    expect(await changes()).toBe(start + 2);
    // Many rows of one store in one transaction: one change.
    await app.dataSource.transaction(async (em) => {
      await em.query(`UPDATE inventory SET reserved = on_hand WHERE store_id = $1 AND variant_id IN (SELECT variant_id FROM inventory WHERE store_id = $1 AND on_hand > 0 ORDER BY variant_id LIMIT 20)`, [store.id]);
      await em.query(`UPDATE inventory SET reserved = 0 WHERE store_id = $1 AND variant_id IN (SELECT variant_id FROM inventory WHERE store_id = $1 AND on_hand > 0 ORDER BY variant_id LIMIT 20)`, [store.id]);
    });
    expect(await changes()).toBe(start + 3);
    // A variant that changes size moves its units: every store holding one logs a change.
    const stores: { store_id: string }[] = await app.dataSource.query(`SELECT store_id FROM inventory WHERE variant_id = $1 AND on_hand > reserved`, [unit.variant_id]);
    const [{ n: allBefore }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM stock_change`);
    const [{ size_label }] = await app.dataSource.query(`SELECT size_label FROM variant WHERE id = $1`, [unit.variant_id]);
    await app.dataSource.query(`UPDATE variant SET size_label = '4XL' WHERE id = $1`, [unit.variant_id]);
    await app.dataSource.query(`UPDATE variant SET size_label = $2 WHERE id = $1`, [unit.variant_id, size_label]);
    const [{ n: allAfter }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM stock_change`);
    expect(allAfter - allBefore).toBe(2 * stores.length);
  });

  it('never recommends what the member already owns', async () => {
    const [{ id: customerId }] = await app.dataSource.query(`SELECT o.customer_id AS id FROM customer_order o GROUP BY o.customer_id ORDER BY COUNT(*) DESC LIMIT 1`);
    // Owned: bought in an order not cancelled and not returned in full.
    const owned = new Set((await app.dataSource.query(`SELECT l.product_id FROM order_line l JOIN customer_order o ON o.id = l.order_id WHERE o.customer_id = $1 AND o.status <> 'CANCELLED' AND l.returned_quantity < l.quantity`, [customerId])).map((r: { product_id: string }) => r.product_id));
    const external = (await app.dataSource.getRepository(CustomerEntity).findOneByOrFail({ id: customerId })).externalId;
    const list = await recs({ placement: 'APP_HOME', limit: 30 }, await app.customerToken(external));
    expect(list.items.length).toBeGreaterThan(10);
    for (const item of list.items) expect(owned.has(item.product.id)).toBe(false);
    expect(list.items.some((i) => i.reason === 'PURCHASE_HISTORY' && /Because you bought/.test(i.explanation))).toBe(true);
  });

  it('a boost moves an item up, a pin holds its position, an exclusion removes', async () => {
    const s = await session();
    const base = await recs({ placement: 'MIRROR_HOME', s, limit: 12 });
    const last = base.items[base.items.length - 1];
    await publish({ boosts: [{ target: { kind: 'PRODUCT', value: last.product.id }, weight: 1 }], maxPerBrand: 12, maxPerCategory: 12 });
    const boosted = await recs({ placement: 'MIRROR_HOME', s, limit: 12 });
    const newPos = boosted.items.findIndex((i) => i.product.id === last.product.id);
    expect(newPos).toBeGreaterThanOrEqual(0);
    expect(newPos).toBeLessThan(base.items.length - 1);

    const pinned = base.items[5].product.id;
    await publish({ pins: [{ placement: 'MIRROR_HOME', storeId: store.id, productId: pinned, position: 2 }], maxPerBrand: 12, maxPerCategory: 12 });
    for (let i = 0; i < 3; i++) {
      const list = await recs({ placement: 'MIRROR_HOME', s, limit: 12 });
      expect(list.items[1].product.id).toBe(pinned);
      expect(list.items[1].reason).toBe('PINNED');
    }

    const brand = base.items[0].product.brand;
    await publish({ exclusions: [{ kind: 'BRAND', value: brand }], maxPerBrand: 12, maxPerCategory: 12 });
    const excluded = await recs({ placement: 'MIRROR_HOME', s, limit: 30 });
    expect(excluded.items.some((i) => i.product.brand === brand)).toBe(false);
    // Which rules served the list is for staff (RecommendationList.configVersion); the published ones changed.
    expect((await app.dataSource.query(`SELECT version FROM rec_config WHERE status = 'PUBLISHED'`))[0].version).toBeGreaterThan(0);
  });

  it('diversity caps hold', async () => {
    await publish({ maxPerBrand: 2, maxPerCategory: 3 });
    const list = await recs({ placement: 'MIRROR_HOME', s: await session(), limit: 12 });
    const brands = new Map<string, number>();
    for (const i of list.items) brands.set(i.product.brand, (brands.get(i.product.brand) ?? 0) + 1);
    for (const n of brands.values()) expect(n).toBeLessThanOrEqual(2);
  });

  it('refuses bad input with typed errors', async () => {
    const s = await session();
    const limit = await app.gql(RECS, { placement: 'MIRROR_HOME', s, limit: 51 }, kiosk.token);
    expect(limit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    const placement = await app.gql(RECS, { placement: 'NOWHERE', s, limit: 5 }, kiosk.token);
    expect(placement.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknownProduct = await app.gql<{ recommendations: { __typename: string } }>(RECS, { placement: 'SIMILAR', s, p: '00000000-0000-4000-8000-000000000000', limit: 5 }, kiosk.token);
    expect(unknownProduct.data!.recommendations.__typename).toBe('NotFoundError');
    const noProduct = await app.gql<{ recommendations: { __typename: string } }>(RECS, { placement: 'SIMILAR', s, limit: 5 }, kiosk.token);
    expect(noProduct.data!.recommendations.__typename).toBe('InvalidInputError');
    const unknownSession = await app.gql<{ recommendations: { __typename: string } }>(RECS, { placement: 'MIRROR_HOME', s: '00000000-0000-4000-8000-000000000000', limit: 5 }, kiosk.token);
    expect(unknownSession.data!.recommendations.__typename).toBe('SessionNotFoundError');
  });

  it('a draft that pins a missing product or holds a malformed rule is refused; a draft broken later cannot be published', async () => {
    const missing = await app.gql<{ saveRecommendationDraft: { __typename: string; problems: { field: string }[] } }>(SAVE, { rules: { pins: [{ placement: 'MIRROR_HOME', productId: '00000000-0000-4000-8000-000000000000', position: 1 }] } }, merch);
    expect(missing.data!.saveRecommendationDraft).toMatchObject({ __typename: 'InvalidRulesError', problems: [{ field: 'pins[0].productId' }] });
    const malformed = await app.gql<{ saveRecommendationDraft: { __typename: string; problems: { field: string }[] } }>(SAVE, { rules: { boosts: [{ target: { kind: 'CATEGORY', value: 'Not A Path' }, weight: 3 }] } }, merch);
    expect(malformed.data!.saveRecommendationDraft.__typename).toBe('InvalidRulesError');
    expect(malformed.data!.saveRecommendationDraft.problems.map((p) => p.field).sort()).toEqual(['boosts[0].target.value', 'boosts[0].weight']);

    // Saved while valid, then the pinned product is deleted: publishing is refused.
    const { id } = (await makeProduct(app.dataSource, { brand: 'Soon Gone' })).product;
    const ok = await app.gql<{ saveRecommendationDraft: { __typename: string } }>(SAVE, { rules: { pins: [{ placement: 'APP_HOME', productId: id, position: 1 }] } }, merch);
    expect(ok.data!.saveRecommendationDraft.__typename).toBe('RecommendationConfig');
    const publishedVersion = async () => ((await app.dataSource.query(`SELECT version FROM rec_config WHERE status = 'PUBLISHED'`))[0]?.version as number | undefined) ?? null;
    const before = await publishedVersion();
    await app.dataSource.query(`DELETE FROM product WHERE id = $1`, [id]);
    const blocked = await app.gql<{ publishRecommendationDraft: { __typename: string } }>(PUBLISH, {}, merch);
    expect(blocked.data!.publishRecommendationDraft.__typename).toBe('InvalidRulesError');
    expect(await publishedVersion()).toBe(before);
    const audit = await app.gql<{ recommendationRulesAudit: { action: string }[] }>(`{ recommendationRulesAudit(first: 5) { action version staffId changedFields } }`, {}, merch);
    expect(['CREATE_DRAFT', 'UPDATE_DRAFT']).toContain(audit.data!.recommendationRulesAudit[0].action);
    expect((audit.data!.recommendationRulesAudit[0] as unknown as { changedFields: string[] }).changedFields).toContain('pins');
  });

  it('previews draft against published and evaluates a draft offline before publishing', async () => {
    await app.gql(`mutation { discardRecommendationDraft }`, {}, merch);
    const brand = 'Glacier';
    await app.gql(SAVE, { rules: { boosts: [{ target: { kind: 'BRAND', value: brand }, weight: 1 }], maxPerBrand: 10, maxPerCategory: 10 } }, merch);
    const [{ id: customerId }] = await app.dataSource.query(`SELECT id FROM customer ORDER BY external_id LIMIT 1`);
    const preview = await app.gql<{ previewRecommendations: { draft: { items: Item[] }; published: { items: Item[] } }[] }>(
      `query($c: [ID!]!) { previewRecommendations(customerIds: $c, placement: APP_HOME, limit: 10) { customerId draft { items { product { brand } } } published { items { product { brand } } } } }`,
      { c: [customerId] },
      merch,
    );
    expect(preview.errors).toBeUndefined();
    const [row] = preview.data!.previewRecommendations;
    const count = (items: { product: { brand: string } }[]) => items.filter((i) => i.product.brand === brand).length;
    expect(count(row.draft.items)).toBeGreaterThan(count(row.published.items));
    const [{ id: skiJacket }] = await app.dataSource.query(`SELECT id FROM product WHERE sport = 'SKI' AND garment_type = 'OUTERWEAR' AND gender = 'WOMEN' ORDER BY sku LIMIT 1`);
    const sample = await app.gql<{ previewRecommendations: { label: string; customerId: string | null; draft: { items: { product: { gender: string } }[] } }[] }>(
      `query($s: [SampleProfileInput!]!) { previewRecommendations(sampleProfiles: $s, placement: APP_HOME, limit: 8) { label customerId draft { items { reason product { gender sport } } } } }`,
      { s: [{ label: 'skier, women', gender: 'WOMEN', viewedProductIds: [skiJacket] }] },
      merch,
    );
    expect(sample.errors).toBeUndefined();
    expect(sample.data!.previewRecommendations[0]).toMatchObject({ label: 'skier, women', customerId: null });
    expect(sample.data!.previewRecommendations[0].draft.items.every((i) => i.product.gender !== 'MEN')).toBe(true);
    const evaluation = await app.gql<{ evaluateRecommendationDraft: { draft: { customers: number; hitRateAt10: number; brandExposure: { key: string; share: number }[] }; published: { brandExposure: { key: string; share: number }[] } } }>(
      `{ evaluateRecommendationDraft(sample: 100) { draft { customers hitRateAt10 ndcgAt10 brandExposure { key share } categoryExposure { key share } } published { hitRateAt10 brandExposure { key share } } } }`,
      {},
      merch,
    );
    expect(evaluation.errors).toBeUndefined();
    const e = evaluation.data!.evaluateRecommendationDraft;
    expect(e.draft.customers).toBe(100);
    const share = (xs: { key: string; share: number }[]) => xs.find((x) => x.key === brand)?.share ?? 0;
    expect(share(e.draft.brandExposure)).toBeGreaterThan(share(e.published.brandExposure));
  });

  it('hot-swaps a newly trained model: the next request is served by the new version, without a restart', async () => {
    const s = await session();
    expect((await recs({ placement: 'MIRROR_HOME', s })).modelVersion).toBe(1);
    const started = await app.gql<{ trainRecommendationModel: { version: number; status: string } }>(`mutation { trainRecommendationModel { version status } }`, {}, merch);
    expect(started.data!.trainRecommendationModel).toEqual({ version: 2, status: 'TRAINING' });
    // Requests keep being answered while it trains.
    expect((await recs({ placement: 'MIRROR_HOME', s })).__typename).toBe('RecommendationList');
    for (let i = 0; i < 200 && app.server.services.recommender.serving?.version !== 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await recs({ placement: 'MIRROR_HOME', s })).modelVersion).toBe(2);
    const models = await app.gql<{ recommendationModels: { version: number; serving: boolean; metrics: Record<string, number> }[] }>(`{ recommendationModels { version serving metrics } }`, {}, merch);
    expect(models.data!.recommendationModels[0]).toMatchObject({ version: 2, serving: true });
    expect(models.data!.recommendationModels[0].metrics['test_NDCG@10']).toBeGreaterThan(0);
    const rolledBack = await app.gql<{ activateRecommendationModel: { version: number; serving: boolean } }>(`mutation { activateRecommendationModel(version: 1) { version serving } }`, {}, merch);
    expect(rolledBack.data!.activateRecommendationModel).toEqual({ version: 1, serving: true });
    expect((await recs({ placement: 'MIRROR_HOME', s })).modelVersion).toBe(1);
  });

  it('has size charts seeded for suggested sizes', async () => {
    expect(await app.dataSource.getRepository(SizeChartEntity).count()).toBeGreaterThan(0);
  });
});
