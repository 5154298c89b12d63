import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { graphql } from '../gql';
import type { AppCartFragment, AppCheckoutMutation, Fulfillment } from '../gql/graphql';
import { ApiError, describeError } from '../shared/api';
import { linkProps, navigate } from './app-routing';
import { takeCartNotice } from './cart-notice';
import { newIdempotencyKey, useSession } from './session';
import { Busy, Problem, Screen, useRetryOnReconnect, shortId } from './ui';

graphql(`
  fragment AppCart on Cart {
    id
    status
    storeId
    itemCount
    total {
      formatted
    }
    lines {
      id
      quantity
      inStock
      availableInStore
      lineTotal {
        formatted
      }
      unitPrice {
        formatted
      }
      product {
        id
        name
        brand
        imageUrl(width: 160)
      }
      variant {
        id
        sizeLabel
        colour
      }
    }
  }
`);

const CartQuery = graphql(`
  query AppCart {
    myCart {
      ...AppCart
    }
    stores {
      id
      name
      city
      countryCode
    }
  }
`);

const UpdateLineMutation = graphql(`
  mutation AppUpdateCartLine($cartId: ID!, $lineId: ID!, $quantity: Int!) {
    updateCartLine(cartId: $cartId, lineId: $lineId, quantity: $quantity) {
      __typename
      ...AppCart
      ... on OutOfStockError {
        available
      }
      ... on ErrorResult {
        message
      }
    }
  }
`);

const RemoveLineMutation = graphql(`
  mutation AppRemoveCartLine($cartId: ID!, $lineId: ID!) {
    removeCartLine(cartId: $cartId, lineId: $lineId) {
      __typename
      ...AppCart
      ... on ErrorResult {
        message
      }
    }
  }
`);

const CheckoutMutation = graphql(`
  mutation AppCheckout($input: CheckoutInput!) {
    checkout(input: $input) {
      __typename
      ... on Order {
        id
        placedAt
        status
        total {
          formatted
        }
        store {
          name
          city
        }
        lines {
          quantity
        }
      }
      ... on OutOfStockError {
        variantId
        available
        requested
      }
      ... on ErrorResult {
        code
        message
      }
    }
  }
`);

type Order = Extract<AppCheckoutMutation['checkout'], { __typename: 'Order' }>;
type Store = { id: string; name: string; city: string; countryCode: string };

/** The built-in test payment provider's tokens, labelled for what they are. */
const TEST_CARDS = [
  { token: 'tok_visa', testId: 'test-card-approved', label: 'Test card: approved', detail: 'Visa ending 4242 (test)' },
  { token: 'tok_decline', testId: 'test-card-declined', label: 'Test card: declined', detail: 'Always declined (test)' },
  { token: 'tok_insufficient_funds', testId: 'test-card-insufficient', label: 'Test card: insufficient funds', detail: 'Declined for funds (test)' },
] as const;

const COUNTRIES: [string, string][] = [
  ['DE', 'Germany'],
  ['AT', 'Austria'],
  ['CH', 'Switzerland'],
  ['NL', 'Netherlands'],
  ['BE', 'Belgium'],
  ['FR', 'France'],
  ['DK', 'Denmark'],
  ['SE', 'Sweden'],
  ['GB', 'United Kingdom'],
];

interface Address {
  name: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  countryCode: string;
}

type CheckoutProblem = { title: string; message: ReactNode; actions: ReactNode };

/** The member's app cart: change quantities, choose pickup or delivery and a test card, place the order. */
export function CartScreen() {
  const { call, displayName } = useSession();
  const [cart, setCart] = useState<AppCartFragment | null>(null);
  const [stores, setStores] = useState<Store[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadAttempt, setLoadAttempt] = useState(0);
  const [busyLine, setBusyLine] = useState<string | null>(null);
  const [lineError, setLineError] = useState<string | null>(null);
  const [notice] = useState<string[]>(takeCartNotice);
  const [fulfillment, setFulfillment] = useState<Fulfillment | null>(null);
  const [address, setAddress] = useState<Address>({ name: displayName, line1: '', line2: '', postalCode: '', city: '', countryCode: 'DE' });
  const [showAddressErrors, setShowAddressErrors] = useState(false);
  const [card, setCard] = useState<string>(TEST_CARDS[0].token);
  const [placing, setPlacing] = useState(false);
  const [problem, setProblem] = useState<CheckoutProblem | null>(null);
  const [order, setOrder] = useState<(Order & { fulfillment: Fulfillment }) | null>(null);
  /** The attempt a network failure interrupted: retried with the same key, so it is never charged twice. */
  const pending = useRef<{ key: string; input: string } | null>(null);
  const cardGroup = useRef<HTMLDivElement>(null);

  useRetryOnReconnect(loadError !== null && cart === null, () => setLoadAttempt((n) => n + 1));
  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const d = await call(CartQuery, {});
      setCart(d.myCart);
      setStores(d.stores);
      const store = d.stores.find((s) => s.id === d.myCart.storeId);
      setFulfillment((f) => f ?? (d.myCart.storeId ? 'PICKUP_IN_STORE' : 'SHIP_TO_HOME'));
      if (store) setAddress((a) => (a.line1 ? a : { ...a, countryCode: store.countryCode }));
    } catch (e) {
      setLoadError(describeError(e));
    }
  }, [call]);

  useEffect(() => {
    void load();
  }, [load, loadAttempt]);

  async function changeLine(lineId: string, quantity: number) {
    if (!cart) return;
    setBusyLine(lineId);
    setLineError(null);
    try {
      const r =
        quantity === 0
          ? (await call(RemoveLineMutation, { cartId: cart.id, lineId })).removeCartLine
          : (await call(UpdateLineMutation, { cartId: cart.id, lineId, quantity })).updateCartLine;
      if (r.__typename === 'Cart') setCart(r);
      else if (r.__typename === 'OutOfStockError') setLineError(`Only ${r.available} available.`);
      else setLineError(r.message);
    } catch (e) {
      setLineError(describeError(e));
    } finally {
      setBusyLine(null);
    }
  }

  const pickupStore = stores.find((s) => s.id === cart?.storeId) ?? null;
  const addressMissing = (['name', 'line1', 'postalCode', 'city'] as const).filter((k) => !address[k].trim());

  async function placeOrder() {
    if (!cart || !fulfillment) return;
    if (fulfillment === 'SHIP_TO_HOME' && addressMissing.length) {
      setShowAddressErrors(true);
      document.getElementById(`address-${addressMissing[0]}`)?.focus();
      return;
    }
    const input = {
      cartId: cart.id,
      fulfillment,
      paymentToken: card,
      address:
        fulfillment === 'SHIP_TO_HOME'
          ? { name: address.name.trim(), line1: address.line1.trim(), line2: address.line2.trim() || null, postalCode: address.postalCode.trim(), city: address.city.trim(), countryCode: address.countryCode }
          : null,
    };
    const inputJson = JSON.stringify(input);
    if (!pending.current || pending.current.input !== inputJson) pending.current = { key: newIdempotencyKey(), input: inputJson };
    const idempotencyKey = pending.current.key;
    setPlacing(true);
    setProblem(null);
    try {
      const r = (await call(CheckoutMutation, { input: { ...input, idempotencyKey } })).checkout;
      pending.current = null;
      switch (r.__typename) {
        case 'Order':
          setOrder({ ...r, fulfillment });
          window.scrollTo(0, 0);
          return;
        case 'PaymentDeclinedError':
          return setProblem({
            title: 'Your payment didn’t go through',
            message: `${r.message}. Nothing was charged and your cart is unchanged. Choose another card to try again.`,
            actions: (
              <Button variant="contained" size="large" onClick={() => dismissAndFocus(cardGroup.current?.querySelector('button'))}>
                Choose another card
              </Button>
            ),
          });
        case 'OutOfStockError':
          return setProblem(outOfStock(r));
        case 'EmptyCartError':
          return setProblem({ title: 'Your cart is empty', message: 'Add items at a mirror first.', actions: scanButton() });
        case 'NotFoundError':
          return setProblem({
            title: 'This cart can’t be ordered',
            message: `${r.message}. If you just placed it, it is in your orders.`,
            actions: (
              <>
                <Button variant="contained" size="large" component="a" {...linkProps('/app/orders')}>
                  See my orders
                </Button>
                <Button variant="outlined" size="large" onClick={() => { setProblem(null); setLoadAttempt((n) => n + 1); }}>
                  Reload the cart
                </Button>
              </>
            ),
          });
        case 'InvalidInputError':
          return setProblem({
            title: 'This order can’t be placed as it is',
            message: `${r.message}. Nothing was charged.`,
            actions: (
              <Button variant="contained" size="large" onClick={() => { setProblem(null); setLoadAttempt((n) => n + 1); }}>
                Back to the cart
              </Button>
            ),
          });
        case 'IdempotencyConflictError':
          return setProblem({
            title: 'Your order may already be placed',
            message: 'An earlier attempt with different details may have gone through. Check your orders before trying again.',
            actions: (
              <Button variant="contained" size="large" component="a" {...linkProps('/app/orders')}>
                See my orders
              </Button>
            ),
          });
      }
    } catch (e) {
      const network = e instanceof ApiError && e.failure === 'UNREACHABLE';
      if (!network) pending.current = null;
      setProblem({
        title: network ? 'We couldn’t reach the shop' : 'The order didn’t go through',
        message: network ? 'Your order may or may not have been placed. Trying again is safe: you will not be charged twice.' : describeError(e),
        actions: (
          <Button variant="contained" size="large" onClick={() => void placeOrder()}>
            Try again
          </Button>
        ),
      });
    } finally {
      setPlacing(false);
    }
  }

  function dismissAndFocus(el: HTMLElement | null | undefined) {
    setProblem(null);
    setTimeout(() => el?.focus(), 0);
  }

  function scanButton() {
    return (
      <Button variant="contained" size="large" component="a" {...linkProps('/app/scan')}>
        Scan a mirror code
      </Button>
    );
  }

  function outOfStock(r: { variantId: string; available: number; requested: number }): CheckoutProblem {
    const line = cart?.lines.find((l) => l.variant.id === r.variantId);
    const what = line ? `${line.product.name} (size ${line.variant.sizeLabel}, ${line.variant.colour})` : 'One item';
    const where = fulfillment === 'PICKUP_IN_STORE' ? `at ${pickupStore?.name ?? 'the pickup store'}` : 'in any store';
    return {
      title: 'Not enough in stock',
      message: `${what}: you asked for ${r.requested}, ${r.available === 0 ? 'none are' : `only ${r.available} ${r.available === 1 ? 'is' : 'are'}`} left ${where}. Nothing was charged.`,
      actions: (
        <>
          {line && r.available > 0 && (
            <Button variant="contained" size="large" onClick={() => { setProblem(null); void changeLine(line.id, r.available); }}>
              Reduce to {r.available}
            </Button>
          )}
          {line && (
            <Button variant={r.available > 0 ? 'outlined' : 'contained'} size="large" onClick={() => { setProblem(null); void changeLine(line.id, 0); }}>
              Remove it from the cart
            </Button>
          )}
          {fulfillment === 'PICKUP_IN_STORE' && (
            <Button variant="outlined" size="large" onClick={() => { setProblem(null); setFulfillment('SHIP_TO_HOME'); }}>
              Have it delivered instead
            </Button>
          )}
        </>
      ),
    };
  }

  if (order) return <OrderConfirmation order={order} />;

  return (
    <Screen title="Your cart">
      {loadError && !cart ? (
        <Problem
          title="We couldn’t load your cart"
          actions={
            <Button variant="contained" size="large" onClick={() => setLoadAttempt((n) => n + 1)}>
              Try again
            </Button>
          }
        >
          {loadError}
        </Problem>
      ) : !cart ? (
        <Busy label="Loading your cart…" />
      ) : cart.lines.length === 0 ? (
        <Stack spacing={2} data-testid="cart-empty">
          <Typography>Your cart is empty. At a fitting mirror, tap “Send to my phone” and scan the code.</Typography>
          {scanButton()}
        </Stack>
      ) : (
        <>
          <Card variant="outlined">
            <CardContent>
              <Stack spacing={2} component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }} aria-label="Items in your cart">
                {cart.lines.map((line) => (
                  <Stack key={line.id} component="li" spacing={1} data-testid="cart-line">
                    <Stack direction="row" spacing={1.5}>
                      <Box component="img" src={line.product.imageUrl} alt="" sx={{ width: 64, height: 80, objectFit: 'cover', borderRadius: 1, bgcolor: 'grey.200', flexShrink: 0 }} />
                      <Box sx={{ minWidth: 0, flexGrow: 1 }}>
                        <Typography sx={{ fontWeight: 600 }}>{line.product.name}</Typography>
                        <Typography variant="body2" color="text.secondary">
                          {line.product.brand} · Size {line.variant.sizeLabel} · {line.variant.colour}
                        </Typography>
                        <Typography variant="body2" color="text.secondary">
                          {line.unitPrice.formatted} each
                        </Typography>
                        {!line.inStock && (
                          <Typography variant="body2" color="warning.main" sx={{ fontWeight: 600 }}>
                            Not enough in stock{line.availableInStore !== null ? ` in the store (${line.availableInStore} left)` : ''}
                          </Typography>
                        )}
                      </Box>
                      <Typography sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>{line.lineTotal.formatted}</Typography>
                    </Stack>
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                      <IconButton aria-label={`One fewer ${line.product.name}`} onClick={() => void changeLine(line.id, line.quantity - 1)} disabled={busyLine !== null || placing || line.quantity <= 1} sx={{ border: 1, borderColor: 'divider', width: 48, height: 48 }}>
                        −
                      </IconButton>
                      <Typography sx={{ minWidth: 32, textAlign: 'center', fontWeight: 700 }} aria-label={`Quantity ${line.quantity}`}>
                        {busyLine === line.id ? <CircularProgress size={18} aria-label="Updating" /> : line.quantity}
                      </Typography>
                      <IconButton aria-label={`One more ${line.product.name}`} onClick={() => void changeLine(line.id, line.quantity + 1)} disabled={busyLine !== null || placing || line.quantity >= 10} sx={{ border: 1, borderColor: 'divider', width: 48, height: 48 }}>
                        +
                      </IconButton>
                      <Box sx={{ flexGrow: 1 }} />
                      <Button variant="text" color="error" onClick={() => void changeLine(line.id, 0)} disabled={busyLine !== null || placing} sx={{ minHeight: 48 }}>
                        Remove
                      </Button>
                    </Stack>
                  </Stack>
                ))}
              </Stack>
              {lineError && (
                <Typography color="error" role="alert" sx={{ mt: 1 }}>
                  {lineError}
                </Typography>
              )}
              {notice.map((message) => (
                <Alert key={message} severity="info" role="status" sx={{ mt: 1 }} data-testid="cart-notice">
                  {message}
                </Alert>
              ))}
              <Divider sx={{ my: 2 }} />
              <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
                <Typography sx={{ fontWeight: 700 }}>
                  Total ({cart.itemCount} item{cart.itemCount === 1 ? '' : 's'})
                </Typography>
                <Typography sx={{ fontWeight: 700 }} data-testid="cart-total">
                  {cart.total.formatted}
                </Typography>
              </Stack>
            </CardContent>
          </Card>

          <Section title="How do you want it?">
            <Stack spacing={1} role="radiogroup" aria-label="Pickup or delivery">
              <Choice
                testId="fulfillment-pickup"
                selected={fulfillment === 'PICKUP_IN_STORE'}
                disabled={!cart.storeId || placing}
                onSelect={() => setFulfillment('PICKUP_IN_STORE')}
                title="Pick up in store"
                detail={pickupStore ? `${pickupStore.name}, ${pickupStore.city} · free` : 'Only for carts from a store mirror'}
              />
              <Choice testId="fulfillment-delivery" selected={fulfillment === 'SHIP_TO_HOME'} disabled={placing} onSelect={() => setFulfillment('SHIP_TO_HOME')} title="Deliver to my address" detail="From the store that has it in stock" />
            </Stack>
            {fulfillment === 'SHIP_TO_HOME' && (
              <Stack spacing={1.5} component="fieldset" data-testid="address-form" sx={{ border: 0, p: 0, m: 0, mt: 2 }} disabled={placing}>
                <Typography component="legend" sx={{ fontWeight: 600, mb: 1 }}>
                  Delivery address
                </Typography>
                {(
                  [
                    ['name', 'Full name', 'name'],
                    ['line1', 'Street and number', 'address-line1'],
                    ['line2', 'Apartment, floor (optional)', 'address-line2'],
                    ['postalCode', 'Postal code', 'postal-code'],
                    ['city', 'City', 'address-level2'],
                  ] as const
                ).map(([key, label, autoComplete]) => (
                  <TextField
                    key={key}
                    id={`address-${key}`}
                    label={label}
                    value={address[key]}
                    required={key !== 'line2'}
                    autoComplete={autoComplete}
                    error={showAddressErrors && addressMissing.includes(key as (typeof addressMissing)[number])}
                    helperText={showAddressErrors && addressMissing.includes(key as (typeof addressMissing)[number]) ? 'Required' : undefined}
                    onChange={(e) => setAddress((a) => ({ ...a, [key]: e.target.value }))}
                    slotProps={{ htmlInput: { 'data-testid': `address-${key}`, maxLength: 200 } }}
                  />
                ))}
                <TextField
                  id="address-country"
                  select
                  label="Country"
                  value={address.countryCode}
                  onChange={(e) => setAddress((a) => ({ ...a, countryCode: e.target.value }))}
                  slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'address-country', autoComplete: 'country' } }}
                >
                  {COUNTRIES.map(([code, name]) => (
                    <option key={code} value={code}>
                      {name}
                    </option>
                  ))}
                </TextField>
              </Stack>
            )}
          </Section>

          <Section title="Payment">
            <Typography variant="body2" color="text.secondary">
              This is a demo shop: no real card is charged. Pick how the test payment should answer.
            </Typography>
            <Stack spacing={1} role="radiogroup" aria-label="Test card" ref={cardGroup} sx={{ mt: 1 }}>
              {TEST_CARDS.map((c) => (
                <Choice key={c.token} testId={c.testId} selected={card === c.token} disabled={placing} onSelect={() => setCard(c.token)} title={c.label} detail={c.detail} />
              ))}
            </Stack>
          </Section>

          {problem && (
            <Problem key={problem.title} testId="checkout-error" title={problem.title} actions={problem.actions}>
              {problem.message}
            </Problem>
          )}
          <Button
            variant="contained"
            size="large"
            onClick={() => void placeOrder()}
            disabled={placing || busyLine !== null || !fulfillment}
            data-testid="place-order"
            sx={{ minHeight: 60, fontSize: 18 }}
            startIcon={placing ? <CircularProgress size={22} color="inherit" /> : undefined}
          >
            {placing ? 'Placing your order…' : `Pay ${cart.total.formatted} and place order`}
          </Button>
        </>
      )}
    </Screen>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Card variant="outlined" component="section">
      <CardContent>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          {props.title}
        </Typography>
        {props.children}
      </CardContent>
    </Card>
  );
}

/** A large, labelled radio option: the whole card is the touch target. */
function Choice(props: { testId: string; selected: boolean; disabled?: boolean; onSelect: () => void; title: string; detail: string }) {
  return (
    <Button
      role="radio"
      aria-checked={props.selected}
      data-testid={props.testId}
      variant={props.selected ? 'contained' : 'outlined'}
      disabled={props.disabled}
      onClick={props.onSelect}
      sx={{ justifyContent: 'flex-start', textAlign: 'left', minHeight: 64, py: 1, px: 2, display: 'flex', gap: 1.5 }}
    >
      <Box
        aria-hidden
        sx={{ width: 20, height: 20, borderRadius: '50%', border: 2, borderColor: 'currentColor', flexShrink: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' }}
      >
        {props.selected && <Box sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: 'currentColor' }} />}
      </Box>
      <Box>
        <Typography component="span" sx={{ display: 'block', fontWeight: 700 }}>
          {props.title}
        </Typography>
        <Typography component="span" variant="body2" sx={{ display: 'block', opacity: 0.9 }}>
          {props.detail}
        </Typography>
      </Box>
    </Button>
  );
}

function OrderConfirmation({ order }: { order: Order & { fulfillment: Fulfillment } }) {
  const count = order.lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <Screen title="Thank you, your order is placed">
      <Card variant="outlined" data-testid="order-confirmation" data-order-id={order.id} sx={{ borderColor: 'success.main', borderWidth: 2 }}>
        <CardContent>
          <Stack spacing={1}>
            <Typography variant="overline" component="p">
              Order number
            </Typography>
            <Typography variant="h4" component="p" sx={{ fontWeight: 800, letterSpacing: '0.05em' }}>
              {shortId(order.id)}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
              Order id: <span data-testid="order-id">{order.id}</span>
            </Typography>
            <Divider />
            <Typography>
              {count} item{count === 1 ? '' : 's'} · paid {order.total.formatted}
            </Typography>
            <Typography>
              {order.fulfillment === 'PICKUP_IN_STORE'
                ? `Pick it up at ${order.store ? `${order.store.name}, ${order.store.city}` : 'the store'}: show this order number at the till.`
                : 'We’ll deliver it to the address you gave.'}
            </Typography>
          </Stack>
        </CardContent>
      </Card>
      <Button variant="contained" size="large" component="a" {...linkProps('/app/orders')} sx={{ minHeight: 56 }}>
        See my orders
      </Button>
      <Button variant="outlined" size="large" onClick={() => navigate('/app')} sx={{ minHeight: 56 }}>
        Back to Home
      </Button>
    </Screen>
  );
}
