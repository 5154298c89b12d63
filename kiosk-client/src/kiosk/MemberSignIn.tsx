import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { describeError, request, subscribe } from '../shared/api';
import { RequestSignIn, SignInUpdates } from './operations';
import { QrCode } from './QrCode';

interface SignInRequest {
  id: string;
  qrPayload: string;
  fallbackCode: string;
  expiresAt: string;
}

/** "Member? Sign in": a QR the member's app approves; the session becomes theirs. */
export function MemberSignIn(props: { token: string; sessionId: string; memberName: string | null; onSignedIn: (name: string) => void }) {
  const [open, setOpen] = useState(false);
  const [req, setReq] = useState<SignInRequest | null>(null);
  const [state, setState] = useState<'loading' | 'waiting' | 'expired' | string>('loading');

  async function begin() {
    setOpen(true);
    setState('loading');
    setReq(null);
    try {
      const r = (await request(RequestSignIn, { sessionId: props.sessionId }, props.token)).requestMemberSignIn;
      if (r.__typename === 'MemberSignInRequest') {
        setReq(r);
        setState('waiting');
      } else setState(r.message);
    } catch (e) {
      setState(describeError(e));
    }
  }

  useEffect(() => {
    if (!req) return;
    const stop = subscribe(SignInUpdates, { requestId: req.id }, props.token, (d) => {
      const e = d.memberSignInUpdates;
      if (e.status === 'APPROVED') {
        props.onSignedIn(e.memberName ?? 'member');
        setOpen(false);
      } else if (e.status === 'EXPIRED') setState('expired');
    });
    const t = setTimeout(() => setState((s) => (s === 'waiting' ? 'expired' : s)), Math.max(0, new Date(req.expiresAt).getTime() - Date.now()));
    return () => {
      stop();
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [req?.id]);

  if (props.memberName) return <Chip color="primary" label={`Hi ${props.memberName}`} data-testid="member-chip" />;
  return (
    <>
      <Button variant="outlined" onClick={() => void begin()} data-testid="member-sign-in">
        Member? Sign in
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="md" fullWidth>
        <DialogTitle sx={{ fontSize: 44 }}>Sign in with your app</DialogTitle>
        <DialogContent>
          <Stack spacing={3} sx={{ alignItems: 'center', textAlign: 'center' }}>
            {state === 'loading' && <CircularProgress size={72} aria-label="Preparing the code" />}
            {state === 'waiting' && req && (
              <>
                <Typography variant="h5">Scan this with your phone, then approve in the app.</Typography>
                <QrCode payload={req.qrPayload} size={440} label="QR code to sign in with your app" testId="sign-in-qr" />
                <Typography variant="h5">
                  Or enter the code <strong data-testid="sign-in-code">{req.fallbackCode}</strong>
                </Typography>
              </>
            )}
            {state === 'expired' && (
              <Alert severity="warning" data-testid="sign-in-expired">
                The code has expired.
              </Alert>
            )}
            {state !== 'loading' && state !== 'waiting' && state !== 'expired' && <Alert severity="error">{state}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ p: 3 }}>
          {(state === 'expired' || (state !== 'loading' && state !== 'waiting')) && (
            <Button variant="contained" onClick={() => void begin()}>
              New code
            </Button>
          )}
          <Button variant="outlined" onClick={() => setOpen(false)}>
            Not now
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
