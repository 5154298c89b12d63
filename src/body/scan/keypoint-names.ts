/**
 * Body keypoint names of the two pose models a kiosk may run: COCO-17 (MoveNet, PoseNet, most
 * top-down detectors) and BlazePose-33 (MediaPipe Pose), which is COCO-17 plus face, hand and foot
 * points. Canonical spelling is COCO's snake_case; kiosks may also send camelCase (`leftShoulder`,
 * as TF.js pose-detection does) or any letter case.
 */
export const COCO_17_KEYPOINTS = [
  'nose',
  'left_eye',
  'right_eye',
  'left_ear',
  'right_ear',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
] as const;

/** The 16 points BlazePose adds to COCO-17. */
export const BLAZEPOSE_EXTRA_KEYPOINTS = [
  'left_eye_inner',
  'left_eye_outer',
  'right_eye_inner',
  'right_eye_outer',
  'mouth_left',
  'mouth_right',
  'left_pinky',
  'right_pinky',
  'left_index',
  'right_index',
  'left_thumb',
  'right_thumb',
  'left_heel',
  'right_heel',
  'left_foot_index',
  'right_foot_index',
] as const;

/** All 33 BlazePose names (a superset of COCO-17). */
export const BLAZEPOSE_33_KEYPOINTS = [...COCO_17_KEYPOINTS, ...BLAZEPOSE_EXTRA_KEYPOINTS] as const;

export type CocoKeypointName = (typeof COCO_17_KEYPOINTS)[number];
export type KeypointName = (typeof BLAZEPOSE_33_KEYPOINTS)[number];

/*
 * Lookup by the name with underscores removed and lower-cased: "left_shoulder", "leftShoulder",
 * "LeftShoulder" and "LEFT_SHOULDER" all become "leftshoulder". No two of the 33 names collide
 * under this folding (checked by the spec).
 */
const BY_FOLDED_NAME: ReadonlyMap<string, KeypointName> = new Map(
  BLAZEPOSE_33_KEYPOINTS.map((name) => [foldName(name), name] as const),
);

function foldName(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/**
 * The canonical snake_case name of a COCO-17 or BlazePose-33 keypoint, accepting snake_case and
 * camelCase in any letter case; `null` for a name neither model uses.
 */
export function canonicalKeypointName(name: string): KeypointName | null {
  if (typeof name !== 'string' || !/^[A-Za-z_]+$/.test(name)) return null;
  return BY_FOLDED_NAME.get(foldName(name)) ?? null;
}

/** camelCase spelling of a canonical name (`left_eye_inner` -> `leftEyeInner`). */
export function camelCaseKeypointName(name: KeypointName): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
