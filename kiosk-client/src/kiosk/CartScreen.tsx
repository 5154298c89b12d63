import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useState } from 'react';
import type { CartFieldsFragment, HandoffStatus } from '../gql/graphql';
import { describeError, request, subscribe } from '../shared/api';
import type { Visit } from './kiosk-state';
import { CreateHandoff, HandoffStatusQuery, HandoffUpdates, RemoveCartLine, SessionCart, UpdateCartLine } from './operations';
import { QrCode } from './QrCode';

interface Handoff {
  id: string;
  qrPayload: string;
  fallbackCode: string;
  expiresAt: string;
  status: HandoffStatus;
}

export function CartScreen(props: { token: string; visit: Visit; onVisit: (v: Partial<Visit>) => void; onBack: () => void; onDone: () => void }) {
  const { token, visit } = props;
  const [cart, setCart] = useState<CartFieldsFragment | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [handoff, setHandoff] = useState<Handoff | null>(null);

  const apply = useCallback(
    (c: CartFieldsFragment | null) => {
      setCart(c);
      props.onVisit({ cartCount: c?.itemCount ?? 0 });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  useEffect(() => {
    request(SessionCart, { sessionId: visit.sessionId }, token)
      .then((d) => apply(d.sessionCart ?? null))
      .catch((e) => setError(describeError(e)));
  }, [token, visit.sessionId, apply]);

  async function change(run: () => Promise<{ __typename: string } & Partial<CartFieldsFragment> & { message?: string }>) {
    setBusy(true);
    setError(null);
    try {
      const r = await run();
      if (r.__typename === 'Cart') apply(r as CartFieldsFragment);
      else setError(r.message ?? 'Not changed');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  async function sendToPhone() {
    if (!cart) return;
    setBusy(true);
    setError(null);
    try {
      const r = (await request(CreateHandoff, { cartId: cart.id }, token)).createCartHandoff;
      if (r.__typename === 'CartHandoff') setHandoff(r);
      else setError(r.message);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  if (handoff) return <HandoffView token={token} handoff={handoff} onAgain={() => { setHandoff(null); void sendToPhone(); }} onBack={() => setHandoff(null)} onDone={props.onDone} />;

  return (
    <Stack spacing={3} sx={{ p: 4 }} data-testid="cart-screen">
      <Typography variant="h2">Your cart</Typography>
      {error && <Alert severity="error">{error}</Alert>}
      {cart === undefined && <CircularProgress size={72} aria-label="Loading your cart" />}
      {(cart === null || cart?.lines.length === 0) && <Typography variant="h5">Your cart is empty. Try something on and add it.</Typography>}
      {cart && cart.lines.length > 0 && (
        <>
          <Stack spacing={2} data-testid="cart-lines">
            {cart.lines.map((l) => (
              <Stack key={l.id} direction="row" spacing={3} sx={{ alignItems: 'center', bgcolor: 'background.paper', borderRadius: 4, p: 2, boxShadow: 1 }} data-testid="cart-line">
                <img src={l.product.imageUrl} alt="" width={120} height={150} style={{ borderRadius: 12 }} />
                <Box sx={{ flexGrow: 1 }}>
                  <Typography variant="h6">{l.product.name}</Typography>
                  <Typography variant="body2" color="text.secondary">
                    {l.product.brand} · {l.variant.colour} · size {l.variant.sizeLabel}
                  </Typography>
                  <Typography variant="body2" color={l.inStock ? 'success.main' : 'warning.main'}>
                    {l.inStock ? 'In this store' : 'Not in this store: can be delivered'}
                  </Typography>
                </Box>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <Button variant="outlined" aria-label={`One less ${l.product.name}`} disabled={busy || l.quantity <= 1} onClick={() => void change(async () => (await request(UpdateCartLine, { cartId: cart.id, lineId: l.id, quantity: l.quantity - 1 }, token)).updateCartLine)}>
                    −
                  </Button>
                  <Typography variant="h5" sx={{ minWidth: 40, textAlign: 'center' }}>
                    {l.quantity}
                  </Typography>
                  <Button variant="outlined" aria-label={`One more ${l.product.name}`} disabled={busy || l.quantity >= 10} onClick={() => void change(async () => (await request(UpdateCartLine, { cartId: cart.id, lineId: l.id, quantity: l.quantity + 1 }, token)).updateCartLine)}>
                    +
                  </Button>
                </Stack>
                <Typography variant="h6" sx={{ minWidth: 140, textAlign: 'right' }}>
                  {l.lineTotal.formatted}
                </Typography>
                <Button variant="text" disabled={busy} onClick={() => void change(async () => (await request(RemoveCartLine, { cartId: cart.id, lineId: l.id }, token)).removeCartLine)}>
                  Remove
                </Button>
              </Stack>
            ))}
          </Stack>
          <Typography variant="h4" sx={{ textAlign: 'right' }} data-testid="cart-total">
            Total {cart.total.formatted}
          </Typography>
        </>
      )}
      <Stack direction="row" spacing={3}>
        <Button variant="outlined" size="large" onClick={props.onBack}>
          Keep trying on
        </Button>
        <Button variant="contained" size="large" disabled={!cart || cart.lines.length === 0 || busy} onClick={() => void sendToPhone()} data-testid="send-to-phone">
          {busy ? <CircularProgress color="inherit" size={36} aria-label="Working" /> : 'Send to my phone'}
        </Button>
      </Stack>
    </Stack>
  );
}

/** The QR and code for the phone, following the hand-off live: claimed, confirmed, or expired. */
function HandoffView(props: { token: string; handoff: Handoff; onAgain: () => void; onBack: () => void; onDone: () => void }) {
  const { handoff } = props;
  const [status, setStatus] = useState<HandoffStatus>(handoff.status);
  const [now, setNow] = useState(Date.now());
  const expiresAt = new Date(handoff.expiresAt).getTime();
  const total = Math.max(1, expiresAt - Date.now());

  useEffect(() => {
    const stop = subscribe(HandoffUpdates, { handoffId: handoff.id }, props.token, (d) => setStatus(d.cartHandoffUpdates.status));
    // The live channel may miss an update across a reconnect: ask now and then too.
    const poll = setInterval(() => {
      void request(HandoffStatusQuery, { handoffId: handoff.id }, props.token)
        .then((d) => d.cartHandoffStatus && setStatus(d.cartHandoffStatus))
        .catch(() => undefined);
    }, 5000);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      stop();
      clearInterval(poll);
      clearInterval(tick);
    };
  }, [handoff.id, props.token]);

  const left = Math.max(0, Math.round((expiresAt - now) / 1000));
  const expired = status === 'EXPIRED' || (status === 'PENDING' && left === 0);

  useEffect(() => {
    if (status !== 'CONFIRMED') return;
    const t = setTimeout(props.onDone, 8000);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);

  return (
    <Stack spacing={4} sx={{ alignItems: 'center', p: 6, textAlign: 'center' }} data-testid="handoff-screen" data-status={expired ? 'EXPIRED' : status}>
      {status === 'PENDING' && !expired && (
        <>
          <Typography variant="h2">Scan with your phone</Typography>
          <QrCode payload={handoff.qrPayload} size={520} label="QR code to open your cart on your phone" testId="handoff-qr" />
          <Typography variant="h5">
            Or type this code in the app: <strong data-testid="handoff-code">{handoff.fallbackCode}</strong>
          </Typography>
          <Box sx={{ width: 600 }}>
            <LinearProgress variant="determinate" value={((expiresAt - now) / total) * 100} aria-label="Time left" />
            <Typography variant="body2" sx={{ mt: 1 }}>
              Valid for {Math.floor(left / 60)}:{String(left % 60).padStart(2, '0')}
            </Typography>
          </Box>
          <Button variant="text" onClick={props.onBack}>
            Back to the cart
          </Button>
        </>
      )}
      {status === 'CLAIMED' && (
        <Alert severity="info" data-testid="handoff-claimed" sx={{ width: '100%' }}>
          <AlertTitle sx={{ fontSize: 40 }}>Opened on your phone</AlertTitle>
          Check the items and confirm on your phone.
        </Alert>
      )}
      {status === 'CONFIRMED' && (
        <Alert severity="success" data-testid="handoff-confirmed" sx={{ width: '100%' }}>
          <AlertTitle sx={{ fontSize: 40 }}>Your cart is on your phone</AlertTitle>
          Finish there: pick up in this store or have it delivered. This mirror now wipes your visit.
          <Box sx={{ mt: 3 }}>
            <Button variant="contained" onClick={props.onDone}>
              Finish now
            </Button>
          </Box>
        </Alert>
      )}
      {expired && (
        <Alert severity="warning" data-testid="handoff-expired" sx={{ width: '100%' }}>
          <AlertTitle sx={{ fontSize: 40 }}>This code has expired</AlertTitle>
          For your security, codes only work for a few minutes.
          <Stack direction="row" spacing={2} sx={{ mt: 3 }}>
            <Button variant="contained" onClick={props.onAgain} data-testid="handoff-new-code">
              Make a new code
            </Button>
            <Button variant="outlined" onClick={props.onBack}>
              Back to the cart
            </Button>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
