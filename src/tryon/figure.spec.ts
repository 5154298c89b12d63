import sharp from 'sharp';
import type { BodyProfileData } from '../body/body-profile.data';
import { BODY_FRACTIONS, CANVAS, framePose, torsoHalfAt } from './body-pose';
import { drawFigure, FIGURE_COLOURS, figurePose } from './figure';

const m = (valueCm: number) => ({ valueCm, sigmaCm: 1 });
const man: BodyProfileData = { heightCm: m(178), chestCm: m(100), waistCm: m(86), hipCm: m(101), neckCm: m(39), thighCm: m(58), sleeveCm: m(60), inseamCm: m(82), footLengthCm: m(27), shoulderBreadthCm: m(41) };

describe('privacy figure', () => {
  it('fills the same height for everyone and keeps the keypoints in anatomical order', () => {
    for (const heightCm of [150, 178, 205]) {
      const pose = figurePose({ ...man, heightCm: m(heightCm) });
      expect(pose.pxPerCm * heightCm).toBeCloseTo(CANVAS.height * 0.93, 0);
      const P = pose.points;
      const ys = [pose.hpsY, P.left_shoulder.y, P.neck.y, pose.lines.armpit.y, pose.lines.chest.y, pose.lines.waist.y, pose.lines.hip.y, P.crotch.y, P.left_knee.y, P.left_ankle.y, P.left_heel.y, P.left_toe.y];
      expect([...ys].sort((a, b) => a - b)).toEqual(ys);
      expect(P.left_shoulder.x).toBeGreaterThan(P.right_shoulder.x);
      expect(P.left_wrist.x).toBeGreaterThan(P.left_elbow.x);
      expect(P.left_elbow.x).toBeGreaterThan(P.left_shoulder.x);
    }
  });

  it('takes its proportions from the profile', () => {
    const base = figurePose(man);
    const broad = figurePose({ ...man, chestCm: m(120), shoulderBreadthCm: m(47) });
    const longLegs = figurePose({ ...man, inseamCm: m(90) });
    const wideHips = figurePose({ ...man, hipCm: m(115) });
    expect(broad.lines.chest.half / base.lines.chest.half).toBeCloseTo(1.2, 2);
    expect(broad.points.left_shoulder.x - broad.points.right_shoulder.x).toBeCloseTo(47 * base.pxPerCm, 1);
    expect(longLegs.points.crotch.y).toBeLessThan(base.points.crotch.y - 5 * base.pxPerCm);
    expect(wideHips.lines.hip.half).toBeGreaterThan(base.lines.hip.half * 1.1);
    // The chest line is where the stature fraction puts it.
    expect(base.lines.chest.y).toBeCloseTo(CANVAS.height * 0.965 - BODY_FRACTIONS.chest * 178 * base.pxPerCm, 6);
    expect(torsoHalfAt(base, base.lines.waist.y)).toBeCloseTo(base.lines.waist.half, 6);
  });

  it('draws a 768x1024 mannequin: figure in the middle, background at the edges', async () => {
    const { pose, rgb } = await drawFigure(man);
    expect(rgb.length).toBe(CANVAS.width * CANVAS.height * 3);
    const at = (x: number, y: number) => [...rgb.subarray((Math.round(y) * CANVAS.width + Math.round(x)) * 3, (Math.round(y) * CANVAS.width + Math.round(x)) * 3 + 3)];
    const near = (a: number[], b: number[], tolerance: number) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);
    expect(near(at(pose.lines.chest.cx, pose.lines.chest.y), FIGURE_COLOURS.skin, 30)).toBe(true);
    expect(near(at(5, 5), FIGURE_COLOURS.backgroundTop, 6)).toBe(true);
    expect(near(at(pose.lines.chest.cx + pose.lines.chest.half + (pose.points.left_elbow.x - pose.lines.chest.cx - pose.lines.chest.half) / 2, pose.lines.waist.y), FIGURE_COLOURS.skin, 30)).toBe(false);
    const meta = await sharp(rgb, { raw: { width: CANVAS.width, height: CANVAS.height, channels: 3 } }).png().toBuffer().then((b) => sharp(b).metadata());
    expect([meta.width, meta.height]).toEqual([768, 1024]);
  });
});

describe('camera frame pose', () => {
  it('places the body lines between the detected keypoints and scales breadths to the frame', () => {
    // The figure's own keypoints, moved and scaled as a camera would see them.
    const figure = figurePose(man);
    const k = (name: keyof typeof figure.points) => ({ x: 100 + figure.points[name].x * 0.5, y: 40 + figure.points[name].y * 0.5 });
    const pose = framePose({ left_shoulder: k('left_shoulder'), right_shoulder: k('right_shoulder'), left_hip: k('left_hip'), right_hip: k('right_hip'), left_ankle: k('left_ankle'), right_ankle: k('right_ankle') }, man);
    expect(pose.pxPerCm).toBeCloseTo(figure.pxPerCm * 0.5, 1);
    expect(pose.lines.chest.y).toBeCloseTo(40 + figure.lines.chest.y * 0.5, 0);
    expect(pose.lines.waist.cx).toBeCloseTo(100 + figure.lines.waist.cx * 0.5, 0);
    expect(pose.lines.hip.half).toBeCloseTo(figure.lines.hip.half * 0.5, 0);
    expect(pose.leftSign).toBe(1);
    // Elbows and heels not sent: the A-pose and standard proportions stand in.
    expect(pose.points.left_elbow.x).toBeCloseTo(k('left_elbow').x, 0);
    expect(pose.points.left_heel.y).toBeCloseTo(k('left_heel').y, 0);
  });

  it('follows a mirrored frame: the wearer’s left at smaller x', () => {
    const figure = figurePose(man);
    const flip = (name: keyof typeof figure.points) => ({ x: CANVAS.width - figure.points[name].x, y: figure.points[name].y });
    const pose = framePose({ left_shoulder: flip('left_shoulder'), right_shoulder: flip('right_shoulder'), left_hip: flip('left_hip'), right_hip: flip('right_hip'), left_ankle: flip('left_ankle'), right_ankle: flip('right_ankle') }, man);
    expect(pose.leftSign).toBe(-1);
    expect(pose.points.left_elbow.x).toBeLessThan(pose.points.left_shoulder.x);
    expect(pose.points.left_toe.x).toBeLessThan(pose.points.left_heel.x);
  });
});
