import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import { describeError, request } from '../shared/api';
import { openCamera } from '../shared/camera';
import { loadPoseDetector, lookForFace } from '../shared/pose';
import { IdentifyByFace } from './operations';

type State = { kind: 'camera' } | { kind: 'looking' } | { kind: 'checking' } | { kind: 'unknown' } | { kind: 'problem'; message: string };

/** Seconds to look for a face before giving up. */
const LOOK_SECONDS = 12;

/**
 * "Recognise me" for members who opted in at their app (only offered where the store switched face
 * recognition on). The face descriptor is computed here; the camera picture never leaves the mirror.
 */
export function FaceSignIn(props: { token: string; sessionId: string; onSignedIn: (name: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outlined" onClick={() => setOpen(true)} data-testid="face-sign-in">
        Recognise me
      </Button>
      {open && <FaceDialog {...props} onClose={() => setOpen(false)} />}
    </>
  );
}

function FaceDialog(props: { token: string; sessionId: string; onSignedIn: (name: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<State>({ kind: 'camera' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    const run = async () => {
      setState({ kind: 'camera' });
      const camera = await openCamera(() => video.current, { facingMode: 'user' }, () => stopped);
      if (!camera) return;
      if ('problem' in camera) return setState({ kind: 'problem', message: camera.problem === 'denied' ? 'The camera is blocked on this mirror.' : 'The mirror’s camera is not available.' });
      stream = camera.stream;
      const human = await loadPoseDetector();
      setState({ kind: 'looking' });
      const face = await lookForFace(human, video.current!, LOOK_SECONDS, () => stopped);
      if (stopped) return;
      if (!('embedding' in face)) return setState({ kind: 'problem', message: face.problem === 'SEVERAL_FACES' ? 'More than one face is in view: one person at a time, please.' : 'We could not see your face clearly. Come a little closer and look at the mirror.' });
      setState({ kind: 'checking' });
      const r = (await request(IdentifyByFace, { sessionId: props.sessionId, embedding: face.embedding }, props.token)).identifyByFace;
      if (stopped) return;
      if (r.__typename === 'FaceMatch') {
        props.onSignedIn(r.displayName);
        props.onClose();
      } else if (r.__typename === 'FaceNotRecognised') setState({ kind: 'unknown' });
      else setState({ kind: 'problem', message: r.message });
    };
    run().catch((e) => setState({ kind: 'problem', message: describeError(e) }));
    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle sx={{ fontSize: 44 }}>Look at the mirror</DialogTitle>
      <DialogContent>
        <Stack spacing={3} sx={{ alignItems: 'center', textAlign: 'center' }} data-testid="face-dialog" data-state={state.kind}>
          <Typography variant="h6">Members who said yes to face recognition in their app are signed in. Nothing is kept for anyone else.</Typography>
          <Box sx={{ width: 420, height: 420, borderRadius: '50%', overflow: 'hidden', bgcolor: '#111' }}>
            <video ref={video} muted playsInline style={{ width: '100%', height: '100%', objectFit: 'cover', transform: 'scaleX(-1)' }} />
          </Box>
          {(state.kind === 'camera' || state.kind === 'looking' || state.kind === 'checking') && (
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <CircularProgress size={48} aria-label="Recognising" />
              <Typography variant="h5">{state.kind === 'checking' ? 'Checking…' : state.kind === 'looking' ? 'Looking for your face…' : 'Starting the camera…'}</Typography>
            </Stack>
          )}
          {state.kind === 'unknown' && (
            <Alert severity="info" data-testid="face-not-recognised">
              We don’t recognise you. Members can sign in with the QR code instead (“Member? Sign in”).
            </Alert>
          )}
          {state.kind === 'problem' && (
            <Alert severity="warning" data-testid="face-problem">
              {state.message}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions sx={{ p: 3 }}>
        {(state.kind === 'unknown' || state.kind === 'problem') && (
          <Button variant="contained" onClick={() => setAttempt((a) => a + 1)}>
            Try again
          </Button>
        )}
        <Button variant="outlined" onClick={props.onClose}>
          Not now
        </Button>
      </DialogActions>
    </Dialog>
  );
}
