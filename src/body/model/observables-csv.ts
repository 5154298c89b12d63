import { BODY_TARGETS, BodyObservables } from '../body-observables';
import { parseCsv } from './ansur';
import { validateObservables } from './body-model';

/** The protocol's observable columns (README, "body-scan protocol"), in order. */
export const OBSERVABLE_COLUMNS = [
  'subjectid',
  'sex',
  'stature_mm',
  'weight_kg',
  'biacromial_breadth_mm',
  'chest_breadth_mm',
  'waist_breadth_mm',
  'hip_breadth_mm',
  'chest_depth_mm',
  'waist_depth_mm',
  'buttock_depth_mm',
  'crotch_height_mm',
  'shoulder_elbow_length_mm',
  'elbow_wrist_length_mm',
] as const;

type Column = (typeof OBSERVABLE_COLUMNS)[number];

export interface ObservedRow {
  subjectId: string;
  /** 1-based line of the row in its file, for error messages downstream. */
  line: number;
  observables: BodyObservables;
}

/**
 * Reads a protocol CSV. Blank weight means no weight; the three depths are blank together when
 * there was no side view. Any other problem fails with the line number and what is wrong, because a
 * silently skipped or misread row would become a wrong size recommendation.
 */
export function parseObservablesCsv(text: string, source = 'input'): ObservedRow[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  if (rows.length === 0) throw new Error(`${source}: empty file, expected a header with ${OBSERVABLE_COLUMNS.join(',')}`);
  const header = rows[0].fields.map((name) => name.trim().toLowerCase());
  const missing = OBSERVABLE_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new Error(`${source}:${rows[0].line}: header lacks column(s) ${missing.join(', ')}`);
  const index = Object.fromEntries(OBSERVABLE_COLUMNS.map((column) => [column, header.indexOf(column)])) as Record<Column, number>;

  return rows.slice(1).map(({ line, fields }) => {
    const where = `${source}:${line}`;
    if (fields.length !== header.length) throw new Error(`${where}: expected ${header.length} fields, found ${fields.length}`);
    const field = (column: Column): string => fields[index[column]].trim();
    const number = (column: Column): number => {
      const raw = field(column);
      const value = Number(raw);
      if (raw === '' || !Number.isFinite(value)) throw new Error(`${where}: ${column} must be a number, got "${raw}"`);
      return value;
    };
    const optional = (column: Column): number | null => (field(column) === '' ? null : number(column));

    const subjectId = field('subjectid');
    if (subjectId === '') throw new Error(`${where}: subjectid is blank`);
    const sex = field('sex').toUpperCase();
    if (sex !== 'M' && sex !== 'F') throw new Error(`${where}: sex must be M or F, got "${field('sex')}"`);
    const depths = [optional('chest_depth_mm'), optional('waist_depth_mm'), optional('buttock_depth_mm')];
    const given = depths.filter((d) => d !== null).length;
    if (given !== 0 && given !== 3) {
      throw new Error(`${where}: chest_depth_mm, waist_depth_mm and buttock_depth_mm must be all given (side view) or all blank`);
    }
    const observables: BodyObservables = {
      sex,
      statureMm: number('stature_mm'),
      weightKg: optional('weight_kg'),
      biacromialBreadthMm: number('biacromial_breadth_mm'),
      chestBreadthMm: number('chest_breadth_mm'),
      waistBreadthMm: number('waist_breadth_mm'),
      hipBreadthMm: number('hip_breadth_mm'),
      chestDepthMm: depths[0],
      waistDepthMm: depths[1],
      buttockDepthMm: depths[2],
      crotchHeightMm: number('crotch_height_mm'),
      shoulderElbowLengthMm: number('shoulder_elbow_length_mm'),
      elbowWristLengthMm: number('elbow_wrist_length_mm'),
    };
    try {
      validateObservables(observables);
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
    return { subjectId, line, observables };
  });
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `subjectid` and the eight targets in mm (0.1 mm), one row per subject. */
export function formatPredictionsCsv(rows: readonly { subjectId: string; valuesMm: readonly number[] }[]): string {
  const lines = [['subjectid', ...BODY_TARGETS].join(',')];
  for (const row of rows) lines.push([csvField(row.subjectId), ...row.valuesMm.map((v) => v.toFixed(1))].join(','));
  return lines.join('\n') + '\n';
}

/** The inverse of `parseObservablesCsv`, for writing protocol scans (e.g. from ANSUR, outside the repo). */
export function formatObservablesCsv(rows: readonly { subjectId: string; observables: BodyObservables }[]): string {
  const value = (v: number | null): string => (v === null ? '' : v.toFixed(1));
  const lines = [OBSERVABLE_COLUMNS.join(',')];
  for (const { subjectId, observables: o } of rows) {
    lines.push(
      [
        csvField(subjectId),
        o.sex,
        value(o.statureMm),
        value(o.weightKg),
        value(o.biacromialBreadthMm),
        value(o.chestBreadthMm),
        value(o.waistBreadthMm),
        value(o.hipBreadthMm),
        value(o.chestDepthMm),
        value(o.waistDepthMm),
        value(o.buttockDepthMm),
        value(o.crotchHeightMm),
        value(o.shoulderElbowLengthMm),
        value(o.elbowWristLengthMm),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
