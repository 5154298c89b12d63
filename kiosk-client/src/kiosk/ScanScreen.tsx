import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import { describeError, request } from '../shared/api';
import type { BodyProfile, FrameRefusal } from './kiosk-state';
import { SubmitScan, UploadFrame } from './operations';
import { openCamera } from '../shared/camera';
import { averageKeypoints, detectPose, guide, loadPoseDetector, type Guidance, type Keypoint } from '../shared/pose';

type Sex = 'M' | 'F';
interface Details {
  heightCm: number;
  weightKg: number | null;
  sex: Sex;
}

/** Frames in a row that must pass the checks before the scan is taken. */
const STILL_FRAMES = 8;
/** Seconds without anyone in view before the mirror says so and offers a way on. */
const NOBODY_SECONDS = 12;

export function ScanScreen(props: { token: string; sessionId: string; onProfile: (p: BodyProfile, frameRefusal: FrameRefusal | null) => void; onTypeInstead: () => void; onSessionOver: () => void }) {
  const [details, setDetails] = useState<Details | null>(null);
  if (!details) return <DetailsStep onDone={setDetails} onTypeInstead={props.onTypeInstead} />;
  return <CameraStep {...props} details={details} onBack={() => setDetails(null)} />;
}

function DetailsStep(props: { onDone: (d: Details) => void; onTypeInstead: () => void }) {
  const [height, setHeight] = useState('');
  const [weight, setWeight] = useState('');
  const [sex, setSex] = useState<Sex | null>(null);
  const h = Number(height);
  const w = weight.trim() === '' ? null : Number(weight);
  const heightError = height !== '' && !(h >= 120 && h <= 230) ? 'Between 120 and 230 cm' : null;
  const weightError = w !== null && !(w >= 30 && w <= 250) ? 'Between 30 and 250 kg, or leave it empty' : null;
  const ready = height !== '' && !heightError && !weightError && sex !== null;
  return (
    <Stack spacing={5} sx={{ p: 6 }} component="form" onSubmit={(e) => { e.preventDefault(); if (ready) props.onDone({ heightCm: h, weightKg: w, sex: sex! }); }}>
      <Typography variant="h2">First, two things about you</Typography>
      <Typography variant="h5" color="text.secondary">
        Your height sets the scale of the scan. Nothing is stored after you finish.
      </Typography>
      <TextField
        label="Your height (cm)"
        value={height}
        onChange={(e) => setHeight(e.target.value.replace(/[^0-9.]/g, ''))}
        error={!!heightError}
        helperText={heightError ?? ' '}
        slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': 'scan-height' } }}
        autoFocus
      />
      <TextField
        label="Your weight (kg, optional — makes girths more accurate)"
        value={weight}
        onChange={(e) => setWeight(e.target.value.replace(/[^0-9.]/g, ''))}
        error={!!weightError}
        helperText={weightError ?? ' '}
        slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': 'scan-weight' } }}
      />
      <Stack spacing={2}>
        <Typography variant="h5">Size charts to use</Typography>
        <ToggleButtonGroup exclusive value={sex} onChange={(_, v: Sex | null) => v && setSex(v)} aria-label="Size charts" color="primary">
          <ToggleButton value="F" data-testid="scan-sex-f" sx={{ px: 6 }}>
            Women’s
          </ToggleButton>
          <ToggleButton value="M" data-testid="scan-sex-m" sx={{ px: 6 }}>
            Men’s
          </ToggleButton>
        </ToggleButtonGroup>
      </Stack>
      <Stack direction="row" spacing={3}>
        <Button type="submit" variant="contained" size="large" disabled={!ready} data-testid="scan-continue">
          Start the scan
        </Button>
        <Button variant="outlined" size="large" onClick={props.onTypeInstead} data-testid="type-measurements">
          Type my measurements instead
        </Button>
      </Stack>
    </Stack>
  );
}

type CameraState =
  | { kind: 'starting' }
  | { kind: 'denied' }
  | { kind: 'absent' }
  | { kind: 'model-failed'; message: string }
  | { kind: 'live' }
  | { kind: 'sending' }
  | { kind: 'rejected'; hint: string; reasons: { code: string; message: string }[] }
  | { kind: 'failed'; message: string };

function CameraStep(props: { token: string; sessionId: string; details: Details; onProfile: (p: BodyProfile, frameRefusal: FrameRefusal | null) => void; onTypeInstead: () => void; onSessionOver: () => void; onBack: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const [guidance, setGuidance] = useState<Guidance | null>(null);
  const [progress, setProgress] = useState(0);
  const [nobody, setNobody] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    const run = async () => {
      setState({ kind: 'starting' });
      setNobody(false);
      setProgress(0);
      const camera = await openCamera(() => video.current, { facingMode: 'user' }, () => stopped);
      if (!camera) return;
      if ('problem' in camera) return setState({ kind: camera.problem });
      stream = camera.stream;
      const v = video.current!;
      let human;
      try {
        human = await loadPoseDetector();
      } catch (e) {
        return setState({ kind: 'model-failed', message: describeError(e) });
      }
      setState({ kind: 'live' });
      const good: Keypoint[][] = [];
      let lastSeen = Date.now();
      while (!stopped) {
        if (v.readyState < 2 || !v.videoWidth) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const keypoints = await detectPose(human, v);
        if (stopped) break;
        const g = guide(keypoints, v.videoWidth, v.videoHeight);
        setGuidance(g);
        drawSkeleton(overlay.current, keypoints, v.videoWidth, v.videoHeight);
        if (g.ok || (g.code !== 'NO_PERSON')) lastSeen = Date.now();
        setNobody(Date.now() - lastSeen > NOBODY_SECONDS * 1000);
        if (g.ok && keypoints) good.push(keypoints);
        else good.length = 0;
        setProgress(Math.min(100, (good.length / STILL_FRAMES) * 100));
        if (good.length >= STILL_FRAMES) {
          const still = averageKeypoints(good);
          stopped = true;
          await submit(v, still);
          break;
        }
        await new Promise((r) => setTimeout(r, 60));
      }
    };

    const submit = async (v: HTMLVideoElement, keypoints: Keypoint[]) => {
      setState({ kind: 'sending' });
      const width = v.videoWidth;
      const height = v.videoHeight;
      const frame = captureJpeg(v);
      try {
        const res = await request(
          SubmitScan,
          {
            sessionId: props.sessionId,
            input: { declaredHeightCm: props.details.heightCm, weightKg: props.details.weightKg, sex: props.details.sex, front: { imageWidth: width, imageHeight: height, keypoints } },
          },
          props.token,
        );
        const r = res.submitBodyScan;
        if (r.__typename === 'BodyProfile') {
          // The camera frame lets try-ons be drawn on the customer; kept in server memory for this session only.
          // Without it (refused, or not sent) try-ons fall back to a figure; a refusal's hint is shown on the next screen.
          const refusal = frame ? await sendFrame(props.token, props.sessionId, await frame, keypoints).catch(() => null) : null;
          stream?.getTracks().forEach((t) => t.stop());
          props.onProfile(r, refusal);
        } else if (r.__typename === 'ScanRejectedError') {
          setState({ kind: 'rejected', hint: r.hint, reasons: r.reasons });
        } else if (r.__typename === 'SessionEndedError' || r.__typename === 'SessionNotFoundError') {
          props.onSessionOver();
        } else {
          setState({ kind: 'failed', message: 'Unexpected answer from the service' });
        }
      } catch (e) {
        setState({ kind: 'failed', message: describeError(e) });
      }
    };

    void run();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  const retry = () => setAttempt((a) => a + 1);
  const ways = (
    <Stack direction="row" spacing={3} sx={{ mt: 3 }}>
      <Button variant="contained" onClick={retry} data-testid="scan-retry">
        Scan again
      </Button>
      <Button variant="outlined" onClick={props.onTypeInstead} data-testid="type-measurements">
        Type my measurements instead
      </Button>
    </Stack>
  );

  return (
    <Stack spacing={3} sx={{ p: 4, flexGrow: 1 }} data-testid="scan-screen">
      <Typography variant="h3">Stand facing the mirror, arms a little away from your body</Typography>
      <Box sx={{ position: 'relative', width: '100%', aspectRatio: '3 / 4', maxHeight: 1150, bgcolor: '#111', borderRadius: 4, overflow: 'hidden' }}>
        {/* A mirror shows you mirrored; the keypoints stay in the camera's own coordinates. */}
        <video ref={video} muted playsInline style={{ width: '100%', height: '100%', objectFit: 'contain', transform: 'scaleX(-1)' }} data-testid="scan-video" />
        <canvas ref={overlay} style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', transform: 'scaleX(-1)', pointerEvents: 'none' }} />
        {(state.kind === 'starting' || state.kind === 'sending') && (
          <Stack spacing={3} sx={{ alignItems: 'center', justifyContent: 'center', position: 'absolute', inset: 0, bgcolor: 'rgba(0,0,0,0.55)', color: '#fff' }}>
            <CircularProgress color="inherit" size={96} aria-label={state.kind === 'starting' ? 'Starting the camera' : 'Measuring'} />
            <Typography variant="h4">{state.kind === 'starting' ? 'Starting the camera…' : 'Measuring you…'}</Typography>
          </Stack>
        )}
      </Box>
      {state.kind === 'live' && (
        <Box data-testid="scan-guidance" data-ok={guidance?.ok ? 'true' : 'false'} aria-live="polite">
          <Typography variant="h3" color={guidance?.ok ? 'success.main' : 'text.primary'}>
            {guidance ? guidance.message : 'Looking for you…'}
          </Typography>
          <LinearProgress variant="determinate" value={progress} sx={{ mt: 2 }} aria-label="Scan progress" />
        </Box>
      )}
      {state.kind === 'live' && nobody && (
        <Alert severity="info" data-testid="scan-nobody">
          <AlertTitle sx={{ fontSize: 32 }}>We can’t see anyone</AlertTitle>
          Stand about 2 m from the mirror so that it sees you from head to feet.
          {ways}
        </Alert>
      )}
      {state.kind === 'denied' && (
        <Alert severity="warning" data-testid="camera-error" data-reason="denied">
          <AlertTitle sx={{ fontSize: 32 }}>The camera is blocked</AlertTitle>
          This mirror is not allowed to use its camera. Ask a member of staff, or type your measurements instead.
          {ways}
        </Alert>
      )}
      {state.kind === 'absent' && (
        <Alert severity="warning" data-testid="camera-error" data-reason="absent">
          <AlertTitle sx={{ fontSize: 32 }}>No camera found</AlertTitle>
          The mirror’s camera is not available right now. You can type your measurements instead.
          {ways}
        </Alert>
      )}
      {state.kind === 'model-failed' && (
        <Alert severity="error" data-testid="camera-error" data-reason="model">
          <AlertTitle sx={{ fontSize: 32 }}>The scanner did not start</AlertTitle>
          {state.message}
          {ways}
        </Alert>
      )}
      {state.kind === 'rejected' && (
        <Alert severity="warning" data-testid="scan-rejected">
          <AlertTitle sx={{ fontSize: 32 }}>{state.hint}</AlertTitle>
          <ul style={{ margin: 0 }}>
            {state.reasons.map((r) => (
              <li key={r.code}>{r.message}</li>
            ))}
          </ul>
          {ways}
        </Alert>
      )}
      {state.kind === 'failed' && (
        <Alert severity="error" data-testid="scan-failed">
          <AlertTitle sx={{ fontSize: 32 }}>The scan did not go through</AlertTitle>
          {state.message}
          {ways}
        </Alert>
      )}
      <Box>
        <Button variant="text" onClick={props.onBack}>
          Back
        </Button>
      </Box>
    </Stack>
  );
}

const BONES: [string, string][] = [
  ['leftShoulder', 'rightShoulder'], ['leftShoulder', 'leftElbow'], ['leftElbow', 'leftWrist'], ['rightShoulder', 'rightElbow'], ['rightElbow', 'rightWrist'],
  ['leftShoulder', 'leftHip'], ['rightShoulder', 'rightHip'], ['leftHip', 'rightHip'], ['leftHip', 'leftKnee'], ['leftKnee', 'leftAnkle'], ['rightHip', 'rightKnee'], ['rightKnee', 'rightAnkle'],
];

function drawSkeleton(canvas: HTMLCanvasElement | null, keypoints: Keypoint[] | null, width: number, height: number): void {
  if (!canvas) return;
  const rect = canvas.getBoundingClientRect();
  canvas.width = rect.width;
  canvas.height = rect.height;
  const g = canvas.getContext('2d')!;
  g.clearRect(0, 0, canvas.width, canvas.height);
  if (!keypoints) return;
  // object-fit: contain
  const scale = Math.min(rect.width / width, rect.height / height);
  const ox = (rect.width - width * scale) / 2;
  const oy = (rect.height - height * scale) / 2;
  const at = Object.fromEntries(keypoints.map((k) => [k.name, k]));
  g.lineWidth = 8;
  g.strokeStyle = 'rgba(80, 200, 255, 0.9)';
  for (const [a, b] of BONES) {
    const p = at[a];
    const q = at[b];
    if (!p || !q || p.score < 0.3 || q.score < 0.3) continue;
    g.beginPath();
    g.moveTo(ox + p.x * scale, oy + p.y * scale);
    g.lineTo(ox + q.x * scale, oy + q.y * scale);
    g.stroke();
  }
  g.fillStyle = '#fff';
  for (const k of keypoints) {
    if (k.score < 0.3) continue;
    g.beginPath();
    g.arc(ox + k.x * scale, oy + k.y * scale, 8, 0, Math.PI * 2);
    g.fill();
  }
}

function captureJpeg(v: HTMLVideoElement): Promise<Blob | null> | null {
  const canvas = document.createElement('canvas');
  canvas.width = v.videoWidth;
  canvas.height = v.videoHeight;
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.drawImage(v, 0, 0);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
}

/**
 * Small frames go inline as base64 (GraphQL bodies are limited to 256 KB); larger ones are staged first.
 * Returns the server's refusal of the frame (the customer not facing the mirror, not upright or too far
 * away), which the customer can act on; other failures only mean try-ons use the figure.
 */
async function sendFrame(token: string, sessionId: string, jpeg: Blob | null, keypoints: Keypoint[]): Promise<FrameRefusal | null> {
  if (!jpeg) return null;
  let image: { base64?: string; uploadId?: string };
  if (jpeg.size < 180 * 1024) {
    const bytes = new Uint8Array(await jpeg.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    image = { base64: btoa(binary) };
  } else {
    const res = await fetch('/tryon/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' }, body: jpeg });
    if (!res.ok) return null;
    image = { uploadId: ((await res.json()) as { uploadId: string }).uploadId };
  }
  const r = (await request(UploadFrame, { sessionId, input: { image, keypoints } }, token)).uploadSessionFrame;
  return r.__typename === 'ScanRejectedError' ? { hint: r.hint, codes: r.reasons.map((reason) => reason.code) } : null;
}
