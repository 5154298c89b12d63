import { GarmentType, Gender, SizeSystem } from '../common/enums';
import { SizeChartRow } from './size-chart.entity';

export const ALPHA_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const;
export const EU_SHOE_SIZES = [36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47] as const;

type Interval = [number, number];
const zipAlpha = (cols: Partial<Record<keyof Omit<SizeChartRow, 'size'>, Interval[]>>): SizeChartRow[] =>
  ALPHA_SIZES.map((size, i) => {
    const row: SizeChartRow = { size };
    for (const [key, intervals] of Object.entries(cols) as [keyof Omit<SizeChartRow, 'size'>, Interval[]][]) row[key] = intervals[i];
    return row;
  });

/** Body-dimension intervals (cm) in the manner of EN 13402-3, the house defaults for brands without a chart. */
const MEN = {
  chestCm: [[82, 88], [88, 96], [96, 104], [104, 112], [112, 124], [124, 136]] as Interval[],
  waistCm: [[66, 72], [72, 80], [80, 88], [88, 96], [96, 108], [108, 120]] as Interval[],
  hipCm: [[84, 90], [90, 98], [98, 106], [106, 114], [114, 122], [122, 130]] as Interval[],
  heightCm: [[164, 170], [168, 176], [174, 182], [180, 188], [184, 192], [188, 196]] as Interval[],
  inseamCm: [[74, 78], [77, 81], [80, 84], [82, 86], [84, 88], [85, 89]] as Interval[],
};
const WOMEN = {
  chestCm: [[76, 82], [82, 88], [88, 96], [96, 104], [104, 112], [112, 124]] as Interval[],
  waistCm: [[60, 66], [66, 72], [72, 80], [80, 88], [88, 96], [96, 108]] as Interval[],
  hipCm: [[84, 90], [90, 96], [96, 104], [104, 112], [112, 120], [120, 128]] as Interval[],
  heightCm: [[152, 160], [156, 164], [160, 168], [164, 172], [168, 176], [172, 180]] as Interval[],
  inseamCm: [[70, 74], [72, 76], [74, 78], [76, 80], [77, 81], [78, 82]] as Interval[],
};

/**
 * EU (Paris point) shoe size from foot length: the last is ~15 mm longer than the foot and one Paris
 * point is 2/3 cm, so EU = 1.5 x (foot + 15 mm) / 10. Each size covers the foot lengths that round to it.
 */
export function footLengthRangeForEu(eu: number): Interval {
  const lo = ((eu - 0.5) / 0.15 - 15) | 0;
  const hi = ((eu + 0.5) / 0.15 - 15) | 0;
  return [lo, hi];
}

export interface DefaultSizeChart {
  garmentType: GarmentType;
  gender: Gender;
  sizeSystem: SizeSystem;
  rows: SizeChartRow[];
}

/** The house default charts: every garment type for men, women and unisex (unisex follows men's). */
export function defaultSizeCharts(): DefaultSizeChart[] {
  const charts: DefaultSizeChart[] = [];
  for (const gender of [Gender.MEN, Gender.WOMEN, Gender.UNISEX]) {
    const t = gender === Gender.WOMEN ? WOMEN : MEN;
    charts.push({ garmentType: GarmentType.TOP, gender, sizeSystem: SizeSystem.ALPHA, rows: zipAlpha({ chestCm: t.chestCm, waistCm: t.waistCm, heightCm: t.heightCm }) });
    charts.push({ garmentType: GarmentType.OUTERWEAR, gender, sizeSystem: SizeSystem.ALPHA, rows: zipAlpha({ chestCm: t.chestCm, waistCm: t.waistCm, heightCm: t.heightCm }) });
    charts.push({ garmentType: GarmentType.BOTTOM, gender, sizeSystem: SizeSystem.ALPHA, rows: zipAlpha({ waistCm: t.waistCm, hipCm: t.hipCm, inseamCm: t.inseamCm }) });
    charts.push({
      garmentType: GarmentType.SHOES,
      gender,
      sizeSystem: SizeSystem.EU_SHOE,
      rows: EU_SHOE_SIZES.map((eu) => ({ size: String(eu), footLengthMm: footLengthRangeForEu(eu) })),
    });
  }
  return charts;
}
