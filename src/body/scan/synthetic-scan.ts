import { SeededRandom } from '../../common/random';
import { BodyObservables } from '../body-observables';
import { BLAZEPOSE_33_KEYPOINTS, COCO_17_KEYPOINTS, KeypointName, camelCaseKeypointName } from './keypoint-names';
import { CROTCH_PER_HIP_JOINT_HEIGHT, KEYPOINT_CALIBRATION, STATURE_FRACTIONS, ScanKeypoint, ScanRequest, ScanView } from './scan-geometry';

/*
 * A test helper (unit and end-to-end specs): draws the keypoints and silhouette widths a kiosk
 * would report for a body of known dimensions, using the same proportions `analyseScan` assumes,
 * so that the pixel-to-mm conversion can be checked to round-trip. It does not prove the
 * proportions right for real people; only real scans with measured ground truth can.
 */

/** Body dimensions (mm) of a synthetic person; anything left out is the ANSUR II median for the sex. */
export interface SyntheticBody {
  sex?: 'M' | 'F';
  statureMm?: number;
  weightKg?: number | null;
  biacromialMm?: number;
  chestBreadthMm?: number;
  waistBreadthMm?: number;
  hipBreadthMm?: number;
  chestDepthMm?: number;
  waistDepthMm?: number;
  buttockDepthMm?: number;
  crotchHeightMm?: number;
  shoulderElbowMm?: number;
  elbowWristMm?: number;
}

export interface SyntheticScanOptions extends SyntheticBody {
  imageWidth?: number;
  imageHeight?: number;
  /** Vertex-to-floor height of the person in the front image (default 80% of the image height). */
  personHeightPx?: number;
  /** Horizontal centre of the body (default the image centre). */
  centreX?: number;
  /** Image row of the floor line (default: the person centred vertically). */
  floorY?: number;
  /** 'coco' (17 names, default) or 'blazepose' (33). */
  keypointSet?: 'coco' | 'blazepose';
  /** Spelling of the names: snake_case (default), camelCase or UPPER_SNAKE. */
  nameStyle?: 'snake' | 'camel' | 'upper';
  /** Score of every keypoint (default 0.9). */
  score?: number;
  /** Per-keypoint score overrides (front view). */
  scores?: Partial<Record<KeypointName, number>>;
  /** Keypoints left out of the front view. */
  omit?: KeypointName[];
  /** Give the front silhouette widths (default true). */
  frontSilhouette?: boolean;
  /** Include a side view (default true). */
  side?: boolean;
  sidePersonHeightPx?: number;
  /** Keypoints left out of the side view. */
  sideOmit?: KeypointName[];
  /** Give the side silhouette widths (default true). */
  sideSilhouette?: boolean;
  /** 'away' swaps left and right in the image, as a person with their back to the camera. */
  facing?: 'camera' | 'away';
  /** Rotation about the vertical axis; shoulder and hip spans shrink by cos(yaw). */
  yawDeg?: number;
  /** Left shoulder raised by this angle (positive) or lowered (negative). */
  shoulderTiltDeg?: number;
  hipTiltDeg?: number;
  /** Knees pushed outwards so that the hip-knee-ankle angle is 180 - kneeFlexDeg. */
  kneeFlexDeg?: number;
  /** Arms held out from the body by this angle (default 15, an A-pose). */
  armAbductionDeg?: number;
  /** Produce a horizontally flipped image and set `mirrored`. */
  mirrored?: boolean;
  /** Gaussian noise (sd, pixels) added to every coordinate, seeded. */
  noisePx?: number;
  seed?: number;
  /** Round coordinates and widths to whole pixels. */
  roundPx?: boolean;
}

type ResolvedBody = Required<Omit<SyntheticBody, 'weightKg'>> & { weightKg: number | null };

/** ANSUR II medians (public 2012 files) by sex, in mm; weight in kg. */
const MEDIAN_BODY: Record<'M' | 'F', ResolvedBody> = {
  M: {
    sex: 'M',
    statureMm: 1755,
    weightKg: 84,
    biacromialMm: 415,
    chestBreadthMm: 289,
    waistBreadthMm: 325,
    hipBreadthMm: 344,
    chestDepthMm: 253,
    waistDepthMm: 234,
    buttockDepthMm: 246,
    crotchHeightMm: 845,
    shoulderElbowMm: 335,
    elbowWristMm: 267,
  },
  F: {
    sex: 'F',
    statureMm: 1625,
    weightKg: 67,
    biacromialMm: 365,
    chestBreadthMm: 268,
    waistBreadthMm: 298,
    hipBreadthMm: 353,
    chestDepthMm: 246,
    waistDepthMm: 209,
    buttockDepthMm: 231,
    crotchHeightMm: 779,
    shoulderElbowMm: 310,
    elbowWristMm: 241,
  },
};

export function resolveSyntheticBody(body: SyntheticBody = {}): ResolvedBody {
  const sex = body.sex ?? 'M';
  const resolved: ResolvedBody = { ...MEDIAN_BODY[sex] };
  for (const [key, value] of Object.entries(body) as [keyof ResolvedBody, unknown][]) {
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
  }
  return resolved;
}

/**
 * The observables `analyseScan` should return for `syntheticScan(options)` (up to pixel rounding
 * and noise): the body's own dimensions, with the depths null when there is no side view.
 */
export function syntheticObservables(options: SyntheticScanOptions = {}): BodyObservables {
  const b = resolveSyntheticBody(options);
  const side = options.side ?? true;
  return {
    sex: b.sex,
    statureMm: b.statureMm,
    weightKg: b.weightKg,
    biacromialBreadthMm: b.biacromialMm,
    chestBreadthMm: b.chestBreadthMm,
    waistBreadthMm: b.waistBreadthMm,
    hipBreadthMm: b.hipBreadthMm,
    chestDepthMm: side ? b.chestDepthMm : null,
    waistDepthMm: side ? b.waistDepthMm : null,
    buttockDepthMm: side ? b.buttockDepthMm : null,
    crotchHeightMm: b.crotchHeightMm,
    shoulderElbowLengthMm: b.shoulderElbowMm,
    elbowWristLengthMm: b.elbowWristMm,
  };
}

type Xy = { x: number; y: number };
const RAD = Math.PI / 180;

/**
 * Body-frame positions of the keypoints: `lateral` in mm towards the subject's left, `height` in
 * mm above the floor.
 */
function frontBodyPoints(b: ResolvedBody, o: SyntheticScanOptions): Map<KeypointName, { lateral: number; height: number }> {
  const H = b.statureMm;
  const F = STATURE_FRACTIONS;
  const yaw = Math.cos((o.yawDeg ?? 0) * RAD);
  const pts = new Map<KeypointName, { lateral: number; height: number }>();
  const pair = (name: 'eye' | 'ear' | 'shoulder' | 'hip', halfSpan: number, height: number, tiltDeg = 0) => {
    const dh = Math.tan(tiltDeg * RAD) * halfSpan;
    pts.set(`left_${name}`, { lateral: halfSpan, height: height + dh });
    pts.set(`right_${name}`, { lateral: -halfSpan, height: height - dh });
  };
  pts.set('nose', { lateral: 0, height: F.nose * H });
  pair('eye', 32 * yaw, F.eye * H);
  pts.set('left_eye_inner', { lateral: 18 * yaw, height: F.eye * H });
  pts.set('left_eye_outer', { lateral: 46 * yaw, height: F.eye * H });
  pts.set('right_eye_inner', { lateral: -18 * yaw, height: F.eye * H });
  pts.set('right_eye_outer', { lateral: -46 * yaw, height: F.eye * H });
  pts.set('mouth_left', { lateral: 25 * yaw, height: F.mouth * H });
  pts.set('mouth_right', { lateral: -25 * yaw, height: F.mouth * H });
  pair('ear', 75 * yaw, F.ear * H);
  pair('shoulder', (b.biacromialMm / KEYPOINT_CALIBRATION.biacromialPerShoulderSpan / 2) * yaw, F.shoulder * H, o.shoulderTiltDeg ?? 0);
  const hipHalf = (b.hipBreadthMm / KEYPOINT_CALIBRATION.hipBreadthPerHipKeypointSpan / 2) * yaw;
  pair('hip', hipHalf, b.crotchHeightMm / CROTCH_PER_HIP_JOINT_HEIGHT, o.hipTiltDeg ?? 0);

  // Arms in the image plane, abducted from vertical.
  const abd = (o.armAbductionDeg ?? 15) * RAD;
  for (const [side, sign] of [['left', 1], ['right', -1]] as const) {
    const shoulder = pts.get(`${side}_shoulder`)!;
    const dx = sign * Math.sin(abd);
    const dz = -Math.cos(abd);
    const elbow = { lateral: shoulder.lateral + dx * b.shoulderElbowMm, height: shoulder.height + dz * b.shoulderElbowMm };
    const wrist = { lateral: elbow.lateral + dx * b.elbowWristMm, height: elbow.height + dz * b.elbowWristMm };
    pts.set(`${side}_elbow`, elbow);
    pts.set(`${side}_wrist`, wrist);
    pts.set(`${side}_pinky`, { lateral: wrist.lateral + dx * 80 + sign * 15, height: wrist.height + dz * 80 });
    pts.set(`${side}_index`, { lateral: wrist.lateral + dx * 90, height: wrist.height + dz * 90 });
    pts.set(`${side}_thumb`, { lateral: wrist.lateral + dx * 50 - sign * 25, height: wrist.height + dz * 50 });

    // Legs: feet a little wider than the hips; knees on the hip-ankle line unless flexed.
    const hip = pts.get(`${side}_hip`)!;
    const ankle = { lateral: sign * (Math.abs(hipHalf) + 30), height: F.ankle * H };
    const kneeHeight = F.knee * H;
    const t = (hip.height - kneeHeight) / (hip.height - ankle.height);
    const kneeOnLine = hip.lateral + t * (ankle.lateral - hip.lateral);
    const flex = o.kneeFlexDeg ?? 0;
    let offset = 0;
    if (flex > 0) {
      // Bisection on the outward knee offset that gives the requested knee angle.
      let lo = 0;
      let hi = 2000;
      for (let i = 0; i < 60; i++) {
        offset = (lo + hi) / 2;
        const k = { lateral: kneeOnLine + sign * offset, height: kneeHeight };
        const ux = hip.lateral - k.lateral;
        const uy = hip.height - k.height;
        const vx = ankle.lateral - k.lateral;
        const vy = ankle.height - k.height;
        const angle = Math.acos((ux * vx + uy * vy) / (Math.hypot(ux, uy) * Math.hypot(vx, vy))) / RAD;
        if (angle > 180 - flex) lo = offset;
        else hi = offset;
      }
    }
    pts.set(`${side}_knee`, { lateral: kneeOnLine + sign * offset, height: kneeHeight });
    pts.set(`${side}_ankle`, ankle);
    pts.set(`${side}_heel`, { lateral: ankle.lateral, height: F.heel * H });
    pts.set(`${side}_foot_index`, { lateral: ankle.lateral + sign * 25, height: F.footIndex * H });
  }
  return pts;
}

/** Side view, facing image-right: `forward` in mm towards the face, `height` above the floor. */
function sideBodyPoints(b: ResolvedBody): Map<KeypointName, { forward: number; height: number }> {
  const H = b.statureMm;
  const F = STATURE_FRACTIONS;
  const pts = new Map<KeypointName, { forward: number; height: number }>();
  const both = (name: string, forward: number, height: number, nearFarGap = 4) => {
    pts.set(`left_${name}` as KeypointName, { forward, height });
    pts.set(`right_${name}` as KeypointName, { forward: forward + nearFarGap, height });
  };
  pts.set('nose', { forward: 95, height: F.nose * H });
  both('eye', 75, F.eye * H);
  both('eye_inner', 82, F.eye * H);
  both('eye_outer', 62, F.eye * H);
  pts.set('mouth_left', { forward: 80, height: F.mouth * H });
  pts.set('mouth_right', { forward: 82, height: F.mouth * H });
  both('ear', 0, F.ear * H);
  both('shoulder', 0, F.shoulder * H);
  both('elbow', -10, F.shoulder * H - b.shoulderElbowMm);
  both('wrist', 0, F.shoulder * H - b.shoulderElbowMm - b.elbowWristMm);
  both('pinky', 0, F.shoulder * H - b.shoulderElbowMm - b.elbowWristMm - 80);
  both('index', 15, F.shoulder * H - b.shoulderElbowMm - b.elbowWristMm - 90);
  both('thumb', 30, F.shoulder * H - b.shoulderElbowMm - b.elbowWristMm - 50);
  both('hip', 0, b.crotchHeightMm / CROTCH_PER_HIP_JOINT_HEIGHT);
  both('knee', 10, F.knee * H);
  both('ankle', 0, F.ankle * H);
  both('heel', -45, F.heel * H);
  both('foot_index', 190, F.footIndex * H);
  return pts;
}

function spell(name: KeypointName, style: SyntheticScanOptions['nameStyle']): string {
  if (style === 'camel') return camelCaseKeypointName(name);
  if (style === 'upper') return name.toUpperCase();
  return name;
}

/**
 * A scan request for a body of known dimensions, as a kiosk would send it. With the defaults
 * (an ANSUR II median man, 1080 x 1920 portrait images, the person 80% of the image height,
 * COCO-17 names, scores 0.9, front and side silhouettes) `analyseScan` accepts it and returns
 * `syntheticObservables(options)`.
 */
export function syntheticScan(options: SyntheticScanOptions = {}): ScanRequest {
  const b = resolveSyntheticBody(options);
  const rnd = new SeededRandom(options.seed ?? 1);
  const imageWidth = options.imageWidth ?? 1080;
  const imageHeight = options.imageHeight ?? 1920;
  const names: readonly KeypointName[] = options.keypointSet === 'blazepose' ? BLAZEPOSE_33_KEYPOINTS : COCO_17_KEYPOINTS;
  const score = options.score ?? 0.9;
  const px = (v: number) => {
    const noisy = options.noisePx ? v + rnd.normal(0, options.noisePx) : v;
    return options.roundPx ? Math.round(noisy) : noisy;
  };
  const clampTo = (v: number, max: number) => Math.min(max, Math.max(0, v));

  const frontHeightPx = options.personHeightPx ?? 0.8 * imageHeight;
  const ppm = frontHeightPx / b.statureMm;
  const floorY = options.floorY ?? (imageHeight + frontHeightPx) / 2;
  const centreX = options.centreX ?? imageWidth / 2;
  // Facing the camera in an unflipped image, the subject's left is at larger x.
  const lateralSign = (options.facing === 'away' ? -1 : 1) * (options.mirrored ? -1 : 1);
  const frontPts = frontBodyPoints(b, options);
  const omit = new Set(options.omit ?? []);
  const keypoints: ScanKeypoint[] = names
    .filter((n) => !omit.has(n))
    .map((n) => {
      const p = frontPts.get(n)!;
      return {
        name: spell(n, options.nameStyle),
        x: clampTo(px(centreX + lateralSign * p.lateral * ppm), imageWidth),
        y: clampTo(px(floorY - p.height * ppm), imageHeight),
        score: options.scores?.[n] ?? score,
      };
    });
  const width = (mm: number, scale: number) => (options.roundPx ? Math.round(mm * scale) : mm * scale);
  const front: ScanView = {
    imageWidth,
    imageHeight,
    keypoints,
    silhouette:
      options.frontSilhouette === false
        ? null
        : { chestPx: width(b.chestBreadthMm, ppm), waistPx: width(b.waistBreadthMm, ppm), hipPx: width(b.hipBreadthMm, ppm) },
    ...(options.mirrored ? { mirrored: true } : {}),
  };

  let side: ScanView | null = null;
  if (options.side ?? true) {
    const sideHeightPx = options.sidePersonHeightPx ?? frontHeightPx;
    const sppm = sideHeightPx / b.statureMm;
    const sideFloorY = (imageHeight + sideHeightPx) / 2;
    const sidePts = sideBodyPoints(b);
    const sideOmit = new Set(options.sideOmit ?? []);
    side = {
      imageWidth,
      imageHeight,
      keypoints: names
        .filter((n) => !sideOmit.has(n))
        .map((n) => {
          const p = sidePts.get(n)!;
          return {
            name: spell(n, options.nameStyle),
            x: clampTo(px(imageWidth / 2 + p.forward * sppm), imageWidth),
            y: clampTo(px(sideFloorY - p.height * sppm), imageHeight),
            score,
          };
        }),
      silhouette:
        options.sideSilhouette === false
          ? null
          : { chestPx: width(b.chestDepthMm, sppm), waistPx: width(b.waistDepthMm, sppm), hipPx: width(b.buttockDepthMm, sppm) },
    };
  }
  return { front, side, declaredHeightCm: b.statureMm / 10, weightKg: b.weightKg, sex: b.sex };
}
