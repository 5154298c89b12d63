import type { BodyProfileData } from '../body/body-profile.data';
import { CROTCH_PER_HIP_JOINT_HEIGHT, STATURE_FRACTIONS } from '../body/scan/scan-geometry';
import { clamp, distance, interpolateByY, lerpPoint, midpoint, Point } from './geometry';

/*
 * Where a body is on the render canvas: the keypoints garments are anchored to and the outline of
 * the torso at the body lines, in canvas pixels. The privacy figure (figure.ts) and a kiosk's
 * camera frame (framePose below) both produce one, so the garment maths is the same for both.
 *
 * Heights are fractions of stature above the floor, as in the scan geometry (ANSUR II medians and
 * Drillis et al.); breadths come from the measured profile's girths (an ellipse-like torso: breadth
 * = girth x GIRTH_TO_BREADTH) and shoulder breadth.
 */

/** The render canvas: portrait, the mirror's aspect. */
export const CANVAS = { width: 768, height: 1024 } as const;
export type Canvas = { width: number; height: number };

export const BODY_FRACTIONS = {
  vertex: 1,
  headCentre: 0.935,
  chin: 0.87,
  /** High point of the shoulder, beside the neck: where a garment's length is measured from. */
  hps: 0.845,
  /** Front of the neck base (suprasternale): a crew neckline sits here. */
  neck: 0.815,
  shoulder: STATURE_FRACTIONS.shoulder,
  armpit: 0.755,
  chest: 0.72,
  waist: 0.615,
  hip: 0.505,
  knee: STATURE_FRACTIONS.knee,
  ankle: STATURE_FRACTIONS.ankle,
  heel: STATURE_FRACTIONS.heel,
  toe: 0.004,
} as const;

/** Front-view breadth over girth: chest (with the lats), waist and hip. ANSUR II gives 0.28-0.35. */
export const GIRTH_TO_BREADTH = { chest: 0.32, waist: 0.33, hip: 0.34 } as const;

export type PoseKey =
  | 'neck'
  | 'left_shoulder'
  | 'right_shoulder'
  | 'left_elbow'
  | 'right_elbow'
  | 'left_wrist'
  | 'right_wrist'
  | 'left_hip'
  | 'right_hip'
  | 'crotch'
  | 'left_knee'
  | 'right_knee'
  | 'left_ankle'
  | 'right_ankle'
  | 'left_heel'
  | 'right_heel'
  | 'left_toe'
  | 'right_toe';

/** The torso at one body line: its row, centre and half-width, pixels. */
export interface BodyLine {
  y: number;
  cx: number;
  half: number;
}

export interface BodyPose {
  canvas: Canvas;
  pxPerCm: number;
  statureCm: number;
  /** +1 when the wearer's left is at larger x (a camera's view, the figure), -1 in a mirrored frame. */
  leftSign: 1 | -1;
  /** Row of the high point of the shoulder. */
  hpsY: number;
  points: Record<PoseKey, Point>;
  lines: { shoulder: BodyLine; armpit: BodyLine; chest: BodyLine; waist: BodyLine; hip: BodyLine; crotch: BodyLine };
  /** Half-widths of the limbs, pixels. */
  limbs: { upperArm: number; forearm: number; wrist: number; thigh: number; knee: number; ankle: number; neck: number };
}

export type Side = 'left' | 'right';
export const SIDES: readonly Side[] = ['left', 'right'];

/** +1/-1: the direction of x that points away from the body's centre on that side. */
export function outward(pose: BodyPose, side: Side): number {
  return side === 'left' ? pose.leftSign : -pose.leftSign;
}

/** Half-width of the torso at row y, interpolated between the body lines. */
export function torsoHalfAt(pose: BodyPose, y: number): number {
  const l = pose.lines;
  return interpolateByY([l.shoulder, l.armpit, l.chest, l.waist, l.hip, l.crotch].map((line) => ({ y: line.y, value: line.half })), y);
}

/** Centre of the torso at row y. */
export function torsoCentreAt(pose: BodyPose, y: number): number {
  const l = pose.lines;
  return interpolateByY([l.shoulder, l.armpit, l.chest, l.waist, l.hip, l.crotch].map((line) => ({ y: line.y, value: line.cx })), y);
}

export function armOf(pose: BodyPose, side: Side): Point[] {
  return [pose.points[`${side}_shoulder`], pose.points[`${side}_elbow`], pose.points[`${side}_wrist`]];
}

export function legOf(pose: BodyPose, side: Side): Point[] {
  return [pose.points[`${side}_hip`], pose.points[`${side}_knee`], pose.points[`${side}_ankle`]];
}

/** Profile values kept inside a drawable range, so an odd estimate cannot break the figure. */
export function drawableBody(p: BodyProfileData) {
  const height = clamp(p.heightCm.valueCm, 100, 230);
  const crotch = clamp(p.inseamCm.valueCm / height, 0.4, 0.52);
  return {
    height,
    chest: clamp(p.chestCm.valueCm, 0.35 * height, 0.95 * height),
    waist: clamp(p.waistCm.valueCm, 0.3 * height, 0.95 * height),
    hip: clamp(p.hipCm.valueCm, 0.4 * height, 0.95 * height),
    neck: clamp(p.neckCm.valueCm, 0.15 * height, 0.32 * height),
    thigh: clamp(p.thighCm.valueCm, 0.22 * height, 0.6 * height),
    sleeve: clamp(p.sleeveCm.valueCm, 0.28 * height, 0.4 * height),
    foot: clamp(p.footLengthCm.valueCm, 0.12 * height, 0.19 * height),
    shoulder: clamp(p.shoulderBreadthCm.valueCm, 0.17 * height, 0.3 * height),
    /** Crotch height over stature. */
    crotch,
    /** Hip joint height over stature. */
    hipJoint: crotch / CROTCH_PER_HIP_JOINT_HEIGHT,
  };
}
export type DrawableBody = ReturnType<typeof drawableBody>;

/** Limb half-widths in cm from the profile's girths and stature. */
export function limbHalvesCm(b: DrawableBody) {
  return {
    upperArm: b.chest * 0.05,
    forearm: b.chest * 0.04,
    wrist: b.height * 0.016,
    thigh: Math.max(b.thigh / (2 * Math.PI), (b.hip * GIRTH_TO_BREADTH.hip) / 4),
    knee: b.height * 0.03,
    ankle: b.height * 0.0175,
    neck: b.neck / (2 * Math.PI),
  };
}

/** Arm abduction of the A-pose the figure and the generated assets share, degrees (upper arm, forearm). */
export const A_POSE_DEG = { upperArm: 14, forearm: 20 } as const;
/** Upper arm share of the arm's outseam (shoulder to wrist). */
export const UPPER_ARM_SHARE = 0.56;

/** Elbow and wrist of the A-pose hanging from a shoulder point. */
export function aPoseArm(shoulder: Point, outwardSign: number, sleeveCm: number, pxPerCm: number): { elbow: Point; wrist: Point } {
  const rad = Math.PI / 180;
  const upper = UPPER_ARM_SHARE * sleeveCm * pxPerCm;
  const fore = (1 - UPPER_ARM_SHARE) * sleeveCm * pxPerCm;
  const elbow = { x: shoulder.x + outwardSign * upper * Math.sin(A_POSE_DEG.upperArm * rad), y: shoulder.y + upper * Math.cos(A_POSE_DEG.upperArm * rad) };
  const wrist = { x: elbow.x + outwardSign * fore * Math.sin(A_POSE_DEG.forearm * rad), y: elbow.y + fore * Math.cos(A_POSE_DEG.forearm * rad) };
  return { elbow, wrist };
}

// ---------------------------------------------------------------------------------------------
// Camera frame
// ---------------------------------------------------------------------------------------------

/** Keypoints of a camera frame the try-on needs (canvas pixels), by COCO/BlazePose name. */
export type FrameKeypoints = Partial<Record<string, Point>>;

/** Keypoints a frame must have for garments to be placed on it. */
export const REQUIRED_FRAME_KEYPOINTS = ['left_shoulder', 'right_shoulder', 'left_hip', 'right_hip', 'left_ankle', 'right_ankle'] as const;

/**
 * How a camera frame's body must look for garments to be placed on it, as fractions of the body's
 * length in the frame (shoulder midpoint to hip midpoint to ankle midpoint, the length framePose
 * scales by). A facing adult's shoulder keypoints span ~0.29-0.30 of it (biacromial breadth
 * ~0.23 of stature, shoulder-to-ankle ~0.78), the hip keypoints ~0.12-0.14 and the ankles ~0.06
 * with the feet together. The limits are half of those or less, so a customer turned up to ~60
 * degrees, or standing with feet together, is still drawn on; below them the left and right points
 * (nearly) coincide, garments would be drawn edge-on and their warp cannot be fitted.
 */
export const FRAME_POSE_LIMITS = {
  minShoulderSpan: 0.14,
  minHipSpan: 0.05,
  minAnkleSpan: 0.02,
  /** Shoulder-to-ankle length over the frame's height, below which the customer is too far away. */
  minBodyLength: 0.2,
} as const;

export type FramePoseProblem = { code: 'NOT_FACING' | 'TOO_FAR' | 'NOT_STANDING_STRAIGHT'; message: string };

/**
 * What stops garments being placed on a frame's keypoints (frame pixels), worst first; empty when
 * they can be. The thresholds are relative to the body's size in the frame (FRAME_POSE_LIMITS).
 */
export function framePoseProblems(keypoints: FrameKeypoints, frame: { width: number; height: number }): FramePoseProblem[] {
  const k = (name: (typeof REQUIRED_FRAME_KEYPOINTS)[number]): Point => {
    const p = keypoints[name];
    if (!p) throw new Error(`the frame has no ${name} keypoint`);
    return p;
  };
  const shoulderMid = midpoint(k('left_shoulder'), k('right_shoulder'));
  const hipMid = midpoint(k('left_hip'), k('right_hip'));
  const ankleMid = midpoint(k('left_ankle'), k('right_ankle'));
  if (!(shoulderMid.y < hipMid.y && hipMid.y < ankleMid.y)) {
    return [{ code: 'NOT_STANDING_STRAIGHT', message: 'The shoulders, hips and ankles are not one above the other: the customer is not standing upright in the frame' }];
  }
  const length = distance(shoulderMid, hipMid) + distance(hipMid, ankleMid);
  const px = (v: number) => `${Math.round(v)} px`;
  if (length < FRAME_POSE_LIMITS.minBodyLength * frame.height) {
    return [{ code: 'TOO_FAR', message: `The body spans ${px(length)} from shoulders to ankles, less than ${FRAME_POSE_LIMITS.minBodyLength * 100}% of the frame's ${px(frame.height)}` }];
  }
  const problems: FramePoseProblem[] = [];
  const pairs = [
    ['shoulders', 'left_shoulder', 'right_shoulder', FRAME_POSE_LIMITS.minShoulderSpan, 'NOT_FACING', 'the body is turned sideways'],
    ['hips', 'left_hip', 'right_hip', FRAME_POSE_LIMITS.minHipSpan, 'NOT_FACING', 'the body is turned sideways'],
    ['ankles', 'left_ankle', 'right_ankle', FRAME_POSE_LIMITS.minAnkleSpan, 'NOT_STANDING_STRAIGHT', 'the legs are crossed or one foot is behind the other'],
  ] as const;
  for (const [part, left, right, min, code, why] of pairs) {
    const span = distance(k(left), k(right));
    if (span < min * length) problems.push({ code, message: `The ${part} are ${px(span)} apart, too close for a body ${px(length)} from shoulders to ankles: ${why}` });
  }
  return problems;
}

/**
 * The pose of the customer in a camera frame: positions from the kiosk's keypoints (in canvas pixels),
 * breadths from the measured profile at the frame's scale. The scale is the shoulder-to-ankle
 * distance over the same distance of the profile's stature; body lines are placed between the
 * shoulder, hip and ankle midpoints at the stature fractions, so a leaning or off-centre customer
 * gets garments where they stand. Points the kiosk did not send (elbows, wrists, knees, heels) fall
 * back to the A-pose and standard proportions; toes always follow the heels (see below).
 */
export function framePose(keypoints: FrameKeypoints, profile: BodyProfileData, canvas: Canvas = CANVAS): BodyPose {
  const k = (name: string): Point => {
    const p = keypoints[name];
    if (!p) throw new Error(`the frame has no ${name} keypoint`);
    return p;
  };
  const b = drawableBody(profile);
  const F = BODY_FRACTIONS;
  const shoulderMid = midpoint(k('left_shoulder'), k('right_shoulder'));
  const hipMid = midpoint(k('left_hip'), k('right_hip'));
  const ankleMid = midpoint(k('left_ankle'), k('right_ankle'));
  const pxPerCm = Math.max(0.5, (distance(shoulderMid, hipMid) + distance(hipMid, ankleMid)) / ((F.shoulder - F.ankle) * b.height));
  const leftSign: 1 | -1 = k('left_shoulder').x >= k('right_shoulder').x ? 1 : -1;
  // The body axis through the three midpoints, parameterised by stature fraction.
  const at = (f: number): Point =>
    f >= b.hipJoint ? lerpPoint(hipMid, shoulderMid, (f - b.hipJoint) / (F.shoulder - b.hipJoint)) : lerpPoint(ankleMid, hipMid, (f - F.ankle) / (b.hipJoint - F.ankle));
  const line = (f: number, halfCm: number): BodyLine => {
    const p = at(f);
    return { y: p.y, cx: p.x, half: halfCm * pxPerCm };
  };
  const limbs = limbHalvesCm(b);
  const points = {} as Record<PoseKey, Point>;
  points.neck = at(F.neck);
  points.crotch = at(b.crotch);
  for (const side of SIDES) {
    const out = side === 'left' ? leftSign : -leftSign;
    const shoulder = k(`${side}_shoulder`);
    const hip = k(`${side}_hip`);
    const ankle = k(`${side}_ankle`);
    const arm = aPoseArm(shoulder, out, b.sleeve, pxPerCm);
    points[`${side}_shoulder`] = shoulder;
    points[`${side}_elbow`] = keypoints[`${side}_elbow`] ?? arm.elbow;
    points[`${side}_wrist`] = keypoints[`${side}_wrist`] ?? arm.wrist;
    points[`${side}_hip`] = hip;
    points[`${side}_ankle`] = ankle;
    points[`${side}_knee`] = keypoints[`${side}_knee`] ?? lerpPoint(hip, ankle, (b.hipJoint - F.knee) / (b.hipJoint - F.ankle));
    const heel = keypoints[`${side}_heel`] ?? { x: ankle.x, y: ankle.y + (F.ankle - F.heel) * b.height * pxPerCm };
    points[`${side}_heel`] = heel;
    // The toe is placed by convention (beside and just below the heel, as on the figure) rather
    // than from a detected foot index: a foot pointing at the camera foreshortens to a few pixels,
    // and shoes would turn with it.
    points[`${side}_toe`] = { x: heel.x + out * 5 * pxPerCm, y: heel.y + (F.heel - F.toe) * b.height * pxPerCm };
  }
  const chestHalf = (b.chest * GIRTH_TO_BREADTH.chest) / 2;
  const hipHalf = (b.hip * GIRTH_TO_BREADTH.hip) / 2;
  return {
    canvas,
    pxPerCm,
    statureCm: b.height,
    leftSign,
    hpsY: at(F.hps).y,
    points,
    lines: {
      shoulder: line(F.shoulder, b.shoulder / 2),
      armpit: line(F.armpit, chestHalf * 1.02),
      chest: line(F.chest, chestHalf),
      waist: line(F.waist, (b.waist * GIRTH_TO_BREADTH.waist) / 2),
      hip: line(Math.max(F.hip, b.crotch + 0.03), hipHalf),
      crotch: line(b.crotch, hipHalf * 0.97),
    },
    limbs: scaleLimbs(limbs, pxPerCm),
  };
}

export function scaleLimbs(limbs: ReturnType<typeof limbHalvesCm>, pxPerCm: number): BodyPose['limbs'] {
  return {
    upperArm: limbs.upperArm * pxPerCm,
    forearm: limbs.forearm * pxPerCm,
    wrist: limbs.wrist * pxPerCm,
    thigh: limbs.thigh * pxPerCm,
    knee: limbs.knee * pxPerCm,
    ankle: limbs.ankle * pxPerCm,
    neck: limbs.neck * pxPerCm,
  };
}

/** Vertical scale between two rows of one pose and the same two rows of another (guarded). */
export function verticalScale(a0: number, a1: number, b0: number, b1: number): number {
  const d = b1 - b0;
  return Math.abs(d) < 1e-6 ? 1 : clamp((a1 - a0) / d, 0.2, 5);
}

