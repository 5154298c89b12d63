import { BODY_TARGETS } from '../body-observables';
import { formatObservablesCsv, formatPredictionsCsv, parseObservablesCsv } from './observables-csv';

const HEADER =
  'subjectid,sex,stature_mm,weight_kg,biacromial_breadth_mm,chest_breadth_mm,waist_breadth_mm,hip_breadth_mm,' +
  'chest_depth_mm,waist_depth_mm,buttock_depth_mm,crotch_height_mm,shoulder_elbow_length_mm,elbow_wrist_length_mm';
const FULL = 'a1,M,1756,85.2,416,289,326,346,254,238,246,845,335,268';
const FRONT_NO_WEIGHT = 'b2,F,1628,,365,269,300,354,,,,782,311,241';

describe('parseObservablesCsv', () => {
  it('reads full rows and rows without side view or weight', () => {
    const rows = parseObservablesCsv([HEADER, FULL, FRONT_NO_WEIGHT].join('\n'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ subjectId: 'a1', line: 2, observables: { sex: 'M', weightKg: 85.2, buttockDepthMm: 246 } });
    expect(rows[1].observables).toMatchObject({ sex: 'F', weightKg: null, chestDepthMm: null, waistDepthMm: null, buttockDepthMm: null });
  });

  it('accepts the columns in any order', () => {
    const columns = HEADER.split(',');
    const values = FULL.split(',');
    const order = columns.map((_, i) => columns.length - 1 - i);
    const text = [order.map((i) => columns[i]).join(','), order.map((i) => values[i]).join(',')].join('\n');
    expect(parseObservablesCsv(text)[0].observables.statureMm).toBe(1756);
  });

  it.each([
    ['a missing column', HEADER.replace(',hip_breadth_mm', ''), FULL, /:1: header lacks column\(s\) hip_breadth_mm/],
    ['an unknown sex', HEADER, FULL.replace(',M,', ',X,'), /obs\.csv:3: sex must be M or F/],
    ['a text where a number belongs', HEADER, FULL.replace('1756', 'tall'), /obs\.csv:3: stature_mm must be a number, got "tall"/],
    ['a blank stature', HEADER, FULL.replace('1756', ''), /obs\.csv:3: stature_mm must be a number/],
    ['a partial side view', HEADER, FULL.replace(',238,', ',,'), /obs\.csv:3: .*all given \(side view\) or all blank/],
    ['a wrong field count', HEADER, FULL + ',1', /obs\.csv:3: expected 14 fields, found 15/],
    ['metres instead of millimetres', HEADER, FULL.replace('1756', '1.756'), /obs\.csv:3: statureMm must be a number in/],
  ])('names the line of %s', (_name, header, badRow, message) => {
    expect(() => parseObservablesCsv([header, FULL, badRow].join('\n'), 'obs.csv')).toThrow(message);
  });
});

describe('CSV writers', () => {
  it('write predictions with the eight targets, quoting ids when needed', () => {
    const text = formatPredictionsCsv([{ subjectId: 'x,1', valuesMm: BODY_TARGETS.map((_, k) => 100 + k) }]);
    expect(text.split('\n')[0]).toBe(['subjectid', ...BODY_TARGETS].join(','));
    expect(text.split('\n')[1]).toBe('"x,1",100.0,101.0,102.0,103.0,104.0,105.0,106.0,107.0');
  });

  it('write observables that read back the same', () => {
    const rows = parseObservablesCsv([HEADER, FULL, FRONT_NO_WEIGHT].join('\n'));
    expect(parseObservablesCsv(formatObservablesCsv(rows))).toEqual(rows);
  });
});
