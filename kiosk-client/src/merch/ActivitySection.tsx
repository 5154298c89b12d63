import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { useState } from 'react';
import { graphql } from '../gql';
import type { MerchKioskActivityQuery } from '../gql/graphql';
import { request } from '../shared/api';
import { LoadedView, percent, SectionHeader, useLoad } from './common';

const ActivityQuery = graphql(`
  query MerchKioskActivity($from: LocalDate!, $to: LocalDate!, $storeId: ID) {
    kioskActivity(from: $from, to: $to, storeId: $storeId) {
      day
      storeId
      storeCode
      storeName
      sessionsStarted
      bodyScans
      tryOnRenders
      handoffsCreated
      handoffsClaimed
      orders
      revenue {
        amountMinor
        currency
      }
      convertedSessions
      conversionRate
      demo
    }
    stores {
      id
      code
      name
    }
  }
`);

type Row = MerchKioskActivityQuery['kioskActivity'][number];

/** Store colours (>= 4.5:1 on white), in store-code order. */
const STORE_COLOURS = ['#0a4da2', '#b4232a', '#1b6e3a', '#8a4b00', '#5b21b6', '#374151'];
const FUNNEL = [
  { key: 'sessionsStarted', label: 'Sessions', color: '#374151' },
  { key: 'bodyScans', label: 'Body scans', color: '#0a4da2' },
  { key: 'tryOnRenders', label: 'Try-ons', color: '#5b21b6' },
  { key: 'handoffsCreated', label: 'Hand-offs offered', color: '#8a4b00' },
  { key: 'handoffsClaimed', label: 'Hand-offs claimed', color: '#b4232a' },
  { key: 'orders', label: 'Orders', color: '#1b6e3a' },
] as const;

const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const shortDay = (day: string) => new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

function money(amountMinor: number, currency: string) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amountMinor / 100);
  } catch {
    return `${(amountMinor / 100).toFixed(0)} ${currency}`;
  }
}

/** Scans, try-ons, hand-offs, orders and conversion per store and day. */
export function ActivitySection() {
  const [days, setDays] = useState(14);
  const [storeId, setStoreId] = useState('');
  const to = new Date();
  const from = new Date(to);
  from.setDate(from.getDate() - (days - 1));
  const loaded = useLoad((t) => request(ActivityQuery, { from: isoDay(from), to: isoDay(to), storeId: storeId || null }, t), [days, storeId]);

  return (
    <>
      <SectionHeader
        title="Mirror activity"
        subtitle="What happens at the mirrors, per store and day (in each store’s time zone)."
        actions={
          <Button variant="outlined" onClick={loaded.reload} disabled={loaded.loading}>
            {loaded.loading ? 'Refreshing…' : 'Refresh'}
          </Button>
        }
      />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <ToggleButtonGroup exclusive size="small" value={days} onChange={(_, v: number | null) => v && setDays(v)} aria-label="Period">
          {[7, 14, 30, 90, 365].map((n) => (
            <ToggleButton key={n} value={n} sx={{ px: 2 }}>
              {n === 365 ? 'Last year (weekly)' : `Last ${n} days`}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <TextField select size="small" label="Store" value={storeId} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} onChange={(e) => setStoreId(e.target.value)} sx={{ minWidth: 220 }}>
          <MenuItem value="">Every store</MenuItem>
          {loaded.data?.stores.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name} ({s.code})
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <LoadedView loaded={loaded} label="Counting mirror activity…">
        {(d) => <ActivityCharts rows={d.kioskActivity} days={days} onLonger={days < 365 ? () => setDays(365) : undefined} />}
      </LoadedView>
    </>
  );
}

type Counts = Record<(typeof FUNNEL)[number]['key'] | 'convertedSessions' | 'revenueMinor', number>;

/** Monday of the week a day falls in (for periods too long to show day by day). */
function weekOf(day: string): string {
  const d = new Date(`${day}T12:00:00`);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return isoDay(d);
}

function ActivityCharts(props: { rows: Row[]; days: number; onLonger?: () => void }) {
  const { rows } = props;
  const weekly = props.days > 90;
  const bucketOf = (r: Row) => (weekly ? weekOf(r.day as string) : (r.day as string));
  const buckets = [...new Set(rows.map(bucketOf))].sort();
  const storeList = [...new Map(rows.map((r) => [r.storeId, { id: r.storeId, code: r.storeCode, name: r.storeName, currency: r.revenue.currency }])).values()].sort((a, b) => a.code.localeCompare(b.code));
  // Sums per store and bucket.
  const sums = new Map<string, Counts>();
  for (const r of rows) {
    const k = `${r.storeId}|${bucketOf(r)}`;
    const c = sums.get(k) ?? { sessionsStarted: 0, bodyScans: 0, tryOnRenders: 0, handoffsCreated: 0, handoffsClaimed: 0, orders: 0, convertedSessions: 0, revenueMinor: 0 };
    for (const f of FUNNEL) c[f.key] += r[f.key];
    c.convertedSessions += r.convertedSessions;
    c.revenueMinor += r.revenue.amountMinor;
    sums.set(k, c);
  }
  const cell = (storeId: string, b: string) => sums.get(`${storeId}|${b}`);
  const total = (key: keyof Counts) => buckets.map((b) => storeList.reduce((t, s) => t + (cell(s.id, b)?.[key] ?? 0), 0));
  const demoDays = rows.filter((r) => r.demo).length;
  const currencies = [...new Set(storeList.map((s) => s.currency))];
  const labels = buckets.map((b) => (weekly ? `wk ${shortDay(b)}` : shortDay(b)));
  const per = weekly ? 'week' : 'day';
  const xBand = [{ scaleType: 'band' as const, data: labels, tickLabelStyle: { fontSize: 11 } }];
  const xPoint = [{ scaleType: 'point' as const, data: labels, tickLabelStyle: { fontSize: 11 } }];
  const quiet = rows.every((r) => r.sessionsStarted === 0 && r.orders === 0 && r.bodyScans === 0 && r.tryOnRenders === 0);
  // An empty period still gets a readable scale (0 to 1) rather than repeated zeros.
  const countAxis = quiet ? [{ min: 0, max: 1, width: 48 }] : [{ width: 48 }];

  if (rows.length === 0) return <Typography color="text.secondary">No store has mirrors yet.</Typography>;

  return (
    <Box data-testid="activity-charts">
      {quiet && (
        <Alert
          severity="info"
          sx={{ mb: 2 }}
          action={
            props.onLonger && (
              <Button color="inherit" onClick={props.onLonger}>
                Show the last year
              </Button>
            )
          }
        >
          No mirror activity in this period.
        </Alert>
      )}
      {demoDays > 0 && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {demoDays === rows.length ? 'All' : `${demoDays} of ${rows.length}`} store-days in this period were generated by the demo seed, not measured at real mirrors.
        </Alert>
      )}
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 3 }}>
        <ChartCard title={`Sessions per ${per}, by store`} note="Kiosk sessions started.">
          <BarChart
            height={280}
            xAxis={xBand}
            yAxis={countAxis}
            series={storeList.map((s, i) => ({ data: buckets.map((b) => cell(s.id, b)?.sessionsStarted ?? 0), label: s.code, stack: 'sessions', color: STORE_COLOURS[i % STORE_COLOURS.length] }))}
          />
        </ChartCard>
        <ChartCard title={`Conversion per ${per}, by store`} note={`Sessions that led to an order, per session started (recent ${per}s can still grow as shoppers order later). Gaps: no sessions.`}>
          <LineChart
            height={280}
            xAxis={xPoint}
            yAxis={[{ min: 0, max: quiet ? 1 : undefined, valueFormatter: (v: number) => percent(v, 0), width: 48 }]}
            series={storeList.map((s, i) => ({
              data: buckets.map((b) => {
                const c = cell(s.id, b);
                return c && c.sessionsStarted > 0 ? c.convertedSessions / c.sessionsStarted : null;
              }),
              label: s.code,
              color: STORE_COLOURS[i % STORE_COLOURS.length],
              valueFormatter: (v: number | null) => (v === null ? 'no sessions' : percent(v)),
              curve: 'linear' as const,
              showMark: buckets.length <= 31,
            }))}
          />
        </ChartCard>
        <ChartCard title={`The mirror funnel per ${per}`} note={storeList.length > 1 ? 'All stores shown added up.' : `${storeList[0].name}.`}>
          <LineChart
            height={280}
            xAxis={xPoint}
            yAxis={countAxis}
            series={FUNNEL.map((f) => ({ data: total(f.key), label: f.label, color: f.color, curve: 'linear' as const, showMark: buckets.length <= 14 }))}
          />
        </ChartCard>
        <ChartCard title={`Revenue from mirror carts per ${per}, by store`} note={currencies.length > 1 ? 'Stores sell in different currencies: each bar is in its store’s currency.' : `In ${currencies[0]}.`}>
          <BarChart
            height={280}
            xAxis={xBand}
            yAxis={[{ width: 60, ...(quiet ? { min: 0, max: 1 } : {}) }]}
            series={storeList.map((s, i) => ({
              data: buckets.map((b) => (cell(s.id, b)?.revenueMinor ?? 0) / 100),
              label: s.code,
              stack: currencies.length > 1 ? undefined : 'revenue',
              color: STORE_COLOURS[i % STORE_COLOURS.length],
              valueFormatter: (v: number | null) => (v === null ? '' : money(v * 100, s.currency)),
            }))}
          />
        </ChartCard>
      </Box>
      <Paper sx={{ p: 2.5, mt: 3 }} component="section" aria-labelledby="activity-totals">
        <Typography variant="h6" component="h3" id="activity-totals" sx={{ mb: 1 }}>
          Totals for the period
        </Typography>
        <Table size="small" aria-labelledby="activity-totals">
          <TableHead>
            <TableRow>
              <TableCell>Store</TableCell>
              {FUNNEL.map((f) => (
                <TableCell key={f.key} align="right">
                  {f.label}
                </TableCell>
              ))}
              <TableCell align="right">Revenue</TableCell>
              <TableCell align="right">Conversion</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {storeList.map((s) => {
              const mine = rows.filter((r) => r.storeId === s.id);
              const sum = (k: (typeof FUNNEL)[number]['key']) => mine.reduce((t, r) => t + r[k], 0);
              const sessions = sum('sessionsStarted');
              const converted = mine.reduce((t, r) => t + r.convertedSessions, 0);
              return (
                <TableRow key={s.id} data-testid="activity-store-row">
                  <TableCell>
                    {s.name} ({s.code})
                  </TableCell>
                  {FUNNEL.map((f) => (
                    <TableCell key={f.key} align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                      {sum(f.key).toLocaleString()}
                    </TableCell>
                  ))}
                  <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                    {money(
                      mine.reduce((t, r) => t + r.revenue.amountMinor, 0),
                      mine[0]?.revenue.currency ?? 'EUR',
                    )}
                  </TableCell>
                  <TableCell align="right">{sessions ? percent(converted / sessions) : '—'}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Paper>
    </Box>
  );
}

function ChartCard(props: { title: string; note?: string; children: React.ReactNode }) {
  return (
    <Paper sx={{ p: 2 }} component="figure" style={{ margin: 0 }}>
      <Typography variant="subtitle1" component="figcaption" sx={{ fontWeight: 600 }}>
        {props.title}
      </Typography>
      {props.note && (
        <Typography variant="body2" color="text.secondary">
          {props.note}
        </Typography>
      )}
      {props.children}
    </Paper>
  );
}
