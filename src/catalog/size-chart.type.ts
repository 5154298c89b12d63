import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { GarmentType, Gender, SizeSystem } from '../common/enums';
import { SIZE_CHART_KEYS, SizeChartEntity, SizeChartKey, SizeChartRow } from './size-chart.entity';

@ObjectType({ description: 'A closed interval [min, max].' })
export class Interval {
  @Field(() => Float, { description: 'Lower bound.' })
  min!: number;
  @Field(() => Float, { description: 'Upper bound.' })
  max!: number;
}

@ObjectType({ description: 'Body-dimension intervals of one size (cm; foot length in mm).' })
export class SizeChartRowType {
  @Field({ description: 'Size label.' })
  size!: string;
  @Field(() => Interval, { nullable: true, description: 'Chest girth, cm.' })
  chestCm?: Interval;
  @Field(() => Interval, { nullable: true, description: 'Waist girth, cm.' })
  waistCm?: Interval;
  @Field(() => Interval, { nullable: true, description: 'Hip girth, cm.' })
  hipCm?: Interval;
  @Field(() => Interval, { nullable: true, description: 'Height, cm.' })
  heightCm?: Interval;
  @Field(() => Interval, { nullable: true, description: 'Inseam, cm.' })
  inseamCm?: Interval;
  @Field(() => Interval, { nullable: true, description: 'Foot length, mm.' })
  footLengthMm?: Interval;
}


@ObjectType('SizeChart', { description: 'Which body measurements map to which size, per brand x garment type x gender (EN 13402-3 style).' })
export class SizeChart {
  @Field(() => ID, { description: 'Chart id.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'Brand; null for the house default used by brands without a chart.' })
  brand!: string | null;
  @Field(() => GarmentType, { description: 'Garment type.' })
  garmentType!: GarmentType;
  @Field(() => Gender, { description: 'Gender of the cut.' })
  gender!: Gender;
  @Field(() => SizeSystem, { description: 'Size system of the labels.' })
  sizeSystem!: SizeSystem;
  @Field(() => [SizeChartRowType], { description: 'Rows in size order.' })
  rows!: SizeChartRowType[];
  @Field(() => Date, { description: 'Last change.' })
  updatedAt!: Date;

  static from(e: SizeChartEntity): SizeChart {
    return Object.assign(new SizeChart(), {
      id: e.id,
      brand: e.brand,
      garmentType: e.garmentType,
      gender: e.gender,
      sizeSystem: e.sizeSystem,
      updatedAt: e.updatedAt,
      rows: e.rows.map((r) => {
        const row = Object.assign(new SizeChartRowType(), { size: r.size });
        for (const k of SIZE_CHART_KEYS) if (r[k]) row[k] = Object.assign(new Interval(), { min: r[k]![0], max: r[k]![1] });
        return row;
      }),
    });
  }
}

@InputType({ description: 'A closed interval [min, max].' })
export class IntervalInput {
  @Field(() => Float, { description: 'Lower bound.' })
  min!: number;
  @Field(() => Float, { description: 'Upper bound.' })
  max!: number;
}

@InputType({ description: 'One size row.' })
export class SizeChartRowInput {
  @Field({ description: 'Size label.' })
  @Length(1, 16)
  size!: string;
  @Field(() => IntervalInput, { nullable: true, description: 'Chest girth, cm.' })
  @IsOptional()
  chestCm?: IntervalInput | null;
  @Field(() => IntervalInput, { nullable: true, description: 'Waist girth, cm.' })
  @IsOptional()
  waistCm?: IntervalInput | null;
  @Field(() => IntervalInput, { nullable: true, description: 'Hip girth, cm.' })
  @IsOptional()
  hipCm?: IntervalInput | null;
  @Field(() => IntervalInput, { nullable: true, description: 'Height, cm.' })
  @IsOptional()
  heightCm?: IntervalInput | null;
  @Field(() => IntervalInput, { nullable: true, description: 'Inseam, cm.' })
  @IsOptional()
  inseamCm?: IntervalInput | null;
  @Field(() => IntervalInput, { nullable: true, description: 'Foot length, mm.' })
  @IsOptional()
  footLengthMm?: IntervalInput | null;
}

@InputType({ description: 'Create or replace the chart of a brand x garment type x gender.' })
export class UpsertSizeChartInput {
  @Field(() => String, { nullable: true, description: 'Brand; null edits the house default.' })
  @IsOptional()
  @Length(1, 120)
  brand?: string | null;
  @Field(() => GarmentType, { description: 'Garment type.' })
  garmentType!: GarmentType;
  @Field(() => Gender, { description: 'Gender of the cut.' })
  gender!: Gender;
  @Field(() => [SizeChartRowInput], { description: 'Rows in size order (1..20).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  rows!: SizeChartRowInput[];
}

/**
 * Where a size's bounds can lie for a body (cm; the foot in mm): the ranges size advice accepts for a
 * body, with room for the smallest and largest sizes' outer bounds. A chart outside them was entered in
 * another unit (a shoe chart in cm, a chest in inches) and would advise nonsense with confidence.
 */
const PLAUSIBLE_BOUNDS: Record<SizeChartKey, readonly [number, number]> = {
  chestCm: [45, 225],
  waistCm: [33.75, 225],
  hipCm: [45, 225],
  heightCm: [75, 287.5],
  inseamCm: [41.25, 137.5],
  footLengthMm: [135, 437.5],
};

/** Input rows to stored rows, checking each interval and that sizes grow monotonically. Returns the problem or the rows. */
export function toChartRows(rows: SizeChartRowInput[]): { rows: SizeChartRow[] } | { problem: string; field: string } {
  const out: SizeChartRow[] = [];
  const seen = new Set<string>();
  for (const [i, r] of rows.entries()) {
    const size = r.size.trim().toUpperCase();
    if (seen.has(size)) return { problem: `size ${size} appears twice`, field: `input.rows[${i}].size` };
    seen.add(size);
    const row: SizeChartRow = { size };
    let any = false;
    for (const k of SIZE_CHART_KEYS) {
      const v = r[k];
      if (!v) continue;
      if (!Number.isFinite(v.min) || !Number.isFinite(v.max) || v.min <= 0 || v.max <= v.min || v.max > 500) {
        return { problem: `${k} must be an interval with 0 < min < max <= 500`, field: `input.rows[${i}].${k}` };
      }
      const [low, high] = PLAUSIBLE_BOUNDS[k];
      if (v.min < low || v.max > high) {
        return { problem: `${k} must lie within ${low}..${high} (${k === 'footLengthMm' ? 'mm' : 'cm'}): is it in another unit?`, field: `input.rows[${i}].${k}` };
      }
      const prev = out[out.length - 1]?.[k];
      if (prev && v.min < prev[0]) return { problem: `${k} of ${size} starts below the previous size`, field: `input.rows[${i}].${k}` };
      row[k] = [v.min, v.max];
      any = true;
    }
    if (!any) return { problem: `size ${size} has no intervals`, field: `input.rows[${i}]` };
    out.push(row);
  }
  return { rows: out };
}
