import { Point } from './geometry';

/* Small helpers for the SVG the figure and the generated garments are drawn with. */

const f = (n: number): string => (Math.round(n * 10) / 10).toString();

/** A closed path through the points with straight edges. */
export function polygonPath(points: Point[]): string {
  return `M${points.map((p) => `${f(p.x)},${f(p.y)}`).join(' L')} Z`;
}

/**
 * A smooth closed path: quadratic curves through the midpoints of the edges, with the vertices as
 * control points. Vertices listed in `corners` (by index) stay sharp.
 */
export function smoothPath(points: Point[], corners: ReadonlySet<number> = new Set()): string {
  const n = points.length;
  const mid = (i: number): Point => {
    const a = points[i % n];
    const b = points[(i + 1) % n];
    return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  };
  const start = corners.has(0) ? points[0] : mid(n - 1);
  let d = `M${f(start.x)},${f(start.y)}`;
  for (let i = 0; i < n; i++) {
    const p = points[i];
    const next = mid(i);
    if (corners.has(i)) d += ` L${f(p.x)},${f(p.y)} L${f(next.x)},${f(next.y)}`;
    else d += ` Q${f(p.x)},${f(p.y)} ${f(next.x)},${f(next.y)}`;
  }
  return `${d} Z`;
}

/** An open polyline. */
export function linePath(points: Point[]): string {
  return `M${points.map((p) => `${f(p.x)},${f(p.y)}`).join(' L')}`;
}

/** The outline of a limb: a centreline with a half-width at each of its points, rounded ends. */
export function limbPath(centre: Point[], halves: number[]): string {
  const left: Point[] = [];
  const right: Point[] = [];
  for (let i = 0; i < centre.length; i++) {
    const a = centre[Math.max(0, i - 1)];
    const b = centre[Math.min(centre.length - 1, i + 1)];
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const nx = -(b.y - a.y) / len;
    const ny = (b.x - a.x) / len;
    left.push({ x: centre[i].x + nx * halves[i], y: centre[i].y + ny * halves[i] });
    right.push({ x: centre[i].x - nx * halves[i], y: centre[i].y - ny * halves[i] });
  }
  const points = [...left, ...right.reverse()];
  return smoothPath(points);
}

export type Rgb = [number, number, number];

export const hex = ([r, g, b]: Rgb): string => '#' + [r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('');

/** Lighter (amount > 0) or darker (amount < 0), towards white or black. */
export function shade([r, g, b]: Rgb, amount: number): Rgb {
  const t = amount >= 0 ? 255 : 0;
  const k = Math.abs(amount);
  return [r + (t - r) * k, g + (t - g) * k, b + (t - b) * k];
}

/** Relative luminance-ish 0..1, to choose a contrasting detail colour. */
export function lightness([r, g, b]: Rgb): number {
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}
