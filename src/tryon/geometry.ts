/** A point in image pixels: origin top-left, y down; pixel (i, j) has its centre at (i, j). */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned rectangle in whole pixels. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;
export const lerpPoint = (a: Point, b: Point, t: number): Point => ({ x: lerp(a.x, b.x, t), y: lerp(a.y, b.y, t) });
export const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
export const midpoint = (a: Point, b: Point): Point => lerpPoint(a, b, 0.5);
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * The point at arc length `length` along a polyline; beyond its end it continues along the last
 * segment, so that a sleeve longer than the arm still has somewhere to go.
 */
export function alongPolyline(points: Point[], length: number): Point {
  let left = Math.max(0, length);
  for (let i = 0; i + 1 < points.length; i++) {
    const segment = distance(points[i], points[i + 1]);
    if (left <= segment || i + 2 === points.length) return segment === 0 ? points[i] : lerpPoint(points[i], points[i + 1], left / segment);
    left -= segment;
  }
  return points[0];
}

/** The x of a polyline at row y (linear between vertices; clamped to its ends). Vertices must go down the image. */
export function polylineXAt(points: Point[], y: number): number {
  if (y <= points[0].y) return points[0].x;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (y <= b.y) return b.y === a.y ? b.x : lerp(a.x, b.x, (y - a.y) / (b.y - a.y));
  }
  return points[points.length - 1].x;
}

/** Piecewise-linear interpolation of `value` over `y` through knots sorted by y (clamped at the ends). */
export function interpolateByY(knots: { y: number; value: number }[], y: number): number {
  if (y <= knots[0].y) return knots[0].value;
  for (let i = 0; i + 1 < knots.length; i++) {
    const a = knots[i];
    const b = knots[i + 1];
    if (y <= b.y) return b.y === a.y ? b.value : lerp(a.value, b.value, (y - a.y) / (b.y - a.y));
  }
  return knots[knots.length - 1].value;
}

/** The smallest whole-pixel rectangle holding the points, grown by `pad` and clipped to the canvas. */
export function boundingRect(points: Point[], pad: number, canvas: { width: number; height: number }): Rect | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  const left = Math.max(0, Math.floor(minX - pad));
  const top = Math.max(0, Math.floor(minY - pad));
  const right = Math.min(canvas.width, Math.ceil(maxX + pad) + 1);
  const bottom = Math.min(canvas.height, Math.ceil(maxY + pad) + 1);
  if (!(right > left && bottom > top)) return null;
  return { left, top, width: right - left, height: bottom - top };
}
