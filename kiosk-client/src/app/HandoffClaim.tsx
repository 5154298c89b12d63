import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CircularProgress from '@mui/material/CircularProgress';
import CardContent from '@mui/material/CardContent';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { AppClaimHandoffMutation } from '../gql/graphql';
import { ApiError, describeError } from '../shared/api';
import { navigate } from './app-routing';
import { setCartNotice } from './cart-notice';
import { useSession } from './session';
import { Busy, Problem } from './ui';

const ClaimHandoffMutation = graphql(`
  mutation AppClaimHandoff($token: String, $code: String) {
    claimCartHandoff(token: $token, code: $code) {
      __typename
      ... on HandoffPreview {
        handoffId
        expiresAt
        kioskLabel
        storeName
        tryOnSnapshotUrl
        total {
          formatted
        }
        lines {
          fitNote
          line {
            id
            quantity
            inStock
            lineTotal {
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
      }
      ... on InvalidHandoffCodeError {
        message
        attemptsLeft
      }
      ... on TooManyAttemptsError {
        message
        retryAfterSeconds
      }
      ... on ErrorResult {
        code
        message
      }
    }
  }
`);

const ConfirmHandoffMutation = graphql(`
  mutation AppConfirmHandoff($handoffId: ID!) {
    confirmCartHandoff(handoffId: $handoffId) {
      __typename
      ... on Cart {
        id
        itemCount
        shortfalls {
          message
        }
      }
      ... on ErrorResult {
        code
        message
      }
    }
  }
`);

type ClaimResult = AppClaimHandoffMutation['claimCartHandoff'];
type Preview = Extract<ClaimResult, { __typename: 'HandoffPreview' }>;

/**
 * A claim is single-use (the same member claiming again sees the same preview): in-flight claims are
 * shared, so a remount (React's strict mode, a double tap) never sends a second one.
 */
const inFlight = new Map<string, Promise<ClaimResult>>();

function claimOnce(call: ReturnType<typeof useSession>['call'], input: { token?: string; code?: string }): Promise<ClaimResult> {
  const key = input.token ? `t:${input.token}` : `c:${input.code}`;
  let p = inFlight.get(key);
  if (!p) {
    p = call(ClaimHandoffMutation, { token: input.token ?? null, code: input.code ?? null }).then((d) => d.claimCartHandoff);
    inFlight.set(key, p);
    p.finally(() => setTimeout(() => inFlight.delete(key), 1000)).catch(() => undefined);
  }
  return p;
}

type State =
  | { step: 'claiming' }
  | { step: 'preview'; preview: Preview }
  | { step: 'confirming'; preview: Preview }
  | { step: 'expired'; message: string }
  | { step: 'failed'; title: string; message: string; retry: boolean; retryAfter?: number };

/**
 * Claims a mirror's cart (QR token or typed code), shows what is in it, and on "Add to my cart"
 * moves it into the member's app cart, then opens checkout.
 */
export function HandoffClaim(props: { token?: string; code?: string; onTypeCode: () => void }) {
  const { call } = useSession();
  const [state, setState] = useState<State>({ step: 'claiming' });
  const [attempt, setAttempt] = useState(0);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setState({ step: 'claiming' });
    claimOnce(call, { token: props.token, code: props.code })
      .then((r) => {
        if (!live) return;
        switch (r.__typename) {
          case 'HandoffPreview':
            return setState({ step: 'preview', preview: r });
          case 'HandoffExpiredError':
            return setState({ step: 'expired', message: r.message });
          case 'HandoffAlreadyClaimedError':
            return setState({ step: 'failed', title: 'This cart was already picked up', message: 'Another phone took this cart from the mirror. If that wasn’t you, ask the mirror to show a new code.', retry: false });
          case 'InvalidHandoffCodeError':
            return setState({
              step: 'failed',
              title: 'That code doesn’t match a cart',
              message: `Check the letters on the mirror and try again. ${r.attemptsLeft > 0 ? `${r.attemptsLeft} attempt${r.attemptsLeft === 1 ? '' : 's'} left before a pause.` : 'No attempts left for now.'}`,
              retry: false,
            });
          case 'TooManyAttemptsError':
            return setState({ step: 'failed', title: 'Too many tries', message: 'For your security, typing codes is paused for a while.', retry: false, retryAfter: r.retryAfterSeconds });
        }
      })
      .catch((e) => {
        if (!live) return;
        if (e instanceof ApiError && e.failure === 'BAD_USER_INPUT')
          setState({ step: 'failed', title: 'That isn’t a mirror code', message: 'This link or code is not one a Mirrorfit mirror shows. Scan the QR code again or type the 8-letter code.', retry: false });
        else if (e instanceof ApiError && e.failure === 'RATE_LIMITED')
          setState({ step: 'failed', title: 'Too many tries', message: describeError(e), retry: true });
        else setState({ step: 'failed', title: 'We couldn’t fetch the cart', message: describeError(e), retry: true });
      });
    return () => {
      live = false;
    };
  }, [call, props.token, props.code, attempt]);

  async function confirm(preview: Preview) {
    setConfirmError(null);
    setState({ step: 'confirming', preview });
    try {
      const r = (await call(ConfirmHandoffMutation, { handoffId: preview.handoffId })).confirmCartHandoff;
      if (r.__typename === 'Cart') {
        // What did not fit (a line holds at most 10) is said on the cart, where it can be acted on.
        setCartNotice(r.shortfalls.map((s) => s.message));
        navigate('/app/cart');
      }
      else if (r.__typename === 'HandoffExpiredError') setState({ step: 'expired', message: r.message });
      else setState({ step: 'failed', title: 'This cart is no longer available', message: r.message, retry: false });
    } catch (e) {
      setState({ step: 'preview', preview });
      setConfirmError(describeError(e));
    }
  }

  const typeOrScan = (
    <>
      <Button variant="contained" size="large" onClick={props.onTypeCode} data-testid="handoff-type-code">
        Type a code
      </Button>
      <Button variant="outlined" size="large" onClick={() => navigate('/app/scan')}>
        Scan a QR code
      </Button>
      <Button variant="text" size="large" onClick={() => navigate('/app')}>
        Back to Home
      </Button>
    </>
  );

  switch (state.step) {
    case 'claiming':
      return <Busy label="Fetching the cart from the mirror…" />;
    case 'expired':
      return (
        <Problem testId="handoff-expired" title="This code has expired" actions={typeOrScan}>
          Mirror codes last a few minutes. On the mirror, tap “Send to my phone” again for a new code.
        </Problem>
      );
    case 'failed':
      return (
        <Problem
          testId="handoff-error"
          title={state.title}
          actions={
            <>
              {state.retry && (
                <Button variant="contained" size="large" onClick={() => setAttempt((n) => n + 1)}>
                  Try again
                </Button>
              )}
              {typeOrScan}
            </>
          }
        >
          {state.message}
          {state.retryAfter !== undefined && <RetryAfter seconds={state.retryAfter} />}
        </Problem>
      );
    case 'preview':
    case 'confirming':
      return <PreviewCard preview={state.preview} busy={state.step === 'confirming'} error={confirmError} onConfirm={() => void confirm(state.preview)} onCancel={() => navigate('/app')} />;
  }
}

function RetryAfter({ seconds }: { seconds: number }) {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const timer = setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    return () => clearInterval(timer);
  }, []);
  return <Typography sx={{ mt: 1 }}>{left > 0 ? `You can try again in ${formatDuration(left)}.` : 'You can try again now.'}</Typography>;
}

function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}:${String(s).padStart(2, '0')} min` : `${s} s`;
}

function useSecondsUntil(iso: string): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.round((new Date(iso).getTime() - now) / 1000));
}

function PreviewCard(props: { preview: Preview; busy: boolean; error: string | null; onConfirm: () => void; onCancel: () => void }) {
  const { preview } = props;
  const left = useSecondsUntil(preview.expiresAt);
  const count = preview.lines.reduce((n, l) => n + l.line.quantity, 0);
  return (
    <Card variant="outlined" data-testid="handoff-preview" data-handoff-id={preview.handoffId}>
      <CardContent>
        <Stack spacing={2}>
          <Box>
            <Typography variant="h6" component="h2" data-testid="handoff-store">
              {preview.storeName}
            </Typography>
            <Typography color="text.secondary">{preview.kioskLabel}</Typography>
          </Box>
          {preview.tryOnSnapshotUrl && (
            <Box
              component="img"
              src={preview.tryOnSnapshotUrl}
              alt="You at the mirror, wearing these items"
              data-testid="handoff-snapshot"
              sx={{ width: '100%', maxHeight: 360, objectFit: 'contain', borderRadius: 2, bgcolor: 'grey.200' }}
            />
          )}
          <Stack spacing={1.5} component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }} aria-label="Items">
            {preview.lines.map(({ line, fitNote }) => (
              <Stack key={line.id} component="li" direction="row" spacing={1.5} data-testid="handoff-line">
                <Box component="img" src={line.product.imageUrl} alt="" sx={{ width: 64, height: 80, objectFit: 'cover', borderRadius: 1, bgcolor: 'grey.200', flexShrink: 0 }} />
                <Box sx={{ minWidth: 0, flexGrow: 1 }}>
                  <Typography sx={{ fontWeight: 600 }}>{line.product.name}</Typography>
                  <Typography variant="body2" color="text.secondary">
                    {line.product.brand} · Size {line.variant.sizeLabel} · {line.variant.colour} · Qty {line.quantity}
                  </Typography>
                  {fitNote && <Typography variant="body2">Fit: {fitNote}</Typography>}
                  {!line.inStock && (
                    <Typography variant="body2" color="warning.main" sx={{ fontWeight: 600 }}>
                      Low stock: may not be available at checkout
                    </Typography>
                  )}
                </Box>
                <Typography sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>{line.lineTotal.formatted}</Typography>
              </Stack>
            ))}
          </Stack>
          <Divider />
          <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
            <Typography sx={{ fontWeight: 700 }}>
              Total ({count} item{count === 1 ? '' : 's'})
            </Typography>
            <Typography sx={{ fontWeight: 700 }} data-testid="handoff-total">
              {preview.total.formatted}
            </Typography>
          </Stack>
          <Typography variant="body2" color={left < 30 ? 'error' : 'text.secondary'} aria-live="off">
            {left > 0 ? `Add it within ${formatDuration(left)}.` : 'The time to add this cart may have run out; try anyway.'}
          </Typography>
          {props.error && (
            <Typography color="error" role="alert">
              Couldn&apos;t add the cart: {props.error}. Try again.
            </Typography>
          )}
          <Button variant="contained" size="large" onClick={props.onConfirm} disabled={props.busy} data-testid="confirm-handoff" sx={{ minHeight: 56, fontSize: 18 }} startIcon={props.busy ? <CircularProgress size={20} color="inherit" /> : undefined}>
            {props.busy ? 'Adding to your cart…' : 'Add to my cart'}
          </Button>
          <Button variant="text" size="large" onClick={props.onCancel} disabled={props.busy}>
            Not now
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}
