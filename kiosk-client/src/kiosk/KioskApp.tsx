import Alert from '@mui/material/Alert';
import Badge from '@mui/material/Badge';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, describeError, request } from '../shared/api';
import { loadToken, saveToken } from '../shared/stored-token';
import { AttractScreen } from './AttractScreen';
import { CartScreen } from './CartScreen';
import { FaceSignIn } from './FaceSignIn';
import { IdleGuard } from './IdleGuard';
import type { BodyProfile, FrameRefusal, KioskIdentity, Screen, Visit } from './kiosk-state';
import { MeasureScreen } from './MeasureScreen';
import { MemberSignIn } from './MemberSignIn';
import { DeleteFrame, EndSession, KioskViewerQuery, StartSession } from './operations';
import { ScanScreen } from './ScanScreen';
import { ShopScreen } from './ShopScreen';

/** Reads a pairing link (`/kiosk#pair=<token>`) once, keeps the token on this device, and removes it from the address bar. */
function takePairingToken(): string | null {
  const match = /^#pair=(.+)$/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, '', location.pathname + location.search);
  return decodeURIComponent(match[1]);
}

/** How long a visit may sit untouched before the mirror asks "still there?" (`?idle=<seconds>` overrides, for staff and tests). */
function idleSeconds(): number {
  const v = Number(new URLSearchParams(location.search).get('idle'));
  return Number.isFinite(v) && v >= 5 ? v : 90;
}

export function KioskApp() {
  const [token, setToken] = useState<string | null>(() => {
    const paired = takePairingToken();
    if (paired) saveToken('kiosk', paired);
    return paired ?? loadToken('kiosk');
  });
  const [identity, setIdentity] = useState<KioskIdentity | null>(null);
  const [pairError, setPairError] = useState<string | null>(null);
  const [screen, setScreen] = useState<Screen>('attract');
  const [visit, setVisit] = useState<Visit | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const visitRef = useRef<Visit | null>(null);
  visitRef.current = visit;

  useEffect(() => {
    if (!token) return;
    let live = true;
    const load = async () => {
      try {
        const d = await request(KioskViewerQuery, {}, token);
        if (d.viewer.__typename !== 'KioskViewer') throw new ApiError('This credential does not belong to a mirror', 'FORBIDDEN');
        if (live) setIdentity({ token, kioskLabel: d.viewer.kiosk.label, storeName: d.viewer.store.name, currency: d.viewer.store.currency, faceRecognitionEnabled: d.viewer.store.faceRecognitionEnabled });
      } catch (e) {
        if (!live) return;
        if (e instanceof ApiError && (e.failure === 'UNAUTHENTICATED' || e.failure === 'FORBIDDEN')) {
          saveToken('kiosk', null);
          setToken(null);
          setPairError('This mirror’s credential was refused (it may have been revoked). Pair it again.');
        } else {
          // Unreachable or a passing failure: the banner says so; try again shortly.
          setTimeout(() => live && void load(), 5000);
        }
      }
    };
    void load();
    return () => {
      live = false;
    };
  }, [token]);

  const start = useCallback(async () => {
    if (!identity) return;
    setStarting(true);
    setError(null);
    try {
      const d = await request(StartSession, {}, identity.token);
      setVisit({ sessionId: d.startKioskSession.id, profile: null, frameRefusal: null, memberName: null, tried: [], cartCount: 0 });
      setScreen('scan');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setStarting(false);
    }
  }, [identity]);

  /** The privacy wipe: end the session on the server (its scan and frame go), forget everything here. */
  const wipe = useCallback(async () => {
    const current = visitRef.current;
    setVisit(null);
    setScreen('wiped');
    if (current && identity) {
      await request(DeleteFrame, { sessionId: current.sessionId }, identity.token).catch(() => undefined);
      await request(EndSession, { sessionId: current.sessionId }, identity.token).catch(() => undefined);
    }
    setTimeout(() => setScreen((s) => (s === 'wiped' ? 'attract' : s)), 4000);
  }, [identity]);

  const update = useCallback((change: Partial<Visit>) => setVisit((v) => (v ? { ...v, ...change } : v)), []);
  const onProfile = useCallback(
    (profile: BodyProfile, frameRefusal: FrameRefusal | null = null) => {
      update({ profile, frameRefusal });
      setScreen('shop');
    },
    [update],
  );

  if (!token) return <PairScreen error={pairError} />;
  if (!identity)
    return (
      <Centered>
        <CircularProgress size={96} aria-label="Starting the mirror" />
        <Typography variant="h4">Starting the mirror…</Typography>
      </Centered>
    );

  return (
    <Box sx={{ minHeight: '100vh', maxWidth: 1080, mx: 'auto', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
      {visit && screen !== 'wiped' && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', px: 3, py: 2, bgcolor: 'background.paper', boxShadow: 1 }}>
          <Typography variant="h6" sx={{ flexGrow: 1 }}>
            {identity.storeName}
          </Typography>
          {!visit.memberName && identity.faceRecognitionEnabled && screen !== 'scan' && (
            <FaceSignIn token={identity.token} sessionId={visit.sessionId} onSignedIn={(memberName) => update({ memberName })} />
          )}
          <MemberSignIn token={identity.token} sessionId={visit.sessionId} memberName={visit.memberName} onSignedIn={(memberName) => update({ memberName })} />
          <Badge badgeContent={visit.cartCount} color="secondary" overlap="rectangular" sx={{ '& .MuiBadge-badge': { fontSize: 24, height: 36, minWidth: 36, borderRadius: 18 } }}>
            <Button variant="outlined" onClick={() => setScreen('cart')} data-testid="cart-button" disabled={screen === 'scan' || screen === 'measure'}>
              Cart
            </Button>
          </Badge>
          <Button variant="contained" color="secondary" onClick={() => void wipe()} data-testid="wipe-button">
            Finish
          </Button>
        </Stack>
      )}
      {error && (
        <Alert severity="error" onClose={() => setError(null)} sx={{ m: 2 }}>
          {error}
        </Alert>
      )}
      <Box sx={{ flexGrow: 1, display: 'flex', flexDirection: 'column' }}>
        {screen === 'attract' && <AttractScreen storeName={identity.storeName} starting={starting} onStart={() => void start()} />}
        {screen === 'wiped' && (
          <Centered testId="wiped-screen">
            <Typography variant="h2">Thank you!</Typography>
            <Typography variant="h5" sx={{ maxWidth: 800, textAlign: 'center' }}>
              Your scan, your photo and your try-ons have been wiped from this mirror.
            </Typography>
          </Centered>
        )}
        {visit && screen === 'scan' && <ScanScreen token={identity.token} sessionId={visit.sessionId} onProfile={onProfile} onTypeInstead={() => setScreen('measure')} onSessionOver={() => void wipe()} />}
        {visit && screen === 'measure' && <MeasureScreen token={identity.token} sessionId={visit.sessionId} onProfile={onProfile} onScanInstead={() => setScreen('scan')} />}
        {visit && screen === 'shop' && <ShopScreen token={identity.token} visit={visit} onVisit={update} onRescan={() => setScreen('scan')} onCart={() => setScreen('cart')} />}
        {visit && screen === 'cart' && <CartScreen token={identity.token} visit={visit} onVisit={update} onBack={() => setScreen(visit.profile ? 'shop' : 'scan')} onDone={() => void wipe()} />}
      </Box>
      {visit && screen !== 'wiped' && <IdleGuard seconds={idleSeconds()} onTimeout={() => void wipe()} />}
    </Box>
  );
}

export function Centered(props: { children: React.ReactNode; testId?: string }) {
  return (
    <Stack spacing={4} sx={{ alignItems: 'center', justifyContent: 'center', flexGrow: 1, minHeight: '60vh', p: 6 }} data-testid={props.testId}>
      {props.children}
    </Stack>
  );
}

function PairScreen(props: { error: string | null }) {
  return (
    <Centered testId="pair-screen">
      <Typography variant="h2">Pair this mirror</Typography>
      {props.error && <Alert severity="error">{props.error}</Alert>}
      <Typography variant="h5" sx={{ maxWidth: 860, textAlign: 'center' }}>
        Open the pairing link for this mirror (<code>/kiosk#pair=…</code>). A merchandiser creates one with “provision kiosk”; in development the server prints it when it starts.
      </Typography>
    </Centered>
  );
}
