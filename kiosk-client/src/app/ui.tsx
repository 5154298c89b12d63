import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, type ReactNode } from 'react';
import { onReachability } from '../shared/api';

/** One screen of the app: a heading that takes focus on arrival (screen readers hear where they are). */
export function Screen(props: { title: string; children: ReactNode; testId?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [props.title]);
  return (
    <Stack spacing={2} sx={{ p: 2, pb: 4 }} data-testid={props.testId}>
      <Typography ref={heading} tabIndex={-1} variant="h5" component="h1" sx={{ fontWeight: 700, outline: 'none' }}>
        {props.title}
      </Typography>
      {props.children}
    </Stack>
  );
}

/** Every wait says what it waits for. */
export function Busy(props: { label: string }) {
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center', py: 3, justifyContent: 'center' }} role="status" aria-live="polite">
      <CircularProgress size={32} aria-label={props.label} />
      <Typography>{props.label}</Typography>
    </Stack>
  );
}

/** A bad moment: what happened, and buttons to go on. */
export function Problem(props: { testId?: string; title: string; children?: ReactNode; actions: ReactNode; severity?: 'error' | 'warning' | 'info' }) {
  const box = useRef<HTMLDivElement>(null);
  // Shown where it happened, which on a phone may be below the fold (and above the bottom bar).
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, []);
  return (
    <Alert ref={box} severity={props.severity ?? 'error'} data-testid={props.testId} role="alert" sx={{ scrollMarginBottom: 96, scrollMarginTop: 72, '& .MuiAlert-message': { width: '100%' } }}>
      <AlertTitle sx={{ fontWeight: 700 }}>{props.title}</AlertTitle>
      {props.children && <Box sx={{ mb: 2 }}>{props.children}</Box>}
      <Stack spacing={1}>{props.actions}</Stack>
    </Alert>
  );
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "ab12cd34" from a UUID: what a person reads out at the till; the full id stays in the page too. */
export function shortId(id: string): string {
  return id.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/** Calls `retry` when the API answers again after being unreachable, while `waiting` is true (a load failed). */
export function useRetryOnReconnect(waiting: boolean, retry: () => void): void {
  const latest = useRef(retry);
  latest.current = retry;
  useEffect(() => {
    if (!waiting) return;
    let wasDown = false;
    return onReachability((up) => {
      if (!up) wasDown = true;
      else if (wasDown) latest.current();
    });
  }, [waiting]);
}
