/** Why the camera could not be opened: access refused, or no camera (or no secure context) at all. */
export type CameraProblem = 'denied' | 'absent';

/**
 * Opens the camera into the `video` element (looked up once the stream exists: the element may only
 * be rendered by then) and starts it playing. `isStopped` is asked after the (possibly long)
 * permission prompt: when the screen was left meanwhile, the stream is closed at once.
 */
export async function openCamera(
  videoElement: () => HTMLVideoElement | null,
  constraints: MediaTrackConstraints,
  isStopped: () => boolean,
): Promise<{ stream: MediaStream } | { problem: CameraProblem } | null> {
  if (!navigator.mediaDevices?.getUserMedia) return { problem: 'absent' };
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
  } catch (e) {
    const name = (e as DOMException).name;
    return { problem: name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'absent' };
  }
  const video = videoElement();
  if (isStopped() || !video) {
    stream.getTracks().forEach((t) => t.stop());
    return null;
  }
  video.srcObject = stream;
  await video.play().catch(() => undefined);
  return { stream };
}
