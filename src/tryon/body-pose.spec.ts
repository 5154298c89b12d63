import type { BodyProfileData } from '../body/body-profile.data';
import { FRAME_POSE_LIMITS, FrameKeypoints, framePoseProblems, REQUIRED_FRAME_KEYPOINTS } from './body-pose';
import { figurePose } from './figure';
import { Point } from './geometry';

const m = (valueCm: number) => ({ valueCm, sigmaCm: 1 });
const man: BodyProfileData = { heightCm: m(178), chestCm: m(100), waistCm: m(86), hipCm: m(101), neckCm: m(39), thighCm: m(58), sleeveCm: m(60), inseamCm: m(82), footLengthCm: m(27), shoulderBreadthCm: m(41) };
const frame = { width: 768, height: 1024 };

/** The figure's keypoints, as a kiosk facing the customer would send them. */
function facing(): Record<(typeof REQUIRED_FRAME_KEYPOINTS)[number], Point> {
  const pose = figurePose(man);
  return Object.fromEntries(REQUIRED_FRAME_KEYPOINTS.map((n) => [n, { ...pose.points[n] }])) as Record<(typeof REQUIRED_FRAME_KEYPOINTS)[number], Point>;
}

/** Left and right of each pair moved towards their midpoint, keeping `share` of their span (cos of a turn). */
function turned(k: FrameKeypoints, share: number, parts = ['shoulder', 'hip', 'ankle']): FrameKeypoints {
  const out = { ...k };
  for (const part of parts) {
    const l = k[`left_${part}`]!;
    const r = k[`right_${part}`]!;
    const cx = (l.x + r.x) / 2;
    out[`left_${part}`] = { x: cx + (l.x - cx) * share, y: l.y };
    out[`right_${part}`] = { x: cx + (r.x - cx) * share, y: r.y };
  }
  return out;
}

const codes = (k: FrameKeypoints) => framePoseProblems(k, frame).map((p) => p.code);

describe('camera frame pose check', () => {
  it('accepts a facing customer, one turned by up to ~60 degrees, and feet together', () => {
    expect(framePoseProblems(facing(), frame)).toEqual([]);
    expect(codes(turned(facing(), Math.cos((45 * Math.PI) / 180)))).toEqual([]);
    expect(codes(turned(facing(), 0.5))).toEqual([]);
    // Feet together: the ankle keypoints ~8 cm apart.
    const k = facing();
    const pxPerCm = figurePose(man).pxPerCm;
    const cx = (k.left_ankle.x + k.right_ankle.x) / 2;
    expect(codes({ ...k, left_ankle: { x: cx + 4 * pxPerCm, y: k.left_ankle.y }, right_ankle: { x: cx - 4 * pxPerCm, y: k.right_ankle.y } })).toEqual([]);
    // Mirrored frames (left on the image's left) are fine.
    expect(codes(turned(facing(), -1))).toEqual([]);
  });

  it('refuses left and right on one point, or nearly, relative to the body in the frame', () => {
    const sideOn = turned(facing(), 0);
    expect(framePoseProblems(sideOn, frame)).toEqual([
      { code: 'NOT_FACING', message: expect.stringMatching(/^The shoulders are 0 px apart, too close for a body \d+ px from shoulders to ankles: the body is turned sideways$/) },
      { code: 'NOT_FACING', message: expect.stringMatching(/^The hips are 0 px apart/) },
      { code: 'NOT_STANDING_STRAIGHT', message: expect.stringMatching(/^The ankles are 0 px apart/) },
    ]);
    // One pixel apart on a body filling the frame is still edge-on.
    const onePx = facing();
    for (const part of ['shoulder', 'hip', 'ankle'] as const) onePx[`left_${part}`] = { x: onePx[`right_${part}`].x + 1, y: onePx[`right_${part}`].y };
    expect(codes(onePx)).toEqual(['NOT_FACING', 'NOT_FACING', 'NOT_STANDING_STRAIGHT']);
    expect(codes(turned(facing(), 0.3))).toEqual(['NOT_FACING', 'NOT_FACING']);
    expect(codes(turned(facing(), 0.3, ['shoulder']))).toEqual(['NOT_FACING']);
    // The same body at a quarter of the size: the limits scale with it.
    const small = Object.fromEntries(Object.entries(turned(facing(), 0.5)).map(([n, p]) => [n, { x: p!.x / 4, y: p!.y / 4 }]));
    expect(framePoseProblems(small, { width: 192, height: 256 })).toEqual([]);
    expect(codes(Object.fromEntries(Object.entries(turned(facing(), 0.3)).map(([n, p]) => [n, { x: p!.x / 4, y: p!.y / 4 }])))).toContain('TOO_FAR');
  });

  it('refuses a body that is not upright or too small in the frame', () => {
    const k = facing();
    const upsideDown = Object.fromEntries(Object.entries(k).map(([n, p]) => [n, { x: p.x, y: frame.height - p.y }]));
    expect(codes(upsideDown)).toEqual(['NOT_STANDING_STRAIGHT']);
    const point = Object.fromEntries(Object.keys(k).map((n) => [n, { x: 300, y: 400 }]));
    expect(codes(point)).toEqual(['NOT_STANDING_STRAIGHT']);
    const far = Object.fromEntries(Object.entries(k).map(([n, p]) => [n, { x: 384 + (p.x - 384) * 0.2, y: 500 + (p.y - 500) * 0.2 }]));
    expect(codes(far)).toEqual(['TOO_FAR']);
  });

  it('leaves a margin of at least two below a facing adult', () => {
    const k = facing();
    const mid = (a: Point, b: Point) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
    const d = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
    const s = mid(k.left_shoulder, k.right_shoulder);
    const h = mid(k.left_hip, k.right_hip);
    const a = mid(k.left_ankle, k.right_ankle);
    const length = d(s, h) + d(h, a);
    expect(d(k.left_shoulder, k.right_shoulder) / length).toBeGreaterThan(2 * FRAME_POSE_LIMITS.minShoulderSpan);
    expect(d(k.left_hip, k.right_hip) / length).toBeGreaterThan(2 * FRAME_POSE_LIMITS.minHipSpan);
  });
});
