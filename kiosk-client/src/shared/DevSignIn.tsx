import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';

interface Account {
  externalId: string;
  displayName: string;
  role: string;
}

/**
 * Sign-in for the console and the phone stand-in. Outside production the server runs a
 * development identity provider (`/dev-sign-in`): pick a demo account. Where it is off, the
 * retailer's identity provider issues the token, which can be pasted here.
 */
export function DevSignIn(props: { role: 'customer' | 'staff'; title: string; onSignedIn: (token: string, displayName: string) => void }) {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [available, setAvailable] = useState(true);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [pasted, setPasted] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/dev-sign-in/accounts?role=${props.role}&q=${encodeURIComponent(query)}`, { signal: controller.signal });
        if (res.status === 404) {
          setAvailable(false);
          return;
        }
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = (await res.json()) as { accounts: Account[] };
        setAccounts(body.accounts);
        setError(null);
      } catch (e) {
        if (!controller.signal.aborted) setError('The sign-in service cannot be reached. Check your connection and try again.');
      }
    }, 200);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [props.role, query]);

  async function signIn(account: Account) {
    setBusy(account.externalId);
    try {
      const res = await fetch('/dev-sign-in/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: props.role, externalId: account.externalId }) });
      const body = (await res.json()) as { token?: string; displayName?: string; error?: { message: string } };
      if (!res.ok || !body.token) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      props.onSignedIn(body.token, body.displayName ?? account.displayName);
    } catch (e) {
      setError(`Sign-in failed: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack spacing={2} sx={{ maxWidth: 520, mx: 'auto', p: 3 }}>
      <Typography variant="h4" component="h1">
        {props.title}
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      {available ? (
        <>
          <Typography color="text.secondary">Demo sign-in (development identity provider): choose an account.</Typography>
          <TextField label="Search by name or e-mail" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus slotProps={{ htmlInput: { 'data-testid': 'sign-in-search' } }} />
          {accounts === null ? (
            <CircularProgress aria-label="Loading accounts" />
          ) : accounts.length === 0 ? (
            <Typography>No account matches.</Typography>
          ) : (
            <List aria-label="Accounts">
              {accounts.map((a) => (
                <ListItemButton key={a.externalId} onClick={() => void signIn(a)} disabled={busy !== null} data-testid="sign-in-account">
                  <ListItemText primary={a.displayName} secondary={a.role.toLowerCase()} />
                  {busy === a.externalId && <CircularProgress size={20} />}
                </ListItemButton>
              ))}
            </List>
          )}
        </>
      ) : (
        <>
          <Typography>Sign in with your retailer&apos;s identity provider and paste the access token it gives you.</Typography>
          <TextField label="Access token" value={pasted} onChange={(e) => setPasted(e.target.value)} multiline minRows={3} />
          <Button variant="contained" disabled={!pasted.trim()} onClick={() => props.onSignedIn(pasted.trim(), '')}>
            Sign in
          </Button>
        </>
      )}
    </Stack>
  );
}
