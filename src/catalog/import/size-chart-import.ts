import { EntityManager, IsNull } from 'typeorm';
import { GarmentType, Gender, SizeSystem } from '../../common/enums';
import { ImportProblem, ImportRejectedError } from '../../common/import-report';
import { SIZE_CHART_KEYS, SizeChartEntity, SizeChartRow } from '../size-chart.entity';
import { toChartRows } from '../size-chart.type';
import { charLength, findBadString } from './import-cells';

export interface ImportedSizeChart {
  brand: string | null;
  garmentType: GarmentType;
  gender: Gender;
  rows: SizeChartRow[];
}


/**
 * Parses a size-chart file: a JSON array of `{ brand (null for the house default), garmentType,
 * gender, rows: [{ size, chestCm: [min, max], waistCm, hipCm, heightCm, inseamCm, footLengthMm }] }`.
 * "line" in problems is the chart's 1-based position in the array.
 */
export function parseSizeChartFile(file: string, content: string): ImportedSizeChart[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw new ImportRejectedError(file, [{ line: 1, reason: `not valid JSON (${error instanceof Error ? error.message : 'parse error'})` }]);
  }
  if (!Array.isArray(data)) throw new ImportRejectedError(file, [{ line: 1, reason: 'the JSON must be an array of size charts' }]);
  const problems: ImportProblem[] = [];
  const charts: ImportedSizeChart[] = [];
  const scopes = new Set<string>();
  data.forEach((raw: unknown, i: number) => {
    const line = i + 1;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return problems.push({ line, reason: `chart #${line} is not an object` });
    const c = raw as Record<string, unknown>;
    for (const [key, value] of Object.entries(c)) {
      const bad = findBadString(key, 'a key') ?? findBadString(value, key);
      if (bad) return problems.push({ line, reason: `${bad.path} contains ${bad.what}` });
    }
    if (c.brand !== null && c.brand !== undefined && typeof c.brand !== 'string') return problems.push({ line, reason: 'brand must be text, or null for the house default' });
    const brand = typeof c.brand === 'string' ? c.brand.trim() : null;
    const garmentType = String(c.garmentType ?? '').toUpperCase() as GarmentType;
    const gender = String(c.gender ?? '').toUpperCase() as Gender;
    if (brand !== null && (brand.length === 0 || charLength(brand) > 120)) problems.push({ line, reason: 'brand must be 1..120 characters, or null for the house default' });
    if (!Object.values(GarmentType).includes(garmentType)) return problems.push({ line, reason: `garmentType must be one of ${Object.values(GarmentType).join(', ')}` });
    if (!Object.values(Gender).includes(gender)) return problems.push({ line, reason: `gender must be one of ${Object.values(Gender).join(', ')}` });
    const scope = `${brand ?? ''}|${garmentType}|${gender}`;
    if (scopes.has(scope)) return problems.push({ line, reason: 'this brand, garment type and gender already has a chart in the file' });
    scopes.add(scope);
    if (!Array.isArray(c.rows) || c.rows.length === 0 || c.rows.length > 20) return problems.push({ line, reason: 'rows must be an array of 1..20 sizes' });
    const before = problems.length;
    const asInput = (c.rows as unknown[]).map((rawRow, i) => {
      const r = (typeof rawRow === 'object' && rawRow !== null ? rawRow : {}) as Record<string, unknown>;
      const size = typeof r.size === 'string' || typeof r.size === 'number' ? String(r.size).trim() : '';
      if (size.length === 0 || charLength(size) > 16) problems.push({ line, reason: `rows[${i}].size must be 1..16 characters` });
      const row: Record<string, unknown> = { size };
      for (const k of SIZE_CHART_KEYS) {
        const v = r[k];
        if (v === undefined || v === null) continue;
        // Numbers only: Number() would read "" as 0 and "0x40" as 64.
        if (!Array.isArray(v) || v.length !== 2 || v.some((x) => typeof x !== 'number')) problems.push({ line, reason: `rows[${i}].${k} must be [min, max] in numbers` });
        else row[k] = { min: v[0], max: v[1] };
      }
      return row;
    });
    if (problems.length > before) return;
    const checked = toChartRows(asInput as never);
    if ('problem' in checked) return problems.push({ line, reason: `${checked.field.replace(/^input\./, '')}: ${checked.problem}` });
    charts.push({ brand, garmentType, gender, rows: checked.rows });
  });
  if (problems.length) throw new ImportRejectedError(file, problems);
  return charts;
}

/** Creates or replaces each chart (by brand x garment type x gender) in the caller's transaction. */
export async function writeSizeCharts(em: EntityManager, charts: ImportedSizeChart[]): Promise<{ created: number; replaced: number }> {
  const repo = em.getRepository(SizeChartEntity);
  let created = 0;
  let replaced = 0;
  for (const c of charts) {
    const existing = await repo.findOne({ where: { brand: c.brand ?? IsNull(), garmentType: c.garmentType, gender: c.gender } });
    const sizeSystem = c.garmentType === GarmentType.SHOES ? SizeSystem.EU_SHOE : SizeSystem.ALPHA;
    await repo.save({ ...(existing ?? {}), brand: c.brand, garmentType: c.garmentType, gender: c.gender, sizeSystem, rows: c.rows, updatedBy: null });
    if (existing) replaced++;
    else created++;
  }
  return { created, replaced };
}
