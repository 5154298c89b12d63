import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useEffect, useState } from 'react';
import { checkHealth, onReachability } from './api';

/**
 * Shown while the API cannot be reached: says so, keeps checking every few seconds, and offers to
 * try again at once. Nothing the person did is thrown away; the screen stays where it was.
 */
export function ApiStatusBanner() {
  const [up, setUp] = useState(true);
  const [checking, setChecking] = useState(false);
  useEffect(() => onReachability(setUp), []);
  useEffect(() => {
    if (up) return;
    const timer = setInterval(() => void checkHealth(), 4000);
    return () => clearInterval(timer);
  }, [up]);
  if (up) return null;
  return (
    <Alert
      severity="warning"
      role="alert"
      data-testid="api-unreachable"
      sx={{ position: 'fixed', top: 16, left: 16, right: 16, zIndex: 2000, boxShadow: 6 }}
      action={
        <Button
          color="inherit"
          variant="outlined"
          disabled={checking}
          onClick={async () => {
            setChecking(true);
            await checkHealth();
            setChecking(false);
          }}
        >
          {checking ? 'Checking…' : 'Try again'}
        </Button>
      }
    >
      We can&apos;t reach the Mirrorfit service right now. We keep trying; nothing you did is lost.
    </Alert>
  );
}
