import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';
import { Busy, Problem } from './ui';

type CameraState = { kind: 'starting' } | { kind: 'running' } | { kind: 'failed'; title: string; message: string; canRetry: boolean };

function cameraFailure(error: unknown): CameraState {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return { kind: 'failed', title: 'Camera access is off', message: 'Allow the camera for this site in your browser settings, or type the code shown under the QR code on the mirror.', canRetry: true };
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return { kind: 'failed', title: 'No camera found', message: 'This device has no camera we can use. Type the code shown under the QR code on the mirror.', canRetry: false };
  if (name === 'NotReadableError' || name === 'AbortError')
    return { kind: 'failed', title: 'The camera is busy', message: 'Another app may be using the camera. Close it and try again, or type the code instead.', canRetry: true };
  return { kind: 'failed', title: 'The camera didn’t start', message: 'Type the code shown under the QR code on the mirror instead.', canRetry: true };
}

/**
 * The phone's back camera, read frame by frame with jsQR until a QR code is found. Where there is
 * no camera (or no permission, or no HTTPS, which browsers require for cameras) it says so and
 * leaves the typed code as the way on.
 */
export function QrScanner(props: { onCode: (text: string) => void; onTypeInstead: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const [attempt, setAttempt] = useState(0);
  const onCode = useRef(props.onCode);
  onCode.current = props.onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let frame = 0;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });

    async function start() {
      setState({ kind: 'starting' });
      if (!navigator.mediaDevices?.getUserMedia) {
        setState({
          kind: 'failed',
          title: 'The camera isn’t available here',
          message: window.isSecureContext ? 'This browser cannot use the camera. Type the code shown under the QR code on the mirror.' : 'Browsers only allow the camera on secure (https) pages. Type the code shown under the QR code on the mirror.',
          canRetry: false,
        });
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false });
      } catch (e) {
        if (!stopped) setState(cameraFailure(e));
        return;
      }
      if (stopped) return stream.getTracks().forEach((t) => t.stop());
      const v = video.current!;
      v.srcObject = stream;
      await v.play().catch(() => undefined);
      setState({ kind: 'running' });
      let last = 0;
      const tick = (time: number) => {
        if (stopped) return;
        frame = requestAnimationFrame(tick);
        // A few reads a second are plenty and keep a phone cool.
        if (time - last < 150 || v.readyState < v.HAVE_ENOUGH_DATA || !context) return;
        last = time;
        const scale = Math.min(1, 720 / Math.max(v.videoWidth, v.videoHeight));
        canvas.width = Math.round(v.videoWidth * scale);
        canvas.height = Math.round(v.videoHeight * scale);
        context.drawImage(v, 0, 0, canvas.width, canvas.height);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
        if (found?.data) {
          stopped = true;
          cancelAnimationFrame(frame);
          onCode.current(found.data);
        }
      };
      frame = requestAnimationFrame(tick);
    }
    void start();
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [attempt]);

  return (
    <Box>
      {state.kind === 'failed' ? (
        <Problem
          testId="camera-error"
          severity="warning"
          title={state.title}
          actions={
            <>
              <Button variant="contained" size="large" onClick={props.onTypeInstead}>
                Type the code
              </Button>
              {state.canRetry && (
                <Button variant="outlined" size="large" onClick={() => setAttempt((n) => n + 1)}>
                  Try the camera again
                </Button>
              )}
            </>
          }
        >
          {state.message}
        </Problem>
      ) : (
        <Box sx={{ position: 'relative', width: '100%', aspectRatio: '1 / 1', bgcolor: 'grey.900', borderRadius: 2, overflow: 'hidden' }}>
          <Box component="video" ref={video} muted playsInline aria-label="Camera view: point it at the QR code on the mirror" sx={{ width: '100%', height: '100%', objectFit: 'cover' }} />
          <Box aria-hidden sx={{ position: 'absolute', inset: '15%', border: '4px solid rgba(255,255,255,0.85)', borderRadius: 2 }} />
          {state.kind === 'starting' && (
            <Box sx={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'rgba(255,255,255,0.9)' }}>
              <Busy label="Starting the camera…" />
            </Box>
          )}
        </Box>
      )}
    </Box>
  );
}
