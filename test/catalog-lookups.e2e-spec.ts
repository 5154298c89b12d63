import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { createLoaders } from '../src/common/loaders';
import { connectAndMigrate, createDataSource } from '../src/database/data-source';
import { makeProduct, makeStore, setStock } from './support/fixtures';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * The catalogue's per-request loaders share their statements across concurrent requests: each
 * request keeps its own answers (and cache), one statement serves them all, and one request's bad
 * id fails that request only.
 */
describe('catalogue look-ups shared by concurrent requests', () => {
  let ds: DataSource;
  let db: TestDatabase;
  const statements: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, { poolSize: 2 });
    await connectAndMigrate(ds);
    const pool = (ds.driver as PostgresDriver).master as Pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const name = (args[0] as { name?: string } | undefined)?.name;
      if (name) statements.push(name);
      return query(...args);
    };
  });
  afterAll(async () => {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  });
  beforeEach(() => {
    statements.length = 0;
  });

  it('answers each request with its own rows from one statement per kind', async () => {
    const [a, b, c] = [await makeProduct(ds), await makeProduct(ds), await makeProduct(ds)];
    const [here, there] = [await makeStore(ds), await makeStore(ds)];
    await setStock(ds, here.id, a.variants[0].id, 5, 2);
    await setStock(ds, there.id, a.variants[0].id, 7);
    await setStock(ds, here.id, b.variants[1].id, 1);
    statements.length = 0;
    // Three requests at once, as three mirrors browsing.
    const requests = [createLoaders(ds), createLoaders(ds), createLoaders(ds)];
    const [variantsA, variantsBC, variantsA2] = await Promise.all([
      requests[0].variantsByProductId.loadMany([a.product.id]),
      requests[1].variantsByProductId.loadMany([b.product.id, c.product.id]),
      requests[2].variantsByProductId.loadMany([a.product.id]),
    ]);
    const ids = (list: unknown[]) => list.map((vs) => (vs as { id: string }[]).map((v) => v.id).sort());
    expect(ids(variantsA)).toEqual([a.variants.map((v) => v.id).sort()]);
    expect(ids(variantsBC)).toEqual([b.variants.map((v) => v.id).sort(), c.variants.map((v) => v.id).sort()]);
    expect(ids(variantsA2)).toEqual(ids(variantsA));
    const available = await Promise.all([
      requests[0].availableInStore.load(`${here.id}/${a.variants[0].id}`),
      requests[1].availableInStore.load(`${there.id}/${a.variants[0].id}`),
      requests[2].availableInStore.load(`${here.id}/${b.variants[1].id}`),
      requests[2].availableInStore.load(`${here.id}/${c.variants[0].id}`),
    ]);
    expect(available).toEqual([3, 7, 1, 0]);
    const [stockA, stockB] = await Promise.all([requests[0].inventoryByVariantId.load(a.variants[0].id), requests[1].inventoryByVariantId.load(b.variants[1].id)]);
    expect(stockA.map((i) => [i.storeId, i.onHand, i.reserved]).sort()).toEqual([[here.id, 5, 2], [there.id, 7, 0]].sort());
    expect(stockB.map((i) => i.storeId)).toEqual([here.id]);
    const stores = await Promise.all(requests.map((r) => r.allStores.load('all')));
    expect(stores.map((s) => s.map((x) => x.code))).toEqual(requests.map(() => expect.arrayContaining([here.code, there.code])));
    expect(statements).toEqual(['mf_variants_of_products_v1', 'mf_available_in_store_v2', 'mf_inventory_of_variants_v1', 'mf_all_stores_v1']);
  });

  it('fails only the request with a malformed id, and answers the others', async () => {
    const a = await makeProduct(ds);
    const [bad, good] = await Promise.allSettled([createLoaders(ds).variantsByProductId.load('not-a-uuid'), createLoaders(ds).variantsByProductId.load(a.product.id)]);
    expect(bad.status).toBe('rejected');
    expect(good.status === 'fulfilled' && good.value.map((v) => v.id).sort()).toEqual(a.variants.map((v) => v.id).sort());
  });

  it('finds ids a client sent in upper case, as PostgreSQL does', async () => {
    const a = await makeProduct(ds);
    const store = await makeStore(ds);
    await setStock(ds, store.id, a.variants[0].id, 2);
    const loaders = createLoaders(ds);
    expect((await loaders.productById.load(a.product.id.toUpperCase()))?.id).toBe(a.product.id);
    expect((await loaders.variantsByProductId.load(a.product.id.toUpperCase())).length).toBe(a.variants.length);
    expect(await loaders.availableInStore.load(`${store.id.toUpperCase()}/${a.variants[0].id.toUpperCase()}`)).toBe(2);
  });

  it('keeps each request its own cache: a request after a stock change sees it', async () => {
    const a = await makeProduct(ds);
    const store = await makeStore(ds);
    await setStock(ds, store.id, a.variants[0].id, 4);
    const first = createLoaders(ds);
    expect(await first.availableInStore.load(`${store.id}/${a.variants[0].id}`)).toBe(4);
    await setStock(ds, store.id, a.variants[0].id, 1);
    expect(await first.availableInStore.load(`${store.id}/${a.variants[0].id}`)).toBe(4);
    expect(await createLoaders(ds).availableInStore.load(`${store.id}/${a.variants[0].id}`)).toBe(1);
  });
});
