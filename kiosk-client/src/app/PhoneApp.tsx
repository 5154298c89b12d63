import Alert from '@mui/material/Alert';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { graphql } from '../gql';
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError, describeError, request } from '../shared/api';
import { DevSignIn } from '../shared/DevSignIn';
import { loadToken, saveToken } from '../shared/stored-token';
import { linkProps, navigate, useRoute, type Route } from './app-routing';
import { CartScreen } from './CartScreen';
import { ClaimScreen } from './ClaimScreen';
import { HomeScreen } from './HomeScreen';
import { OrdersScreen } from './OrdersScreen';
import { ProfileScreen } from './ProfileScreen';
import { ScanScreen } from './ScanScreen';
import { SessionContext, type MemberSession } from './session';
import { SignInApprovalScreen } from './SignInApprovalScreen';
import { Busy, Problem, Screen, useRetryOnReconnect } from './ui';

const MemberViewerQuery = graphql(`
  query MemberViewer {
    viewer {
      __typename
      ... on CustomerViewer {
        customer {
          id
          displayName
        }
      }
    }
  }
`);

const TABS: { to: string; label: string; routes: Route['name'][] }[] = [
  { to: '/app', label: 'Home', routes: ['home', 'cart'] },
  { to: '/app/scan', label: 'Scan code', routes: ['scan', 'claim', 'sign-in'] },
  { to: '/app/orders', label: 'Orders', routes: ['orders'] },
  { to: '/app/profile', label: 'Profile', routes: ['profile'] },
];

/** The stand-in for the customer's mobile app: sign in, then the screen the address asks for. */
export function PhoneApp() {
  const [token, setToken] = useState(() => loadToken('app'));
  const [name, setName] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const route = useRoute();
  useRetryOnReconnect(problem !== null && !!token, () => setAttempt((n) => n + 1));

  const signOut = useCallback((why?: string) => {
    saveToken('app', null);
    setToken(null);
    setName(null);
    setProblem(why ?? null);
  }, []);

  useEffect(() => {
    if (!token) return;
    let live = true;
    setProblem(null);
    request(MemberViewerQuery, {}, token)
      .then((d) => {
        if (!live) return;
        if (d.viewer.__typename !== 'CustomerViewer') signOut('That sign-in is not a member account. Sign in as a member.');
        else setName(d.viewer.customer.displayName);
      })
      .catch((e) => {
        if (!live) return;
        if (e instanceof ApiError && (e.failure === 'UNAUTHENTICATED' || e.failure === 'FORBIDDEN')) signOut('Your sign-in has expired. Please sign in again.');
        else setProblem(describeError(e));
      });
    return () => {
      live = false;
    };
  }, [token, attempt, signOut]);

  const session = useMemo<MemberSession | null>(
    () =>
      token && name !== null
        ? {
            token,
            displayName: name,
            signOut: () => signOut(),
            call: async <R, V>(document: TypedDocumentString<R, V>, variables: V) => {
              try {
                return await request(document, variables, token);
              } catch (e) {
                if (e instanceof ApiError && e.failure === 'UNAUTHENTICATED') signOut('Your sign-in has expired. Please sign in again.');
                throw e;
              }
            },
          }
        : null,
    [token, name, signOut],
  );

  if (!token)
    return (
      <Box sx={{ maxWidth: 600, mx: 'auto' }}>
        {problem && (
          <Alert severity="warning" sx={{ m: 2 }}>
            {problem}
          </Alert>
        )}
        {route.name === 'claim' && route.token && <Alert severity="info" sx={{ m: 2 }}>Sign in to pick up the cart from the mirror.</Alert>}
        {route.name === 'sign-in' && route.token && <Alert severity="info" sx={{ m: 2 }}>Sign in to the app first; then you can approve the mirror sign-in.</Alert>}
        <DevSignIn
          role="customer"
          title="Sign in to Mirrorfit"
          onSignedIn={(t) => {
            saveToken('app', t);
            setToken(t);
          }}
        />
      </Box>
    );

  if (!session)
    return (
      <Box sx={{ maxWidth: 600, mx: 'auto', p: 2, pt: 16 }}>
        {problem ? (
          <Problem
            title="We couldn't load your account"
            actions={
              <>
                <Button variant="contained" size="large" onClick={() => setAttempt((n) => n + 1)}>
                  Try again
                </Button>
                <Button variant="outlined" size="large" onClick={() => signOut()}>
                  Sign out
                </Button>
              </>
            }
          >
            {problem}. We try again by ourselves as soon as the service answers.
          </Problem>
        ) : (
          <Busy label="Signing you in…" />
        )}
      </Box>
    );

  return (
    <SessionContext.Provider value={session}>
      <Box sx={{ maxWidth: 600, mx: 'auto', minHeight: '100vh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
        <AppBar position="sticky" elevation={1}>
          <Toolbar sx={{ gap: 1 }}>
            <Typography variant="h6" component="p" sx={{ flexGrow: 1, fontWeight: 700 }} noWrap>
              Mirrorfit
            </Typography>
            <Typography data-testid="member-name" noWrap sx={{ maxWidth: '55%' }}>
              {session.displayName}
            </Typography>
          </Toolbar>
        </AppBar>
        <Box component="main" sx={{ flexGrow: 1, pb: 12 }}>
          <CurrentScreen route={route} />
        </Box>
        <Paper component="nav" aria-label="Main" elevation={8} sx={{ position: 'fixed', bottom: 0, left: 0, right: 0, zIndex: 1100 }}>
          <Box sx={{ maxWidth: 600, mx: 'auto', display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 0.5, p: 0.5, pb: 'calc(4px + env(safe-area-inset-bottom))' }}>
            {TABS.map((tab) => {
              const current = tab.routes.includes(route.name);
              return (
                <Button
                  key={tab.to}
                  component="a"
                  {...linkProps(tab.to)}
                  aria-current={current ? 'page' : undefined}
                  data-testid={`nav-${tab.label.toLowerCase().replace(/\s+/g, '-')}`}
                  variant={current ? 'contained' : 'text'}
                  sx={{ minHeight: 60, minWidth: 0, fontSize: 15, lineHeight: 1.2, px: 0.5, whiteSpace: 'nowrap' }}
                >
                  {tab.label}
                </Button>
              );
            })}
          </Box>
        </Paper>
      </Box>
    </SessionContext.Provider>
  );
}

function CurrentScreen({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomeScreen />;
    case 'scan':
      return <ScanScreen />;
    case 'claim':
      return <ClaimScreen key={route.token ?? ''} token={route.token} />;
    case 'cart':
      return <CartScreen />;
    case 'orders':
      return <OrdersScreen />;
    case 'profile':
      return <ProfileScreen />;
    case 'sign-in':
      return <SignInApprovalScreen key={route.token ?? ''} token={route.token} />;
    case 'not-found':
      return (
        <Screen title="Page not found">
          <Typography>There is nothing at this address.</Typography>
          <Button variant="contained" size="large" onClick={() => navigate('/app', { replace: true })}>
            Go to Home
          </Button>
        </Screen>
      );
  }
}
