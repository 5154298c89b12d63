import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { AppOrdersQuery } from '../gql/graphql';
import { describeError } from '../shared/api';
import { linkProps } from './app-routing';
import { useSession, type MemberSession } from './session';
import { Busy, Problem, Screen, useRetryOnReconnect, formatDate, shortId } from './ui';

const OrdersQuery = graphql(`
  query AppOrders($first: Int!, $after: String) {
    viewer {
      __typename
      ... on CustomerViewer {
        customer {
          id
          orders(first: $first, after: $after) {
            totalCount
            pageInfo {
              hasNextPage
              endCursor
            }
            edges {
              node {
                id
                placedAt
                status
                channel
                total {
                  formatted
                }
                store {
                  name
                  city
                }
                lines {
                  id
                  quantity
                  returnedQuantity
                  unitPrice {
                    formatted
                  }
                  product {
                    id
                    name
                    brand
                  }
                  variant {
                    id
                    sizeLabel
                    colour
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

type Connection = Extract<AppOrdersQuery['viewer'], { __typename: 'CustomerViewer' }>['customer']['orders'];
type Order = Connection['edges'][number]['node'];

const PAGE = 10;

async function fetchPage(call: MemberSession['call'], after: string | null): Promise<Connection> {
  const d = await call(OrdersQuery, { first: PAGE, after });
  if (d.viewer.__typename !== 'CustomerViewer') throw new Error('Orders are for members only');
  return d.viewer.customer.orders;
}

const STATUS: Record<Order['status'], string> = { PLACED: 'Placed', PAID: 'Paid', FULFILLED: 'Completed', CANCELLED: 'Cancelled' };
const CHANNEL: Record<Order['channel'], string> = { APP: 'In the app', KIOSK_HANDOFF: 'From a mirror', STORE: 'In store', IMPORT: 'In store' };

/** The member's orders, newest first, a page at a time. */
export function OrdersScreen() {
  const { call } = useSession();
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [page, setPage] = useState<{ total: number; next: string | null }>({ total: 0, next: null });
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useRetryOnReconnect(error !== null && orders === null, () => setAttempt((n) => n + 1));
  useEffect(() => {
    let live = true;
    setError(null);
    fetchPage(call, null)
      .then((c) => {
        if (!live) return;
        setOrders(c.edges.map((e) => e.node));
        setPage({ total: c.totalCount, next: c.pageInfo.hasNextPage ? (c.pageInfo.endCursor ?? null) : null });
      })
      .catch((e) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
  }, [call, attempt]);

  async function more() {
    if (!page.next) return;
    setLoadingMore(true);
    setError(null);
    try {
      const c = await fetchPage(call, page.next);
      setOrders((o) => [...(o ?? []), ...c.edges.map((e) => e.node)]);
      setPage({ total: c.totalCount, next: c.pageInfo.hasNextPage ? (c.pageInfo.endCursor ?? null) : null });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <Screen title="My orders" testId="orders">
      {error && (
        <Problem
          title="We couldn’t load your orders"
          actions={
            <Button variant="contained" size="large" onClick={() => (orders ? void more() : setAttempt((n) => n + 1))}>
              Try again
            </Button>
          }
        >
          {error}
        </Problem>
      )}
      {orders === null ? (
        !error && <Busy label="Loading your orders…" />
      ) : orders.length === 0 ? (
        <Stack spacing={2} data-testid="orders-empty">
          <Typography>No orders yet. Carts you send from a fitting mirror can be ordered here.</Typography>
          <Button variant="contained" size="large" component="a" {...linkProps('/app/scan')}>
            Scan a mirror code
          </Button>
        </Stack>
      ) : (
        <>
          <Typography color="text.secondary">
            {page.total} order{page.total === 1 ? '' : 's'}
          </Typography>
          <Stack spacing={1.5} component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
            {orders.map((o) => (
              <OrderRow key={o.id} order={o} />
            ))}
          </Stack>
          {page.next && (
            <Button variant="outlined" size="large" onClick={() => void more()} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : 'Show older orders'}
            </Button>
          )}
          {loadingMore && <Busy label="Loading older orders…" />}
        </>
      )}
    </Screen>
  );
}

function OrderRow({ order }: { order: Order }) {
  const [open, setOpen] = useState(false);
  const count = order.lines.reduce((n, l) => n + l.quantity, 0);
  const detailsId = `order-${order.id}-lines`;
  return (
    <Card component="li" variant="outlined" data-testid="order-row" data-order-id={order.id}>
      <Box
        component="button"
        type="button"
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        aria-controls={detailsId}
        sx={{ all: 'unset', display: 'block', width: '100%', boxSizing: 'border-box', cursor: 'pointer', '&:focus-visible': { outline: '3px solid', outlineColor: 'primary.main', outlineOffset: -3 } }}
      >
        <CardContent>
          <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'baseline', gap: 1 }}>
            <Typography sx={{ fontWeight: 700 }}>Order {shortId(order.id)}</Typography>
            <Typography sx={{ fontWeight: 700 }}>{order.total.formatted}</Typography>
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {formatDate(order.placedAt)} · {count} item{count === 1 ? '' : 's'}
            {order.store ? ` · ${order.store.name}` : ''}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center' }}>
            <Chip size="small" label={STATUS[order.status]} color={order.status === 'CANCELLED' ? 'default' : order.status === 'FULFILLED' ? 'success' : 'primary'} variant="outlined" />
            <Chip size="small" label={CHANNEL[order.channel]} variant="outlined" />
            <Box sx={{ flexGrow: 1 }} />
            <Typography variant="body2" color="primary">
              {open ? 'Hide items' : 'Show items'}
            </Typography>
          </Stack>
        </CardContent>
      </Box>
      <Collapse in={open} id={detailsId}>
        <CardContent sx={{ pt: 0 }}>
          <Stack spacing={1} component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
            {order.lines.map((l) => (
              <Box component="li" key={l.id}>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {l.quantity} × {l.product.name}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {l.product.brand}
                  {l.variant ? ` · Size ${l.variant.sizeLabel} · ${l.variant.colour}` : ''} · {l.unitPrice.formatted} each
                  {l.returnedQuantity > 0 ? ` · ${l.returnedQuantity} returned` : ''}
                </Typography>
              </Box>
            ))}
          </Stack>
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1, wordBreak: 'break-all' }}>
            Order id {order.id}
          </Typography>
        </CardContent>
      </Collapse>
    </Card>
  );
}
