import { ImportRejectedError } from '../../common/import-report';
import { parsePurchaseFile } from './purchase-import';

const NOW = new Date('2026-06-01T12:00:00Z');
const HEADER = 'customer,sku,quantity,store,time';

function report(content: string): string {
  try {
    parsePurchaseFile('p.csv', content, { now: NOW });
  } catch (error) {
    if (error instanceof ImportRejectedError) return error.report(200);
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('parsePurchaseFile', () => {
  it('rejects every lax date with its row, and accepts unambiguous ones', () => {
    const times = ['1', 'March 7', '2024-02-30', '2024-02-30T10:00:00Z', '03/07/2024', '2024-03-07T10:00:00', '1989-06-01T00:00:00Z', '2026-06-02T00:00:00Z'];
    const r = report([HEADER, ...times.map((t) => `m,SKU-1,1,,${t}`)].join('\n'));
    expect(r).toMatch(/line 2: time "1" is not an ISO 8601 date/);
    expect(r).toMatch(/line 3: time "March 7" is not an ISO 8601 date/);
    expect(r).toMatch(/line 4: time "2024-02-30": 2024-02-30 is not a day of the calendar/);
    expect(r).toMatch(/line 5: time "2024-02-30T10:00:00Z": 2024-02-30 is not a day of the calendar/);
    expect(r).toMatch(/line 6: time "03\/07\/2024" is not an ISO 8601 date/);
    expect(r).toMatch(/line 7: time "2024-03-07T10:00:00" has no UTC offset/);
    expect(r).toMatch(/line 8: time "1989-06-01T00:00:00Z" is before 1990/);
    expect(r).toMatch(/line 9: time "2026-06-02T00:00:00Z" is in the future/);
    const rows = parsePurchaseFile('ok.csv', [HEADER, 'm,SKU-1,1,,2024-03-07T10:00:00+01:00', 'm,SKU-1,1,,2024-03-07'].join('\n'), { now: NOW });
    expect(rows.map((x) => [x.time.toISOString(), x.day])).toEqual([
      ['2024-03-07T09:00:00.000Z', null],
      ['2024-03-07T00:00:00.000Z', '2024-03-07'],
    ]);
  });

  it('rejects quantities, returns and prices that are not plain numbers in range', () => {
    const r = report(
      [
        `${HEADER},price,returned_quantity`,
        'm,SKU-1,,,2024-03-07T10:00:00Z,,',
        'm,SKU-1,1e3,,2024-03-07T10:00:00Z,,',
        'm,SKU-1,1.0,,2024-03-07T10:00:00Z,,',
        'm,SKU-1,0,,2024-03-07T10:00:00Z,,',
        'm,SKU-1,1001,,2024-03-07T10:00:00Z,,',
        'm,SKU-1,2,,2024-03-07T10:00:00Z,-5,',
        'm,SKU-1,2,,2024-03-07T10:00:00Z,1e3,',
        'm,SKU-1,2,,2024-03-07T10:00:00Z,NaN,',
        'm,SKU-1,2,,2024-03-07T10:00:00Z,,-1',
        'm,SKU-1,2,,2024-03-07T10:00:00Z,,3',
        'm,SKU-1,2,,2024-03-07T10:00:00Z,,1e0',
      ].join('\n'),
    );
    for (const line of [2, 3, 4, 5, 6]) expect(r).toMatch(new RegExp(`line ${line}: quantity .* must be a whole number from 1 to 1000`));
    for (const line of [7, 8, 9]) expect(r).toMatch(new RegExp(`line ${line}: price .* is not a price like 49.99`));
    for (const line of [10, 11, 12]) expect(r).toMatch(new RegExp(`line ${line}: returned_quantity must be a whole number`));
    const [row] = parsePurchaseFile('ok.csv', [`${HEADER},price,returned_quantity`, 'm,SKU-1, 12 ,,2024-03-07T10:00:00Z, 4.50 , 2 '].join('\n'), { now: NOW });
    expect(row).toMatchObject({ quantity: 12, priceMinor: 450, returnedQuantity: 2 });
  });

  it('rejects unknown and repeated columns instead of ignoring them', () => {
    expect(report(`${HEADER},returned_qty\nm,SKU-1,1,,2024-03-07T10:00:00Z,1`)).toMatch(/line 1: unknown column\(s\): returned_qty/);
    expect(report(`${HEADER},quantity\nm,SKU-1,1,,2024-03-07T10:00:00Z,2`)).toMatch(/line 1: column quantity appears more than once/);
    expect(report(`${HEADER},colour,color\nm,SKU-1,1,,2024-03-07T10:00:00Z,Red,Blue`)).toMatch(/line 1: column colour appears more than once/);
    expect(parsePurchaseFile('ok.csv', `${HEADER},color\nm,SKU-1,1,,2024-03-07T10:00:00Z,Red`, { now: NOW })[0].colour).toBe('Red');
  });

  it('rejects NUL characters and over-long values with their row and column', () => {
    const r = report([`${HEADER},order_ref`, 'm\u0000,SKU-1,1,,2024-03-07T10:00:00Z,', `m,SKU-1,1,,2024-03-07T10:00:00Z,${'r'.repeat(201)}`, `m,${'S'.repeat(65)},1,,2024-03-07T10:00:00Z,`].join('\n'));
    expect(r).toMatch(/line 2: customer contains a NUL character/);
    expect(r).toMatch(/line 3: order_ref is longer than 200 characters/);
    expect(r).toMatch(/line 4: sku is longer than 64 characters/);
    expect(report('7 A\u0000 B\n')).toMatch(/line 1: contains a NUL character/);
  });

  it('rejects an order_ref whose rows disagree on customer, store or time', () => {
    const r = report(
      [
        `${HEADER},order_ref`,
        'alice,SKU-1,1,S1,2024-03-07T10:00:00Z,A',
        'bob,SKU-2,1,S1,2024-03-07T10:00:00Z,A',
        'alice,SKU-2,1,S2,2024-03-07T11:00:00+01:00,A',
        'alice,SKU-2,1,S1,2024-03-07,A',
        'alice,SKU-3,1,S1,2024-03-07T10:00:00Z,B',
      ].join('\n'),
    );
    expect(r).toMatch(/line 3: order_ref A: customer "bob" differs from line 2 \("alice"\)/);
    expect(r).toMatch(/line 4: order_ref A: store "S2" differs from line 2 \("S1"\)/);
    expect(r).not.toMatch(/line 4: order_ref A: time/); // the same instant, written with an offset
    expect(r).toMatch(/line 5: order_ref A: time 2024-03-07 differs from line 2 \(2024-03-07T10:00:00.000Z\)/);
    expect(r).not.toMatch(/line 6/);
  });
});
