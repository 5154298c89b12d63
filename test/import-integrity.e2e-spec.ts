import { parseCatalogFile, writeCatalog } from '../src/catalog/import/catalog-import';
import { inStoreGtin13 } from '../src/catalog/gtin';
import { ProductEntity } from '../src/catalog/product.entity';
import { VariantEntity } from '../src/catalog/variant.entity';
import { ImportRejectedError } from '../src/common/import-report';
import { parsePurchaseFile, writePurchases } from '../src/commerce/import/purchase-import';
import { OrderEntity } from '../src/commerce/order.entity';
import { OrderLineEntity } from '../src/commerce/order-line.entity';
import { CustomerEntity } from '../src/identity/customer.entity';
import { makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

// What a re-import may change, how orders are checked against each other and against the database,
// and that a file the database would refuse is a row-specific rejection, never a failed statement.

const HEADER = 'sku,name,brand,category_path,garment_type,gender,sport,fit_type,price,currency,size,colour,barcode';
const g = (n: number) => inStoreGtin13(700000 + n);
const NOW = new Date('2026-06-01T12:00:00Z');

async function problemsOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ImportRejectedError) return error.report();
  throw error ?? new Error('expected the file to be rejected');
}

describe('import integrity', () => {
  let app: TestApp;
  const importCatalog = (file: string, content: string) => app.dataSource.transaction((em) => writeCatalog(em, file, parseCatalogFile(file, content)));
  const importPurchases = (content: string) => app.dataSource.transaction((em) => writePurchases(em, 'p.csv', parsePurchaseFile('p.csv', content, { now: NOW }), 'csv'));
  const product = (sku: string) => app.dataSource.getRepository(ProductEntity).findOneByOrFail({ sku });
  const counts = async () => ({
    products: await app.dataSource.getRepository(ProductEntity).count(),
    variants: await app.dataSource.getRepository(VariantEntity).count(),
    orders: await app.dataSource.getRepository(OrderEntity).count(),
    lines: await app.dataSource.getRepository(OrderLineEntity).count(),
    customers: await app.dataSource.getRepository(CustomerEntity).count(),
  });

  beforeAll(async () => {
    app = await createTestApp();
    await makeStore(app.dataSource, 'INT-BER'); // Europe/Berlin
    await importCatalog(
      'base.csv',
      [
        `${HEADER},description,tags,attributes`,
        `INT-1,Tempo Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,29.99,EUR,S,Black,${g(1)},Light tee,rebuyable|summer,"{""material"":""polyester""}"`,
        `INT-1,Tempo Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,29.99,EUR,M,Black,${g(2)},Light tee,rebuyable|summer,`,
        `INT-1,Tempo Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,29.99,EUR,M,Red,${g(3)},Light tee,rebuyable|summer,`,
        `INT-2,Fell Jacket,Acme,apparel/outerwear,OUTERWEAR,WOMEN,OUTDOOR,REGULAR,199.00,GBP,M,Green,${g(4)},Warm,,`,
      ].join('\n'),
    );
  });
  afterAll(() => app.close());

  describe('catalogue re-import', () => {
    it('keeps description, tags and attributes when the file has no such columns (a price update)', async () => {
      const summary = await importCatalog('prices.csv', [HEADER, `INT-1,Tempo Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,24.99,EUR,S,Black,${g(1)}`].join('\n'));
      expect(summary).toEqual({ productsCreated: 0, productsUpdated: 1, variantsCreated: 0, variantsUpdated: 1 });
      expect(await product('INT-1')).toMatchObject({ priceMinor: 2499, description: 'Light tee', tags: ['rebuyable', 'summer'], attributes: { material: 'polyester' } });
      expect(await app.dataSource.getRepository(VariantEntity).countBy({ productId: (await product('INT-1')).id })).toBe(3);
    });

    it('keeps fit type and currency when a JSON product leaves them out', async () => {
      const json = JSON.stringify([{ sku: 'INT-1', name: 'Tempo Tee', brand: 'Acme', category_path: 'apparel/tops', garment_type: 'TOP', gender: 'MEN', sport: 'RUNNING', price: '27.00', variants: [{ size: 'S', colour: 'Black', barcode: g(1) }] }]);
      await importCatalog('update.json', json);
      expect(await product('INT-1')).toMatchObject({ priceMinor: 2700, fitType: 'SLIM', currency: 'EUR', tags: ['rebuyable', 'summer'], description: 'Light tee' });
    });

    it('takes a product field from the row that fills it, refuses rows that disagree, and clears a column left empty on every row', async () => {
      const H = `${HEADER},description,tags,attributes`;
      await importCatalog('second-row.csv', [H, `INT-3,Trail Short,Acme,apparel/bottoms,BOTTOM,MEN,RUNNING,REGULAR,39.00,EUR,S,Blue,${g(5)},,,`, `INT-3,Trail Short,Acme,apparel/bottoms,BOTTOM,MEN,RUNNING,REGULAR,39.00,EUR,M,Blue,${g(6)},Short,light,"{""inseam"":5}"`].join('\n'));
      expect(await product('INT-3')).toMatchObject({ description: 'Short', tags: ['light'], attributes: { inseam: 5 } });
      const report = await problemsOf(importCatalog('disagree.csv', [H, `INT-3,Trail Short,Acme,apparel/bottoms,BOTTOM,MEN,RUNNING,REGULAR,39.00,EUR,S,Blue,${g(5)},Short,light,`, `INT-3,Trail Short,Acme,apparel/bottoms,BOTTOM,MEN,RUNNING,REGULAR,39.00,EUR,M,Blue,${g(6)},Other,heavy,`].join('\n')));
      expect(report).toMatch(/line 3: description of INT-3 differs from line 2/);
      expect(report).toMatch(/line 3: tags of INT-3 differ from line 2/);
      await importCatalog('clear.csv', [`${HEADER},tags`, `INT-3,Trail Short,Acme,apparel/bottoms,BOTTOM,MEN,RUNNING,REGULAR,39.00,EUR,S,Blue,${g(5)},`].join('\n'));
      expect(await product('INT-3')).toMatchObject({ description: 'Short', tags: [], attributes: { inseam: 5 } });
      await importCatalog('attributes.csv', [`${HEADER},attributes`, `INT-3,Trail Short,Acme,apparel/bottoms,BOTTOM,MEN,RUNNING,REGULAR,39.00,EUR,S,Blue,${g(5)},"{""inseam"":7,""fabric"":{""nylon"":0.9}}"`].join('\n'));
      expect(await product('INT-3')).toMatchObject({ description: 'Short', tags: [], attributes: { inseam: 7, fabric: { nylon: 0.9 } } });
    });

    it('refuses a new barcode for a size and colour the product already has, before writing anything', async () => {
      const before = await counts();
      const report = await problemsOf(importCatalog('clash.csv', [HEADER, `INT-1,Tempo Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,19.99,EUR,L,Black,${g(7)}`, `INT-1,Tempo Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,19.99,EUR,M,Black,${g(8)}`].join('\n')));
      expect(report).toMatch(new RegExp(`line 3: INT-1 already has size M in Black \\(barcode ${g(2)}\\)`));
      expect(await counts()).toEqual(before);
      expect((await product('INT-1')).priceMinor).toBe(2700);
    });

    it('knows a stored UPC-A in its 13-digit EAN form: the same variant, not a new one, in the file and in the database', async () => {
      const upc = '036000291452';
      await importCatalog('upc.csv', [HEADER, `INT-9,Grip Sock,Acme,apparel/socks,TOP,UNISEX,RUNNING,REGULAR,9.99,EUR,M,White,${upc}`].join('\n'));
      const variants = async () => (await app.dataSource.getRepository(VariantEntity).findBy({ productId: (await product('INT-9')).id })).map((v) => [v.barcode, v.sizeLabel]);
      expect(await variants()).toEqual([[upc, 'M']]);
      // The scanner's 13-digit form of the same code, now for size L: the variant moves, none is added.
      await importCatalog('ean.csv', [HEADER, `INT-9,Grip Sock,Acme,apparel/socks,TOP,UNISEX,RUNNING,REGULAR,9.99,EUR,L,White,0${upc}`].join('\n'));
      expect(await variants()).toEqual([[upc, 'L']]);
      // Both forms in one file are one barcode twice.
      const report = await problemsOf(importCatalog('both.csv', [HEADER, `INT-9,Grip Sock,Acme,apparel/socks,TOP,UNISEX,RUNNING,REGULAR,9.99,EUR,L,White,${upc}`, `INT-9,Grip Sock,Acme,apparel/socks,TOP,UNISEX,RUNNING,REGULAR,9.99,EUR,XL,White,0${upc}`].join('\n')));
      expect(report).toMatch(/line 3: barcode 0036000291452 already appears on line 2/);
    });

    it('lets two existing barcodes swap sizes in one file', async () => {
      await importCatalog('swap.csv', [HEADER, `INT-1,Tempo Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,27.00,EUR,M,Black,${g(1)}`, `INT-1,Tempo Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,27.00,EUR,S,Black,${g(2)}`].join('\n'));
      const sizes = async () => Object.fromEntries((await app.dataSource.getRepository(VariantEntity).findBy({ productId: (await product('INT-1')).id })).map((v) => [v.barcode, v.sizeLabel]));
      expect(await sizes()).toMatchObject({ [g(1)]: 'M', [g(2)]: 'S' });
      await importCatalog('swap-back.csv', [HEADER, `INT-1,Tempo Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,27.00,EUR,S,Black,${g(1)}`, `INT-1,Tempo Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,27.00,EUR,M,Black,${g(2)}`].join('\n'));
      expect(await sizes()).toMatchObject({ [g(1)]: 'S', [g(2)]: 'M' });
    });

    it('refuses to turn a product into shoes while variants with clothing sizes stay behind', async () => {
      const report = await problemsOf(importCatalog('shoes.csv', [HEADER, `INT-2,Fell Jacket,Acme,footwear/boots,SHOES,WOMEN,OUTDOOR,REGULAR,199.00,GBP,40,Green,${g(9)}`].join('\n')));
      expect(report).toMatch(/line 2: INT-2 .*garment_type SHOES.*M\/Green/);
      expect((await product('INT-2')).garmentType).toBe('OUTERWEAR');
    });
  });

  describe('purchase orders', () => {
    it('rejects an order_ref whose rows name different customers, stores or times, naming the rows', async () => {
      const before = await counts();
      const report = await problemsOf(
        importPurchases(
          [
            'customer,sku,quantity,store,time,order_ref',
            'alice,INT-1,1,INT-BER,2026-03-01T10:00:00Z,A',
            'bob,INT-1,1,INT-BER,2026-03-01T10:00:00Z,A',
            'alice,INT-1,1,,2026-03-01T10:00:00Z,A',
            'alice,INT-1,1,INT-BER,2026-03-02T10:00:00Z,A',
          ].join('\n'),
        ),
      );
      expect(report).toMatch(/line 3: order_ref A: customer "bob" differs from line 2 \("alice"\)/);
      expect(report).toMatch(/line 4: order_ref A: store "" differs from line 2 \("INT-BER"\)/);
      expect(report).toMatch(/line 5: order_ref A: time 2026-03-02T10:00:00.000Z differs from line 2 \(2026-03-01T10:00:00.000Z\)/);
      expect(await counts()).toEqual(before);
    });

    it('rejects an order mixing products priced in different currencies', async () => {
      const report = await problemsOf(importPurchases(['customer,sku,quantity,store,time', 'carol,INT-1,1,,2026-03-01T10:00:00Z', 'carol,INT-2,1,,2026-03-01T10:00:00Z'].join('\n')));
      expect(report).toMatch(/line 3: INT-2 is priced in GBP but line 2 of the same order in EUR/);
    });

    it('rejects an order whose total is beyond what an order can hold', async () => {
      const report = await problemsOf(importPurchases(['customer,sku,quantity,store,time,price', 'dave,INT-1,1000,,2026-03-01T10:00:00Z,9999999.99', 'dave,INT-1,1,,2026-03-01T10:00:00Z,1.00'].join('\n')));
      expect(report).toMatch(/line 2: .*total .* too large/);
    });

    it('rejects an order_ref imported before for another customer instead of skipping it', async () => {
      expect(await importPurchases(['customer,sku,quantity,store,time,order_ref', 'erin,INT-1,1,INT-BER,2026-03-01T10:00:00Z,R-1'].join('\n'))).toMatchObject({ ordersCreated: 1 });
      expect(await importPurchases(['customer,sku,quantity,store,time,order_ref', 'erin,INT-1,1,INT-BER,2026-03-01T10:00:00Z,R-1'].join('\n'))).toMatchObject({ ordersCreated: 0, ordersSkipped: 1 });
      const report = await problemsOf(importPurchases(['customer,sku,quantity,store,time,order_ref', 'frank,INT-1,1,INT-BER,2026-03-05T10:00:00Z,R-1'].join('\n')));
      expect(report).toMatch(/line 2: order_ref R-1 was imported before with another customer, store or time/);
    });

    it('places a date-only purchase at the start of that day in the store time zone (UTC online)', async () => {
      await importPurchases(['customer,sku,quantity,store,time', 'gina,INT-1,1,INT-BER,2026-03-07', 'gina,INT-1,1,,2026-03-08'].join('\n'));
      const gina = await app.dataSource.getRepository(CustomerEntity).findOneByOrFail({ externalId: 'gina' });
      const placed = (await app.dataSource.getRepository(OrderEntity).find({ where: { customerId: gina.id }, order: { placedAt: 'ASC' } })).map((o) => o.placedAt.toISOString());
      expect(placed).toEqual(['2026-03-06T23:00:00.000Z', '2026-03-08T00:00:00.000Z']);
    });

    it('refuses a size named without a colour when the product has it in several colours, and a barcode that contradicts the size', async () => {
      const report = await problemsOf(importPurchases(['customer,sku,quantity,store,time,size,colour,barcode', `hal,INT-1,1,,2026-03-01T10:00:00Z,M,,`, `hal,INT-1,1,,2026-03-01T10:00:00Z,L,,${g(1)}`].join('\n')));
      expect(report).toMatch(/line 2: INT-1 has size M in 2 colours \(Black, Red\); give the colour or the barcode/);
      expect(report).toMatch(new RegExp(`line 3: barcode ${g(1)} is size S in Black, not L`));
    });

    it('rejects a NUL character in a purchase cell with its row, instead of failing the statement', async () => {
      const report = await problemsOf(Promise.resolve().then(() => importPurchases(['customer,sku,quantity,store,time', 'ivy,INT\u00001,1,,2026-03-01T10:00:00Z'].join('\n'))));
      expect(report).toMatch(/line 2: sku contains a NUL character/);
    });
  });

  describe('values the database would refuse', () => {
    it('rejects NUL characters in catalogue cells and attributes with their row', async () => {
      const before = await counts();
      const report = await problemsOf(
        Promise.resolve().then(() =>
          importCatalog(
            'nul.csv',
            [`${HEADER},attributes`, `INT-9,Bad\u0000Name,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,1.00,EUR,S,Black,${g(20)},`, `INT-10,Ok,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,1.00,EUR,S,Black,${g(21)},"{""a"":""x\\u0000y""}"`].join('\n'),
          ),
        ),
      );
      expect(report).toMatch(/line 2: name contains a NUL character/);
      expect(report).toMatch(/line 3: attributes.* contains a NUL character/);
      expect(await counts()).toEqual(before);
    });

    it('rejects a JSON price_minor beyond the column range, and values of the wrong type', async () => {
      const base = { sku: 'INT-J', name: 'J', brand: 'Acme', category_path: 'apparel/tops', garment_type: 'TOP', gender: 'MEN', sport: 'RUNNING', variants: [{ size: 'S', colour: 'Black', barcode: g(22) }] };
      const report = await problemsOf(
        Promise.resolve().then(() =>
          importCatalog(
            'big.json',
            JSON.stringify([
              { ...base, price_minor: 3_000_000_000 },
              { ...base, sku: 'INT-K', price: '1.00', name: { en: 'x' }, tags: ['ok', 7], variants: [{ size: 'S', colour: 'Black', barcode: g(23) }] },
            ]),
          ),
        ),
      );
      expect(report).toMatch(/line 1: price_minor .*0 to 999999999/);
      expect(report).toMatch(/line 2: name must be text/);
      expect(report).toMatch(/line 2: tags must be a list of text/);
    });
  });
});
