import sharp from 'sharp';
import type { BodyProfileData } from '../body/body-profile.data';
import { aPoseArm, BODY_FRACTIONS, BodyLine, BodyPose, Canvas, CANVAS, drawableBody, GIRTH_TO_BREADTH, limbHalvesCm, PoseKey, scaleLimbs, SIDES } from './body-pose';
import { lerpPoint, Point } from './geometry';
import { hex, limbPath, Rgb, shade, smoothPath } from './svg';

/*
 * Privacy mode: instead of the customer's image, a neutral mannequin drawn from their measured
 * profile. Every customer's figure fills the same height of the canvas (as a mirror zoomed to the
 * person would); what differs is the proportions: shoulder breadth, chest, waist and hip breadths
 * from the girths, leg length from the inseam, arm length from the sleeve. The pose (a relaxed
 * A-pose, feet slightly apart) is the one the generated garments are drawn in, so a garment on a
 * figure is a gentle warp.
 */

/** The figure's vertex and floor as fractions of the canvas height. */
export const FIGURE_MARGINS = { top: 0.035, bottom: 0.965 } as const;

/** The pose of the figure for a profile: keypoints and body lines in canvas pixels. */
export function figurePose(profile: BodyProfileData, canvas: Canvas = CANVAS): BodyPose {
  const b = drawableBody(profile);
  const F = BODY_FRACTIONS;
  const top = canvas.height * FIGURE_MARGINS.top;
  const floor = canvas.height * FIGURE_MARGINS.bottom;
  const pxPerCm = (floor - top) / b.height;
  const cx = canvas.width / 2;
  const yAt = (fraction: number): number => floor - fraction * b.height * pxPerCm;
  const line = (fraction: number, halfCm: number): BodyLine => ({ y: yAt(fraction), cx, half: halfCm * pxPerCm });
  const chestHalf = (b.chest * GIRTH_TO_BREADTH.chest) / 2;
  const hipHalf = (b.hip * GIRTH_TO_BREADTH.hip) / 2;
  // Hip joints are about half the hip breadth apart (scan-geometry's calibration); feet a little wider.
  const jointHalf = hipHalf / 2;
  const points = {} as Record<PoseKey, Point>;
  points.neck = { x: cx, y: yAt(F.neck) };
  points.crotch = { x: cx, y: yAt(b.crotch) };
  for (const side of SIDES) {
    const out = side === 'left' ? 1 : -1;
    const shoulder = { x: cx + (out * b.shoulder * pxPerCm) / 2, y: yAt(F.shoulder) };
    const arm = aPoseArm(shoulder, out, b.sleeve, pxPerCm);
    const hip = { x: cx + out * jointHalf * pxPerCm, y: yAt(b.hipJoint) };
    const ankle = { x: cx + out * (jointHalf + 3) * pxPerCm, y: yAt(F.ankle) };
    const heel = { x: ankle.x, y: yAt(F.heel) };
    points[`${side}_shoulder`] = shoulder;
    points[`${side}_elbow`] = arm.elbow;
    points[`${side}_wrist`] = arm.wrist;
    points[`${side}_hip`] = hip;
    points[`${side}_knee`] = lerpPoint(hip, ankle, (b.hipJoint - F.knee) / (b.hipJoint - F.ankle));
    points[`${side}_ankle`] = ankle;
    points[`${side}_heel`] = heel;
    // Feet turned out a little: in a front view the toe is beside and just below the heel.
    points[`${side}_toe`] = { x: heel.x + out * 5 * pxPerCm, y: yAt(F.toe) };
  }
  return {
    canvas,
    pxPerCm,
    statureCm: b.height,
    leftSign: 1,
    hpsY: yAt(F.hps),
    points,
    lines: {
      shoulder: line(F.shoulder, b.shoulder / 2),
      armpit: line(F.armpit, chestHalf * 1.02),
      chest: line(F.chest, chestHalf),
      waist: line(F.waist, (b.waist * GIRTH_TO_BREADTH.waist) / 2),
      hip: line(Math.max(F.hip, b.crotch + 0.03), hipHalf),
      crotch: line(b.crotch, hipHalf * 0.97),
    },
    limbs: scaleLimbs(limbHalvesCm(b), pxPerCm),
  };
}

/** Colours of the figure: a neutral mannequin on a soft studio background. */
export const FIGURE_COLOURS = { skin: [206, 192, 178] as Rgb, backgroundTop: [241, 243, 246] as Rgb, backgroundBottom: [221, 226, 232] as Rgb };

/** The figure as SVG (pure): legs, torso, arms, neck and head of the pose's proportions. */
export function figureSvg(pose: BodyPose, profile: BodyProfileData): string {
  const { width, height } = pose.canvas;
  const b = drawableBody(profile);
  const F = BODY_FRACTIONS;
  const P = pose.points;
  const L = pose.lines;
  const limb = pose.limbs;
  const cx = L.chest.cx;
  const floor = height * FIGURE_MARGINS.bottom;
  const yAt = (fraction: number): number => floor - fraction * b.height * pose.pxPerCm;
  const skin = FIGURE_COLOURS.skin;
  const parts: string[] = [];

  // Legs: hip joint -> knee -> ankle, tapered; feet as low ellipses.
  for (const side of SIDES) {
    const hip = P[`${side}_hip`];
    const top = { x: hip.x, y: L.hip.y };
    parts.push(`<path d="${limbPath([top, P[`${side}_knee`], P[`${side}_ankle`]], [limb.thigh, limb.knee, limb.ankle])}" fill="url(#skin)"/>`);
    const heel = P[`${side}_heel`];
    const toe = P[`${side}_toe`];
    const foot = lerpPoint(heel, toe, 0.55);
    parts.push(`<ellipse cx="${foot.x}" cy="${foot.y - limb.ankle * 0.2}" rx="${limb.ankle * 1.55}" ry="${limb.ankle * 0.75}" fill="${hex(shade(skin, -0.08))}"/>`);
  }
  // Torso: neck side, shoulders, armpits, chest, waist, hips, down to the crotch.
  const torso: Point[] = [];
  const rightToLeft = (lines: BodyLine[], sign: number) => lines.map((l) => ({ x: l.cx + sign * l.half, y: l.y }));
  const neckHalf = limb.neck;
  torso.push({ x: cx - neckHalf, y: pose.hpsY });
  torso.push({ x: P.right_shoulder.x + limb.upperArm * 0.25, y: P.right_shoulder.y - limb.upperArm * 0.35 });
  torso.push(...rightToLeft([L.armpit, L.chest, L.waist, L.hip, L.crotch], -1));
  torso.push({ x: cx, y: L.crotch.y + limb.thigh * 0.3 });
  torso.push(...rightToLeft([L.crotch, L.hip, L.waist, L.chest, L.armpit], 1));
  torso.push({ x: P.left_shoulder.x - limb.upperArm * 0.25, y: P.left_shoulder.y - limb.upperArm * 0.35 });
  torso.push({ x: cx + neckHalf, y: pose.hpsY });
  parts.push(`<path d="${smoothPath(torso)}" fill="url(#skin)"/>`);
  // Arms, from a point just inside the shoulder, with the deltoid's bulk.
  for (const side of SIDES) {
    const out = side === 'left' ? 1 : -1;
    const shoulder = P[`${side}_shoulder`];
    const start = { x: shoulder.x - out * limb.upperArm * 0.35, y: shoulder.y + limb.upperArm * 0.15 };
    parts.push(`<path d="${limbPath([start, P[`${side}_elbow`], P[`${side}_wrist`]], [limb.upperArm, limb.forearm, limb.wrist])}" fill="url(#skin)"/>`);
    const wrist = P[`${side}_wrist`];
    const hand = lerpPoint(P[`${side}_elbow`], wrist, 1.22);
    parts.push(`<ellipse cx="${hand.x}" cy="${hand.y}" rx="${limb.wrist * 1.25}" ry="${limb.wrist * 2.2}" transform="rotate(${-out * 18} ${hand.x} ${hand.y})" fill="${hex(shade(skin, -0.05))}"/>`);
  }
  // Neck and head.
  const chin = yAt(F.chin);
  parts.push(`<rect x="${cx - neckHalf}" y="${chin - neckHalf}" width="${neckHalf * 2}" height="${pose.hpsY - chin + neckHalf * 1.5}" fill="${hex(shade(skin, -0.06))}"/>`);
  const headRy = ((F.vertex - F.chin) * b.height * pose.pxPerCm) / 2;
  parts.push(`<ellipse cx="${cx}" cy="${yAt(F.vertex) + headRy}" rx="${headRy * 0.74}" ry="${headRy}" fill="url(#skin)"/>`);

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs>
<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hex(FIGURE_COLOURS.backgroundTop)}"/><stop offset="1" stop-color="${hex(FIGURE_COLOURS.backgroundBottom)}"/></linearGradient>
<linearGradient id="skin" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${hex(shade(skin, -0.12))}"/><stop offset="0.5" stop-color="${hex(shade(skin, 0.06))}"/><stop offset="1" stop-color="${hex(shade(skin, -0.12))}"/></linearGradient>
<radialGradient id="shadow"><stop offset="0" stop-color="#000" stop-opacity="0.18"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient>
</defs>
<rect width="${width}" height="${height}" fill="url(#bg)"/>
<ellipse cx="${cx}" cy="${floor}" rx="${L.hip.half * 2.6}" ry="${height * 0.018}" fill="url(#shadow)"/>
${parts.join('\n')}
</svg>`;
}

/** The figure rasterised: raw RGB of the canvas, and its pose. */
export async function drawFigure(profile: BodyProfileData, canvas: Canvas = CANVAS): Promise<{ pose: BodyPose; rgb: Buffer }> {
  const pose = figurePose(profile, canvas);
  const rgb = await sharp(Buffer.from(figureSvg(pose, profile))).removeAlpha().raw().toBuffer();
  return { pose, rgb };
}
