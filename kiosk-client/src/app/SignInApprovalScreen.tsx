import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import { ApiError, describeError } from '../shared/api';
import { linkProps, navigate } from './app-routing';
import { formatCodeInput, isWellFormedCode } from './ScanScreen';
import { useSession } from './session';
import { Problem, Screen } from './ui';

const ApproveSignInMutation = graphql(`
  mutation AppApproveSignIn($token: String, $code: String) {
    approveMemberSignIn(token: $token, code: $code) {
      __typename
      ... on MemberSignInApproved {
        sessionId
        storeName
      }
      ... on InvalidHandoffCodeError {
        attemptsLeft
      }
      ... on TooManyAttemptsError {
        retryAfterSeconds
      }
      ... on ErrorResult {
        code
        message
      }
    }
  }
`);

type State = { step: 'ask' } | { step: 'approving' } | { step: 'approved'; storeName: string } | { step: 'failed'; title: string; message: string; retry: boolean };

/**
 * `/app/sign-in#<token>` (the mirror's sign-in QR) or a typed code: the member approves with a tap,
 * never automatically, because approving hands the mirror their profile.
 */
export function SignInApprovalScreen({ token }: { token: string | null }) {
  const { call, displayName } = useSession();
  const [state, setState] = useState<State>({ step: 'ask' });
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function approve(by: { token: string } | { code: string }) {
    setState({ step: 'approving' });
    try {
      const r = (await call(ApproveSignInMutation, { token: null, code: null, ...by })).approveMemberSignIn;
      switch (r.__typename) {
        case 'MemberSignInApproved':
          return setState({ step: 'approved', storeName: r.storeName });
        case 'HandoffExpiredError':
          return setState({ step: 'failed', title: 'This sign-in code has expired', message: 'Codes last a few minutes. Tap “Sign in” on the mirror again for a new one.', retry: false });
        case 'InvalidHandoffCodeError':
          return setState({ step: 'failed', title: 'That code doesn’t match a mirror', message: `Check the letters on the mirror. ${r.attemptsLeft} attempt${r.attemptsLeft === 1 ? '' : 's'} left before a pause.`, retry: false });
        case 'TooManyAttemptsError':
          return setState({ step: 'failed', title: 'Too many tries', message: `For your security, sign-ins are paused. Try again in ${Math.ceil(r.retryAfterSeconds / 60)} min.`, retry: false });
        case 'SessionLinkedToAnotherMemberError':
          return setState({ step: 'failed', title: 'Another member is signed in at this mirror', message: 'The mirror is still showing their visit: tap “Finish” there, then sign in again.', retry: false });
      }
    } catch (e) {
      if (e instanceof ApiError && e.failure === 'BAD_USER_INPUT') setState({ step: 'failed', title: 'That isn’t a mirror sign-in code', message: 'Scan the QR code on the mirror again, or type the 8-letter code.', retry: false });
      else setState({ step: 'failed', title: 'We couldn’t approve the sign-in', message: describeError(e), retry: true });
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!isWellFormedCode(code)) return setCodeError(true);
    void approve({ code });
  }

  const again = () => (token ? approve({ token }) : approve({ code }));

  return (
    <Screen title="Sign in at the mirror">
      {state.step === 'approved' ? (
        <Card variant="outlined" data-testid="sign-in-approved" sx={{ borderColor: 'success.main', borderWidth: 2 }}>
          <CardContent>
            <Stack spacing={2}>
              <Typography variant="h6" component="h2" color="success.main">
                You’re signed in at the mirror
              </Typography>
              <Typography>
                The mirror at {state.storeName} now shows your sizes and picks for you, {displayName}. When you step away, the session ends by itself.
              </Typography>
              <Button variant="contained" size="large" component="a" {...linkProps('/app')}>
                Back to Home
              </Button>
            </Stack>
          </CardContent>
        </Card>
      ) : state.step === 'failed' ? (
        <Problem
          testId="sign-in-error"
          title={state.title}
          actions={
            <>
              {state.retry && (
                <Button variant="contained" size="large" onClick={() => void again()}>
                  Try again
                </Button>
              )}
              <Button
                variant={state.retry ? 'outlined' : 'contained'}
                size="large"
                onClick={() => {
                  setState({ step: 'ask' });
                  if (token) navigate('/app/sign-in', { replace: true });
                  setTimeout(() => input.current?.select(), 0);
                }}
              >
                Type a code
              </Button>
              <Button variant="outlined" size="large" component="a" {...linkProps('/app/scan')}>
                Scan a QR code
              </Button>
            </>
          }
        >
          {state.message}
        </Problem>
      ) : token ? (
        <Card variant="outlined">
          <CardContent>
            <Stack spacing={2}>
              <Typography>
                Sign in at this mirror as <strong>{displayName}</strong>? It will show your saved sizes and recommendations, and what you try on there is added to your history.
              </Typography>
              <Typography variant="body2" color="text.secondary">
                Only approve if you are standing at the mirror that shows this code.
              </Typography>
              <Button
                variant="contained"
                size="large"
                onClick={() => void approve({ token })}
                disabled={state.step === 'approving'}
                data-testid="approve-sign-in"
                sx={{ minHeight: 56, fontSize: 18 }}
                startIcon={state.step === 'approving' ? <CircularProgress size={20} color="inherit" /> : undefined}
              >
                {state.step === 'approving' ? 'Signing you in…' : 'Yes, sign me in'}
              </Button>
              <Button variant="text" size="large" component="a" {...linkProps('/app')} disabled={state.step === 'approving'}>
                Not now
              </Button>
            </Stack>
          </CardContent>
        </Card>
      ) : (
        <Box component="form" onSubmit={submit} noValidate>
          <Stack spacing={1.5}>
            <Typography color="text.secondary">On the mirror, tap “Sign in”. Scan its QR code with the Scan tab, or type the 8-letter code shown under it.</Typography>
            <TextField
              inputRef={input}
              label="Sign-in code from the mirror"
              placeholder="XXXX-XXXX"
              value={code}
              onChange={(e) => {
                setCode(formatCodeInput(e.target.value));
                setCodeError(false);
              }}
              error={codeError}
              helperText={codeError ? 'Codes have 8 letters and no vowels, for example BCDF-GHJK.' : '8 letters, shown under the QR code'}
              slotProps={{
                htmlInput: {
                  'data-testid': 'sign-in-code-input',
                  autoCapitalize: 'characters',
                  spellCheck: false,
                  style: { fontSize: 28, letterSpacing: '0.15em', fontFamily: 'ui-monospace, monospace' },
                },
              }}
            />
            <Button
              type="submit"
              variant="contained"
              size="large"
              disabled={!code || state.step === 'approving'}
              data-testid="sign-in-code-submit"
              sx={{ minHeight: 56, fontSize: 18 }}
              startIcon={state.step === 'approving' ? <CircularProgress size={20} color="inherit" /> : undefined}
            >
              {state.step === 'approving' ? 'Signing you in…' : 'Sign me in at the mirror'}
            </Button>
            <Button variant="outlined" size="large" component="a" {...linkProps('/app/scan')}>
              Scan the QR code instead
            </Button>
          </Stack>
        </Box>
      )}
    </Screen>
  );
}
