import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { makeProduct, makeStore, setStock } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('abuse limits, production mode and batching', () => {
  let app: TestApp;
  let prod: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await createTestApp();
    prod = await createTestApp({ NODE_ENV: 'production' });
    token = await app.customerToken('limits');
  });
  afterAll(async () => {
    await app.close();
    await prod.close();
  });

  it('refuses over-deep queries', async () => {
    const deep = `{ viewer { ... on CustomerViewer { customer { orders { edges { node { lines { product { variants { stock { store { id } } } } } } } } } } } }`;
    const res = await app.gql(deep, {}, token);
    expect(res.errors?.[0].message).toMatch(/depth/i);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: stores { id }`).join(' ');
    const res = await app.gql(`{ ${aliases} }`, {}, token);
    expect(res.errors?.[0].message).toMatch(/alias/i);
  });

  it('refuses queries over the cost budget', async () => {
    const fields = Array.from({ length: 10 }, (_, i) => `p${i}: products(first: 100) { edges { node { variants { stock { store { id code name city } available } } } } }`).join(' ');
    const res = await app.gql(`{ ${fields} }`, {}, token);
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/cost/i);
  });

  it('turns introspection off in production and hides field suggestions', async () => {
    const ptoken = await prod.customerToken('p');
    const res = await prod.gql(`{ __schema { types { name } } }`, {}, ptoken);
    expect(res.errors?.[0].message).toMatch(/introspection/i);
    const typo = await prod.gql(`{ storez { id } }`, {}, ptoken);
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('loads a page of products with variants and per-store stock in a constant number of queries (DataLoader)', async () => {
    const stores = [await makeStore(app.dataSource), await makeStore(app.dataSource)];
    for (let i = 0; i < 12; i++) {
      const { variants } = await makeProduct(app.dataSource, { brand: 'Batchco' });
      for (const v of variants) for (const s of stores) await setStock(app.dataSource, s.id, v.id, 2);
    }
    const q = `query($first: Int!) { products(first: $first, filter: { brands: ["Batchco"] }) { edges { node { name price { formatted } variants { sizeLabel stock { store { code } available } } } } } }`;
    const count = async (first: number) => {
      let n = 0;
      const original = PostgresQueryRunner.prototype.query;
      PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args: Parameters<typeof original>) {
        n++;
        return original.apply(this, args);
      } as typeof original;
      try {
        const res = await app.gql(q, { first }, token);
        expect(res.errors).toBeUndefined();
      } finally {
        PostgresQueryRunner.prototype.query = original;
      }
      return n;
    };
    const small = await count(2);
    const large = await count(12);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(8);
  });

  it("answers a value the database refuses with BAD_USER_INPUT in production too, never a masked 500", async () => {
    const staff = await prod.staffToken('limits-staff');
    // A NUL character: PostgreSQL takes no text with one.
    const nul = await prod.gql(`query($sku: String) { product(sku: $sku) { __typename } }`, { sku: 'AB\u0000C' }, staff);
    expect(nul.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(nul.errors?.[0].message).toMatch(/^Invalid input: /);
  });
});
