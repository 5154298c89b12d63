import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { PRODUCTS_BY_SKU, VARIANTS_BY_GTIN14 } from '../src/common/loaders';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { seedDemoData } from '../src/demo/demo-seeder';
import { StoreEntity } from '../src/store/store.entity';
import { createTestApp, TestApp } from './support/test-app';

interface ProductsPage {
  products: { totalCount: number; edges: { cursor: string; node: { sku: string; name: string; brand: string; sport: string; gender: string; categoryPath: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const PRODUCTS = `query($filter: ProductFilterInput, $first: Int!, $after: String) {
  products(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { cursor node { sku name brand sport gender categoryPath } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('catalog (demo retailer)', () => {
  let app: TestApp;
  let token: string;
  let kiosk: { id: string; token: string };
  let stores: StoreEntity[];

  beforeAll(async () => {
    app = await createTestApp();
    await seedDemoData(app.dataSource);
    stores = await app.dataSource.getRepository(StoreEntity).find({ order: { code: 'ASC' } });
    token = await app.customerToken('catalog-member');
    kiosk = await app.kioskToken(stores[0].id);
  });
  afterAll(() => app.close());

  it('seeds a believable retailer: >= 300 products, >= 10 brands, five sports, three stores with different stock', async () => {
    const all = await app.gql<ProductsPage>(PRODUCTS, { first: 1 }, token);
    expect(all.data!.products.totalCount).toBeGreaterThanOrEqual(300);
    const [{ brands }] = await app.dataSource.query('SELECT count(DISTINCT brand)::int AS brands FROM product');
    expect(brands).toBeGreaterThanOrEqual(10);
    const sports = await app.dataSource.query('SELECT DISTINCT sport FROM product ORDER BY sport');
    expect(sports.map((r: { sport: string }) => r.sport)).toEqual(['FOOTBALL', 'OUTDOOR', 'RUNNING', 'SKI', 'TRAINING']);
    const perStore = await app.dataSource.query(
      `SELECT s.code, count(*) FILTER (WHERE i.on_hand > 0)::int AS in_stock, count(*) FILTER (WHERE i.on_hand = 0)::int AS out_of_stock
       FROM inventory i JOIN store s ON s.id = i.store_id GROUP BY s.code ORDER BY s.code`,
    );
    expect(perStore).toHaveLength(3);
    for (const row of perStore) expect(row.out_of_stock).toBeGreaterThan(0);
    expect(new Set(perStore.map((r: { in_stock: number }) => r.in_stock)).size).toBe(3);
    const sizes = await app.dataSource.query(`SELECT DISTINCT size_label FROM variant`);
    const labels = new Set(sizes.map((r: { size_label: string }) => r.size_label));
    for (const s of ['XS', 'S', 'M', 'L', 'XL', 'XXL', '36', '47']) expect(labels.has(s)).toBe(true);
    const [{ customers }] = await app.dataSource.query('SELECT count(*)::int AS customers FROM customer');
    expect(customers).toBeGreaterThanOrEqual(500);
  });

  it('does not seed twice', async () => {
    expect(await seedDemoData(app.dataSource)).toBeNull();
  });

  it('pages through the whole catalogue without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 10; page++) {
      const res: Awaited<ReturnType<typeof app.gql<ProductsPage>>> = await app.gql<ProductsPage>(PRODUCTS, { first: 100, after }, token);
      expect(res.errors).toBeUndefined();
      total = res.data!.products.totalCount;
      seen.push(...res.data!.products.edges.map((e) => e.node.sku));
      if (!res.data!.products.pageInfo.hasNextPage) break;
      after = res.data!.products.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by sport, gender (unisex included), brand, category prefix and text', async () => {
    const res = await app.gql<ProductsPage>(PRODUCTS, { first: 100, filter: { sport: 'SKI', gender: 'WOMEN', category: 'apparel/outerwear' } }, token);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.products.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) {
      expect(n.sport).toBe('SKI');
      expect(['WOMEN', 'UNISEX']).toContain(n.gender);
      expect(n.categoryPath.startsWith('apparel/outerwear/')).toBe(true);
    }
    const brand = await app.gql<ProductsPage>(PRODUCTS, { first: 100, filter: { brands: ['Glacier'] } }, token);
    expect(brand.data!.products.edges.every((e) => e.node.brand === 'Glacier')).toBe(true);
    const text = await app.gql<ProductsPage>(PRODUCTS, { first: 100, filter: { text: 'hardshell jack' } }, token);
    expect(text.data!.products.totalCount).toBeGreaterThan(0);
    expect(text.data!.products.edges.every((e) => /hardshell jacket/i.test(e.node.name))).toBe(true);
    const none = await app.gql<ProductsPage>(PRODUCTS, { first: 5, filter: { text: 'zzzqqq' } }, token);
    expect(none.data!.products.totalCount).toBe(0);
    // Explicit nulls mean "no criterion", as omitting them does.
    const all = await app.gql<ProductsPage>(PRODUCTS, { first: 1 }, token);
    const nulls = await app.gql<ProductsPage>(PRODUCTS, { first: 1, filter: { text: null, brands: null, sport: null, gender: null, category: null, garmentType: null } }, token);
    expect(nulls.errors).toBeUndefined();
    expect(nulls.data!.products.totalCount).toBe(all.data!.products.totalCount);
  });

  it('counts the matches only when the answer asks for totalCount, and once however often it is read', async () => {
    const statements = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    const countStatements = () => statements.mock.calls.filter(([sql]) => /SELECT COUNT\(/i.test(sql)).length;
    try {
      const listing = await app.gql<{ products: { edges: unknown[] } }>(`{ products(first: 3, filter: { sport: RUNNING }) { edges { cursor } } }`, {}, kiosk.token);
      expect(listing.data!.products.edges).toHaveLength(3);
      expect(countStatements()).toBe(0);
      const twice = await app.gql<{ products: { a: number; b: number } }>(`{ products(first: 3, filter: { sport: RUNNING }) { a: totalCount b: totalCount } }`, {}, kiosk.token);
      expect(twice.data!.products.a).toBe(twice.data!.products.b);
      expect(twice.data!.products.a).toBeGreaterThan(3);
      expect(countStatements()).toBe(1);
    } finally {
      statements.mockRestore();
    }
  });

  it('refuses `first` over the cap and a forged cursor with a coded error naming the argument', async () => {
    const big = await app.gql(PRODUCTS, { first: 101 }, token);
    expect(big.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const zero = await app.gql(PRODUCTS, { first: 0 }, token);
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const forged = await app.gql(PRODUCTS, { first: 5, after: 'not-a-cursor' }, token);
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const badCategory = await app.gql(PRODUCTS, { first: 5, filter: { category: 'Apparel//x' } }, token);
    expect(badCategory.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(badCategory.errors?.[0].message).toMatch(/category/);
  });

  it('scanning a shelf barcode gives the product, the scanned variant and its stock here and in the other stores', async () => {
    const [row] = await app.dataSource.query(
      `SELECT v.barcode, v.id, v.size_label FROM variant v JOIN inventory i ON i.variant_id = v.id WHERE i.store_id = $1 AND i.on_hand > 0 LIMIT 1`,
      [stores[0].id],
    );
    const res = await app.gql<{ product: { __typename: string; sku: string; scannedVariant: { id: string; sizeLabel: string; availableHere: number; stock: { store: { code: string }; available: number }[] } } }>(
      `query($barcode: String) { product(barcode: $barcode) { __typename ... on Product { sku scannedVariant { id sizeLabel availableHere stock { store { code } available } } } } }`,
      { barcode: row.barcode },
      kiosk.token,
    );
    expect(res.errors).toBeUndefined();
    const scanned = res.data!.product.scannedVariant;
    expect(scanned.id).toBe(row.id);
    expect(scanned.availableHere).toBeGreaterThan(0);
    expect(scanned.stock.map((s) => s.store.code)).toEqual(['BER-01', 'HAM-01', 'MUC-01']);
    expect(scanned.stock.find((s) => s.store.code === stores[0].code)!.available).toBe(scanned.availableHere);
  });

  it('a text search without letters or digits finds nothing rather than the whole catalogue', async () => {
    // '%' and '_' too: they must not reach the SKU prefix match as LIKE wildcards.
    for (const text of ['👟', '-', '&&', '!!', '  ', '🏃‍♀️ ?', '%', '_', '%%']) {
      const res = await app.gql<ProductsPage>(PRODUCTS, { first: 5, filter: { text } }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.products).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    }
    // With other criteria too, and a forged cursor is still refused.
    const withSport = await app.gql<ProductsPage>(PRODUCTS, { first: 5, filter: { text: '-', sport: 'SKI' } }, token);
    expect(withSport.data!.products.totalCount).toBe(0);
    const forged = await app.gql(PRODUCTS, { first: 5, after: 'not-a-cursor', filter: { text: '👟' } }, token);
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    // Punctuation around words is ignored as before.
    const words = await app.gql<ProductsPage>(PRODUCTS, { first: 5, filter: { text: '-- hardshell!! --' } }, token);
    expect(words.data!.products.totalCount).toBeGreaterThan(0);
  });

  it('a text search finds products by their SKU too, whole or its start, in any case, in the same SKU order', async () => {
    const skus = async (text: string, first = 100, after: string | null = null) => {
      const res = await app.gql<ProductsPage>(PRODUCTS, { first, after, filter: { text } }, token);
      expect(res.errors).toBeUndefined();
      return { skus: res.data!.products.edges.map((e) => e.node.sku), totalCount: res.data!.products.totalCount, endCursor: res.data!.products.pageInfo.endCursor };
    };
    // A SKU like GLA-SKI-0041: its words ("gla", "ski", "0041") are not all in any name, brand or description.
    const [{ sku }] = await app.dataSource.query(`SELECT sku FROM product ORDER BY sku OFFSET 40 LIMIT 1`);
    expect(sku).toMatch(/^[A-Z]{3}-[A-Z]{3}-\d{4}$/);
    for (const text of [sku, sku.toLowerCase(), `  ${sku}  `, `${sku.slice(0, 4)}${sku.slice(4).toLowerCase()}`]) {
      expect(await skus(text)).toMatchObject({ skus: [sku], totalCount: 1 });
    }

    // The start of a SKU finds every product whose SKU starts so, in SKU order, paged as any listing.
    const prefix = sku.slice(0, -2).toLowerCase();
    const starting: string[] = (await app.dataSource.query(`SELECT sku FROM product WHERE left(lower(sku), $2) = $1 ORDER BY sku`, [prefix, prefix.length])).map((r: { sku: string }) => r.sku);
    expect(starting.length).toBeGreaterThan(1);
    const found = await skus(prefix);
    expect(found.skus).toEqual(expect.arrayContaining(starting));
    expect(found.skus).toEqual([...found.skus].sort());
    expect(found.totalCount).toBe(found.skus.length);
    const firstPage = await skus(prefix, 2);
    const secondPage = await skus(prefix, 100, firstPage.endCursor);
    expect([...firstPage.skus, ...secondPage.skus]).toEqual(found.skus);

    // '_' and '%' in the text are characters, not LIKE wildcards.
    expect((await skus(`${sku.slice(0, -2)}_${sku.slice(-1)}`)).skus).not.toContain(sku);
    expect(await skus(`${sku.slice(0, -1)}%`)).toMatchObject({ skus: [], totalCount: 0 });
  });

  it('finds a barcode in any GTIN form a scanner sends: UPC-A as 12, 13 or 14 digits, GTIN-8 and GTIN-13 padded to 14', async () => {
    const [product] = await app.dataSource.query(`SELECT id, sku FROM product ORDER BY sku LIMIT 1`);
    const stored: Record<string, string> = { upc: '036000291452', gtin8: '96385074', ean: '4006381333931' };
    const ids: Record<string, string> = {};
    for (const [k, barcode] of Object.entries(stored)) {
      const [row] = await app.dataSource.query(
        `INSERT INTO variant (product_id, size_label, size_system, colour, barcode, size_rank) VALUES ($1, 'M', 'ALPHA', $2, $3, 2) RETURNING id`,
        [product.id, `GTIN test ${k}`, barcode],
      );
      ids[k] = row.id;
    }
    const q = `query($barcode: String) { product(barcode: $barcode) { __typename ... on Product { sku scannedVariant { id } } ... on ErrorResult { code message } } }`;
    const scan = async (barcode: string) => (await app.gql<{ product: { __typename: string; sku?: string; scannedVariant?: { id: string }; code?: string; message?: string } }>(q, { barcode }, kiosk.token)).data!.product;
    const forms: [string, string][] = [
      ['upc', '036000291452'],
      ['upc', '0036000291452'],
      ['upc', '00036000291452'],
      ['gtin8', '96385074'],
      ['gtin8', '00000096385074'],
      ['ean', '4006381333931'],
      ['ean', '04006381333931'],
    ];
    for (const [k, barcode] of forms) expect(await scan(barcode)).toEqual({ __typename: 'Product', sku: product.sku, scannedVariant: { id: ids[k] } });
    // Two variants written as two forms of one code (the import matches barcodes as written): the form scanned wins.
    const [twin] = await app.dataSource.query(`INSERT INTO variant (product_id, size_label, size_system, colour, barcode, size_rank) VALUES ($1, 'M', 'ALPHA', 'GTIN test twin', '0036000291452', 2) RETURNING id`, [product.id]);
    ids.twin = twin.id;
    expect((await scan('0036000291452')).scannedVariant).toEqual({ id: twin.id });
    expect((await scan('036000291452')).scannedVariant).toEqual({ id: ids.upc });
    // A code whose check digit is wrong is a misread, not a missing product.
    expect(await scan('0036000291453')).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', message: expect.stringMatching(/check digit/) });
    expect(await scan('123456789')).toMatchObject({ __typename: 'InvalidInputError', message: expect.stringMatching(/8, 12, 13 or 14 digits/) });

    // One statement finds the variant with its product, whatever the form, through the index: the
    // shared barcode look-up (prepared, straight on the pool), nothing through TypeORM's query runner.
    const pool = (app.dataSource.driver as PostgresDriver).master as Pool;
    const prepared = jest.spyOn(pool, 'query');
    const statements = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    const lookups = () => [
      ...prepared.mock.calls.map(([q]) => (q as unknown as { name?: string }).name).filter((name) => name === VARIANTS_BY_GTIN14.name),
      ...statements.mock.calls.map(([sql]) => sql).filter((sql) => /barcode"?\)? *(=|, 14)|FROM "product"/.test(sql)),
    ];
    try {
      await scan('036000291452');
      expect(lookups()).toEqual([VARIANTS_BY_GTIN14.name]);
      prepared.mockClear();
      statements.mockClear();
      await scan('00036000291452');
      expect(lookups()).toEqual([VARIANTS_BY_GTIN14.name]);
    } finally {
      prepared.mockRestore();
      statements.mockRestore();
    }
    const runner = app.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL enable_seqscan = off');
      const plan: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${VARIANTS_BY_GTIN14.text}`, [['00036000291452']]);
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/idx_variant_gtin14/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    await app.dataSource.query(`DELETE FROM variant WHERE id = ANY($1)`, [Object.values(ids)]);
  });

  it('finds a product by its SKU exactly as written, with one shared prepared statement for look-ups made together', async () => {
    const [a, b] = (await app.dataSource.query(`SELECT id, sku FROM product ORDER BY sku LIMIT 2`)) as { id: string; sku: string }[];
    const q = `query($a: String, $b: String) { a: product(sku: $a) { __typename ... on Product { id sku } } b: product(sku: $b) { __typename ... on Product { id sku } } }`;
    const pool = (app.dataSource.driver as PostgresDriver).master as Pool;
    const prepared = jest.spyOn(pool, 'query');
    const statements = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      const both = await app.gql<{ a: { __typename: string; id?: string; sku?: string }; b: { __typename: string; id?: string; sku?: string } }>(q, { a: a.sku, b: b.sku }, kiosk.token);
      expect(both.data).toEqual({ a: { __typename: 'Product', id: a.id, sku: a.sku }, b: { __typename: 'Product', id: b.id, sku: b.sku } });
      expect(prepared.mock.calls.map(([query]) => (query as unknown as { name?: string }).name).filter((name) => name === PRODUCTS_BY_SKU.name)).toHaveLength(1);
      expect(statements.mock.calls.map(([sql]) => sql).filter((sql) => /FROM "product"/.test(sql))).toEqual([]);
    } finally {
      prepared.mockRestore();
      statements.mockRestore();
    }
    // Exactly as written, as before: another case is another SKU.
    const lower = await app.gql<{ a: { __typename: string } }>(q, { a: a.sku.toLowerCase(), b: b.sku }, kiosk.token);
    expect(a.sku.toLowerCase() === a.sku || lower.data!.a.__typename === 'NotFoundError').toBe(true);
  });

  it('answers unknown ids, SKUs and barcodes with NotFoundError, and ambiguous look-ups with InvalidInputError', async () => {
    const q = `query($id: ID, $sku: String, $barcode: String) { product(id: $id, sku: $sku, barcode: $barcode) { __typename ... on ErrorResult { code message } } }`;
    // A valid GTIN-13 (check digit 1) that no variant has.
    const unknownBarcode = await app.gql<{ product: { __typename: string; code: string } }>(q, { barcode: '2999999999991' }, token);
    expect(unknownBarcode.data!.product).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const unknownId = await app.gql<{ product: { __typename: string } }>(q, { id: '00000000-0000-4000-8000-000000000000' }, token);
    expect(unknownId.data!.product.__typename).toBe('NotFoundError');
    const unknownSku = await app.gql<{ product: { __typename: string } }>(q, { sku: 'NOPE-1' }, token);
    expect(unknownSku.data!.product.__typename).toBe('NotFoundError');
    const both = await app.gql<{ product: { __typename: string; code: string } }>(q, { sku: 'NOPE-1', barcode: '2999999999991' }, token);
    expect(both.data!.product).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT' });
    const malformed = await app.gql(q, { id: 'not-a-uuid' }, token);
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists stores for every role', async () => {
    const res = await app.gql<{ stores: { code: string }[] }>(`{ stores { code } }`, {}, kiosk.token);
    expect(res.data!.stores.map((s) => s.code)).toEqual(['BER-01', 'HAM-01', 'MUC-01']);
  });
});
