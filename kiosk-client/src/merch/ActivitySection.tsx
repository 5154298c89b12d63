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
          {[7, 14, 30, 90].map((n) => (
            <ToggleButton key={n} value={n} sx={{ px: 2 }}>
              Last {n} days
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
        {(d) => <ActivityCharts rows={d.kioskActivity} />}
      </LoadedView>
    </>
  );
}

function ActivityCharts(props: { rows: Row[] }) {
  const { rows } = props;
  const dayList = [...new Set(rows.map((r) => r.day as string))].sort();
  const storeList = [...new Map(rows.map((r) => [r.storeId, { id: r.storeId, code: r.storeCode, name: r.storeName }])).values()].sort((a, b) => a.code.localeCompare(b.code));
  const cell = (storeId: string, day: string) => rows.find((r) => r.storeId === storeId && r.day === day);
  const perDay = (key: (typeof FUNNEL)[number]['key']) => dayList.map((day) => rows.filter((r) => r.day === day).reduce((s, r) => s + r[key], 0));
  const demoDays = rows.filter((r) => r.demo).length;
  const currencies = [...new Set(rows.map((r) => r.revenue.currency))];
  const xDays = [{ scaleType: 'band' as const, data: dayList.map(shortDay), tickLabelStyle: { fontSize: 11 } }];

  if (rows.length === 0) return <Typography color="text.secondary">No store has mirrors yet.</Typography>;

  return (
    <Box data-testid="activity-charts">
      {demoDays > 0 && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {demoDays === rows.length ? 'All' : `${demoDays} of ${rows.length}`} store-days shown were generated by the demo seed, not measured at real mirrors.
        </Alert>
      )}
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 3 }}>
        <ChartCard title="Sessions per day, by store" note="Kiosk sessions started.">
          <BarChart
            height={280}
            xAxis={xDays}
            series={storeList.map((s, i) => ({ data: dayList.map((day) => cell(s.id, day)?.sessionsStarted ?? 0), label: s.code, stack: 'sessions', color: STORE_COLOURS[i % STORE_COLOURS.length] }))}
          />
        </ChartCard>
        <ChartCard title="Conversion per day, by store" note="Sessions that led to an order, per session started (a day can still grow as shoppers order later). Gaps: no sessions that day.">
          <LineChart
            height={280}
            xAxis={[{ scaleType: 'point', data: dayList.map(shortDay), tickLabelStyle: { fontSize: 11 } }]}
            yAxis={[{ min: 0, valueFormatter: (v: number) => percent(v, 0) }]}
            series={storeList.map((s, i) => ({
              data: dayList.map((day) => cell(s.id, day)?.conversionRate ?? null),
              label: s.code,
              color: STORE_COLOURS[i % STORE_COLOURS.length],
              valueFormatter: (v: number | null) => (v === null ? 'no sessions' : percent(v)),
              curve: 'linear' as const,
              showMark: dayList.length <= 31,
            }))}
          />
        </ChartCard>
        <ChartCard title="The mirror funnel per day" note={storeList.length > 1 ? 'All stores shown added up.' : `${storeList[0].name}.`}>
          <LineChart
            height={280}
            xAxis={[{ scaleType: 'point', data: dayList.map(shortDay), tickLabelStyle: { fontSize: 11 } }]}
            series={FUNNEL.map((f) => ({ data: perDay(f.key), label: f.label, color: f.color, curve: 'linear' as const, showMark: dayList.length <= 14 }))}
          />
        </ChartCard>
        <ChartCard title="Revenue from mirror carts per day, by store" note={currencies.length > 1 ? 'Stores sell in different currencies: each bar is in its store’s currency.' : `In ${currencies[0]}.`}>
          <BarChart
            height={280}
            xAxis={xDays}
            yAxis={[{ width: 60 }]}
            series={storeList.map((s, i) => ({
              data: dayList.map((day) => (cell(s.id, day)?.revenue.amountMinor ?? 0) / 100),
              label: s.code,
              stack: currencies.length > 1 ? undefined : 'revenue',
              color: STORE_COLOURS[i % STORE_COLOURS.length],
              valueFormatter: (v: number | null) => (v === null ? '' : money(v * 100, rows.find((r) => r.storeId === s.id)!.revenue.currency)),
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
