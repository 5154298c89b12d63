import { tf } from '../ml/backend';
import { boundingRect, Point, Rect } from './geometry';

/*
 * Warping a garment image onto a body: a thin-plate spline (TPS) through the asset's anchor points
 * and the body's target points, applied with TF.js.
 *
 * The TPS is fitted twice: forwards (asset -> canvas) only to find where the garment lands, and
 * backwards (canvas -> asset), which is what sampling needs: every output pixel asks where in the
 * asset it comes from. Evaluating the TPS at every output pixel and gathering four neighbours per
 * pixel costs ~130 ms per 300k pixels on the WASM backend; instead the inverse map is evaluated as a
 * tensor on a grid of nodes every `cell` pixels, and each grid cell is sampled by `tf.image.transform`
 * with the projective map through its four corners (exact at the nodes, bilinear sampling inside).
 * Neighbouring cells share their corners, so the mosaic has no cracks; inside a 48 px cell the TPS is
 * close to projective, which keeps the anchors within a pixel of their targets (warp.spec.ts).
 */

/** The control points cannot be fitted: repeated or collinear (a body seen edge-on, left on right). */
export class WarpNotDeterminedError extends Error {
  constructor() {
    super('the control points do not determine a warp (repeated or collinear points)');
    this.name = 'WarpNotDeterminedError';
  }
}

/** A thin-plate spline R^2 -> R^2 that passes through its control points (with no regularisation). */
export class ThinPlateSpline {
  private constructor(
    /** Control points, normalised: (p - origin) / scale. */
    private readonly centres: Float64Array,
    /** Kernel weights per centre, x and y interleaved. */
    private readonly weights: Float64Array,
    /** Affine part [a0, ax, ay] for x, then for y. */
    private readonly affine: Float64Array,
    private readonly origin: Point,
    private readonly scale: number,
  ) {}

  /**
   * Fits the spline that maps each `from[i]` to `to[i]`. `regularisation` > 0 trades exactness for
   * smoothness (and keeps coincident control points solvable).
   */
  static fit(from: readonly Point[], to: readonly Point[], regularisation = 0): ThinPlateSpline {
    if (from.length !== to.length) throw new Error('a thin-plate spline needs as many targets as control points');
    if (from.length < 3) throw new Error('a thin-plate spline needs at least 3 control points');
    const n = from.length;
    const origin = { x: from.reduce((s, p) => s + p.x, 0) / n, y: from.reduce((s, p) => s + p.y, 0) / n };
    const scale = Math.sqrt(from.reduce((s, p) => s + (p.x - origin.x) ** 2 + (p.y - origin.y) ** 2, 0) / n) || 1;
    const centres = new Float64Array(2 * n);
    from.forEach((p, i) => {
      centres[2 * i] = (p.x - origin.x) / scale;
      centres[2 * i + 1] = (p.y - origin.y) / scale;
    });
    // [K + lambda I, P; P^T, 0] [w; a] = [v; 0]
    const size = n + 3;
    const matrix = Array.from({ length: size }, () => new Float64Array(size));
    const rhs = Array.from({ length: size }, () => new Float64Array(2));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        matrix[i][j] = kernel((centres[2 * i] - centres[2 * j]) ** 2 + (centres[2 * i + 1] - centres[2 * j + 1]) ** 2);
      }
      matrix[i][i] += regularisation;
      matrix[i][n] = matrix[n][i] = 1;
      matrix[i][n + 1] = matrix[n + 1][i] = centres[2 * i];
      matrix[i][n + 2] = matrix[n + 2][i] = centres[2 * i + 1];
      rhs[i][0] = to[i].x;
      rhs[i][1] = to[i].y;
    }
    const solution = solve(matrix, rhs);
    const weights = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      weights[2 * i] = solution[i][0];
      weights[2 * i + 1] = solution[i][1];
    }
    const affine = Float64Array.of(solution[n][0], solution[n + 1][0], solution[n + 2][0], solution[n][1], solution[n + 1][1], solution[n + 2][1]);
    return new ThinPlateSpline(centres, weights, affine, origin, scale);
  }

  get size(): number {
    return this.centres.length / 2;
  }

  /** Maps one point (plain arithmetic: for bounds and tests). */
  map(p: Point): Point {
    const u = (p.x - this.origin.x) / this.scale;
    const v = (p.y - this.origin.y) / this.scale;
    let x = this.affine[0] + this.affine[1] * u + this.affine[2] * v;
    let y = this.affine[3] + this.affine[4] * u + this.affine[5] * v;
    for (let i = 0; i < this.size; i++) {
      const k = kernel((u - this.centres[2 * i]) ** 2 + (v - this.centres[2 * i + 1]) ** 2);
      x += k * this.weights[2 * i];
      y += k * this.weights[2 * i + 1];
    }
    return { x, y };
  }

  /**
   * Maps many points at once as tensors: `points` is [m, 2] in pixels, the answer [m, 2]. The kernel
   * matrix is built from squared distances |p|^2 + |c|^2 - 2 p.c (one matMul), then U . W + [1 p] . A.
   */
  mapTensor(points: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const n = this.size;
      const normalised = points.sub(tf.tensor1d([this.origin.x, this.origin.y])).div(this.scale) as tf.Tensor2D;
      const centres = tf.tensor2d(Float32Array.from(this.centres), [n, 2]);
      const r2 = normalised.square().sum(1, true).add(centres.square().sum(1).reshape([1, n])).sub(normalised.matMul(centres, false, true).mul(2)).relu();
      // r^2 log r^2, with 0 at r = 0 (the limit); the epsilon keeps log finite there.
      const kernelValues = r2.mul(r2.add(1e-12).log());
      const weights = tf.tensor2d(Float32Array.from(this.weights), [n, 2]);
      const affine = tf.tensor2d([this.affine[1], this.affine[4], this.affine[2], this.affine[5]], [2, 2]);
      return kernelValues.matMul(weights).add(normalised.matMul(affine)).add(tf.tensor1d([this.affine[0], this.affine[3]])) as tf.Tensor2D;
    });
  }
}

/** The TPS radial basis on a squared distance: r^2 log r^2 (a multiple of the classic r^2 log r). */
function kernel(r2: number): number {
  return r2 > 1e-20 ? r2 * Math.log(r2) : 0;
}

/** Gaussian elimination with partial pivoting; several right-hand sides. */
function solve(matrix: Float64Array[], rhs: Float64Array[]): Float64Array[] {
  const n = matrix.length;
  const a = matrix.map((row) => Float64Array.from(row));
  const b = rhs.map((row) => Float64Array.from(row));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-12) throw new WarpNotDeterminedError();
    [a[col], a[pivot]] = [a[pivot], a[col]];
    [b[col], b[pivot]] = [b[pivot], b[col]];
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / a[col][col];
      if (f === 0) continue;
      for (let c = col; c < n; c++) a[r][c] -= f * a[col][c];
      for (let c = 0; c < b[r].length; c++) b[r][c] -= f * b[col][c];
    }
  }
  const x = b.map((row) => new Float64Array(row.length));
  for (let r = n - 1; r >= 0; r--) {
    for (let c = 0; c < b[r].length; c++) {
      let s = b[r][c];
      for (let k = r + 1; k < n; k++) s -= a[r][k] * x[k][c];
      x[r][c] = s / a[r][r];
    }
  }
  return x;
}

/**
 * The projective map (tf.image.transform's 8 numbers) that takes the output cell's local pixel grid,
 * corners (0,0), (w,0), (w,h), (0,h), to the source quad q0..q3 (Heckbert's square-to-quad).
 */
export function cellTransform(q0: Point, q1: Point, q2: Point, q3: Point, w: number, h: number): number[] {
  const sx = q0.x - q1.x + q2.x - q3.x;
  const sy = q0.y - q1.y + q2.y - q3.y;
  let a: number, b: number, c: number, d: number, e: number, f: number, g: number, k: number;
  if (Math.abs(sx) < 1e-9 && Math.abs(sy) < 1e-9) {
    [a, b, c, d, e, f, g, k] = [q1.x - q0.x, q3.x - q0.x, q0.x, q1.y - q0.y, q3.y - q0.y, q0.y, 0, 0];
  } else {
    const dx1 = q1.x - q2.x;
    const dx2 = q3.x - q2.x;
    const dy1 = q1.y - q2.y;
    const dy2 = q3.y - q2.y;
    const den = dx1 * dy2 - dx2 * dy1;
    g = (sx * dy2 - dx2 * sy) / den;
    k = (dx1 * sy - sx * dy1) / den;
    a = q1.x - q0.x + g * q1.x;
    b = q3.x - q0.x + k * q3.x;
    c = q0.x;
    d = q1.y - q0.y + g * q1.y;
    e = q3.y - q0.y + k * q3.y;
    f = q0.y;
  }
  // Unit square (u, v) = (x / w, y / h).
  return [a / w, b / h, c, d / w, e / h, f, g / w, k / h];
}

/** A warped layer: premultiplied 8-bit RGBA of `rect` on the canvas. */
export interface WarpedLayer {
  rect: Rect;
  rgba: Uint8ClampedArray;
}

export interface WarpOptions {
  /** Grid spacing of the inverse map, pixels. */
  cell?: number;
  /** Where the garment is in the asset (its alpha's bounding box); defaults to the whole image. */
  content?: Rect;
  /** Which blocks of the asset have any pixel: only where they land on the canvas is sampled. */
  occupancy?: Occupancy;
  /**
   * Canvas pixels already hidden under fully opaque layers above this one (1 = hidden): cells
   * entirely hidden are not sampled, as nothing of them would show.
   */
  hidden?: Uint8Array;
}

/** Where on the garment's canvas rectangle it may have pixels, on a grid of `grid` pixels. */
interface LandingMask {
  grid: number;
  columns: number;
  flags: Uint8Array;
}

/**
 * The asset's occupied blocks mapped forwards onto the canvas rectangle (each block's mapped corners'
 * bounding box, padded): an over-estimate of where the garment lands, so that cells of the
 * rectangle between sleeve and body, or between the legs, are not sampled.
 */
function landingMask(forward: ThinPlateSpline, occupancy: Occupancy, rect: Rect, grid = 4): LandingMask {
  const columns = Math.ceil(rect.width / grid);
  const rows = Math.ceil(rect.height / grid);
  const flags = new Uint8Array(columns * rows);
  const b = occupancy.block;
  const stride = occupancy.columns + 1;
  const corners: Point[] = [];
  for (let r = 0; r <= occupancy.rows; r++) for (let c = 0; c <= occupancy.columns; c++) corners.push(forward.map({ x: c * b, y: r * b }));
  for (let r = 0; r < occupancy.rows; r++) {
    for (let c = 0; c < occupancy.columns; c++) {
      if (!occupancy.flags[r * occupancy.columns + c]) continue;
      const q = [corners[r * stride + c], corners[r * stride + c + 1], corners[(r + 1) * stride + c], corners[(r + 1) * stride + c + 1]];
      const c0 = Math.max(0, Math.floor((Math.min(...q.map((p) => p.x)) - 2 - rect.left) / grid));
      const c1 = Math.min(columns - 1, Math.floor((Math.max(...q.map((p) => p.x)) + 2 - rect.left) / grid));
      const r0 = Math.max(0, Math.floor((Math.min(...q.map((p) => p.y)) - 2 - rect.top) / grid));
      const r1 = Math.min(rows - 1, Math.floor((Math.max(...q.map((p) => p.y)) + 2 - rect.top) / grid));
      for (let y = r0; y <= r1; y++) flags.fill(1, y * columns + c0, y * columns + c1 + 1);
    }
  }
  return { grid, columns, flags };
}

/**
 * The part of a cell worth sampling, relative to the cell: the bounding box of its pixels that the
 * garment may land on and that no opaque layer above hides; null when there are none.
 */
function samplePart(cell: Rect, rect: Rect, canvasWidth: number, mask: LandingMask | null, hidden: Uint8Array | undefined): { x: number; y: number; w: number; h: number } | null {
  if (!mask && !hidden) return { x: 0, y: 0, w: cell.width, h: cell.height };
  if (!hidden) {
    // Mask only: at the mask's grid resolution.
    const m = mask!;
    const gx0 = Math.floor((cell.left - rect.left) / m.grid);
    const gy0 = Math.floor((cell.top - rect.top) / m.grid);
    const gx1 = Math.floor((cell.left - rect.left + cell.width - 1) / m.grid);
    const gy1 = Math.floor((cell.top - rect.top + cell.height - 1) / m.grid);
    let g0 = Infinity;
    let g1 = -1;
    let h0 = Infinity;
    let h1 = -1;
    for (let gy = gy0; gy <= gy1; gy++) {
      for (let gx = gx0; gx <= gx1; gx++) {
        if (!m.flags[gy * m.columns + gx]) continue;
        g0 = Math.min(g0, gx);
        g1 = Math.max(g1, gx);
        h0 = Math.min(h0, gy);
        h1 = Math.max(h1, gy);
      }
    }
    if (g1 < 0) return null;
    const x0 = Math.max(0, g0 * m.grid - (cell.left - rect.left));
    const y0 = Math.max(0, h0 * m.grid - (cell.top - rect.top));
    const x1 = Math.min(cell.width, (g1 + 1) * m.grid - (cell.left - rect.left));
    const y1 = Math.min(cell.height, (h1 + 1) * m.grid - (cell.top - rect.top));
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }
  let minX = cell.width;
  let minY = cell.height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < cell.height; y++) {
    const canvasRow = (cell.top + y) * canvasWidth + cell.left;
    const maskRow = mask ? Math.floor((cell.top - rect.top + y) / mask.grid) * mask.columns : 0;
    for (let x = 0; x < cell.width; x++) {
      if (hidden && hidden[canvasRow + x]) continue;
      if (mask && !mask.flags[maskRow + Math.floor((cell.left - rect.left + x) / mask.grid)]) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return maxX < 0 ? null : { x: minX, y: minY, w: maxX - minX + 1, h: maxY - minY + 1 };
}

/** The transform of a sub-rectangle starting at (dx, dy) of a cell: the same map, its origin moved. */
function offsetTransform([a0, a1, a2, b0, b1, b2, c0, c1]: number[], dx: number, dy: number): number[] {
  const k = 1 + c0 * dx + c1 * dy;
  return [a0 / k, a1 / k, (a0 * dx + a1 * dy + a2) / k, b0 / k, b1 / k, (b0 * dx + b1 * dy + b2) / k, c0 / k, c1 / k];
}

/** Marks the canvas pixels a warped layer covers completely (alpha 255) as hidden for the layers below. */
export function markHidden(hidden: Uint8Array, canvasWidth: number, layer: WarpedLayer): void {
  const { rect, rgba } = layer;
  for (let y = 0; y < rect.height; y++) {
    const row = (rect.top + y) * canvasWidth + rect.left;
    for (let x = 0; x < rect.width; x++) if (rgba[(y * rect.width + x) * 4 + 3] === 255) hidden[row + x] = 1;
  }
}

/** A coarse map of where an image has pixels: one flag per `block` x `block` square. */
export interface Occupancy {
  block: number;
  columns: number;
  rows: number;
  flags: Uint8Array;
}

/** Blocks of an image (straight or premultiplied RGBA, alpha in channel 3) with any alpha; grown by one block for the sampling's reach. */
export function occupancyOf(rgba: ArrayLike<number>, width: number, height: number, block = 16): Occupancy {
  const columns = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  const raw = new Uint8Array(columns * rows);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / block) * columns;
    for (let x = 0; x < width; x++) if (rgba[(y * width + x) * 4 + 3] > 0) raw[row + Math.floor(x / block)] = 1;
  }
  const flags = new Uint8Array(columns * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      let any = 0;
      for (let dr = -1; dr <= 1 && !any; dr++) for (let dc = -1; dc <= 1 && !any; dc++) any = raw[(r + dr) * columns + (c + dc)] && r + dr >= 0 && r + dr < rows && c + dc >= 0 && c + dc < columns ? 1 : 0;
      flags[r * columns + c] = any;
    }
  }
  return { block, columns, rows, flags };
}

export const DEFAULT_WARP_CELL = 48;

/**
 * Warps a premultiplied RGBA image ([1, h, w, 4], 0..255) so that each `from` point lands on its `to`
 * point on a canvas of the given size. Returns only the rectangle the garment covers, or null when it
 * falls outside the canvas. Runs inside `tf.tidy`; the source tensor is left alone.
 */
export function warpImage(source: tf.Tensor4D, from: readonly Point[], to: readonly Point[], canvas: { width: number; height: number }, options: WarpOptions = {}): WarpedLayer | null {
  const [, sourceHeight, sourceWidth] = source.shape;
  const cell = options.cell ?? DEFAULT_WARP_CELL;
  const content = options.content ?? { left: 0, top: 0, width: sourceWidth, height: sourceHeight };
  const forward = ThinPlateSpline.fit(from, to);
  const inverse = ThinPlateSpline.fit(to, from);

  // Where the garment lands: its content box, edges and inside, mapped forwards.
  const probes: Point[] = [];
  const steps = 12;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      probes.push(forward.map({ x: content.left + (content.width * i) / steps, y: content.top + (content.height * j) / steps }));
    }
  }
  const rect = boundingRect(probes, 3, canvas);
  if (!rect) return null;

  const columns = Math.ceil(rect.width / cell);
  const rows = Math.ceil(rect.height / cell);
  const nodes = new Float32Array((columns + 1) * (rows + 1) * 2);
  for (let r = 0; r <= rows; r++) {
    for (let c = 0; c <= columns; c++) {
      const i = (r * (columns + 1) + c) * 2;
      nodes[i] = rect.left + c * cell;
      nodes[i + 1] = rect.top + r * cell;
    }
  }

  const mask = options.occupancy ? landingMask(forward, options.occupancy, rect) : null;

  // Cells are read back one by one and copied into place (converting to 8 bits with rounding and
  // clamping in the same native copy): the WASM backend's concat is a slow, element-wise copy,
  // ~10x the cost of the sampling itself.
  const rgba = new Uint8ClampedArray(rect.width * rect.height * 4);
  tf.tidy(() => {
    const mapped = inverse.mapTensor(tf.tensor2d(nodes, [nodes.length / 2, 2])).dataSync();
    const node = (r: number, c: number): Point => {
      const i = (r * (columns + 1) + c) * 2;
      return { x: mapped[i], y: mapped[i + 1] };
    };
    const outside = (qs: Point[]) =>
      qs.every((q) => q.x < content.left - 1) ||
      qs.every((q) => q.x > content.left + content.width) ||
      qs.every((q) => q.y < content.top - 1) ||
      qs.every((q) => q.y > content.top + content.height);
    for (let r = 0; r < rows; r++) {
      const h = Math.min(cell, rect.height - r * cell);
      for (let c = 0; c < columns; c++) {
        const w = Math.min(cell, rect.width - c * cell);
        const quad = [node(r, c), node(r, c + 1), node(r + 1, c + 1), node(r + 1, c)];
        if (outside(quad)) continue; // stays transparent
        // Only where the garment may land and no opaque layer above hides it.
        const part = samplePart({ left: rect.left + c * cell, top: rect.top + r * cell, width: w, height: h }, rect, canvas.width, mask, options.hidden);
        if (!part) continue;
        // The transform is over the full cell (corners at `cell`, not at the clipped size) so that
        // neighbouring cells agree; a clipped or partly hidden cell just asks for fewer output pixels.
        const t = offsetTransform(cellTransform(quad[0], quad[1], quad[2], quad[3], cell, cell), part.x, part.y);
        const sampled = tf.image.transform(source, tf.tensor2d([t], [1, 8]), 'bilinear', 'constant', 0, [part.h, part.w]).dataSync();
        for (let y = 0; y < part.h; y++) rgba.set(sampled.subarray(y * part.w * 4, (y + 1) * part.w * 4), ((r * cell + part.y + y) * rect.width + c * cell + part.x) * 4);
      }
    }
  });
  return { rect, rgba };
}

/** Premultiplied float RGBA [1, h, w, 4] from straight (non-premultiplied) 8-bit RGBA. */
export function premultipliedTensor(rgba: Uint8Array | Buffer, width: number, height: number): tf.Tensor4D {
  const out = new Float32Array(width * height * 4);
  for (let i = 0; i < out.length; i += 4) {
    const a = rgba[i + 3];
    const f = a / 255;
    out[i] = rgba[i] * f;
    out[i + 1] = rgba[i + 1] * f;
    out[i + 2] = rgba[i + 2] * f;
    out[i + 3] = a;
  }
  return tf.tensor4d(out, [1, height, width, 4]);
}
