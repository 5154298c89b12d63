import { BodyObservables } from '../body-observables';
import { KeypointName, canonicalKeypointName } from './keypoint-names';

/*
 * From what a kiosk camera saw (2-D keypoints in pixels, optional silhouette widths) to the
 * observables of the body-scan protocol (../shared/data/README.md) in millimetres.
 *
 * The scale comes from the declared stature: the person's height in pixels is fitted from the
 * eye/nose line and the ankles/heels with standard adult proportions, and mm per pixel is the
 * declared stature over that pixel height. Everything else is a length in the image times that
 * scale. The model is orthographic: a kiosk camera 2-3 m away sees a standing person with a few
 * per cent of perspective distortion, well inside the protocol's 10 mm observation noise for
 * breadths, and the same for every customer, so the body model's training absorbs it.
 *
 * Proportions are fractions of stature above the floor, from ANSUR II (2012, medians of the
 * public male and female files) where it measures the landmark, otherwise from Drillis, Contini
 * & Bluestein (1964), the usual segment-proportion table.
 */

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * One detected keypoint: position in pixels (origin top-left, y down), detector score 0..1.
 * Coordinates outside the image are malformed input: a kiosk should leave out the points a
 * detector extrapolates beyond the frame (BlazePose does), so that a cut-off body gets the
 * "step back" rejection rather than an error.
 */
export interface ScanKeypoint {
  name: string;
  x: number;
  y: number;
  score: number;
}

/** Silhouette widths in pixels, measured by the kiosk at chest, waist and hip level. */
export interface ScanSilhouette {
  chestPx?: number | null;
  waistPx?: number | null;
  hipPx?: number | null;
}

/** What one camera view saw. */
export interface ScanView {
  imageWidth: number;
  imageHeight: number;
  keypoints: ScanKeypoint[];
  silhouette?: ScanSilhouette | null;
  /**
   * True when the image was flipped horizontally (a "selfie" preview) before pose detection. In an
   * unflipped image of a person facing the camera, the subject's left shoulder is at larger x;
   * flipping reverses that, and the facing check follows. Default false.
   */
  mirrored?: boolean | null;
}

export interface ScanRequest {
  front: ScanView;
  side?: ScanView | null;
  declaredHeightCm: number;
  weightKg?: number | null;
  sex: 'M' | 'F';
}

/** Why a scan cannot be trusted; `message` is for logs and staff, the kiosk shows the analysis `hint`. */
export interface ScanRejection {
  code: string;
  message: string;
}

export type ScanAnalysis =
  | {
      ok: true;
      observables: BodyObservables;
      /** Front-view scale. */
      pixelsPerMm: number;
      /** 0..1: detector confidence, framing, posture and how much had to be imputed. */
      quality: number;
      /** The factors of `quality` that say how well the camera saw the body (they widen the uncertainty). */
      qualityFactors: { detection: number; framing: number; posture: number };
      /** Observables estimated from population ratios (no silhouette), e.g. 'chestBreadthMm'. */
      imputed: string[];
      notes: string[];
      /** Whether the side view contributed the three depths (false when absent or dropped). */
      sideViewUsed?: boolean;
    }
  | { ok: false; rejections: ScanRejection[]; hint: string };

/** Thrown for malformed input (not for an untrustworthy scan): `field` is a dot path like "front.keypoints[3].name". */
export class ScanInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScanInputError';
  }
}

/** Rejection codes `analyseScan` can return, in the order their hints take precedence. */
export const SCAN_REJECTION_CODES = [
  'NO_PERSON',
  'NOT_FACING',
  'HEAD_NOT_VISIBLE',
  'FEET_NOT_VISIBLE',
  'TOO_CLOSE',
  'BODY_NOT_VISIBLE',
  'TOO_FAR',
  'LOW_CONFIDENCE',
  'NOT_STANDING_STRAIGHT',
  'ARMS_NOT_VISIBLE',
  'IMPLAUSIBLE',
  'WEIGHT_IMPLAUSIBLE',
  'MEASUREMENT_OUT_OF_RANGE',
] as const;
export type ScanRejectionCode = (typeof SCAN_REJECTION_CODES)[number];

// ---------------------------------------------------------------------------------------------
// Proportions and thresholds
// ---------------------------------------------------------------------------------------------

/** Landmark heights above the floor as fractions of stature (standing, adult). */
export const STATURE_FRACTIONS = {
  /** Vertex (top of the head). */
  vertex: 1,
  /**
   * Pupils: 0.936 (Drillis et al.). Agrees with ANSUR II tragion-to-vertex (0.075 M, 0.078 F) less
   * the ~1.5 cm the pupil sits above the Frankfort plane through the tragion.
   */
  eye: 0.936,
  /** Nose tip, ~4 cm below the eye line. */
  nose: 0.913,
  /** Mouth corners, between nose tip and chin (chin = eye line - ANSUR menton-sellion 0.070). */
  mouth: 0.896,
  /** Ear (tragion): only used by the synthetic generator; ears are seen from behind too, so they never anchor the scale. */
  ear: 0.925,
  /** Shoulder keypoint, at the acromion (ANSUR acromial height 0.820). */
  shoulder: 0.82,
  /** Knee keypoint (Drillis 0.285). */
  knee: 0.285,
  /** Ankle keypoint at the lateral malleolus (ANSUR 0.0415 M, 0.0386 F). */
  ankle: 0.04,
  /** BlazePose heel point: back of the heel, ~25 mm above the floor. */
  heel: 0.015,
  /** BlazePose foot index (toe tip), near the floor. Not a scale anchor: its image row depends on how the foot points. */
  footIndex: 0.01,
} as const;

/**
 * Crotch height over hip-keypoint height. Pose hip keypoints mark the hip joint, at about the level
 * of the greater trochanter; ANSUR II crotch height / trochanterion height medians are 0.939 (M)
 * and 0.925 (F).
 */
export const CROTCH_PER_HIP_JOINT_HEIGHT = 0.93;

/**
 * Detector-to-anthropometry calibration factors. Identity until calibrated against real detector
 * output with measured ground truth: a shoulder keypoint pair spans roughly the biacromial
 * breadth, and shoulder-elbow / elbow-wrist keypoint distances roughly the acromion-radiale and
 * radiale-stylion lengths.
 */
export const KEYPOINT_CALIBRATION = {
  biacromialPerShoulderSpan: 1,
  shoulderElbowPerKeypointDistance: 1,
  elbowWristPerKeypointDistance: 1,
  /**
   * Hip breadth over the distance between the hip keypoints (hip joint centres). The joint centres
   * lie ~14% of the inter-ASIS width medial to each ASIS (Bell et al. 1982), i.e. ~0.72 x ~240 mm
   * = ~175 mm apart, against a median hip breadth of ~345 mm (ANSUR II): ratio ~2.0.
   */
  hipBreadthPerHipKeypointSpan: 2,
} as const;

/** Population ratios (ANSUR II medians by sex) used when the front silhouette is missing. */
export const IMPUTATION_RATIOS: Record<'M' | 'F', { chestPerBiacromial: number; waistPerBiacromial: number; hipPerBiacromial: number; biacromialPerStature: number }> = {
  M: { chestPerBiacromial: 0.696, waistPerBiacromial: 0.783, hipPerBiacromial: 0.83, biacromialPerStature: 0.2366 },
  F: { chestPerBiacromial: 0.734, waistPerBiacromial: 0.815, hipPerBiacromial: 0.967, biacromialPerStature: 0.2244 },
};

/** Plausible ranges (mm). ANSUR II extremes widened by 15-30% (customers are not soldiers); stated in the brief for biacromial. */
export const PLAUSIBLE_MM = {
  biacromialBreadthMm: [250, 550],
  chestBreadthMm: [180, 520],
  waistBreadthMm: [160, 600],
  hipBreadthMm: [220, 600],
  chestDepthMm: [140, 450],
  waistDepthMm: [120, 500],
  buttockDepthMm: [140, 450],
  shoulderElbowLengthMm: [220, 450],
  elbowWristLengthMm: [160, 360],
} as const satisfies Record<string, readonly [number, number]>;
/** Crotch height as a fraction of stature: ANSUR II spans 0.42..0.54. */
export const PLAUSIBLE_CROTCH_FRACTION = [0.38, 0.56] as const;

/**
 * Body weight as the camera sees it, to check a declared weight against: the trunk as a column of
 * stature height whose cross-section is the mean of the chest, waist and hip ellipses (breadth x
 * depth; without a side view, depth = breadth x the sex's ANSUR II median depth/breadth ratio), at
 * 1 kg/L, times a factor `k` fitted on ANSUR II (median of weight over that volume). On ANSUR II
 * with the protocol's noise (10 mm, weight 1.5 kg), log(weight / this) has SD 0.065 (side view),
 * 0.08 (front only) and 0.12 (breadths imputed from the shoulders); its most extreme subjects are
 * within x1.4 (x1.7 imputed) of it.
 */
export const WEIGHT_FROM_GEOMETRY: Record<'M' | 'F', { k: number; depthPerBreadth: { chest: number; waist: number; hip: number } }> = {
  M: { k: 0.783, depthPerBreadth: { chest: 0.876, waist: 0.721, hip: 0.71 } },
  F: { k: 0.743, depthPerBreadth: { chest: 0.917, waist: 0.704, hip: 0.654 } },
};

export const SCAN_THRESHOLDS = {
  /** A keypoint below this score counts as not seen. */
  minKeypointScore: 0.3,
  /** Mean score of the keypoints the measurement needs, below which the scan is LOW_CONFIDENCE. */
  minMeanScore: 0.5,
  /** Person's pixel height over image height below which the scan is TOO_FAR. */
  minHeightFraction: 0.35,
  /** A confident keypoint closer than this fraction of the image size to an edge means TOO_CLOSE. */
  edgeMarginFraction: 0.01,
  /** Shoulder line, hip line or trunk further than this from level / vertical means NOT_STANDING_STRAIGHT. */
  maxTiltDeg: 8,
  /** A knee angle (hip-knee-ankle) below this means bent knees: NOT_STANDING_STRAIGHT. */
  minKneeAngleDeg: 160,
  /**
   * The floor lines of the two feet (each from its ankle/heel) further apart than this (mm) mean a
   * raised foot: NOT_STANDING_STRAIGHT. Feet flat side by side differ by detector noise (1-2 cm);
   * from a chest-high camera 2.5 m away a foot placed ~13 cm ahead of the other already sits ~6 cm
   * lower in the image. A raised foot also shortens the fitted pixel height, inflating every breadth.
   */
  maxFeetLevelMm: 60,
  /**
   * Measured shoulder span below this fraction of the span expected for the stature and sex means
   * the body is turned (cos 45 deg = 0.71); an unusually narrow but facing person is ~0.85.
   */
  minShoulderSpanFraction: 0.7,
  /** Coordinates may exceed the image width/height by this fraction (pixel-edge conventions). */
  coordinateMarginFraction: 0.01,
  maxImageSide: 8192,
  maxKeypoints: 64,
  declaredHeightCm: [100, 230],
  weightKg: [25, 250],
  /**
   * A declared weight further than this factor from the geometry's (WEIGHT_FROM_GEOMETRY) is a
   * typo, not a body: ~6.5 SD of real bodies around it, with breadths seen or imputed.
   */
  maxWeightRatio: 1.7,
  maxWeightRatioImputed: 2.2,
  /**
   * Body-mass index a declared weight and height must give: WHO puts severe thinness below 16 and
   * ~12 near the limit of survival; above 70 lies far beyond the top of adult surveys (ANSUR II
   * spans 15-44).
   */
  bmi: [12, 70],
} as const;

const HINTS: Record<ScanRejectionCode, string> = {
  NO_PERSON: 'Stand in front of the mirror',
  NOT_FACING: 'Stand facing the mirror',
  HEAD_NOT_VISIBLE: 'Step back so that your head is in view',
  FEET_NOT_VISIBLE: 'Step back: your feet are not visible',
  TOO_CLOSE: 'Step back a little',
  BODY_NOT_VISIBLE: 'Stand so that your whole body is in view',
  TOO_FAR: 'Come a little closer',
  LOW_CONFIDENCE: 'Hold still in good light and try again',
  NOT_STANDING_STRAIGHT: 'Stand up straight with your feet flat',
  ARMS_NOT_VISIBLE: 'Let your arms hang a little away from your body',
  IMPLAUSIBLE: 'Stand straight with your arms a little away from your body and try again',
  WEIGHT_IMPLAUSIBLE: 'Check the weight you entered, or leave it out',
  MEASUREMENT_OUT_OF_RANGE: 'Check the height and weight you entered and try again',
};

/** The one instruction the kiosk shows for a rejection code. */
export function rejectionHint(code: ScanRejectionCode): string {
  return HINTS[code];
}

// ---------------------------------------------------------------------------------------------
// Keypoint groups
// ---------------------------------------------------------------------------------------------

/** Scale anchors at the top: eyes, nose and mouth (not ears: they are visible from behind). */
const HEAD_ANCHORS: ReadonlyArray<[KeypointName, number]> = [
  ['nose', STATURE_FRACTIONS.nose],
  ['left_eye', STATURE_FRACTIONS.eye],
  ['right_eye', STATURE_FRACTIONS.eye],
  ['left_eye_inner', STATURE_FRACTIONS.eye],
  ['left_eye_outer', STATURE_FRACTIONS.eye],
  ['right_eye_inner', STATURE_FRACTIONS.eye],
  ['right_eye_outer', STATURE_FRACTIONS.eye],
  ['mouth_left', STATURE_FRACTIONS.mouth],
  ['mouth_right', STATURE_FRACTIONS.mouth],
];
/** What "the head is visible" means: the nose or an eye. */
const HEAD_REQUIRED: readonly KeypointName[] = ['nose', 'left_eye', 'right_eye'];
const FOOT_ANCHORS: ReadonlyArray<[KeypointName, number]> = [
  ['left_ankle', STATURE_FRACTIONS.ankle],
  ['right_ankle', STATURE_FRACTIONS.ankle],
  ['left_heel', STATURE_FRACTIONS.heel],
  ['right_heel', STATURE_FRACTIONS.heel],
];

type Point = { x: number; y: number; score: number };
type KeypointMap = Map<KeypointName, Point>;

// ---------------------------------------------------------------------------------------------
// Validation (malformed input throws)
// ---------------------------------------------------------------------------------------------

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function validateView(view: unknown, path: string): KeypointMap {
  if (view === null || typeof view !== 'object') throw new ScanInputError(path, `${path} must be an object`);
  const v = view as Partial<ScanView>;
  for (const key of ['imageWidth', 'imageHeight'] as const) {
    const size = v[key];
    if (!isFiniteNumber(size) || size <= 0 || size > SCAN_THRESHOLDS.maxImageSide) {
      throw new ScanInputError(`${path}.${key}`, `${key} must be a positive number of pixels, at most ${SCAN_THRESHOLDS.maxImageSide}`);
    }
  }
  const width = v.imageWidth as number;
  const height = v.imageHeight as number;
  if (v.mirrored !== undefined && v.mirrored !== null && typeof v.mirrored !== 'boolean') {
    throw new ScanInputError(`${path}.mirrored`, 'mirrored must be a boolean');
  }
  if (!Array.isArray(v.keypoints)) throw new ScanInputError(`${path}.keypoints`, 'keypoints must be a list');
  if (v.keypoints.length > SCAN_THRESHOLDS.maxKeypoints) {
    throw new ScanInputError(`${path}.keypoints`, `at most ${SCAN_THRESHOLDS.maxKeypoints} keypoints per view (got ${v.keypoints.length})`);
  }
  const maxX = width * (1 + SCAN_THRESHOLDS.coordinateMarginFraction);
  const maxY = height * (1 + SCAN_THRESHOLDS.coordinateMarginFraction);
  const map: KeypointMap = new Map();
  v.keypoints.forEach((kp: unknown, i: number) => {
    const at = `${path}.keypoints[${i}]`;
    if (kp === null || typeof kp !== 'object') throw new ScanInputError(at, 'a keypoint must be an object');
    const k = kp as Partial<ScanKeypoint>;
    const name = typeof k.name === 'string' ? canonicalKeypointName(k.name) : null;
    if (name === null) {
      throw new ScanInputError(`${at}.name`, `unknown keypoint name ${JSON.stringify(k.name)}: expected a COCO-17 or BlazePose-33 name`);
    }
    if (map.has(name)) throw new ScanInputError(`${at}.name`, `keypoint ${name} appears twice in ${path}`);
    if (!isFiniteNumber(k.x) || k.x < 0 || k.x > maxX) throw new ScanInputError(`${at}.x`, `x must be a pixel column within the image (0..${width})`);
    if (!isFiniteNumber(k.y) || k.y < 0 || k.y > maxY) throw new ScanInputError(`${at}.y`, `y must be a pixel row within the image (0..${height})`);
    if (!isFiniteNumber(k.score) || k.score < 0 || k.score > 1) throw new ScanInputError(`${at}.score`, 'score must be between 0 and 1');
    map.set(name, { x: k.x, y: k.y, score: k.score });
  });
  if (v.silhouette !== undefined && v.silhouette !== null) {
    if (typeof v.silhouette !== 'object') throw new ScanInputError(`${path}.silhouette`, 'silhouette must be an object');
    for (const key of ['chestPx', 'waistPx', 'hipPx'] as const) {
      const w = v.silhouette[key];
      if (w === undefined || w === null) continue;
      if (!isFiniteNumber(w) || w < 0 || w > width) {
        throw new ScanInputError(`${path}.silhouette.${key}`, `${key} must be a width in pixels between 0 and the image width (${width})`);
      }
    }
  }
  return map;
}

function validateRequest(req: unknown): { front: KeypointMap; side: KeypointMap | null } {
  if (req === null || typeof req !== 'object') throw new ScanInputError('', 'the scan request must be an object');
  const r = req as Partial<ScanRequest>;
  if (r.front === undefined || r.front === null) throw new ScanInputError('front', 'a front view is required');
  const front = validateView(r.front, 'front');
  const side = r.side === undefined || r.side === null ? null : validateView(r.side, 'side');
  const [minH, maxH] = SCAN_THRESHOLDS.declaredHeightCm;
  if (!isFiniteNumber(r.declaredHeightCm) || r.declaredHeightCm < minH || r.declaredHeightCm > maxH) {
    throw new ScanInputError('declaredHeightCm', `declared height must be between ${minH} and ${maxH} cm`);
  }
  if (r.weightKg !== undefined && r.weightKg !== null) {
    const [minW, maxW] = SCAN_THRESHOLDS.weightKg;
    if (!isFiniteNumber(r.weightKg) || r.weightKg < minW || r.weightKg > maxW) {
      throw new ScanInputError('weightKg', `weight must be between ${minW} and ${maxW} kg`);
    }
  }
  if (r.sex !== 'M' && r.sex !== 'F') throw new ScanInputError('sex', "sex must be 'M' or 'F'");
  return { front, side };
}

// ---------------------------------------------------------------------------------------------
// Geometry helpers
// ---------------------------------------------------------------------------------------------

const DEG = 180 / Math.PI;
const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const round1 = (x: number): number => Math.round(x * 10) / 10;

function seen(map: KeypointMap, name: KeypointName): Point | null {
  const p = map.get(name);
  return p && p.score >= SCAN_THRESHOLDS.minKeypointScore ? p : null;
}

/** Angle of the line a-b from horizontal, 0..90 degrees. */
function tiltFromHorizontal(a: Point, b: Point): number {
  return Math.atan2(Math.abs(a.y - b.y), Math.abs(a.x - b.x)) * DEG;
}

/** Angle at `vertex` between the rays to a and b, degrees (180 = straight). */
function angleAt(vertex: Point, a: Point, b: Point): number {
  const ux = a.x - vertex.x;
  const uy = a.y - vertex.y;
  const vx = b.x - vertex.x;
  const vy = b.y - vertex.y;
  const cos = (ux * vx + uy * vy) / (Math.hypot(ux, uy) * Math.hypot(vx, vy));
  return Math.acos(Math.max(-1, Math.min(1, cos))) * DEG;
}

interface StatureFit {
  /** Person's height in pixels, vertex to floor. */
  heightPx: number;
  floorY: number;
  vertexY: number;
  /** Scores of the anchors used: the best head point and the best point of each visible foot. */
  anchorScores: number[];
  /** Image row of the floor under each foot by its own anchors (score-weighted), when both feet are seen. */
  feetFloorY: { left: number; right: number } | null;
}

/**
 * Fits image row = floorY - heightPx x (landmark height fraction) through the confident head and
 * foot anchors by weighted least squares. The head group and the foot group weigh the same in
 * total (a face with seven points does not outvote two ankles); inside a group, by score.
 */
function fitStature(map: KeypointMap): StatureFit | null {
  const groups = [HEAD_ANCHORS, FOOT_ANCHORS].map((anchors) =>
    anchors.flatMap(([name, f]) => {
      const p = seen(map, name);
      return p ? [{ y: p.y, f, w: p.score, name }] : [];
    }),
  );
  if (groups.some((g) => g.length === 0)) return null;
  const pts = groups.flatMap((g) => {
    const total = g.reduce((s, p) => s + p.w, 0);
    return g.map((p) => ({ ...p, w: p.w / total }));
  });
  const wSum = pts.reduce((s, p) => s + p.w, 0);
  const fMean = pts.reduce((s, p) => s + p.w * p.f, 0) / wSum;
  const yMean = pts.reduce((s, p) => s + p.w * p.y, 0) / wSum;
  let sff = 0;
  let sfy = 0;
  for (const p of pts) {
    sff += p.w * (p.f - fMean) ** 2;
    sfy += p.w * (p.f - fMean) * (p.y - yMean);
  }
  const heightPx = -sfy / sff;
  const floorY = yMean + heightPx * fMean;
  const headScore = Math.max(...groups[0].map((p) => p.w));
  const footScores = (['left', 'right'] as const).flatMap((s) => {
    const scores = [map.get(`${s}_ankle`), map.get(`${s}_heel`)]
      .filter((p): p is Point => !!p && p.score >= SCAN_THRESHOLDS.minKeypointScore)
      .map((p) => p.score);
    return scores.length ? [Math.max(...scores)] : [];
  });
  const footFloor = (side: 'left' | 'right'): number | null => {
    const anchors = groups[1].filter((p) => p.name.startsWith(side));
    const total = anchors.reduce((s, p) => s + p.w, 0);
    return anchors.length ? anchors.reduce((s, p) => s + p.w * (p.y + heightPx * p.f), 0) / total : null;
  };
  const left = footFloor('left');
  const right = footFloor('right');
  const feetFloorY = left !== null && right !== null ? { left, right } : null;
  return { heightPx, floorY, vertexY: floorY - heightPx, anchorScores: [headScore, ...footScores], feetFloorY };
}

/** Why a declared weight cannot be this body's (a typo, most likely), or null when it can. */
function weightProblem(
  weightKg: number,
  sex: 'M' | 'F',
  statureMm: number,
  breadths: { chestBreadthMm: number; waistBreadthMm: number; hipBreadthMm: number },
  depths: { chestDepthMm: number; waistDepthMm: number; buttockDepthMm: number } | null,
  imputed: boolean,
): string | null {
  const bmi = weightKg / (statureMm / 1000) ** 2;
  const [minBmi, maxBmi] = SCAN_THRESHOLDS.bmi;
  if (bmi < minBmi || bmi > maxBmi) {
    return `${weightKg} kg at ${statureMm / 10} cm is a BMI of ${Math.round(bmi)}, outside ${minBmi}..${maxBmi}`;
  }
  const g = WEIGHT_FROM_GEOMETRY[sex];
  const chestDepth = depths?.chestDepthMm ?? breadths.chestBreadthMm * g.depthPerBreadth.chest;
  const waistDepth = depths?.waistDepthMm ?? breadths.waistBreadthMm * g.depthPerBreadth.waist;
  const hipDepth = depths?.buttockDepthMm ?? breadths.hipBreadthMm * g.depthPerBreadth.hip;
  const sectionMm2 = (Math.PI / 4) * ((breadths.chestBreadthMm * chestDepth + breadths.waistBreadthMm * waistDepth + breadths.hipBreadthMm * hipDepth) / 3);
  const seenKg = g.k * sectionMm2 * statureMm * 1e-6; // mm^3 at 1 kg/L
  const limit = imputed ? SCAN_THRESHOLDS.maxWeightRatioImputed : SCAN_THRESHOLDS.maxWeightRatio;
  const ratio = weightKg / seenKg;
  if (ratio > limit || ratio < 1 / limit) {
    return `${weightKg} kg is far from the body seen (about ${Math.round(seenKg)} kg for these breadths and height)`;
  }
  return null;
}

function expectedBiacromialMm(sex: 'M' | 'F', statureMm: number): number {
  return IMPUTATION_RATIOS[sex].biacromialPerStature * statureMm;
}

function outside(value: number, [lo, hi]: readonly [number, number]): boolean {
  return !(value >= lo && value <= hi);
}

function reject(found: Array<{ code: ScanRejectionCode; message: string }>): ScanAnalysis {
  const order = (code: ScanRejectionCode) => SCAN_REJECTION_CODES.indexOf(code);
  const sorted = [...found].sort((a, b) => order(a.code) - order(b.code));
  return { ok: false, rejections: sorted, hint: HINTS[sorted[0].code] };
}

// ---------------------------------------------------------------------------------------------
// Side view
// ---------------------------------------------------------------------------------------------

type SideResult =
  | { used: true; chestDepthMm: number; waistDepthMm: number; buttockDepthMm: number }
  | { used: false; reason: string };

/**
 * An unusable side view is dropped with a note rather than rejecting the scan: the front-only
 * condition is a trained, fully supported path of the body model (wider sigma on the girths), so
 * sending the customer back for another side view costs more than it gains. The three depths are
 * used together or not at all, as `conditionOf` treats a partial side view as none.
 */
function analyseSideView(view: ScanView, map: KeypointMap, sex: 'M' | 'F', statureMm: number): SideResult {
  const sil = view.silhouette;
  if (!sil || sil.chestPx == null || sil.waistPx == null || sil.hipPx == null) {
    return { used: false, reason: 'it has no silhouette depths at chest, waist and hip' };
  }
  if (!HEAD_REQUIRED.some((n) => seen(map, n))) return { used: false, reason: 'the head is not visible' };
  if (!FOOT_ANCHORS.some(([n]) => seen(map, n))) return { used: false, reason: 'the feet are not visible' };
  const fit = fitStature(map);
  if (!fit || fit.heightPx <= 0) return { used: false, reason: 'the person is not upright' };
  const meanScore = mean(fit.anchorScores);
  if (meanScore < SCAN_THRESHOLDS.minMeanScore) return { used: false, reason: `keypoint confidence is low (${meanScore.toFixed(2)})` };
  if (fit.heightPx < SCAN_THRESHOLDS.minHeightFraction * view.imageHeight) return { used: false, reason: 'the person is too far away' };
  const margin = SCAN_THRESHOLDS.edgeMarginFraction * view.imageHeight;
  if (fit.vertexY < -margin || fit.floorY > view.imageHeight + margin) return { used: false, reason: 'the person is cut off by the image edge' };
  const mmPerPx = statureMm / fit.heightPx;
  const ls = seen(map, 'left_shoulder');
  const rs = seen(map, 'right_shoulder');
  if (ls && rs && dist(ls, rs) * mmPerPx > SCAN_THRESHOLDS.minShoulderSpanFraction * expectedBiacromialMm(sex, statureMm)) {
    return { used: false, reason: 'it shows the shoulders side by side, so it is not a side view' };
  }
  const depths = {
    chestDepthMm: round1(sil.chestPx * mmPerPx),
    waistDepthMm: round1(sil.waistPx * mmPerPx),
    buttockDepthMm: round1(sil.hipPx * mmPerPx),
  };
  for (const [key, value] of Object.entries(depths) as [keyof typeof depths, number][]) {
    if (outside(value, PLAUSIBLE_MM[key])) {
      return { used: false, reason: `its ${key.replace(/Mm$/, '')} of ${Math.round(value)} mm is implausible` };
    }
  }
  return { used: true, ...depths };
}

// ---------------------------------------------------------------------------------------------
// The analysis
// ---------------------------------------------------------------------------------------------

/**
 * Turns a kiosk's front (and optional side) view into the protocol's observables, or says why the
 * scan cannot be trusted with one short instruction for the customer.
 * @throws ScanInputError for malformed input (unknown or repeated keypoint names, coordinates
 *   outside the image, out-of-range height/weight...), never for a poor scan.
 */
export function analyseScan(req: ScanRequest): ScanAnalysis {
  const { front: map, side: sideMap } = validateRequest(req);
  const view = req.front;
  const sex = req.sex;
  const statureMm = req.declaredHeightCm * 10;
  const found: Array<{ code: ScanRejectionCode; message: string }> = [];
  const add = (code: ScanRejectionCode, message: string) => found.push({ code, message });

  // --- Stage 1: is the person there, facing us, with the points every measurement needs? -------
  const anySeen = [...map.values()].some((p) => p.score >= SCAN_THRESHOLDS.minKeypointScore);
  if (!anySeen) return reject([{ code: 'NO_PERSON', message: 'No body keypoint was detected with enough confidence' }]);

  const ls = seen(map, 'left_shoulder');
  const rs = seen(map, 'right_shoulder');
  const lh = seen(map, 'left_hip');
  const rh = seen(map, 'right_hip');
  if (ls && rs) {
    // Facing the camera in an unflipped image, the subject's left is on the image's right.
    const leftOnRight = ls.x > rs.x;
    if (leftOnRight === !!view.mirrored) add('NOT_FACING', 'Left and right shoulders are swapped: the person is facing away from the camera');
  }
  if (!HEAD_REQUIRED.some((n) => seen(map, n))) add('HEAD_NOT_VISIBLE', 'Neither the nose nor an eye was detected');
  const footSeen = (s: 'left' | 'right') => !!(seen(map, `${s}_ankle`) || seen(map, `${s}_heel`));
  if (!footSeen('left') || !footSeen('right')) {
    const missing = (['left', 'right'] as const).filter((s) => !footSeen(s));
    add('FEET_NOT_VISIBLE', `No ankle or heel detected for the ${missing.join(' and ')} foot`);
  }
  if (!ls || !rs || !lh || !rh) {
    const missing = (['left_shoulder', 'right_shoulder', 'left_hip', 'right_hip'] as const).filter((n) => !seen(map, n));
    add('BODY_NOT_VISIBLE', `Not detected: ${missing.join(', ')}`);
  }
  const marginX = SCAN_THRESHOLDS.edgeMarginFraction * view.imageWidth;
  const marginY = SCAN_THRESHOLDS.edgeMarginFraction * view.imageHeight;
  const atEdge = [...map.entries()].filter(
    ([, p]) =>
      p.score >= SCAN_THRESHOLDS.minKeypointScore &&
      (p.x < marginX || p.x > view.imageWidth - marginX || p.y < marginY || p.y > view.imageHeight - marginY),
  );
  if (atEdge.length) add('TOO_CLOSE', `Keypoints at the image edge: ${atEdge.map(([n]) => n).join(', ')}`);
  if (found.some((r) => r.code !== 'TOO_CLOSE') || !ls || !rs || !lh || !rh) return reject(found);

  // --- Stage 2: scale, framing, confidence and posture -----------------------------------------
  const fit = fitStature(map);
  if (!fit || fit.heightPx <= 0) {
    add('NOT_STANDING_STRAIGHT', 'The head is not above the feet');
    return reject(found);
  }
  const mmPerPx = statureMm / fit.heightPx;
  if ((fit.vertexY < -marginY || fit.floorY > view.imageHeight + marginY) && !atEdge.length) {
    add('TOO_CLOSE', `The estimated ${fit.vertexY < -marginY ? 'top of the head' : 'floor line'} is outside the image`);
  }
  const heightFraction = fit.heightPx / view.imageHeight;
  if (heightFraction < SCAN_THRESHOLDS.minHeightFraction) {
    add('TOO_FAR', `The person fills ${Math.round(heightFraction * 100)}% of the image height (at least ${SCAN_THRESHOLDS.minHeightFraction * 100}% needed)`);
  }

  // An arm counts when its shoulder, elbow and wrist are all confident; lengths are the mean over such arms.
  const arms = (['left', 'right'] as const).flatMap((side) => {
    const shoulder = side === 'left' ? ls : rs;
    const elbow = seen(map, `${side}_elbow`);
    const wrist = seen(map, `${side}_wrist`);
    return elbow && wrist ? [{ side, shoulder, elbow, wrist }] : [];
  });
  const neededScores = [...fit.anchorScores, ls.score, rs.score, lh.score, rh.score, ...arms.flatMap((a) => [a.elbow.score, a.wrist.score])];
  const meanScore = mean(neededScores);
  if (meanScore < SCAN_THRESHOLDS.minMeanScore) {
    add('LOW_CONFIDENCE', `Mean keypoint score ${meanScore.toFixed(2)} is below ${SCAN_THRESHOLDS.minMeanScore}`);
  }

  const shoulderSpanMm = dist(ls, rs) * mmPerPx;
  const expectedSpan = expectedBiacromialMm(sex, statureMm);
  if (shoulderSpanMm < SCAN_THRESHOLDS.minShoulderSpanFraction * expectedSpan) {
    add('NOT_FACING', `Shoulders span ${Math.round(shoulderSpanMm)} mm, far less than the ~${Math.round(expectedSpan)} mm expected: the body is turned`);
  }
  const maxTilt = SCAN_THRESHOLDS.maxTiltDeg;
  const shoulderTilt = tiltFromHorizontal(ls, rs);
  const hipTilt = tiltFromHorizontal(lh, rh);
  const midShoulder = { x: (ls.x + rs.x) / 2, y: (ls.y + rs.y) / 2, score: 1 };
  const midHip = { x: (lh.x + rh.x) / 2, y: (lh.y + rh.y) / 2, score: 1 };
  const lean = Math.atan2(Math.abs(midShoulder.x - midHip.x), Math.max(1e-9, midHip.y - midShoulder.y)) * DEG;
  if (shoulderTilt > maxTilt) add('NOT_STANDING_STRAIGHT', `Shoulders tilted ${shoulderTilt.toFixed(1)} deg`);
  if (hipTilt > maxTilt) add('NOT_STANDING_STRAIGHT', `Hips tilted ${hipTilt.toFixed(1)} deg`);
  if (midHip.y <= midShoulder.y || lean > maxTilt) add('NOT_STANDING_STRAIGHT', `Trunk leans ${lean.toFixed(1)} deg from vertical`);
  // The floor under each foot: a foot on a step or tiptoe stands higher than the other.
  const feetLevelMm = fit.feetFloorY ? Math.abs(fit.feetFloorY.left - fit.feetFloorY.right) * mmPerPx : 0;
  if (feetLevelMm > SCAN_THRESHOLDS.maxFeetLevelMm) {
    const higher = fit.feetFloorY!.left < fit.feetFloorY!.right ? ['left', 'right'] : ['right', 'left'];
    add('NOT_STANDING_STRAIGHT', `The ${higher[0]} foot is ${Math.round(feetLevelMm / 10)} cm higher than the ${higher[1]}: both feet should be flat on the floor`);
  }
  for (const s of ['left', 'right'] as const) {
    const hip = s === 'left' ? lh : rh;
    const knee = seen(map, `${s}_knee`);
    const ankle = seen(map, `${s}_ankle`);
    if (knee && ankle) {
      const angle = angleAt(knee, hip, ankle);
      if (angle < SCAN_THRESHOLDS.minKneeAngleDeg) add('NOT_STANDING_STRAIGHT', `The ${s} knee is bent (${Math.round(angle)} deg)`);
    }
  }

  if (!arms.length) add('ARMS_NOT_VISIBLE', 'No arm with shoulder, elbow and wrist all detected');
  if (found.length) return reject(found);

  // --- Stage 3: measurements ------------------------------------------------------------------
  const notes: string[] = [];
  const imputed: string[] = [];
  const cal = KEYPOINT_CALIBRATION;
  const biacromialBreadthMm = shoulderSpanMm * cal.biacromialPerShoulderSpan;
  const shoulderElbowLengthMm = mean(arms.map((a) => dist(a.shoulder, a.elbow))) * mmPerPx * cal.shoulderElbowPerKeypointDistance;
  const elbowWristLengthMm = mean(arms.map((a) => dist(a.elbow, a.wrist))) * mmPerPx * cal.elbowWristPerKeypointDistance;
  if (arms.length === 1) notes.push(`Arm lengths from the ${arms[0].side} arm only: the other was not detected confidently`);
  const crotchHeightMm = (fit.floorY - midHip.y) * mmPerPx * CROTCH_PER_HIP_JOINT_HEIGHT;

  const ratios = IMPUTATION_RATIOS[sex];
  const hipSpanMm = dist(lh, rh) * mmPerPx;
  const imputations = {
    chestBreadthMm: () => biacromialBreadthMm * ratios.chestPerBiacromial,
    waistBreadthMm: () => biacromialBreadthMm * ratios.waistPerBiacromial,
    // Two independent predictors with different failure modes: average them.
    hipBreadthMm: () => (biacromialBreadthMm * ratios.hipPerBiacromial + hipSpanMm * cal.hipBreadthPerHipKeypointSpan) / 2,
  };
  const silhouette = view.silhouette ?? {};
  const silhouetteKey = { chestBreadthMm: 'chestPx', waistBreadthMm: 'waistPx', hipBreadthMm: 'hipPx' } as const;
  const breadths = { chestBreadthMm: 0, waistBreadthMm: 0, hipBreadthMm: 0 };
  for (const key of Object.keys(breadths) as (keyof typeof breadths)[]) {
    const px = silhouette[silhouetteKey[key]];
    if (px === undefined || px === null) {
      breadths[key] = imputations[key]();
      imputed.push(key);
    } else {
      breadths[key] = px * mmPerPx;
    }
  }
  if (imputed.length) {
    notes.push(`No front silhouette for ${imputed.map((k) => k.replace(/BreadthMm$/, '')).join(', ')}: breadth estimated from shoulder and hip keypoints with population ratios`);
  }

  const checks: Array<[string, number, readonly [number, number]]> = [
    ['biacromialBreadthMm', biacromialBreadthMm, PLAUSIBLE_MM.biacromialBreadthMm],
    ['chestBreadthMm', breadths.chestBreadthMm, PLAUSIBLE_MM.chestBreadthMm],
    ['waistBreadthMm', breadths.waistBreadthMm, PLAUSIBLE_MM.waistBreadthMm],
    ['hipBreadthMm', breadths.hipBreadthMm, PLAUSIBLE_MM.hipBreadthMm],
    ['shoulderElbowLengthMm', shoulderElbowLengthMm, PLAUSIBLE_MM.shoulderElbowLengthMm],
    ['elbowWristLengthMm', elbowWristLengthMm, PLAUSIBLE_MM.elbowWristLengthMm],
    ['crotchHeightMm', crotchHeightMm, [PLAUSIBLE_CROTCH_FRACTION[0] * statureMm, PLAUSIBLE_CROTCH_FRACTION[1] * statureMm]],
  ];
  for (const [key, value, range] of checks) {
    if (outside(value, range)) add('IMPLAUSIBLE', `${key} ${Math.round(value)} mm is outside ${Math.round(range[0])}..${Math.round(range[1])} mm`);
  }
  if (found.length) return reject(found);

  let side: SideResult = { used: false, reason: 'no side view was taken' };
  if (req.side && sideMap) {
    side = analyseSideView(req.side, sideMap, sex, statureMm);
    if (!side.used) notes.push(`Side view not used: ${side.reason}; depths left out (front-only estimate)`);
  }

  // The declared weight goes into the model as it is: one far from the body the camera saw (a typo
  // such as 250 for 85) would move every girth with full confidence.
  if (req.weightKg !== undefined && req.weightKg !== null) {
    const problem = weightProblem(req.weightKg, sex, statureMm, breadths, side.used ? side : null, imputed.length > 0);
    if (problem) return reject([{ code: 'WEIGHT_IMPLAUSIBLE', message: problem }]);
  }

  // Quality: detector confidence x framing x posture x completeness, each factor in 0.7..1 except confidence.
  const framing = 0.7 + 0.3 * Math.min(1, Math.max(0, (heightFraction - SCAN_THRESHOLDS.minHeightFraction) / (0.6 - SCAN_THRESHOLDS.minHeightFraction)));
  const posture = 1 - 0.3 * Math.max(Math.max(shoulderTilt, hipTilt, lean) / maxTilt, feetLevelMm / SCAN_THRESHOLDS.maxFeetLevelMm);
  const completeness = 1 - 0.1 * imputed.length - (side.used ? 0 : 0.05);
  const quality = Math.round(Math.min(1, Math.max(0, meanScore * framing * posture * completeness)) * 1000) / 1000;

  const observables: BodyObservables = {
    sex,
    statureMm,
    weightKg: req.weightKg ?? null,
    biacromialBreadthMm: round1(biacromialBreadthMm),
    chestBreadthMm: round1(breadths.chestBreadthMm),
    waistBreadthMm: round1(breadths.waistBreadthMm),
    hipBreadthMm: round1(breadths.hipBreadthMm),
    chestDepthMm: side.used ? side.chestDepthMm : null,
    waistDepthMm: side.used ? side.waistDepthMm : null,
    buttockDepthMm: side.used ? side.buttockDepthMm : null,
    crotchHeightMm: round1(crotchHeightMm),
    shoulderElbowLengthMm: round1(shoulderElbowLengthMm),
    elbowWristLengthMm: round1(elbowWristLengthMm),
  };
  const qualityFactors = { detection: meanScore, framing, posture };
  return { ok: true, observables, pixelsPerMm: fit.heightPx / statureMm, quality, qualityFactors, imputed, notes, sideViewUsed: side.used };
}
