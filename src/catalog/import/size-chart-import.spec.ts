import { ImportRejectedError } from '../../common/import-report';
import { parseSizeChartFile } from './size-chart-import';

function report(charts: unknown): string {
  try {
    parseSizeChartFile('charts.json', JSON.stringify(charts));
  } catch (error) {
    if (error instanceof ImportRejectedError) return error.report();
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('parseSizeChartFile', () => {
  it('rejects what the database would refuse and values that are not plain numbers, with the chart', () => {
    const r = report([
      { brand: 'Ac\u0000me', garmentType: 'TOP', gender: 'MEN', rows: [{ size: 'S', chestCm: [86, 94] }] },
      { brand: 'Acme', garmentType: 'TOP', gender: 'WOMEN', rows: [{ size: 'S\u0000', chestCm: [86, 94] }] },
      { brand: 'Acme', garmentType: 'BOTTOM', gender: 'MEN', rows: [{ size: '', waistCm: [70, 80] }] },
      { brand: 'Acme', garmentType: 'BOTTOM', gender: 'WOMEN', rows: [{ size: 'M', waistCm: ['0x40', '80'] }] },
      { brand: 'Acme', garmentType: 'SHOES', gender: 'MEN', rows: [{ size: 'X'.repeat(17), footLengthMm: [260, 266] }] },
    ]);
    expect(r).toMatch(/line 1: brand contains a NUL character/);
    expect(r).toMatch(/line 2: rows\[0\]\.size contains a NUL character/);
    expect(r).toMatch(/line 3: rows\[0\]\.size must be 1\.\.16 characters/);
    expect(r).toMatch(/line 4: rows\[0\]\.waistCm must be \[min, max\] in numbers/);
    expect(r).toMatch(/line 5: rows\[0\]\.size must be 1\.\.16 characters/);
  });

  it('still reads a well-formed chart', () => {
    expect(parseSizeChartFile('c.json', JSON.stringify([{ brand: 'Acme', garmentType: 'TOP', gender: 'MEN', rows: [{ size: 's', chestCm: [86, 94] }] }]))).toEqual([
      { brand: 'Acme', garmentType: 'TOP', gender: 'MEN', rows: [{ size: 'S', chestCm: [86, 94] }] },
    ]);
  });
});
