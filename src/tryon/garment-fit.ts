import type { BodyProfileData } from '../body/body-profile.data';
import { FitRegion, FitVerdict, GarmentTypeName, RegionFit, SHOE_ALLOWANCE_MM, TOP_LENGTH_PER_HEIGHT } from '../body/size/size-advice';
import { armOf, BodyPose, drawableBody, outward, Side, SIDES, torsoCentreAt, torsoHalfAt, verticalScale } from './body-pose';
import { AnchorMap } from './garment-anchors';
import { alongPolyline, clamp, distance, lerp, Point } from './geometry';

/*
 * Where a garment's anchors go on a body, for the size being tried on. The garment is drawn as much
 * wider than the body as the size's ease says (the region fits of the size engine: garment minus
 * body girth), longer or shorter by its length difference, so that a size too big looks looser and
 * a size too small tighter than the advised one.
 */

export interface GarmentFit {
  garmentType: GarmentTypeName;
  /** Region fits of the size being drawn (`regionFits` of the size engine). */
  fits: RegionFit[];
  profile: BodyProfileData;
}

/** A band of the garment coloured by the fit overlay. */
export interface OverlayBand {
  region: FitRegion;
  verdict: FitVerdict;
  top: number;
  bottom: number;
  /** Only the torso (|x - cx| <= half) or only outside it (sleeves); absent: the whole row. */
  torso?: { cx: number; half: number; inside: boolean };
}

export interface GarmentLayout {
  /** Anchors in the asset and where they go on the canvas, pairwise. */
  from: Point[];
  to: Point[];
  /** Bands for the fit overlay (tight and loose regions only). */
  bands: OverlayBand[];
}

/** Overlay colours: tight in red, loose in blue; snug and regular are left alone. */
export const OVERLAY_COLOURS: Partial<Record<FitVerdict, [number, number, number]>> = { TIGHT: [220, 38, 38], LOOSE: [37, 99, 235] };
export const OVERLAY_STRENGTH = 0.45;

/**
 * How much wider than the body a garment is drawn, from its girth ease (garment minus body, cm) and
 * the body's girth: the garment's breadth scales with its girth. A garment smaller than the body
 * stretches rather than shrinks the body, so below 1 the factor moves a third as fast. Increasing
 * in the ease, so a bigger size is always drawn wider.
 */
export function widthFactor(differenceCm: number | undefined, bodyGirthCm: number): number {
  if (differenceCm === undefined || !Number.isFinite(differenceCm) || bodyGirthCm <= 0) return 1;
  const ratio = 1 + differenceCm / bodyGirthCm;
  return clamp(ratio >= 1 ? ratio : 1 + (ratio - 1) / 3, 0.8, 1.6);
}

const mean = (a: Point, b: Point): number => (a.y + b.y) / 2;

/** The layout of one garment on a pose. `anchors` must satisfy `checkAnchors` for the garment type. */
export function garmentLayout(anchors: AnchorMap, pose: BodyPose, fit: GarmentFit): GarmentLayout {
  switch (fit.garmentType) {
    case 'TOP':
    case 'OUTERWEAR':
      return upperBody(anchors, pose, fit);
    case 'BOTTOM':
      return lowerBody(anchors, pose, fit);
    case 'SHOES':
      return shoes(anchors, pose, fit);
  }
}

function difference(fit: GarmentFit, region: FitRegion): number | undefined {
  return fit.fits.find((f) => f.region === region)?.differenceCm;
}

function verdict(fit: GarmentFit, region: FitRegion): FitVerdict | undefined {
  const v = fit.fits.find((f) => f.region === region)?.verdict;
  return v && OVERLAY_COLOURS[v] ? v : undefined;
}

class Pairs {
  readonly from: Point[] = [];
  readonly to: Point[] = [];
  add(from: Point | undefined, to: Point): void {
    if (!from) return;
    this.from.push(from);
    this.to.push(to);
  }
}

function upperBody(a: AnchorMap, pose: BodyPose, fit: GarmentFit): GarmentLayout {
  const body = drawableBody(fit.profile);
  const P = pose.points;
  const L = pose.lines;
  const chestF = widthFactor(difference(fit, 'CHEST'), body.chest);
  const waistF = widthFactor(difference(fit, 'WAIST'), body.waist);
  const lengthDiff = difference(fit, 'LENGTH');
  const lengthRatio = lengthDiff === undefined ? 1 : clamp(1 + lengthDiff / (TOP_LENGTH_PER_HEIGHT * body.height), 0.8, 1.25);
  const sleeveDiff = difference(fit, 'SLEEVE');
  const sleeveRatio = sleeveDiff === undefined ? 1 : clamp(1 + sleeveDiff / body.sleeve, 0.85, 1.2);

  const assetShoulderY = mean(a.left_shoulder!, a.right_shoulder!);
  const assetWaistY = mean(a.left_waist!, a.right_waist!);
  const assetCentreX = (a.left_waist!.x + a.right_waist!.x) / 2;
  const assetWaistHalf = Math.abs(a.left_waist!.x - a.right_waist!.x) / 2;
  // A bigger garment's shoulder seam drops off the shoulder a little.
  const drop = Math.max(0, chestF - 1) * L.shoulder.half * 0.35;
  const shoulderAt = (side: Side) => ({ x: P[`${side}_shoulder`].x + outward(pose, side) * drop, y: P[`${side}_shoulder`].y + drop * 0.3 });
  const poseShoulderY = mean(shoulderAt('left'), shoulderAt('right'));
  const vScale = verticalScale(poseShoulderY, L.waist.y, assetShoulderY, assetWaistY);

  const pairs = new Pairs();
  pairs.add(a.neckline, P.neck);
  let hemY = 0;
  for (const side of SIDES) {
    const s = outward(pose, side);
    pairs.add(a[`${side}_shoulder`], shoulderAt(side));
    pairs.add(a[`${side}_underarm`], { x: L.armpit.cx + s * L.armpit.half * chestF, y: L.armpit.y });
    const waistHalf = L.waist.half * waistF;
    pairs.add(a[`${side}_waist`], { x: L.waist.cx + s * waistHalf, y: L.waist.y });
    pairs.add(a[`${side}_hip`], { x: L.hip.cx + s * L.hip.half * waistF, y: L.hip.y });
    const hem = a[`${side}_hem`]!;
    const y = poseShoulderY + (hem.y - assetShoulderY) * vScale * lengthRatio;
    const flare = assetWaistHalf > 0 ? Math.abs(hem.x - assetCentreX) / assetWaistHalf : 1;
    const half = Math.max(torsoHalfAt(pose, y) * waistF, waistHalf * flare);
    pairs.add(hem, { x: torsoCentreAt(pose, y) + s * half, y });
    hemY = Math.max(hemY, y);
    const cuff = a[`${side}_cuff`];
    if (cuff) pairs.add(cuff, alongPolyline([shoulderAt(side), ...armOf(pose, side).slice(1)], distance(cuff, a[`${side}_shoulder`]!) * vScale * sleeveRatio));
  }

  const stature = pose.statureCm * pose.pxPerCm;
  const torso = (inside: boolean, half: number) => ({ cx: L.chest.cx, half, inside });
  const bands: OverlayBand[] = [];
  const band = (region: FitRegion, top: number, bottom: number, t?: OverlayBand['torso']) => {
    const v = verdict(fit, region);
    if (v) bands.push({ region, verdict: v, top, bottom, torso: t });
  };
  const chestHalf = L.armpit.half * chestF + 2;
  band('CHEST', L.armpit.y - 0.02 * stature, L.chest.y + 0.035 * stature, torso(true, chestHalf));
  band('WAIST', L.waist.y - 0.03 * stature, L.waist.y + 0.03 * stature, torso(true, L.waist.half * waistF + 2));
  band('LENGTH', hemY - 0.035 * stature, hemY + 4);
  band('SLEEVE', 0, L.waist.y, torso(false, chestHalf));
  return { from: pairs.from, to: pairs.to, bands };
}

function lowerBody(a: AnchorMap, pose: BodyPose, fit: GarmentFit): GarmentLayout {
  const body = drawableBody(fit.profile);
  const P = pose.points;
  const L = pose.lines;
  const waistF = widthFactor(difference(fit, 'WAIST'), body.waist);
  const hipF = widthFactor(difference(fit, 'HIP'), body.hip);
  const inseamDiff = difference(fit, 'INSEAM') ?? 0;
  const waistbandY = lerp(L.waist.y, L.hip.y, 0.15);
  const assetWaistY = mean(a.left_waist!, a.right_waist!);
  const assetHipY = mean(a.left_hip!, a.right_hip!);
  const vScale = verticalScale(waistbandY, L.hip.y, assetWaistY, assetHipY);

  const pairs = new Pairs();
  pairs.add(a.crotch, P.crotch);
  let kneeY = Infinity;
  for (const side of SIDES) {
    const s = outward(pose, side);
    pairs.add(a[`${side}_waist`], { x: torsoCentreAt(pose, waistbandY) + s * torsoHalfAt(pose, waistbandY) * waistF, y: waistbandY });
    pairs.add(a[`${side}_hip`], { x: L.hip.cx + s * L.hip.half * hipF, y: L.hip.y });
    const ankle = P[`${side}_ankle`];
    // Longer legs break lower on the shoe (never below the heel), shorter ones show the ankle.
    const drop = clamp(inseamDiff, -10, 4) * pose.pxPerCm * 0.8;
    pairs.add(a[`${side}_ankle`], { x: ankle.x, y: Math.min(ankle.y + drop, P[`${side}_heel`].y + pose.pxPerCm) });
    const hem = a[`${side}_hem`];
    if (hem && !a[`${side}_ankle`]) {
      const leg = [{ x: P[`${side}_hip`].x, y: L.hip.y }, P[`${side}_knee`], ankle];
      pairs.add(hem, alongPolyline(leg, (hem.y - assetHipY) * vScale * (1 + (hipF - 1) * 0.5)));
    }
    kneeY = Math.min(kneeY, P[`${side}_knee`].y);
  }
  const stature = pose.statureCm * pose.pxPerCm;
  const bands: OverlayBand[] = [];
  const band = (region: FitRegion, top: number, bottom: number) => {
    const v = verdict(fit, region);
    if (v) bands.push({ region, verdict: v, top, bottom });
  };
  band('WAIST', waistbandY - 0.02 * stature, waistbandY + 0.025 * stature);
  band('HIP', L.hip.y - 0.035 * stature, L.hip.y + 0.035 * stature);
  band('INSEAM', kneeY, pose.canvas.height);
  return { from: pairs.from, to: pairs.to, bands };
}

/** Shoes are rigid: each one follows a similarity (scale by the shoe's length, no rotation). */
function shoes(a: AnchorMap, pose: BodyPose, fit: GarmentFit): GarmentLayout {
  const body = drawableBody(fit.profile);
  const allowanceCm = SHOE_ALLOWANCE_MM / 10;
  const diff = difference(fit, 'FOOT') ?? allowanceCm;
  const lengthRatio = clamp((body.foot + diff) / (body.foot + allowanceCm), 0.85, 1.2);
  const pairs = new Pairs();
  let top = Infinity;
  for (const side of SIDES as Side[]) {
    const heelA = a[`${side}_heel`]!;
    const toeA = a[`${side}_toe`]!;
    const heel = pose.points[`${side}_heel`];
    const toe = pose.points[`${side}_toe`];
    const toeT = { x: heel.x + (toe.x - heel.x) * lengthRatio, y: heel.y + (toe.y - heel.y) * lengthRatio };
    const scale = distance(heel, toeT) / Math.max(1, distance(heelA, toeA));
    pairs.add(heelA, heel);
    pairs.add(toeA, toeT);
    // A third point up the shoe keeps it from shearing: straight above the heel, at the same scale.
    const up = Math.max(8, distance(heelA, toeA));
    pairs.add({ x: heelA.x, y: heelA.y - up }, { x: heel.x, y: heel.y - up * scale });
    top = Math.min(top, heel.y - up * scale * 1.5);
  }
  const v = verdict(fit, 'FOOT');
  return { from: pairs.from, to: pairs.to, bands: v ? [{ region: 'FOOT', verdict: v, top, bottom: pose.canvas.height }] : [] };
}

/**
 * Colours the bands of a warped layer (premultiplied RGBA over `rect`) in place: each pixel moves
 * towards the verdict's colour, weighted by its own alpha, so only the garment is tinted.
 */
export function tintLayer(rgba: Uint8ClampedArray | Float32Array, rect: { left: number; top: number; width: number; height: number }, bands: readonly OverlayBand[]): void {
  for (const band of bands) {
    const colour = OVERLAY_COLOURS[band.verdict];
    if (!colour) continue;
    const y0 = Math.max(rect.top, Math.floor(band.top));
    const y1 = Math.min(rect.top + rect.height, Math.ceil(band.bottom));
    for (let y = y0; y < y1; y++) {
      const row = (y - rect.top) * rect.width;
      for (let x = rect.left; x < rect.left + rect.width; x++) {
        if (band.torso) {
          const inside = Math.abs(x - band.torso.cx) <= band.torso.half;
          if (inside !== band.torso.inside) continue;
        }
        const i = (row + x - rect.left) * 4;
        const alpha = rgba[i + 3] / 255;
        if (alpha <= 0) continue;
        for (let c = 0; c < 3; c++) rgba[i + c] += (colour[c] * alpha - rgba[i + c]) * OVERLAY_STRENGTH;
      }
    }
  }
}
