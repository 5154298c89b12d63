import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Component, createContext, useCallback, useContext, useEffect, useRef, useState, type ErrorInfo, type ReactNode } from 'react';
import { ApiError, describeError } from '../shared/api';

/** The signed-in staff member's token, and what to do when the server no longer accepts it. */
export interface Session {
  token: string;
  signOut: (reason?: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the console');
  return session;
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads something from the API when the component shows (and on `reload`). The previous data stays
 * on screen while a reload runs, so the page does not jump; an expired token signs the person out.
 */
export function useLoad<T>(load: (token: string) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const { token, signOut } = useSession();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setLoading(true);
    loadRef
      .current(token)
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(null);
      })
      .catch((e) => {
        if (!live) return;
        if (e instanceof ApiError && e.failure === 'UNAUTHENTICATED') signOut('Your session has expired: please sign in again.');
        setError(describeError(e));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token, tick, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Runs an action (a mutation) with a busy flag and a readable error. */
export function useAction() {
  const { token, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async <T,>(action: (token: string) => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await action(token);
      } catch (e) {
        if (e instanceof ApiError && e.failure === 'UNAUTHENTICATED') signOut('Your session has expired: please sign in again.');
        setError(describeError(e));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [token, signOut],
  );
  return { busy, error, setError, run };
}

/** A spinner with a label a screen reader announces. */
export function Busy(props: { label: string; size?: number; inline?: boolean }) {
  return (
    <Stack direction="row" spacing={1.5} role="status" sx={{ alignItems: 'center', py: props.inline ? 0 : 3, justifyContent: props.inline ? 'flex-start' : 'center' }}>
      <CircularProgress size={props.size ?? 24} aria-hidden />
      <Typography color="text.secondary">{props.label}</Typography>
    </Stack>
  );
}

/** A failed load with a way to try again. */
export function LoadError(props: { error: string; onRetry?: () => void }) {
  return (
    <Alert
      severity="error"
      action={
        props.onRetry && (
          <Button color="inherit" onClick={props.onRetry}>
            Try again
          </Button>
        )
      }
    >
      {props.error}
    </Alert>
  );
}

/** The usual three states of something loaded: spinner, error, or the content. */
export function LoadedView<T>(props: { loaded: Loaded<T>; label: string; children: (data: T) => ReactNode }) {
  const { data, error, loading, reload } = props.loaded;
  if (data === null) {
    if (error) return <LoadError error={error} onRetry={reload} />;
    return <Busy label={props.label} />;
  }
  return (
    <>
      {error && (
        <Box sx={{ mb: 2 }}>
          <LoadError error={error} onRetry={reload} />
        </Box>
      )}
      {loading && <Busy label={props.label} inline size={18} />}
      {props.children(data)}
    </>
  );
}

/** Section heading with actions on the right. */
export function SectionHeader(props: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-end', mb: 2 }}>
      <Box sx={{ flexGrow: 1 }}>
        <Typography variant="h5" component="h2">
          {props.title}
        </Typography>
        {props.subtitle && <Typography color="text.secondary">{props.subtitle}</Typography>}
      </Box>
      {props.actions}
    </Stack>
  );
}

export const percent = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`;

export const dateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—';

/** Keeps a failing section from blanking the whole console: says so and offers to reload it. */
export class SectionBoundary extends Component<{ children: ReactNode }, { error: Error | null; attempt: number }> {
  state = { error: null as Error | null, attempt: 0 };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('console section failed', error, info.componentStack);
  }

  render() {
    if (this.state.error)
      return (
        <Alert
          severity="error"
          action={
            <Button color="inherit" onClick={() => this.setState((s) => ({ error: null, attempt: s.attempt + 1 }))}>
              Reload section
            </Button>
          }
        >
          This section stopped working ({this.state.error.message}). Nothing was lost on the server.
        </Alert>
      );
    return <Box key={this.state.attempt}>{this.props.children}</Box>;
  }
}
