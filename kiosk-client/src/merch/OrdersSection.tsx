import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { MerchOrdersQuery, OrderChannel, OrderStatus } from '../gql/graphql';
import { request } from '../shared/api';
import { Busy, dateTime, LoadError, SectionHeader, useAction, useLoad } from './common';

const StoresQuery = graphql(`
  query MerchStores {
    stores {
      id
      code
      name
    }
  }
`);

const OrdersQuery = graphql(`
  query MerchOrders($filter: OrderFilterInput, $first: Int!, $after: String) {
    orders(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          channel
          status
          placedAt
          total {
            formatted
          }
          store {
            id
            code
            name
          }
          lines {
            id
            quantity
            returnedQuantity
            product {
              name
            }
            variant {
              sizeLabel
              colour
            }
          }
        }
      }
    }
  }
`);

type Order = MerchOrdersQuery['orders']['edges'][number]['node'];

const CHANNELS: { value: OrderChannel; label: string }[] = [
  { value: 'KIOSK_HANDOFF', label: 'Mirror hand-off' },
  { value: 'APP', label: 'App' },
  { value: 'STORE', label: 'Store till' },
  { value: 'IMPORT', label: 'Imported history' },
];
const channelLabel = (c: OrderChannel) => CHANNELS.find((x) => x.value === c)?.label ?? c;

const STATUS: Record<OrderStatus, { label: string; color: 'default' | 'primary' | 'success' | 'error' }> = {
  PLACED: { label: 'Placed', color: 'primary' },
  PAID: { label: 'Paid', color: 'primary' },
  FULFILLED: { label: 'Fulfilled', color: 'success' },
  CANCELLED: { label: 'Cancelled', color: 'error' },
};

const PAGE = 25;

/** Every order, newest first, by store and channel. Loads afresh each time the section opens. */
export function OrdersSection() {
  const stores = useLoad((t) => request(StoresQuery, {}, t), []);
  const [storeId, setStoreId] = useState('');
  const [channel, setChannel] = useState<OrderChannel | ''>('');
  const [tick, setTick] = useState(0);
  const filter = { storeId: storeId || null, channel: channel || null };
  const first = useLoad((t) => request(OrdersQuery, { filter, first: PAGE, after: null }, t), [storeId, channel, tick]);
  const [more, setMore] = useState<Order[]>([]);
  const [cursor, setCursor] = useState<{ hasNextPage: boolean; endCursor?: string | null } | null>(null);
  const next = useAction();

  useEffect(() => {
    if (!first.data) return;
    setMore([]);
    setCursor(first.data.orders.pageInfo);
  }, [first.data]);

  async function loadMore() {
    if (!cursor?.endCursor) return;
    const d = await next.run((t) => request(OrdersQuery, { filter, first: PAGE, after: cursor.endCursor }, t));
    if (!d) return;
    setMore((m) => [...m, ...d.orders.edges.map((e) => e.node)]);
    setCursor(d.orders.pageInfo);
  }

  const orders = first.data ? [...first.data.orders.edges.map((e) => e.node), ...more] : [];
  return (
    <>
      <SectionHeader
        title="Orders"
        subtitle={first.data ? `${first.data.orders.totalCount.toLocaleString()} orders${storeId || channel ? ' match' : ''}, newest first.` : 'Newest first.'}
        actions={
          <Button variant="outlined" data-testid="orders-refresh" onClick={() => setTick((t) => t + 1)} disabled={first.loading}>
            {first.loading ? 'Refreshing…' : 'Refresh'}
          </Button>
        }
      />
      <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
        <TextField select size="small" label="Store" value={storeId} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} onChange={(e) => setStoreId(e.target.value)} sx={{ minWidth: 220 }} disabled={!stores.data}>
          <MenuItem value="">Every store</MenuItem>
          {stores.data?.stores.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name} ({s.code})
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label="Channel" value={channel} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} onChange={(e) => setChannel(e.target.value as OrderChannel | '')} sx={{ minWidth: 200 }}>
          <MenuItem value="">Every channel</MenuItem>
          {CHANNELS.map((c) => (
            <MenuItem key={c.value} value={c.value}>
              {c.label}
            </MenuItem>
          ))}
        </TextField>
        {first.loading && first.data && <Busy label="Refreshing…" inline size={18} />}
      </Stack>
      {first.error && (
        <Box sx={{ mb: 2 }}>
          <LoadError error={first.error} onRetry={() => setTick((t) => t + 1)} />
        </Box>
      )}
      {!first.data && first.loading && <Busy label="Loading orders…" />}
      {first.data && (
        <Paper>
          <TableContainer>
            <Table size="small" data-testid="orders-table" aria-label="Orders" aria-busy={first.loading}>
              <TableHead>
                <TableRow>
                  <TableCell>Time</TableCell>
                  <TableCell>Store</TableCell>
                  <TableCell>Channel</TableCell>
                  <TableCell>Lines</TableCell>
                  <TableCell align="right">Total</TableCell>
                  <TableCell>Status</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {orders.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={6}>
                      <Typography color="text.secondary" sx={{ py: 2 }}>
                        No orders{storeId || channel ? ' match these filters' : ' yet'}.
                      </Typography>
                    </TableCell>
                  </TableRow>
                )}
                {orders.map((o) => (
                  <TableRow key={o.id} data-testid="order-row" data-order-id={o.id} hover>
                    <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                      <time dateTime={o.placedAt}>{dateTime(o.placedAt)}</time>
                    </TableCell>
                    <TableCell sx={{ verticalAlign: 'top' }}>{o.store ? `${o.store.name} (${o.store.code})` : '—'}</TableCell>
                    <TableCell sx={{ verticalAlign: 'top' }}>{channelLabel(o.channel)}</TableCell>
                    <TableCell sx={{ verticalAlign: 'top' }}>
                      <Box component="ul" sx={{ m: 0, pl: 2 }}>
                        {o.lines.map((l) => (
                          <li key={l.id}>
                            {l.quantity} × {l.product.name}
                            {l.variant && (
                              <Typography component="span" variant="body2" color="text.secondary">
                                {' '}
                                ({l.variant.sizeLabel}, {l.variant.colour})
                              </Typography>
                            )}
                            {l.returnedQuantity > 0 && (
                              <Typography component="span" variant="body2" color="error">
                                {' '}
                                · {l.returnedQuantity} returned
                              </Typography>
                            )}
                          </li>
                        ))}
                      </Box>
                    </TableCell>
                    <TableCell align="right" sx={{ verticalAlign: 'top', fontVariantNumeric: 'tabular-nums' }}>
                      {o.total.formatted}
                    </TableCell>
                    <TableCell sx={{ verticalAlign: 'top' }}>
                      <Chip size="small" label={STATUS[o.status].label} color={STATUS[o.status].color} variant={o.status === 'FULFILLED' ? 'filled' : 'outlined'} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          {cursor?.hasNextPage && (
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', p: 2 }}>
              <Button variant="outlined" onClick={() => void loadMore()} disabled={next.busy}>
                {next.busy ? 'Loading…' : `Show ${PAGE} more`}
              </Button>
              <Typography variant="body2" color="text.secondary">
                Showing {orders.length} of {first.data.orders.totalCount.toLocaleString()}
              </Typography>
              {next.error && <Alert severity="error">{next.error}</Alert>}
            </Stack>
          )}
        </Paper>
      )}
    </>
  );
}
