import { parseCatalogFile, writeCatalog } from '../src/catalog/import/catalog-import';
import { parseSizeChartFile, writeSizeCharts } from '../src/catalog/import/size-chart-import';
import { SizeChartEntity } from '../src/catalog/size-chart.entity';
import { ProductEntity } from '../src/catalog/product.entity';
import { VariantEntity } from '../src/catalog/variant.entity';
import { ImportRejectedError } from '../src/common/import-report';
import { parsePurchaseFile, writePurchases } from '../src/commerce/import/purchase-import';
import { OrderEntity } from '../src/commerce/order.entity';
import { OrderLineEntity } from '../src/commerce/order-line.entity';
import { CustomerEntity } from '../src/identity/customer.entity';
import { makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const HEADER = 'sku,name,brand,category_path,garment_type,gender,sport,fit_type,price,currency,size,colour,barcode,description,tags,attributes';
const CATALOG_CSV = [
  HEADER,
  'IMP-1,Tempo Tee,Acme,apparel/tops/t-shirts,TOP,MEN,RUNNING,SLIM,29.99,EUR,S,Black,4006381333931,Light tee,breathable|summer,"{""material"":""polyester""}"',
  'IMP-1,Tempo Tee,Acme,apparel/tops/t-shirts,TOP,MEN,RUNNING,SLIM,29.99,EUR,M,Black,4006381333948,Light tee,breathable|summer,',
  'IMP-2,Peak Boot,Acme,footwear/hiking-boots,SHOES,UNISEX,OUTDOOR,REGULAR,"149,00",EUR,42,Brown,4006381333955,,,',
].join('\n');

async function importCatalog(app: TestApp, file: string, content: string) {
  return app.dataSource.transaction((em) => writeCatalog(em, file, parseCatalogFile(file, content)));
}

function rejection(fn: () => unknown): ImportRejectedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportRejectedError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('import', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
    await makeStore(app.dataSource, 'IMP-STORE');
  });
  afterAll(() => app.close());

  it('imports a catalogue CSV (one row per variant) and is idempotent', async () => {
    const first = await importCatalog(app, 'catalog.csv', CATALOG_CSV);
    expect(first).toEqual({ productsCreated: 2, productsUpdated: 0, variantsCreated: 3, variantsUpdated: 0 });
    const tee = await app.dataSource.getRepository(ProductEntity).findOneByOrFail({ sku: 'IMP-1' });
    expect(tee).toMatchObject({ priceMinor: 2999, fitType: 'SLIM', tags: ['breathable', 'summer'], attributes: { material: 'polyester' } });
    const boot = await app.dataSource.getRepository(ProductEntity).findOneByOrFail({ sku: 'IMP-2' });
    expect(boot.priceMinor).toBe(14900);
    const again = await importCatalog(app, 'catalog.csv', CATALOG_CSV);
    expect(again).toEqual({ productsCreated: 0, productsUpdated: 2, variantsCreated: 0, variantsUpdated: 3 });
    expect(await app.dataSource.getRepository(VariantEntity).count()).toBe(3);
  });

  it('imports the JSON form', async () => {
    const json = JSON.stringify([
      { sku: 'IMP-J1', name: 'Ridge Pant', brand: 'Acme', category_path: 'apparel/bottoms/pants', garment_type: 'BOTTOM', gender: 'WOMEN', sport: 'OUTDOOR', fit_type: 'REGULAR', price: '79.50', currency: 'EUR', variants: [{ size: 'M', colour: 'Olive', barcode: '4006381333962' }] },
    ]);
    expect(await importCatalog(app, 'c.json', json)).toMatchObject({ productsCreated: 1, variantsCreated: 1 });
  });

  it('rejects a malformed catalogue with every problem by line, and writes nothing', async () => {
    const before = await app.dataSource.getRepository(ProductEntity).count();
    const bad = [
      HEADER,
      'BAD-1,Good Tee,Acme,apparel/tops,TOP,MEN,RUNNING,REGULAR,19.99,EUR,M,Red,4006381333979,,,',
      'BAD-2,Bad Tee,Acme,apparel/tops,TOP,MAN,RUNNING,REGULAR,cheap,EUR,M,Red,4006381333986,,,',
      'BAD-3,Bad Size,Acme,apparel/tops,TOP,MEN,RUNNING,REGULAR,19.99,EUR,XXXL,Red,1234567890123,,,',
      'BAD-4,Dup,Acme,apparel/tops,TOP,MEN,RUNNING,REGULAR,19.99,EUR,L,Red,4006381333979,,,',
    ].join('\n');
    const error = rejection(() => parseCatalogFile('bad.csv', bad));
    const report = error.report();
    expect(report).toMatch(/line 3: gender must be one of/);
    expect(report).toMatch(/line 3: price "cheap"/);
    expect(report).toMatch(/line 4: size "XXXL"/);
    expect(report).toMatch(/line 4: barcode "1234567890123" is not a valid GTIN/);
    expect(report).toMatch(/line 5: barcode 4006381333979 already appears on line 2/);
    expect(await app.dataSource.getRepository(ProductEntity).count()).toBe(before);
    expect(rejection(() => parseCatalogFile('x.csv', 'sku,name\nA,B')).report()).toMatch(/missing column/);
    expect(rejection(() => parseCatalogFile('x.json', '{not json')).report()).toMatch(/not valid JSON/);
    expect(rejection(() => parseCatalogFile('x.csv', `${HEADER}\n"unterminated,`)).report()).toMatch(/line/);
  });

  it('rolls back the whole catalogue when one barcode belongs to another product', async () => {
    const before = await app.dataSource.getRepository(ProductEntity).count();
    const clash = [HEADER, 'NEW-1,New,Acme,apparel/tops,TOP,MEN,RUNNING,REGULAR,9.99,EUR,S,Blue,4006381333993,,,', 'NEW-2,Thief,Acme,apparel/tops,TOP,MEN,RUNNING,REGULAR,9.99,EUR,S,Blue,4006381333931,,,'].join('\n');
    await expect(importCatalog(app, 'clash.csv', clash)).rejects.toThrow(ImportRejectedError);
    expect(await app.dataSource.getRepository(ProductEntity).count()).toBe(before);
    expect(await app.dataSource.getRepository(ProductEntity).countBy({ sku: 'NEW-1' })).toBe(0);
  });

  it('imports purchases (CSV), groups lines into orders, creates unknown members, and skips re-imports', async () => {
    const csv = [
      'customer,sku,quantity,store,time,size,price,returned_quantity',
      'member-1,IMP-1,1,IMP-STORE,2026-03-01T10:00:00Z,M,25.00,0',
      'member-1,IMP-2,1,IMP-STORE,2026-03-01T10:00:00Z,,,',
      'member-2,IMP-1,2,,2026-04-01T10:00:00Z,S,,1',
    ].join('\n');
    const write = () => app.dataSource.transaction((em) => writePurchases(em, 'p.csv', parsePurchaseFile('p.csv', csv), 'csv'));
    expect(await write()).toEqual({ customersCreated: 2, ordersCreated: 2, ordersSkipped: 0, lines: 3 });
    expect(await write()).toEqual({ customersCreated: 0, ordersCreated: 0, ordersSkipped: 2, lines: 0 });
    const m1 = await app.dataSource.getRepository(CustomerEntity).findOneByOrFail({ externalId: 'member-1' });
    const orders = await app.dataSource.getRepository(OrderEntity).find({ where: { customerId: m1.id }, relations: { lines: true } });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ channel: 'IMPORT', totalMinor: 2500 + 14900 });
    expect(orders[0].lines!.find((l) => l.variantId === null)).toBeDefined();
  });

  it('imports the purchase-sequence format (user item1 item2 ...), keeping the order of items', async () => {
    const seq = '7 IMP-1 IMP-2\n8 IMP-J1\n';
    const rows = parsePurchaseFile('seq.txt', seq, { now: new Date('2026-06-01T00:00:00Z') });
    expect(rows.map((r) => [r.customer, r.sku])).toEqual([['seq-7', 'IMP-1'], ['seq-7', 'IMP-2'], ['seq-8', 'IMP-J1']]);
    expect(rows[0].time.getTime()).toBeLessThan(rows[1].time.getTime());
    const summary = await app.dataSource.transaction((em) => writePurchases(em, 'seq.txt', rows, 'seq'));
    expect(summary).toEqual({ customersCreated: 2, ordersCreated: 3, ordersSkipped: 0, lines: 3 });
  });

  it('rejects purchases with unknown SKUs, sizes or stores, or bad values, and writes nothing', async () => {
    const orders = await app.dataSource.getRepository(OrderEntity).count();
    const lines = await app.dataSource.getRepository(OrderLineEntity).count();
    const customers = await app.dataSource.getRepository(CustomerEntity).count();
    const bad = ['customer,sku,quantity,store,time,size', 'new-member,NOPE,1,IMP-STORE,2026-01-01T00:00:00Z,', 'new-member,IMP-1,1,NOWHERE,2026-01-01T00:00:00Z,XL', 'new-member,IMP-1,1,IMP-STORE,2026-01-01T00:00:00Z,S'].join('\n');
    const error = await app.dataSource.transaction((em) => writePurchases(em, 'bad.csv', parsePurchaseFile('bad.csv', bad), 'csv')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    const report = (error as ImportRejectedError).report();
    expect(report).toMatch(/line 2: unknown SKU NOPE/);
    expect(report).toMatch(/line 3: IMP-1 has no size XL/);
    expect(report).toMatch(/line 3: unknown store code NOWHERE/);
    expect(await app.dataSource.getRepository(OrderEntity).count()).toBe(orders);
    expect(await app.dataSource.getRepository(OrderLineEntity).count()).toBe(lines);
    expect(await app.dataSource.getRepository(CustomerEntity).count()).toBe(customers);
    const values = rejection(() => parsePurchaseFile('v.csv', 'customer,sku,quantity,store,time\nm,IMP-1,-2,,yesterday\nm,IMP-1,1,,2099-01-01T00:00:00Z')).report();
    expect(values).toMatch(/line 2: quantity "-2"/);
    expect(values).toMatch(/line 2: time "yesterday"/);
    expect(values).toMatch(/line 3: time .* is in the future/);
    expect(rejection(() => parsePurchaseFile('s.txt', '9 A A\n')).report()).toMatch(/line 1: an item repeats/);
  });

  it('imports size charts (JSON), replacing a brand chart by scope, and rejects a broken file whole', async () => {
    const charts = [
      { brand: 'Acme', garmentType: 'TOP', gender: 'MEN', rows: [{ size: 'S', chestCm: [86, 94] }, { size: 'M', chestCm: [94, 102] }] },
      { brand: null, garmentType: 'SHOES', gender: 'UNISEX', rows: [{ size: '42', footLengthMm: [262, 268] }] },
    ];
    const write = (c: unknown[]) => app.dataSource.transaction((em) => writeSizeCharts(em, parseSizeChartFile('charts.json', JSON.stringify(c))));
    expect(await write(charts)).toEqual({ created: 2, replaced: 0 });
    expect(await write(charts)).toEqual({ created: 0, replaced: 2 });
    const before = await app.dataSource.getRepository(SizeChartEntity).count();
    const broken = [charts[0], { brand: 'Acme', garmentType: 'BOTTOM', gender: 'MEN', rows: [{ size: 'S', waistCm: [90, 80] }] }, { brand: 'X', garmentType: 'HAT', gender: 'MEN', rows: [] }];
    const report = rejection(() => parseSizeChartFile('broken.json', JSON.stringify(broken))).report();
    expect(report).toMatch(/line 2: rows\[0\]\.waistCm/);
    expect(report).toMatch(/line 3: garmentType must be one of/);
    expect(await app.dataSource.getRepository(SizeChartEntity).count()).toBe(before);
  });
});
