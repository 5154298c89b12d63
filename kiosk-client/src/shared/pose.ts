import type { BodyKeypoint, Human, Input } from '@vladmandic/human';

/** A keypoint as the API takes it (pixels of the camera image). */
export interface Keypoint {
  name: string;
  x: number;
  y: number;
  score: number;
}

let loading: Promise<Human> | null = null;

/**
 * MoveNet Lightning through @vladmandic/human on the TF.js WASM backend. The model and the WASM
 * binaries are served from this build's own assets (copied from the npm packages), loaded once.
 */
export function loadPoseDetector(): Promise<Human> {
  loading ??= (async () => {
    const { Human } = await import('@vladmandic/human');
    const human = new Human({
      backend: 'wasm',
      wasmPath: `/assets/tfjs-wasm-${__TFJS_WASM_VERSION__}/`,
      modelBasePath: `/assets/human-${__HUMAN_VERSION__}/models/`,
      debug: false,
      warmup: 'none',
      cacheSensitivity: 0,
      filter: { enabled: false },
      face: {
        enabled: false,
        detector: { modelPath: 'blazeface.json', rotation: false, maxDetected: 1, minConfidence: 0.3 },
        mesh: { enabled: true, modelPath: 'facemesh.json' },
        iris: { enabled: false },
        description: { enabled: true, modelPath: 'faceres.json' },
        emotion: { enabled: false },
        antispoof: { enabled: false },
        liveness: { enabled: false },
      },
      hand: { enabled: false },
      object: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
      body: { enabled: true, modelPath: 'movenet-lightning.json', maxDetected: 1, minConfidence: 0.1 },
    });
    await human.load();
    return human;
  })().catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** Only the body model runs while scanning. */
const BODY_ONLY = { body: { enabled: true }, face: { enabled: false } };
/** Only the face models run for recognition. */
const FACE_ONLY = { body: { enabled: false }, face: { enabled: true } };

/**
 * The face descriptor of the one clear face in the picture (faceres, 1024 values, L2-normalised
 * here), or why there is none. Computed on the device; the picture never leaves it.
 */
export async function faceEmbedding(human: Human, input: Input): Promise<{ embedding: number[] } | { problem: 'NO_FACE' | 'SEVERAL_FACES' }> {
  const result = await human.detect(input, FACE_ONLY);
  const faces = result.face.filter((f) => f.boxScore >= 0.3);
  if (faces.length === 0 || !faces[0].embedding?.length) return { problem: 'NO_FACE' };
  if (faces.length > 1) return { problem: 'SEVERAL_FACES' };
  const e = faces[0].embedding;
  const norm = Math.hypot(...e) || 1;
  return { embedding: e.map((v) => v / norm) };
}

/**
 * Looks at the live video until one face gives a descriptor or `seconds` pass (or `isStopped`).
 * Several faces at once are reported at the end if no single face was seen meanwhile.
 */
export async function lookForFace(human: Human, video: HTMLVideoElement, seconds: number, isStopped: () => boolean): Promise<{ embedding: number[] } | { problem: 'NO_FACE' | 'SEVERAL_FACES' }> {
  const until = Date.now() + seconds * 1000;
  let problem: 'NO_FACE' | 'SEVERAL_FACES' = 'NO_FACE';
  while (!isStopped() && Date.now() < until) {
    if (video.readyState >= 2) {
      const face = await faceEmbedding(human, video);
      if ('embedding' in face) return face;
      problem = face.problem;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { problem };
}

/** The person's keypoints in the frame, or null when nobody is there. */
export async function detectPose(human: Human, input: Input): Promise<Keypoint[] | null> {
  const result = await human.detect(input, BODY_ONLY);
  const body = result.body[0];
  if (!body || body.score < 0.15) return null;
  return body.keypoints.map((k: BodyKeypoint) => ({ name: k.part, x: k.position[0], y: k.position[1], score: k.score }));
}

export type Guidance =
  | { ok: true; message: string }
  | { ok: false; code: 'NO_PERSON' | 'FEET' | 'HEAD' | 'FACING' | 'CENTRE' | 'TOO_CLOSE'; message: string };

const VISIBLE = 0.3;

/** What to tell the person so that the scan can be trusted (the server checks again). */
export function guide(keypoints: Keypoint[] | null, width: number, height: number): Guidance {
  if (!keypoints) return { ok: false, code: 'NO_PERSON', message: 'Step in front of the mirror, about 2 m away' };
  const k = Object.fromEntries(keypoints.map((p) => [p.name, p]));
  const seen = (name: string) => (k[name]?.score ?? 0) >= VISIBLE;
  const core = ['leftShoulder', 'rightShoulder', 'leftHip', 'rightHip'];
  if (core.filter(seen).length < 3) return { ok: false, code: 'NO_PERSON', message: 'Step in front of the mirror, about 2 m away' };
  if (!seen('nose') && !seen('leftEye') && !seen('rightEye')) return { ok: false, code: 'HEAD', message: 'Step back: your head is not in the picture' };
  if (!seen('leftAnkle') || !seen('rightAnkle')) return { ok: false, code: 'FEET', message: 'Step back: your feet are not visible' };
  const top = Math.min(...keypoints.filter((p) => p.score >= VISIBLE).map((p) => p.y));
  const bottom = Math.max(k.leftAnkle.y, k.rightAnkle.y);
  if (top < height * 0.02 || bottom > height * 0.985) return { ok: false, code: 'TOO_CLOSE', message: 'Step back a little: keep your whole body in the frame' };
  const shoulders = Math.abs(k.leftShoulder.x - k.rightShoulder.x);
  if (shoulders < (bottom - top) * 0.12) return { ok: false, code: 'FACING', message: 'Stand facing the mirror' };
  const centre = (k.leftHip.x + k.rightHip.x) / 2;
  if (centre < width * 0.2 || centre > width * 0.8) return { ok: false, code: 'CENTRE', message: 'Move to the middle of the mirror' };
  return { ok: true, message: 'Great — hold still' };
}

/** The mean of several frames' keypoints (a still person, less jitter). */
export function averageKeypoints(frames: Keypoint[][]): Keypoint[] {
  const first = frames[0];
  return first.map((p, i) => {
    const same = frames.map((f) => f[i]);
    const n = same.length;
    return { name: p.name, x: same.reduce((a, q) => a + q.x, 0) / n, y: same.reduce((a, q) => a + q.y, 0) / n, score: same.reduce((a, q) => a + q.score, 0) / n };
  });
}
