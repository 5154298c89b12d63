import { ImportRejectedError } from '../../common/import-report';
import { inStoreGtin13 } from '../gtin';
import { parseCatalogFile } from './catalog-import';

const HEADER = 'sku,name,brand,category_path,garment_type,gender,sport,fit_type,price,currency,size,colour,barcode';
const row = (sku: string, n: number, extra = '') => `${sku},Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,29.99,EUR,${['S', 'M', 'L'][n % 3]},Black,${inStoreGtin13(500 + n)}${extra}`;

function report(file: string, content: string): string {
  try {
    parseCatalogFile(file, content);
  } catch (error) {
    if (error instanceof ImportRejectedError) return error.report(200);
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('parseCatalogFile', () => {
  it('gives optional product fields only when the file has their column', () => {
    const [bare] = parseCatalogFile('c.csv', [HEADER, row('A', 0)].join('\n'));
    expect(bare).not.toHaveProperty('description');
    expect(bare).not.toHaveProperty('tags');
    expect(bare).not.toHaveProperty('attributes');
    const [full] = parseCatalogFile('c.csv', [`${HEADER},description,tags,attributes`, row('A', 0, ',,,')].join('\n'));
    expect(full).toMatchObject({ description: '', tags: [], attributes: {} });
    const [json] = parseCatalogFile('c.json', JSON.stringify([{ sku: 'A', name: 'Tee', brand: 'Acme', category_path: 'apparel/tops', garment_type: 'TOP', gender: 'MEN', sport: 'RUNNING', price: '1.00', description: null, variants: [{ size: 'S', colour: 'Black', barcode: inStoreGtin13(1) }] }]));
    for (const key of ['fitType', 'currency', 'description', 'tags', 'attributes']) expect(json).not.toHaveProperty(key);
  });

  it('rejects unknown, repeated and unnamed columns instead of ignoring them', () => {
    expect(report('c.csv', [`${HEADER},descripton`, row('A', 0, ',Nice')].join('\n'))).toMatch(/line 1: unknown column\(s\): descripton/);
    expect(report('c.csv', [`${HEADER},price`, row('A', 0, ',1.00')].join('\n'))).toMatch(/line 1: column price appears more than once/);
    expect(report('c.csv', [`${HEADER},`, row('A', 0, ',oops')].join('\n'))).toMatch(/line 2: a value in column 14, which has no name/);
    expect(parseCatalogFile('c.csv', [`${HEADER},`, row('A', 0, ',')].join('\n'))).toHaveLength(1);
  });

  it('rejects values the database would refuse, with their row', () => {
    const r = report(
      'c.csv',
      [
        `${HEADER},description,tags`,
        row('A', 0, `,${'d'.repeat(10_001)},`),
        row('B', 1, `,,${'t'.repeat(101)}`),
        `D,Tee,Acme,apparel/tops,TOP,MEN,RUNNING,SLIM,29.99,EUR,S,${'c'.repeat(61)},${inStoreGtin13(600)},,`,
      ].join('\n'),
    );
    expect(r).toMatch(/line 2: description is longer than 10000 characters/);
    expect(r).toMatch(/line 3: a tag is longer than 100 characters/);
    expect(r).toMatch(/line 4: colour is required \(at most 60 characters\)/);
    const product = { sku: 'A', name: 'Tee', brand: 'Acme', category_path: 'apparel/tops', garment_type: 'TOP', gender: 'MEN', sport: 'RUNNING', price: '1.00', variants: [{ size: 'S', colour: 'Black', barcode: inStoreGtin13(1) }] };
    const j = report('c.json', JSON.stringify([{ ...product, tags: ['a\ud800'] }, { ...product, sku: 'B', description: 'x\u0000' }]));
    expect(j).toMatch(/line 1: tags\[0\] contains a broken character/);
    expect(j).toMatch(/line 2: description contains a NUL character/);
  });

  it('rejects JSON fields it would not read', () => {
    const r = report('c.json', JSON.stringify([{ sku: 'A', name: 'Tee', brand: 'Acme', category_path: 'apparel/tops', garment_type: 'TOP', gender: 'MEN', sport: 'RUNNING', price: '1.00', descripton: 'typo', variants: [{ size: 'S', colour: 'Black', barcode: inStoreGtin13(1), stock: 4 }] }]));
    expect(r).toMatch(/line 1: unknown field\(s\): descripton/);
    expect(r).toMatch(/line 1: variants\[0\]: unknown field\(s\): stock/);
  });

  it('names the variant of a JSON product that is wrong', () => {
    const r = report('c.json', JSON.stringify([{ sku: 'A', name: 'Tee', brand: 'Acme', category_path: 'apparel/tops', garment_type: 'TOP', gender: 'MEN', sport: 'RUNNING', price: '1.00', variants: [{ size: 'S', colour: 'Black', barcode: inStoreGtin13(1) }, { size: 'XXXL', colour: 'Black', barcode: inStoreGtin13(2) }, 'M'] }]));
    expect(r).toMatch(/line 1: variants\[1\]: size "XXXL"/);
    expect(r).toMatch(/line 1: variants\[2\] is not an object/);
  });
});
