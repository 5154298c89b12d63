import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState, type FormEvent } from 'react';
import { linkProps, navigate } from './app-routing';
import { HandoffClaim } from './HandoffClaim';
import { QrScanner } from './QrScanner';
import { Problem, Screen } from './ui';

/** Letters a mirror code uses (src/commerce/handoff/handoff-code.ts): no vowels, no Y. */
const CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

/** What the person typed, shown as XXXX-XXXX as they type. */
export function formatCodeInput(raw: string): string {
  const letters = raw.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 8);
  return letters.length > 4 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : letters;
}

export function isWellFormedCode(formatted: string): boolean {
  const letters = formatted.replace(/-/g, '');
  return letters.length === 8 && [...letters].every((c) => CODE_ALPHABET.includes(c));
}

/** Where a scanned QR code leads, if it is one of ours. */
function routeOfQr(text: string): string | null {
  try {
    const url = new URL(text, location.href);
    const path = url.pathname.replace(/\/+$/, '');
    if (!url.hash || url.hash.length < 2) return null;
    if (path.endsWith('/app/claim')) return `/app/claim${url.hash}`;
    if (path.endsWith('/app/sign-in')) return `/app/sign-in${url.hash}`;
  } catch {
    /* not a URL */
  }
  return null;
}

/** Scan the mirror's QR code, or type the code under it. */
export function ScanScreen() {
  const [typing, setTyping] = useState(() => new URLSearchParams(location.search).has('type'));
  const [code, setCode] = useState('');
  const [claiming, setClaiming] = useState<string | null>(null);
  const [formatError, setFormatError] = useState(false);
  const [foreignQr, setForeignQr] = useState(false);
  const [scanAttempt, setScanAttempt] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  function typeInstead() {
    setTyping(true);
    setTimeout(() => input.current?.focus(), 0);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!isWellFormedCode(code)) {
      setFormatError(true);
      return;
    }
    setFormatError(false);
    setClaiming(code);
  }

  if (claiming)
    return (
      <Screen title="Cart from the mirror">
        <HandoffClaim
          code={claiming}
          onTypeCode={() => {
            setClaiming(null);
            setTyping(true);
            setTimeout(() => input.current?.select(), 0);
          }}
        />
      </Screen>
    );

  return (
    <Screen title="Scan the mirror’s code">
      <Typography color="text.secondary">On the mirror, tap “Send to my phone”. Point your camera at the QR code, or type the 8-letter code shown under it.</Typography>
      {!typing && !foreignQr && (
        <QrScanner
          key={scanAttempt}
          onTypeInstead={typeInstead}
          onCode={(text) => {
            const to = routeOfQr(text);
            if (to) navigate(to);
            else setForeignQr(true);
          }}
        />
      )}
      {foreignQr && (
        <Problem
          severity="warning"
          title="That’s not a Mirrorfit code"
          actions={
            <Button
              variant="contained"
              size="large"
              onClick={() => {
                setForeignQr(false);
                setScanAttempt((n) => n + 1);
              }}
            >
              Scan again
            </Button>
          }
        >
          Point the camera at the QR code on the mirror’s screen.
        </Problem>
      )}
      {typing && (
        <Button variant="outlined" size="large" onClick={() => setTyping(false)}>
          Use the camera instead
        </Button>
      )}
      <Divider>or</Divider>
      <Box component="form" onSubmit={submit} noValidate>
        <Stack spacing={1.5}>
          <TextField
            inputRef={input}
            label="Code from the mirror"
            placeholder="XXXX-XXXX"
            value={code}
            onChange={(e) => {
              setCode(formatCodeInput(e.target.value));
              setFormatError(false);
            }}
            autoFocus={typing}
            autoComplete="one-time-code"
            helperText="8 letters, shown under the QR code"
            slotProps={{
              htmlInput: {
                'data-testid': 'handoff-code-input',
                autoCapitalize: 'characters',
                spellCheck: false,
                inputMode: 'text',
                'aria-describedby': formatError ? 'handoff-code-format' : undefined,
                style: { fontSize: 28, letterSpacing: '0.15em', fontFamily: 'ui-monospace, monospace', textTransform: 'uppercase' },
              },
            }}
          />
          {formatError && (
            <Problem
              testId="handoff-error"
              title="That isn’t a mirror code"
              actions={
                <Button variant="outlined" size="large" onClick={() => input.current?.focus()}>
                  Check the code
                </Button>
              }
            >
              <span id="handoff-code-format">Codes have 8 letters and use no vowels, for example BCDF-GHJK. Check the letters on the mirror.</span>
            </Problem>
          )}
          <Button type="submit" variant="contained" size="large" disabled={!code} data-testid="handoff-code-submit" sx={{ minHeight: 56, fontSize: 18 }}>
            Get my cart
          </Button>
        </Stack>
      </Box>
      <Button variant="text" size="large" component="a" {...linkProps('/app/sign-in')}>
        Signing in at a mirror? Enter the sign-in code
      </Button>
    </Screen>
  );
}
