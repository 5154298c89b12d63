import Alert from '@mui/material/Alert';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { graphql } from '../gql';
import { ApiError, describeError, onReachability, request } from '../shared/api';
import { DevSignIn } from '../shared/DevSignIn';
import { loadToken, saveToken } from '../shared/stored-token';
import { ActivitySection } from './ActivitySection';
import { AssetsSection } from './AssetsSection';
import { Busy, SectionBoundary, SessionContext, type Session } from './common';
import { ExperimentsSection } from './ExperimentsSection';
import { OrdersSection } from './OrdersSection';
import { RulesSection } from './RulesSection';
import { TrainingSection } from './TrainingSection';

const StaffViewerQuery = graphql(`
  query StaffViewer {
    viewer {
      __typename
      ... on StaffViewer {
        staff {
          displayName
          role
        }
      }
    }
  }
`);

const SECTIONS = [
  { key: 'rules', label: 'Rules', render: () => <RulesSection /> },
  { key: 'training', label: 'Training', render: () => <TrainingSection /> },
  { key: 'experiments', label: 'Experiments', render: () => <ExperimentsSection /> },
  { key: 'activity', label: 'Activity', render: () => <ActivitySection /> },
  { key: 'orders', label: 'Orders', render: () => <OrdersSection /> },
  { key: 'assets', label: 'Garment images', render: () => <AssetsSection /> },
] as const;
type SectionKey = (typeof SECTIONS)[number]['key'];

/** Room left for the fixed unreachable banner (16 px offset + its height). */
const BANNER_SPACE = 88;

/** The section in the address: /merch/<section>; /merch alone opens the rules. */
function sectionFromPath(): SectionKey {
  const part = location.pathname.replace(/^\/merch\/?/, '').split('/')[0];
  return (SECTIONS.find((s) => s.key === part)?.key ?? 'rules') as SectionKey;
}

/** The merchandiser console. */
export function MerchApp() {
  const [token, setToken] = useState(() => loadToken('merch'));
  const [name, setName] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [section, setSection] = useState<SectionKey>(sectionFromPath);
  const [reachable, setReachable] = useState(true);
  useEffect(() => onReachability(setReachable), []);

  const signOut = useCallback((reason?: string) => {
    saveToken('merch', null);
    setToken(null);
    setName(null);
    setNotice(reason ?? null);
  }, []);

  useEffect(() => {
    const onPop = () => setSection(sectionFromPath());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    const s = SECTIONS.find((x) => x.key === section)!;
    document.title = `${s.label} · Mirrorfit console`;
  }, [section]);

  useEffect(() => {
    if (!token) return;
    let live = true;
    request(StaffViewerQuery, {}, token)
      .then((d) => {
        if (!live) return;
        if (d.viewer.__typename !== 'StaffViewer') return signOut('This account is not a staff account: sign in as a merchandiser.');
        setName(d.viewer.staff.displayName);
      })
      .catch((e) => {
        if (!live) return;
        // An unreachable API keeps the person signed in: the banner says so and we retry later.
        if (e instanceof ApiError && e.failure === 'UNREACHABLE') return;
        signOut(describeError(e));
      });
    return () => {
      live = false;
    };
  }, [token, signOut]);

  const session = useMemo<Session | null>(() => (token ? { token, signOut } : null), [token, signOut]);

  if (!session)
    return (
      <Box component="main">
        {notice && (
          <Alert severity="warning" sx={{ maxWidth: 520, mx: 'auto', mt: 3 }}>
            {notice}
          </Alert>
        )}
        <DevSignIn
          role="staff"
          title="Mirrorfit console"
          onSignedIn={(t) => {
            saveToken('merch', t);
            setNotice(null);
            setToken(t);
          }}
        />
      </Box>
    );

  const go = (key: SectionKey) => {
    if (key === section) return;
    history.pushState(null, '', `/merch/${key}`);
    setSection(key);
  };

  return (
    <SessionContext.Provider value={session}>
      {/* The shared "service unreachable" banner is fixed over the top of the page: keep the navigation usable below it. */}
      {!reachable && <Box aria-hidden sx={{ height: BANNER_SPACE }} />}
      <AppBar position="sticky" color="primary" elevation={1} sx={{ top: reachable ? 0 : BANNER_SPACE }}>
        <Toolbar>
          <Typography variant="h6" component="h1" sx={{ mr: 4 }}>
            Mirrorfit console
          </Typography>
          <Tabs
            value={section}
            onChange={(_, v: SectionKey) => go(v)}
            textColor="inherit"
            aria-label="Console sections"
            sx={{ flexGrow: 1, '& .MuiTabs-indicator': { backgroundColor: '#fff', height: 3 }, '& .MuiTab-root': { opacity: 0.85, fontWeight: 600 }, '& .Mui-selected': { opacity: 1 } }}
          >
            {SECTIONS.map((s) => (
              <Tab key={s.key} value={s.key} label={s.label} data-testid={`nav-${s.key}`} id={`tab-${s.key}`} aria-controls="merch-section" />
            ))}
          </Tabs>
          {name === null ? <Busy label="Checking sign-in…" inline size={16} /> : <Typography sx={{ mr: 2 }}>{name}</Typography>}
          <Button color="inherit" variant="outlined" onClick={() => signOut()}>
            Sign out
          </Button>
        </Toolbar>
      </AppBar>
      <Container component="main" maxWidth="xl" sx={{ py: 3 }} id="merch-section" role="tabpanel" aria-labelledby={`tab-${section}`}>
        <SectionBoundary key={section}>{SECTIONS.find((s) => s.key === section)!.render()}</SectionBoundary>
      </Container>
    </SessionContext.Provider>
  );
}
