import { defaultSizeCharts } from './default-size-charts';
import { SIZE_CHART_KEYS } from './size-chart.entity';
import { SizeChartRowInput, toChartRows } from './size-chart.type';

const asInput = (rows: ReturnType<typeof defaultSizeCharts>[number]['rows']): SizeChartRowInput[] =>
  rows.map((r) => {
    const input: Record<string, unknown> = { size: r.size };
    for (const k of SIZE_CHART_KEYS) if (r[k]) input[k] = { min: r[k]![0], max: r[k]![1] };
    return input as unknown as SizeChartRowInput;
  });

describe('toChartRows', () => {
  it('takes every house default chart as it is', () => {
    for (const chart of defaultSizeCharts()) expect(toChartRows(asInput(chart.rows))).toEqual({ rows: chart.rows });
  });

  it('refuses a chart entered in another unit, naming the field', () => {
    // A shoe chart in cm instead of mm.
    expect(toChartRows([{ size: '42', footLengthMm: { min: 26, max: 26.7 } } as unknown as SizeChartRowInput])).toEqual({
      problem: 'footLengthMm must lie within 135..437.5 (mm): is it in another unit?',
      field: 'input.rows[0].footLengthMm',
    });
    // A chest in inches.
    expect(toChartRows([{ size: 'M', chestCm: { min: 38, max: 40 } } as unknown as SizeChartRowInput])).toMatchObject({ field: 'input.rows[0].chestCm' });
  });
});
