import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { useXScale, useYScale } from '@mui/x-charts/hooks';
import { percent } from './common';

export interface IntervalPoint {
  label: string;
  rate: number;
  low: number;
  high: number;
}

/** Whiskers from `low` to `high` over each bar (one bar per band), drawn inside the chart. */
function Whiskers(props: { points: IntervalPoint[] }) {
  const x = useXScale<'band'>();
  const y = useYScale<'linear'>();
  const band = x.bandwidth();
  return (
    <g aria-hidden>
      {props.points.map((p) => {
        const base = x(p.label);
        if (base === undefined) return null;
        const cx = base + band / 2;
        const top = y(p.high);
        const bottom = y(p.low);
        const cap = Math.min(14, band / 4);
        return (
          <g key={p.label} stroke="#111827" strokeWidth={2}>
            <line x1={cx} x2={cx} y1={top} y2={bottom} />
            <line x1={cx - cap} x2={cx + cap} y1={top} y2={top} />
            <line x1={cx - cap} x2={cx + cap} y1={bottom} y2={bottom} />
          </g>
        );
      })}
    </g>
  );
}

/** A rate per group as bars with their 95% interval as whiskers; the interval is also in the tooltip and the text below. */
export function IntervalBarChart(props: { title: string; points: IntervalPoint[]; colours: string[]; height?: number; testId?: string }) {
  // A floor on the scale keeps an all-zero chart readable (0% to 1%) instead of repeating 0.0%.
  const max = Math.max(0.01, ...props.points.map((p) => p.high));
  return (
    <Box data-testid={props.testId} component="figure" sx={{ m: 0 }}>
      <Typography variant="subtitle2" component="figcaption">
        {props.title}
      </Typography>
      <BarChart
        height={props.height ?? 220}
        hideLegend
        xAxis={[{ scaleType: 'band', data: props.points.map((p) => p.label), colorMap: { type: 'ordinal', values: props.points.map((p) => p.label), colors: props.colours } }]}
        yAxis={[{ min: 0, max: max * 1.1, valueFormatter: (v: number) => percent(v, max < 0.05 ? 1 : 0), width: 52 }]}
        series={[
          {
            data: props.points.map((p) => p.rate),
            label: props.title,
            valueFormatter: (v, { dataIndex }) => {
              const p = props.points[dataIndex];
              return v === null || !p ? '' : `${percent(v, 2)} (95% CI ${percent(p.low, 2)}–${percent(p.high, 2)})`;
            },
          },
        ]}
        margin={{ left: 0, right: 8, top: 12, bottom: 0 }}
      >
        <Whiskers points={props.points} />
      </BarChart>
      <Typography variant="caption" color="text.secondary" component="p">
        {props.points.map((p) => `${p.label}: ${percent(p.rate, 2)} [${percent(p.low, 2)}, ${percent(p.high, 2)}]`).join(' · ')}
      </Typography>
    </Box>
  );
}
