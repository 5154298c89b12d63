import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { BodyProfileData } from '../body/body-profile.data';
import { FitTypeName, garmentEaseCm, GarmentTypeName, TOP_LENGTH_PER_HEIGHT } from '../body/size/size-advice';
import { BodyPose, CANVAS, outward, Side, SIDES, torsoHalfAt } from './body-pose';
import { figurePose } from './figure';
import { AnchorMap, ANCHOR_NAMES } from './garment-anchors';
import { widthFactor } from './garment-fit';
import { alongPolyline, boundingRect, lerp, Point, Rect } from './geometry';
import { hex, lightness, linePath, polygonPath, Rgb, shade, smoothPath } from './svg';

/*
 * Generated garment images, so that every product renders without a photo: a front-view silhouette
 * per garment style (tee, jersey, hoodie, tights, trail shoe...) in the product's colour, drawn as
 * SVG around a reference body in the figure's A-pose and rasterised with sharp. Its anchors are the
 * reference body's keypoints where the garment sits, so on a body like the reference the warp is
 * the identity. Drawing is pure and deterministic; the service generates on demand and keeps the
 * rasters in a memory cache (regenerating one costs ~10 ms, storing 800 of them would cost the
 * database ~1 GB), and only uploaded photos are stored.
 */

export type ProductGender = 'MEN' | 'WOMEN' | 'UNISEX';

export interface GarmentSpec {
  garmentType: GarmentTypeName;
  categoryPath: string;
  colour: string;
  gender: ProductGender;
  fitType: FitTypeName;
}

export type GarmentStyle =
  | 'tee'
  | 'jersey'
  | 'longsleeve'
  | 'tank'
  | 'shirt'
  | 'baselayer'
  | 'midlayer'
  | 'shorts'
  | 'tights'
  | 'pants'
  | 'joggers'
  | 'skipants'
  | 'jacket'
  | 'hoodie'
  | 'fleece'
  | 'vest'
  | 'skijacket'
  | 'runner'
  | 'trail'
  | 'football'
  | 'indoor'
  | 'trainer'
  | 'hiker'
  | 'winterboot';

/** Bumped whenever the drawings change, so that cached rasters of an older drawing are not reused. */
export const GENERATOR_VERSION = 1;

/** The style a product is drawn in, from its category path (the demo catalogue's and typical imports'). */
export function garmentStyle(garmentType: GarmentTypeName, categoryPath: string): GarmentStyle {
  const c = categoryPath.toLowerCase();
  const has = (...words: string[]) => words.some((w) => c.includes(w));
  switch (garmentType) {
    case 'TOP':
      if (has('jersey')) return 'jersey';
      if (has('tank', 'singlet', 'vest')) return 'tank';
      if (has('base-layer', 'baselayer', 'thermal')) return 'baselayer';
      if (has('midlayer', 'mid-layer', 'zip')) return 'midlayer';
      if (has('shirt') && !has('t-shirt', 'tshirt')) return 'shirt';
      if (has('long-sleeve', 'longsleeve', 'long')) return 'longsleeve';
      return 'tee';
    case 'OUTERWEAR':
      if (has('hoodie', 'sweat')) return 'hoodie';
      if (has('fleece')) return 'fleece';
      if (has('vest', 'gilet')) return 'vest';
      if (has('ski')) return 'skijacket';
      return 'jacket';
    case 'BOTTOM':
      if (has('short')) return 'shorts';
      if (has('tight', 'legging')) return 'tights';
      if (has('jogger', 'sweatpant')) return 'joggers';
      if (has('ski')) return 'skipants';
      return 'pants';
    case 'SHOES':
      if (has('trail')) return 'trail';
      if (has('football-boot', 'football boot', 'cleat')) return 'football';
      if (has('indoor', 'futsal')) return 'indoor';
      if (has('winter', 'snow', 'apres')) return 'winterboot';
      if (has('hiking-boot', 'hiking boot', 'boot')) return 'hiker';
      if (has('training', 'gym', 'hiking-shoe', 'approach')) return 'trainer';
      return 'runner';
  }
}

const m = (valueCm: number) => ({ valueCm, sigmaCm: 0 });
/** The bodies garments are drawn on: near the ANSUR II medians, in the middle of size M. */
export const REFERENCE_PROFILES: Record<'M' | 'F', BodyProfileData> = {
  M: { heightCm: m(178), chestCm: m(100), waistCm: m(86), hipCm: m(101), neckCm: m(39), thighCm: m(58), sleeveCm: m(60), inseamCm: m(82), footLengthCm: m(27), shoulderBreadthCm: m(41) },
  F: { heightCm: m(165), chestCm: m(92), waistCm: m(76), hipCm: m(100), neckCm: m(33), thighCm: m(57), sleeveCm: m(55), inseamCm: m(76), footLengthCm: m(24.5), shoulderBreadthCm: m(36.5) },
};

const NAMED_COLOURS: Record<string, Rgb> = {
  black: [38, 38, 42],
  navy: [30, 44, 86],
  white: [238, 238, 234],
  grey: [132, 134, 138],
  gray: [132, 134, 138],
  red: [200, 34, 44],
  'royal blue': [40, 86, 196],
  blue: [40, 86, 196],
  'forest green': [34, 100, 60],
  green: [40, 140, 70],
  orange: [238, 114, 30],
  teal: [20, 130, 134],
  burgundy: [122, 28, 50],
  sand: [206, 184, 142],
  lime: [172, 212, 52],
  yellow: [240, 206, 40],
  pink: [232, 120, 160],
  purple: [112, 58, 160],
  brown: [112, 76, 50],
  beige: [214, 198, 170],
  olive: [110, 118, 56],
};

/** The colour a garment is drawn in: a known colour name, or a stable hue derived from an unknown one. */
export function colourRgb(name: string): Rgb {
  const key = name.trim().toLowerCase();
  const known = NAMED_COLOURS[key] ?? Object.entries(NAMED_COLOURS).find(([k]) => key.includes(k))?.[1];
  if (known) return known;
  const h = createHash('sha256').update(key).digest();
  const hue = (h[0] / 255) * 360;
  // HSL(hue, 55%, 45%) to RGB.
  const c = 0.55 * (1 - Math.abs(2 * 0.45 - 1));
  const x = c * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m0 = 0.45 - c / 2;
  const [r, g, b] = hue < 60 ? [c, x, 0] : hue < 120 ? [x, c, 0] : hue < 180 ? [0, c, x] : hue < 240 ? [0, x, c] : hue < 300 ? [x, 0, c] : [c, 0, x];
  return [(r + m0) * 255, (g + m0) * 255, (b + m0) * 255];
}

/** A cache key for a generated asset: everything the drawing depends on. */
export function generatedAssetKey(spec: GarmentSpec): string {
  const sex = spec.gender === 'WOMEN' ? 'F' : 'M';
  return `gen:v${GENERATOR_VERSION}:${garmentStyle(spec.garmentType, spec.categoryPath)}:${spec.garmentType === 'SHOES' ? 'U' : sex}:${spec.fitType}:${spec.colour.trim().toLowerCase()}`;
}

export interface GarmentDrawing {
  svg: string;
  width: number;
  height: number;
  anchors: AnchorMap;
}

/** Paints shared by every drawing: the garment colour with soft light from above and darker sides. */
interface Palette {
  main: Rgb;
  dark: Rgb;
  light: Rgb;
  accent: Rgb;
  stitch: string;
}

function paletteOf(colour: string): Palette {
  const main = colourRgb(colour);
  const l = lightness(main);
  return {
    main,
    dark: shade(main, -0.28),
    light: shade(main, 0.16),
    accent: l > 0.62 ? shade(main, -0.6) : l < 0.2 ? [220, 222, 226] : shade(main, 0.62),
    stitch: hex(l > 0.5 ? shade(main, -0.35) : shade(main, 0.3)),
  };
}

/** Collects every point drawn, for the crop. */
class Canvas {
  readonly points: Point[] = [];
  readonly back: string[] = [];
  readonly body: string[] = [];
  readonly details: string[] = [];
  track(...ps: Point[]): Point[] {
    this.points.push(...ps);
    return ps;
  }
}

/**
 * Draws a garment (pure): the SVG cropped to the garment, its size and its anchors in the SVG's
 * pixels. Anchors are the reference body's keypoints where the garment sits.
 */
export function drawGarment(spec: GarmentSpec): GarmentDrawing {
  const sex = spec.gender === 'WOMEN' ? 'F' : 'M';
  const profile = REFERENCE_PROFILES[spec.garmentType === 'SHOES' ? 'M' : sex];
  const pose = figurePose(profile, CANVAS);
  const style = garmentStyle(spec.garmentType, spec.categoryPath);
  const palette = paletteOf(spec.colour);
  const canvas = new Canvas();
  let anchors: AnchorMap;
  switch (spec.garmentType) {
    case 'TOP':
    case 'OUTERWEAR':
      anchors = drawUpperBody(canvas, pose, profile, style, spec, palette);
      break;
    case 'BOTTOM':
      anchors = drawLowerBody(canvas, pose, profile, style, spec, palette);
      break;
    case 'SHOES':
      anchors = drawShoes(canvas, pose, style, palette);
      break;
  }
  const crop = boundingRect([...canvas.points, ...Object.values(anchors).filter((p): p is Point => !!p)], 10, { width: Infinity, height: Infinity })!;
  const moved: AnchorMap = {};
  for (const name of ANCHOR_NAMES) {
    const p = anchors[name];
    if (p) moved[name] = { x: Math.round((p.x - crop.left) * 10) / 10, y: Math.round((p.y - crop.top) * 10) / 10 };
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${crop.width}" height="${crop.height}" viewBox="${crop.left} ${crop.top} ${crop.width} ${crop.height}">
<defs>
<linearGradient id="fill" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hex(palette.light)}"/><stop offset="1" stop-color="${hex(shade(palette.main, -0.1))}"/></linearGradient>
<linearGradient id="sides" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#000" stop-opacity="0.28"/><stop offset="0.22" stop-color="#000" stop-opacity="0.04"/><stop offset="0.5" stop-color="#fff" stop-opacity="0.06"/><stop offset="0.78" stop-color="#000" stop-opacity="0.04"/><stop offset="1" stop-color="#000" stop-opacity="0.28"/></linearGradient>
<clipPath id="shape">${canvas.body.map((d) => `<path d="${d}"/>`).join('')}</clipPath>
</defs>
${canvas.back.join('\n')}
${canvas.body.map((d) => `<path d="${d}" fill="url(#fill)"/>`).join('\n')}
<g clip-path="url(#shape)"><rect x="${crop.left}" y="${crop.top}" width="${crop.width}" height="${crop.height}" fill="url(#sides)"/>
${canvas.details.join('\n')}</g>
</svg>`;
  return { svg, width: crop.width, height: crop.height, anchors: moved };
}

/** A generated garment rasterised: straight 8-bit RGBA, its anchors, and where its pixels are. */
export interface GeneratedAsset {
  key: string;
  rgba: Buffer;
  width: number;
  height: number;
  anchors: AnchorMap;
  content: Rect;
}

export async function generateGarmentAsset(spec: GarmentSpec): Promise<GeneratedAsset> {
  const drawing = drawGarment(spec);
  const { data, info } = await sharp(Buffer.from(drawing.svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { key: generatedAssetKey(spec), rgba: data, width: info.width, height: info.height, anchors: drawing.anchors, content: alphaBounds(data, info.width, info.height) };
}

/** The bounding box of the pixels with any alpha (the whole image when there are none). */
export function alphaBounds(rgba: Uint8Array, width: number, height: number): Rect {
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (rgba[(y * width + x) * 4 + 3] === 0) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return maxX < 0 ? { left: 0, top: 0, width, height } : { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

// ---------------------------------------------------------------------------------------------
// Tops and outerwear
// ---------------------------------------------------------------------------------------------

type Sleeve = 'none' | 'short' | 'long';
type Neck = 'crew' | 'v' | 'collar' | 'zip' | 'hood';

const UPPER_STYLES: Partial<Record<GarmentStyle, { sleeve: Sleeve; neck: Neck; lengthCm: number; flare: number; cuff: number }>> = {
  tee: { sleeve: 'short', neck: 'crew', lengthCm: 0, flare: 1.02, cuff: 1.35 },
  jersey: { sleeve: 'short', neck: 'v', lengthCm: 1, flare: 1.03, cuff: 1.35 },
  tank: { sleeve: 'none', neck: 'crew', lengthCm: -1, flare: 1.02, cuff: 1 },
  shirt: { sleeve: 'short', neck: 'collar', lengthCm: 3, flare: 1.04, cuff: 1.4 },
  longsleeve: { sleeve: 'long', neck: 'crew', lengthCm: 1, flare: 1.01, cuff: 1.35 },
  baselayer: { sleeve: 'long', neck: 'crew', lengthCm: 2, flare: 1.0, cuff: 1.2 },
  midlayer: { sleeve: 'long', neck: 'zip', lengthCm: 2, flare: 1.02, cuff: 1.4 },
  jacket: { sleeve: 'long', neck: 'zip', lengthCm: 4, flare: 1.05, cuff: 1.7 },
  hoodie: { sleeve: 'long', neck: 'hood', lengthCm: 2, flare: 1.0, cuff: 1.45 },
  fleece: { sleeve: 'long', neck: 'zip', lengthCm: 2, flare: 1.03, cuff: 1.55 },
  vest: { sleeve: 'none', neck: 'zip', lengthCm: 2, flare: 1.04, cuff: 1 },
  skijacket: { sleeve: 'long', neck: 'zip', lengthCm: 6, flare: 1.07, cuff: 1.9 },
};

function drawUpperBody(canvas: Canvas, pose: BodyPose, profile: BodyProfileData, style: GarmentStyle, spec: GarmentSpec, pal: Palette): AnchorMap {
  const s0 = UPPER_STYLES[style] ?? UPPER_STYLES.tee!;
  const P = pose.points;
  const L = pose.lines;
  const cm = pose.pxPerCm;
  const cx = L.chest.cx;
  const outer = spec.garmentType === 'OUTERWEAR';
  const chestF = widthFactor(garmentEaseCm(spec.garmentType, spec.fitType, 'CHEST'), profile.chestCm.valueCm);
  const waistF = widthFactor(garmentEaseCm(spec.garmentType, spec.fitType, 'WAIST'), profile.waistCm.valueCm);
  const anchors: AnchorMap = { neckline: P.neck };
  const hemY = pose.hpsY + (TOP_LENGTH_PER_HEIGHT * pose.statureCm + s0.lengthCm) * cm;
  const neckHalf = pose.limbs.neck + (outer ? 1.4 : 0.7) * cm;
  const drop = Math.max(0, chestF - 1) * L.shoulder.half * 0.35;

  const side = (sd: Side) => {
    const s = outward(pose, sd);
    const shoulder = { x: P[`${sd}_shoulder`].x + s * drop, y: P[`${sd}_shoulder`].y + drop * 0.3 };
    const underarm = { x: cx + s * L.armpit.half * chestF, y: L.armpit.y };
    const waist = { x: cx + s * L.waist.half * waistF, y: L.waist.y };
    const hem = { x: cx + s * torsoHalfAt(pose, hemY) * waistF * s0.flare, y: hemY };
    anchors[`${sd}_shoulder`] = shoulder;
    anchors[`${sd}_underarm`] = underarm;
    anchors[`${sd}_waist`] = waist;
    anchors[`${sd}_hem`] = hem;
    const hps = { x: cx + s * neckHalf, y: pose.hpsY };
    const sleevePoints: Point[] = [];
    if (s0.sleeve !== 'none') {
      const arm = [shoulder, P[`${sd}_elbow`], P[`${sd}_wrist`]];
      const armLength = Math.hypot(arm[1].x - arm[0].x, arm[1].y - arm[0].y) + Math.hypot(arm[2].x - arm[1].x, arm[2].y - arm[1].y);
      const length = s0.sleeve === 'short' ? (outer ? 0.13 : 0.105) * pose.statureCm * cm : armLength + 1.5 * cm;
      const cuff = alongPolyline(arm, length);
      const before = alongPolyline(arm, length - 4);
      const len = Math.hypot(cuff.x - before.x, cuff.y - before.y) || 1;
      // Normal pointing away from the body (towards larger x on the wearer's left).
      let nx = (cuff.y - before.y) / len;
      let ny = -(cuff.x - before.x) / len;
      if (nx * s < 0) [nx, ny] = [-nx, -ny];
      const half = (s0.sleeve === 'short' ? pose.limbs.upperArm : pose.limbs.wrist) * s0.cuff;
      const cuffOut = { x: cuff.x + nx * half, y: cuff.y + ny * half };
      const cuffIn = { x: cuff.x - nx * half, y: cuff.y - ny * half };
      anchors[`${sd}_cuff`] = cuff;
      if (s0.sleeve === 'long') {
        const elbow = P[`${sd}_elbow`];
        const eHalf = pose.limbs.forearm * (s0.cuff + 0.15);
        // Full over the upper arm (wide enough to cover a short sleeve worn underneath), narrowing to the cuff.
        const upper = alongPolyline(arm, Math.hypot(arm[1].x - arm[0].x, arm[1].y - arm[0].y) * 0.45);
        const upperHalf = pose.limbs.upperArm * (s0.cuff * 0.8 + 0.3);
        sleevePoints.push({ x: upper.x + s * upperHalf, y: upper.y }, { x: elbow.x + s * eHalf, y: elbow.y }, cuffOut, cuffIn, { x: elbow.x - s * eHalf * 0.9, y: elbow.y - eHalf * 0.2 }, { x: upper.x - s * upperHalf * 0.95, y: upper.y + upperHalf * 0.3 });
      } else {
        sleevePoints.push(cuffOut, cuffIn);
      }
      // Sleeve hem stitching, just inside the opening.
      const back = (p: Point) => ({ x: p.x - ((cuff.x - before.x) / len) * 6, y: p.y - ((cuff.y - before.y) / len) * 6 });
      canvas.details.push(`<path d="${linePath([back(cuffOut), back(cuffIn)])}" stroke="${pal.stitch}" stroke-width="1.4" stroke-dasharray="3 2" fill="none"/>`);
    }
    let armhole: Point[] = [];
    if (s0.sleeve === 'none') {
      // Sleeveless: a strap inside the shoulder, a deep armhole down to below the armpit.
      const strap = style === 'tank' ? { x: cx + s * (neckHalf + 3.2 * cm), y: pose.hpsY + 0.6 * cm } : { x: shoulder.x - s * 1.2 * cm, y: shoulder.y };
      const low = { x: underarm.x, y: underarm.y + (style === 'tank' ? 3 : 1.5) * cm };
      armhole = [strap, { x: lerp(strap.x, low.x, 0.55) - s * 1.2 * cm, y: lerp(strap.y, low.y, 0.6) }, low];
    }
    // The shoulder seam sits on the acromion; the fabric goes over the top of the shoulder muscle.
    const cap = { x: shoulder.x + s * pose.limbs.upperArm * 0.15, y: shoulder.y - pose.limbs.upperArm * 0.55 };
    return { hps, shoulder, cap, underarm, waist, hem, sleevePoints, armhole };
  };
  const R = side('right');
  const Lf = side('left');

  // A hood, when down, shows beside the neck on the shoulders (the neck hides the rest of it).
  if (s0.neck === 'hood') {
    for (const h of [R, Lf]) {
      const s = h === Lf ? outward(pose, 'left') : outward(pose, 'right');
      const lobe = [
        { x: h.hps.x - s * 0.5 * cm, y: pose.hpsY + 1.5 * cm },
        { x: h.hps.x - s * 0.2 * cm, y: pose.hpsY - 4.5 * cm },
        { x: h.hps.x + s * 3.5 * cm, y: pose.hpsY - 2 * cm },
        { x: h.hps.x + s * 5.5 * cm, y: pose.hpsY + 2.5 * cm },
      ];
      canvas.track(...lobe);
      canvas.back.push(`<path d="${smoothPath(lobe)}" fill="${hex(pal.dark)}"/>`);
    }
  }

  // The outline, clockwise from the wearer's right neck side.
  const outline: Point[] = [];
  const corners = new Set<number>();
  const push = (p: Point, corner = false) => {
    if (corner) corners.add(outline.length);
    outline.push(p);
  };
  push(R.hps, true);
  if (s0.sleeve === 'none') {
    R.armhole.forEach((p, i) => push(p, i === 0 || i === 2));
  } else {
    push(R.cap, true);
    R.sleevePoints.forEach((p, i) => push(p, s0.sleeve === 'short' || i === 2 || i === 3));
    push(R.underarm, true);
  }
  push(R.waist);
  push(R.hem, true);
  push(Lf.hem, true);
  push(Lf.waist);
  if (s0.sleeve === 'none') {
    [...Lf.armhole].reverse().forEach((p, i) => push(p, i === 0 || i === 2));
  } else {
    push(Lf.underarm, true);
    [...Lf.sleevePoints].reverse().forEach((p, i) => push(p, s0.sleeve === 'short' || i === 2 || i === 3));
    push(Lf.cap, true);
  }
  push(Lf.hps, true);
  // Neckline: a V drops lower than a crew; collars and zips stand up around the neck.
  const neckDepth = P.neck.y - pose.hpsY;
  const neckBottom = s0.neck === 'v' ? { x: cx, y: P.neck.y + 5 * cm } : s0.neck === 'zip' || s0.neck === 'collar' ? { x: cx, y: P.neck.y - neckDepth * 0.2 } : { x: cx, y: 2 * P.neck.y - pose.hpsY };
  push(neckBottom, s0.neck === 'v');
  canvas.track(...outline);
  canvas.body.push(smoothPath(outline, corners));

  // Details.
  const d = canvas.details;
  const stitch = (pts: Point[], width = 1.4) => d.push(`<path d="${linePath(pts)}" stroke="${pal.stitch}" stroke-width="${width}" stroke-dasharray="3 2" fill="none"/>`);
  stitch([{ x: R.hem.x, y: hemY - 1.2 * cm }, { x: Lf.hem.x, y: hemY - 1.2 * cm }]);
  const accent = hex(pal.accent);
  switch (s0.neck) {
    case 'crew':
      d.push(`<path d="M${R.hps.x},${R.hps.y} Q${cx},${2 * P.neck.y - pose.hpsY} ${Lf.hps.x},${Lf.hps.y}" stroke="${hex(pal.dark)}" stroke-width="${0.9 * cm}" fill="none"/>`);
      break;
    case 'v':
      d.push(`<path d="${linePath([R.hps, neckBottom, Lf.hps])}" stroke="${accent}" stroke-width="${0.9 * cm}" fill="none"/>`);
      break;
    case 'collar':
    case 'zip': {
      const collarTop = pose.hpsY - (s0.neck === 'zip' ? 3.5 : 1.5) * cm;
      const collar = [
        { x: R.hps.x - 0.5 * cm, y: R.hps.y + 0.5 * cm },
        { x: R.hps.x - 0.2 * cm, y: collarTop },
        { x: Lf.hps.x + 0.2 * cm, y: collarTop },
        { x: Lf.hps.x + 0.5 * cm, y: Lf.hps.y + 0.5 * cm },
        { x: cx, y: neckBottom.y + 1.5 * cm },
      ];
      canvas.track(...collar);
      canvas.body.push(smoothPath(collar, new Set([1, 2, 4])));
      d.push(`<path d="${smoothPath(collar, new Set([1, 2, 4]))}" fill="${hex(shade(pal.main, -0.12))}" stroke="${hex(pal.dark)}" stroke-width="1"/>`);
      if (s0.neck === 'zip') {
        d.push(`<path d="${linePath([{ x: cx, y: collarTop }, { x: cx, y: hemY }])}" stroke="${hex(shade(pal.main, -0.55))}" stroke-width="${0.45 * cm}"/>`);
        d.push(`<rect x="${cx - 0.5 * cm}" y="${collarTop + 0.5 * cm}" width="${1 * cm}" height="${2.2 * cm}" rx="2" fill="${accent}"/>`);
      } else {
        d.push(`<path d="${linePath([{ x: cx, y: neckBottom.y + 1.5 * cm }, { x: cx, y: hemY }])}" stroke="${hex(pal.dark)}" stroke-width="${0.25 * cm}"/>`);
        for (let y = neckBottom.y + 4 * cm; y < hemY - 2 * cm; y += 8 * cm) d.push(`<circle cx="${cx + 0.8 * cm}" cy="${y}" r="${0.45 * cm}" fill="${accent}"/>`);
        d.push(`<rect x="${cx + 4 * cm}" y="${L.armpit.y}" width="${9 * cm}" height="${10 * cm}" fill="none" stroke="${pal.stitch}" stroke-width="1.4" stroke-dasharray="3 2"/>`);
      }
      break;
    }
    case 'hood':
      d.push(`<path d="M${R.hps.x},${R.hps.y} Q${cx},${2 * P.neck.y - pose.hpsY} ${Lf.hps.x},${Lf.hps.y}" stroke="${hex(pal.dark)}" stroke-width="${1.2 * cm}" fill="none"/>`);
      for (const s of [-1, 1]) d.push(`<path d="${linePath([{ x: cx + s * 3 * cm, y: P.neck.y + 1 * cm }, { x: cx + s * 3.4 * cm, y: P.neck.y + 14 * cm }])}" stroke="${accent}" stroke-width="${0.35 * cm}" stroke-linecap="round"/>`);
      break;
  }
  switch (style) {
    case 'jersey':
      for (const h of [R, Lf]) d.push(`<path d="${polygonPath([h.underarm, { x: lerp(h.underarm.x, cx, 0.18), y: h.underarm.y }, { x: lerp(h.hem.x, cx, 0.18), y: hemY }, h.hem])}" fill="${accent}" opacity="0.85"/>`);
      break;
    case 'baselayer':
    case 'longsleeve':
      for (const h of [R, Lf]) stitch([h.hps, h.underarm], 1.6);
      break;
    case 'hoodie': {
      const top = lerp(L.waist.y, hemY, 0.05);
      const pocket = [
        { x: cx - L.waist.half * 0.7, y: top + 2 * cm },
        { x: cx + L.waist.half * 0.7, y: top + 2 * cm },
        { x: cx + L.waist.half * 0.95, y: hemY - 4 * cm },
        { x: cx - L.waist.half * 0.95, y: hemY - 4 * cm },
      ];
      d.push(`<path d="${polygonPath(pocket)}" fill="${hex(shade(pal.main, -0.08))}" stroke="${hex(pal.dark)}" stroke-width="1.5"/>`);
      d.push(`<rect x="${R.hem.x - 2 * cm}" y="${hemY - 3.5 * cm}" width="${Lf.hem.x - R.hem.x + 4 * cm}" height="${3.5 * cm}" fill="${hex(pal.dark)}" opacity="0.6"/>`);
      break;
    }
    case 'fleece':
      d.push(`<path d="${polygonPath([R.cap, R.hps, Lf.hps, Lf.cap, { x: Lf.underarm.x, y: L.armpit.y - 4 * cm }, { x: R.underarm.x, y: L.armpit.y - 4 * cm }])}" fill="${accent}" opacity="0.55"/>`);
      break;
    case 'jacket':
    case 'skijacket': {
      d.push(`<path d="${linePath([{ x: cx + 4 * cm, y: L.armpit.y + 2 * cm }, { x: cx + 11 * cm, y: L.armpit.y - 3 * cm }])}" stroke="${hex(shade(pal.main, -0.5))}" stroke-width="${0.35 * cm}"/>`);
      for (const y of style === 'skijacket' ? [L.chest.y, L.waist.y, lerp(L.waist.y, hemY, 0.55)] : [lerp(L.waist.y, hemY, 0.6)]) stitch([{ x: R.waist.x - 3 * cm, y }, { x: Lf.waist.x + 3 * cm, y }], 1.8);
      d.push(`<rect x="${R.hem.x - 2 * cm}" y="${hemY - 2 * cm}" width="${Lf.hem.x - R.hem.x + 4 * cm}" height="${2 * cm}" fill="${accent}" opacity="0.5"/>`);
      break;
    }
    case 'vest':
      for (let y = L.armpit.y - 2 * cm; y < hemY - 3 * cm; y += 7 * cm) stitch([{ x: R.waist.x - 4 * cm, y }, { x: Lf.waist.x + 4 * cm, y }], 1.8);
      break;
    default:
      break;
  }
  return anchors;
}

// ---------------------------------------------------------------------------------------------
// Bottoms
// ---------------------------------------------------------------------------------------------

const LOWER_STYLES: Partial<Record<GarmentStyle, { thigh: number; knee: number; hem: number; shortsCm?: number; cuff?: boolean }>> = {
  pants: { thigh: 1.12, knee: 1.45, hem: 2.1 },
  tights: { thigh: 1.0, knee: 1.02, hem: 1.1 },
  joggers: { thigh: 1.16, knee: 1.45, hem: 1.35, cuff: true },
  skipants: { thigh: 1.25, knee: 1.75, hem: 2.6 },
  shorts: { thigh: 1.14, knee: 1.14, hem: 1.14, shortsCm: 14 },
};

function drawLowerBody(canvas: Canvas, pose: BodyPose, profile: BodyProfileData, style: GarmentStyle, spec: GarmentSpec, pal: Palette): AnchorMap {
  const s0 = LOWER_STYLES[style] ?? LOWER_STYLES.pants!;
  const P = pose.points;
  const L = pose.lines;
  const cm = pose.pxPerCm;
  const cx = L.hip.cx;
  const waistF = widthFactor(garmentEaseCm('BOTTOM', spec.fitType, 'WAIST'), profile.waistCm.valueCm);
  const hipF = widthFactor(garmentEaseCm('BOTTOM', spec.fitType, 'HIP'), profile.hipCm.valueCm);
  const waistbandY = lerp(L.waist.y, L.hip.y, 0.15);
  const anchors: AnchorMap = { crotch: P.crotch };
  const crotchY = P.crotch.y;
  const legs: Record<Side, { outer: Point[]; inner: Point[] }> = { left: { outer: [], inner: [] }, right: { outer: [], inner: [] } };
  let hemY = 0;
  for (const sd of SIDES) {
    const s = outward(pose, sd);
    const waist = { x: cx + s * torsoHalfAt(pose, waistbandY) * waistF, y: waistbandY };
    const hip = { x: cx + s * L.hip.half * hipF, y: L.hip.y };
    anchors[`${sd}_waist`] = waist;
    anchors[`${sd}_hip`] = hip;
    const joint = P[`${sd}_hip`];
    const knee = P[`${sd}_knee`];
    const ankle = P[`${sd}_ankle`];
    const leg = [{ x: joint.x, y: L.hip.y }, knee, ankle];
    const thighHalf = pose.limbs.thigh * s0.thigh;
    const thigh = { x: lerp(joint.x, knee.x, (crotchY - joint.y) / (knee.y - joint.y)), y: crotchY };
    if (s0.shortsCm !== undefined) {
      const hemCentre = alongPolyline(leg, crotchY - L.hip.y + s0.shortsCm * cm);
      const half = thighHalf * 1.02;
      anchors[`${sd}_hem`] = hemCentre;
      legs[sd].outer = [waist, hip, { x: thigh.x + s * thighHalf, y: crotchY }, { x: hemCentre.x + s * half, y: hemCentre.y }];
      // Keep a gap between the legs at the hem, so shorts do not read as a skirt.
      const inner = s * Math.max(s * (hemCentre.x - s * half * 0.95 - cx), 0.9 * cm);
      legs[sd].inner = [{ x: cx + inner, y: hemCentre.y }];
      hemY = Math.max(hemY, hemCentre.y);
    } else {
      // Full-length legs break over the top of the shoe.
      const hem = { x: ankle.x, y: ankle.y + (style === 'tights' ? 0.5 : 2.5) * cm };
      anchors[`${sd}_ankle`] = ankle;
      const kneeHalf = pose.limbs.knee * s0.knee;
      const hemHalf = pose.limbs.ankle * s0.hem;
      legs[sd].outer = [waist, hip, { x: thigh.x + s * thighHalf, y: crotchY }, { x: knee.x + s * kneeHalf, y: knee.y }, { x: hem.x + s * hemHalf, y: hem.y }];
      legs[sd].inner = [{ x: hem.x - s * hemHalf, y: hem.y }, { x: knee.x - s * kneeHalf, y: knee.y }];
      hemY = Math.max(hemY, hem.y);
    }
  }
  const outline: Point[] = [];
  const corners = new Set<number>();
  const push = (p: Point, corner = false) => {
    if (corner) corners.add(outline.length);
    outline.push(p);
  };
  // Right leg down its outside, up its inside, crotch, left leg down its inside, up its outside.
  legs.right.outer.forEach((p, i) => push(p, i === 0 || i === legs.right.outer.length - 1));
  legs.right.inner.forEach((p, i) => push(p, i === 0));
  push({ x: cx, y: crotchY }, true);
  [...legs.left.inner].reverse().forEach((p, i, all) => push(p, i === all.length - 1));
  [...legs.left.outer].reverse().forEach((p, i, all) => push(p, i === 0 || i === all.length - 1));
  canvas.track(...outline);
  canvas.body.push(smoothPath(outline, corners));
  const d = canvas.details;
  const accent = hex(pal.accent);
  const band = 3.2 * cm;
  d.push(`<rect x="${cx - L.hip.half * 2}" y="${waistbandY}" width="${L.hip.half * 4}" height="${band}" fill="${hex(pal.dark)}" opacity="0.7"/>`);
  if (style === 'shorts' || style === 'joggers') {
    for (const s of [-1, 1]) d.push(`<path d="${linePath([{ x: cx + s * 1.2 * cm, y: waistbandY + band * 0.6 }, { x: cx + s * 2 * cm, y: waistbandY + band + 7 * cm }])}" stroke="${accent}" stroke-width="${0.3 * cm}" stroke-linecap="round"/>`);
  }
  if (style === 'pants' || style === 'skipants') d.push(`<path d="${linePath([{ x: cx + 1.5 * cm, y: waistbandY + band }, { x: cx + 1.5 * cm, y: crotchY - 4 * cm }, { x: cx, y: crotchY - 1 * cm }])}" stroke="${pal.stitch}" stroke-width="1.5" stroke-dasharray="3 2" fill="none"/>`);
  for (const sd of SIDES) {
    const s = outward(pose, sd);
    const outer = legs[sd].outer;
    // Side stripe down the outside of the leg (track pants, shorts, tights' reflective piping).
    const stripe = outer.slice(1).map((p) => ({ x: p.x - s * 1.4 * cm, y: p.y }));
    d.push(`<path d="${linePath(stripe)}" stroke="${accent}" stroke-width="${(style === 'tights' ? 0.35 : 0.7) * cm}" fill="none" opacity="0.9"/>`);
    if (s0.cuff) {
      const a = P[`${sd}_ankle`];
      d.push(`<rect x="${a.x - pose.limbs.ankle * s0.hem}" y="${a.y - 3 * cm}" width="${pose.limbs.ankle * s0.hem * 2}" height="${3.5 * cm}" fill="${hex(pal.dark)}" opacity="0.7"/>`);
    }
    if (style === 'skipants') {
      const k = P[`${sd}_knee`];
      d.push(`<path d="M${k.x - 4 * cm},${k.y - 2 * cm} Q${k.x},${k.y + 1 * cm} ${k.x + 4 * cm},${k.y - 2 * cm}" stroke="${pal.stitch}" stroke-width="1.6" stroke-dasharray="3 2" fill="none"/>`);
    }
  }
  d.push(`<path d="${linePath([{ x: 0, y: hemY - 1.2 * cm }, { x: pose.canvas.width, y: hemY - 1.2 * cm }])}" stroke="${pal.stitch}" stroke-width="1.3" stroke-dasharray="3 2"/>`);
  return anchors;
}

// ---------------------------------------------------------------------------------------------
// Shoes
// ---------------------------------------------------------------------------------------------

/** `collarCm`: how far above the ankle the shoe's collar reaches. */
const SHOE_STYLES: Partial<Record<GarmentStyle, { width: number; collarCm: number; sole: Rgb | 'accent'; studs?: boolean; laces: boolean }>> = {
  runner: { width: 5.4, collarCm: 1.5, sole: [240, 240, 238], laces: true },
  trail: { width: 5.6, collarCm: 2, sole: [52, 52, 56], laces: true },
  football: { width: 5.0, collarCm: 1, sole: 'accent', studs: true, laces: true },
  indoor: { width: 5.2, collarCm: 1, sole: [176, 140, 96], laces: true },
  trainer: { width: 5.5, collarCm: 1.5, sole: [236, 236, 234], laces: true },
  hiker: { width: 5.8, collarCm: 7, sole: [48, 44, 40], laces: true },
  winterboot: { width: 6.2, collarCm: 12, sole: [56, 56, 60], laces: false },
};

function drawShoes(canvas: Canvas, pose: BodyPose, style: GarmentStyle, pal: Palette): AnchorMap {
  const s0 = SHOE_STYLES[style] ?? SHOE_STYLES.runner!;
  const P = pose.points;
  const cm = pose.pxPerCm;
  const anchors: AnchorMap = {};
  const d = canvas.details;
  const sole = s0.sole === 'accent' ? pal.accent : s0.sole;
  for (const sd of SIDES) {
    const s = outward(pose, sd);
    const heel = P[`${sd}_heel`];
    const toe = P[`${sd}_toe`];
    const ankle = P[`${sd}_ankle`];
    anchors[`${sd}_heel`] = heel;
    anchors[`${sd}_toe`] = toe;
    const cxS = lerp(heel.x, toe.x, 0.55);
    const floor = toe.y + 0.4 * cm;
    const w = s0.width * cm;
    const collarY = ankle.y - s0.collarCm * cm;
    const outline: Point[] = [
      { x: cxS - w, y: floor },
      { x: cxS + w, y: floor },
      { x: cxS + w * 1.03, y: floor - 1.6 * cm },
      { x: cxS + w * 0.92, y: floor - 4 * cm },
      { x: cxS + s * 0.6 * cm + w * 0.7, y: collarY },
      { x: cxS + s * 0.6 * cm - w * 0.7, y: collarY },
      { x: cxS - w * 0.92, y: floor - 4 * cm },
      { x: cxS - w * 1.03, y: floor - 1.6 * cm },
    ];
    canvas.track(...outline);
    canvas.body.push(smoothPath(outline, new Set([4, 5])));
    d.push(`<rect x="${cxS - w * 1.1}" y="${floor - 1.5 * cm}" width="${w * 2.2}" height="${1.6 * cm}" rx="${0.6 * cm}" fill="${hex(sole)}"/>`);
    if (s0.studs) for (const t of [-0.7, -0.2, 0.3, 0.75]) d.push(`<rect x="${cxS + t * w - 0.35 * cm}" y="${floor - 0.2 * cm}" width="${0.7 * cm}" height="${0.6 * cm}" fill="${hex(sole)}"/>`);
    if (s0.laces) {
      const pts: Point[] = [];
      const top = collarY + 0.8 * cm;
      const bottom = floor - 4.2 * cm;
      for (let i = 0; i <= 5; i++) pts.push({ x: cxS + s * 0.6 * cm * (i / 5) + (i % 2 ? 1 : -1) * w * 0.28, y: lerp(bottom, top, i / 5) });
      d.push(`<path d="${linePath(pts)}" stroke="${hex(pal.accent)}" stroke-width="${0.35 * cm}" fill="none" stroke-linecap="round"/>`);
    }
    if (style === 'winterboot') d.push(`<rect x="${cxS + s * 0.6 * cm - w * 0.75}" y="${collarY - 0.5 * cm}" width="${w * 1.5}" height="${2.4 * cm}" rx="${0.8 * cm}" fill="${hex(shade(pal.main, 0.7))}"/>`);
    // A brand stripe sweeping back along the outer side.
    d.push(`<path d="M${cxS - s * w * 0.1},${floor - 2 * cm} Q${cxS + s * w * 0.6},${floor - 2.4 * cm} ${cxS + s * w * 0.95},${floor - 4.6 * cm}" stroke="${hex(pal.accent)}" stroke-width="${0.55 * cm}" fill="none"/>`);
  }
  return anchors;
}
