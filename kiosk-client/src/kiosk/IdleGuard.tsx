import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';

const COUNTDOWN = 15;

/**
 * After `seconds` without a touch or key the mirror asks whether anyone is still there, and wipes
 * the visit when nobody answers within 15 seconds.
 */
export function IdleGuard(props: { seconds: number; onTimeout: () => void }) {
  const [asking, setAsking] = useState(false);
  const [left, setLeft] = useState(COUNTDOWN);
  const last = useRef(Date.now());
  const onTimeout = useRef(props.onTimeout);
  onTimeout.current = props.onTimeout;

  useEffect(() => {
    const touch = () => {
      last.current = Date.now();
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    const timer = setInterval(() => {
      const idle = (Date.now() - last.current) / 1000;
      if (idle < props.seconds) {
        setAsking(false);
        return;
      }
      const remaining = Math.ceil(props.seconds + COUNTDOWN - idle);
      if (remaining <= 0) {
        clearInterval(timer);
        onTimeout.current();
        return;
      }
      setAsking(true);
      setLeft(remaining);
    }, 500);
    return () => {
      clearInterval(timer);
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [props.seconds]);

  return (
    <Dialog open={asking} data-testid="idle-dialog" maxWidth="md" fullWidth>
      <DialogTitle sx={{ fontSize: 44 }}>Are you still there?</DialogTitle>
      <DialogContent>
        <Typography variant="h5" sx={{ mb: 3 }}>
          For your privacy, this mirror wipes your visit in {left} s.
        </Typography>
        <LinearProgress variant="determinate" value={(left / COUNTDOWN) * 100} aria-label="Time left before the wipe" />
      </DialogContent>
      <DialogActions sx={{ p: 3 }}>
        <Button variant="contained" size="large" onClick={() => setAsking(false)}>
          I’m still here
        </Button>
      </DialogActions>
    </Dialog>
  );
}
