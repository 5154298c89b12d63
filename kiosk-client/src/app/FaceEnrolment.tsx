import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import CircularProgress from '@mui/material/CircularProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import { graphql } from '../gql';
import { describeError } from '../shared/api';
import { openCamera } from '../shared/camera';
import { loadPoseDetector, lookForFace } from '../shared/pose';
import { useSession } from './session';

/** The consent text the member accepts; its version is stored with the consent. */
export const FACE_CONSENT_VERSION = '2026-11';

const EnrollFaceMutation = graphql(`
  mutation AppEnrollFace($input: EnrollFaceInput!) {
    enrollFace(input: $input) {
      __typename
      ... on FaceEnrolment { enrolled enrolledAt }
      ... on ErrorResult { code message }
    }
  }
`);

type State = { kind: 'consent' } | { kind: 'camera' } | { kind: 'looking' } | { kind: 'saving' } | { kind: 'problem'; message: string };

/**
 * Opt in to being recognised at the mirrors: explicit consent, then a selfie from which this
 * device computes the face descriptor. Only the descriptor is sent (encrypted at rest); the
 * picture never leaves the phone.
 */
export function FaceEnrolment(props: { onDone: () => void; onCancel: () => void }) {
  const { call } = useSession();
  const [accepted, setAccepted] = useState(false);
  const [state, setState] = useState<State>({ kind: 'consent' });
  const [attempt, setAttempt] = useState(0);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (attempt === 0) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    const run = async () => {
      setState({ kind: 'camera' });
      const camera = await openCamera(() => video.current, { facingMode: 'user' }, () => stopped);
      if (!camera) return;
      if ('problem' in camera) return setState({ kind: 'problem', message: camera.problem === 'denied' ? 'Camera access is blocked. Allow it for this app in your browser settings.' : 'No camera is available on this device.' });
      stream = camera.stream;
      const human = await loadPoseDetector();
      setState({ kind: 'looking' });
      const face = await lookForFace(human, video.current!, 15, () => stopped);
      if (stopped) return;
      if (!('embedding' in face)) return setState({ kind: 'problem', message: face.problem === 'SEVERAL_FACES' ? 'More than one face is in the picture: only you, please.' : 'We could not see your face clearly. Hold the phone at eye level in good light.' });
      setState({ kind: 'saving' });
      const r = (await call(EnrollFaceMutation, { input: { consent: { version: FACE_CONSENT_VERSION, purpose: 'MIRROR_SIGN_IN', accepted: true }, embedding: face.embedding } })).enrollFace;
      if (stopped) return;
      if (r.__typename === 'FaceEnrolment') props.onDone();
      else setState({ kind: 'problem', message: r.message });
    };
    run().catch((e) => setState({ kind: 'problem', message: describeError(e) }));
    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  if (state.kind === 'consent')
    return (
      <Stack spacing={2} data-testid="face-enrolment">
        <Typography>
          Mirrors in stores that use face recognition will recognise you and sign you in, so your sizes and purchases shape what they show you.
          This phone turns a selfie into a face descriptor (a list of numbers, not a picture); only that is sent, stored encrypted, and deleted
          when you withdraw. You can withdraw at any time here.
        </Typography>
        <FormControlLabel
          control={<Checkbox checked={accepted} onChange={(e) => setAccepted(e.target.checked)} slotProps={{ input: { 'data-testid': 'face-consent-accept' } as object }} />}
          label={`I agree to be recognised by face at Mirrorfit mirrors (terms ${FACE_CONSENT_VERSION})`}
        />
        <Stack direction="row" spacing={1}>
          <Button variant="contained" size="large" disabled={!accepted} onClick={() => setAttempt(1)} data-testid="face-enrol-start">
            Take my selfie
          </Button>
          <Button variant="text" size="large" onClick={props.onCancel}>
            Cancel
          </Button>
        </Stack>
      </Stack>
    );

  return (
    <Stack spacing={2} sx={{ alignItems: 'center' }} data-testid="face-enrolment" data-state={state.kind}>
      <Box sx={{ width: 240, height: 240, borderRadius: '50%', overflow: 'hidden', bgcolor: '#111' }}>
        <video ref={video} muted playsInline style={{ width: '100%', height: '100%', objectFit: 'cover', transform: 'scaleX(-1)' }} />
      </Box>
      {state.kind !== 'problem' ? (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <CircularProgress size={28} aria-label="Working" />
          <Typography>{state.kind === 'saving' ? 'Saving…' : state.kind === 'looking' ? 'Look at the camera…' : 'Starting the camera…'}</Typography>
        </Stack>
      ) : (
        <Alert severity="warning" data-testid="face-enrolment-problem" sx={{ width: '100%' }}>
          {state.message}
        </Alert>
      )}
      <Stack direction="row" spacing={1}>
        {state.kind === 'problem' && (
          <Button variant="contained" onClick={() => setAttempt((a) => a + 1)}>
            Try again
          </Button>
        )}
        <Button variant="text" onClick={props.onCancel}>
          Cancel
        </Button>
      </Stack>
    </Stack>
  );
}
