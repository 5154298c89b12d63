import { initTensorflow, tf } from '../ml/backend';
import { Point } from './geometry';
import { cellTransform, premultipliedTensor, ThinPlateSpline, warpImage, WarpNotDeterminedError } from './warp';

/** Centroid of the pixels of a layer close to a colour (premultiplied RGBA, mostly opaque). */
function centroidOf(rgba: ArrayLike<number>, width: number, colour: [number, number, number]): Point | null {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3];
    if (a < 128) continue;
    const d = Math.abs(rgba[i] / (a / 255) - colour[0]) + Math.abs(rgba[i + 1] / (a / 255) - colour[1]) + Math.abs(rgba[i + 2] / (a / 255) - colour[2]);
    if (d > 60) continue;
    const p = i / 4;
    sx += p % width;
    sy += Math.floor(p / width);
    n++;
  }
  return n ? { x: sx / n, y: sy / n } : null;
}

describe('thin-plate spline', () => {
  const from: Point[] = [
    { x: 10, y: 10 },
    { x: 200, y: 15 },
    { x: 30, y: 300 },
    { x: 210, y: 280 },
    { x: 110, y: 150 },
    { x: 60, y: 200 },
  ];

  it('passes through its control points', () => {
    const to = from.map((p, i) => ({ x: p.x * 1.3 + 20 + (i % 2 ? 9 : -7), y: p.y * 0.9 + 40 + (i % 3) * 5 }));
    const tps = ThinPlateSpline.fit(from, to);
    from.forEach((p, i) => {
      const q = tps.map(p);
      expect(q.x).toBeCloseTo(to[i].x, 6);
      expect(q.y).toBeCloseTo(to[i].y, 6);
    });
  });

  it('reproduces an affine map exactly, also between the control points', () => {
    const affine = (p: Point) => ({ x: 1.2 * p.x - 0.3 * p.y + 5, y: 0.1 * p.x + 0.8 * p.y - 12 });
    const tps = ThinPlateSpline.fit(from, from.map(affine));
    for (const p of [{ x: 70, y: 70 }, { x: 400, y: -50 }]) {
      expect(tps.map(p).x).toBeCloseTo(affine(p).x, 6);
      expect(tps.map(p).y).toBeCloseTo(affine(p).y, 6);
    }
  });

  it('refuses repeated control points without regularisation', () => {
    expect(() => ThinPlateSpline.fit([from[0], from[0], from[1], from[2]], [from[0], from[1], from[1], from[2]])).toThrow(WarpNotDeterminedError);
  });

  it('maps points as tensors the same as one by one', async () => {
    await initTensorflow();
    const to = from.map((p) => ({ x: p.x + Math.sin(p.y / 40) * 12, y: p.y * 1.1 }));
    const tps = ThinPlateSpline.fit(from, to);
    const probes = [{ x: 0, y: 0 }, { x: 123.5, y: 77 }, { x: 250, y: 330 }];
    const mapped = tf.tidy(() => tps.mapTensor(tf.tensor2d(probes.flatMap((p) => [p.x, p.y]), [3, 2])).dataSync());
    probes.forEach((p, i) => {
      expect(mapped[2 * i]).toBeCloseTo(tps.map(p).x, 2);
      expect(mapped[2 * i + 1]).toBeCloseTo(tps.map(p).y, 2);
    });
  });
});

describe('cell transform', () => {
  it('takes the cell corners to the quad', () => {
    const quad: Point[] = [
      { x: 10, y: 20 },
      { x: 70, y: 25 },
      { x: 80, y: 90 },
      { x: 5, y: 85 },
    ];
    const [a0, a1, a2, b0, b1, b2, c0, c1] = cellTransform(quad[0], quad[1], quad[2], quad[3], 48, 48);
    const apply = (x: number, y: number) => {
      const k = c0 * x + c1 * y + 1;
      return { x: (a0 * x + a1 * y + a2) / k, y: (b0 * x + b1 * y + b2) / k };
    };
    [apply(0, 0), apply(48, 0), apply(48, 48), apply(0, 48)].forEach((p, i) => {
      expect(p.x).toBeCloseTo(quad[i].x, 6);
      expect(p.y).toBeCloseTo(quad[i].y, 6);
    });
  });
});

describe('warpImage', () => {
  beforeAll(() => initTensorflow());

  // A garment-sized asset with a coloured dot at each anchor (and a faint body so the content is the whole image).
  const width = 300;
  const height = 400;
  const anchors: Point[] = [
    { x: 150, y: 30 },
    { x: 60, y: 40 },
    { x: 240, y: 40 },
    { x: 70, y: 200 },
    { x: 230, y: 200 },
    { x: 80, y: 370 },
    { x: 220, y: 370 },
    { x: 20, y: 150 },
    { x: 280, y: 150 },
  ];
  const colours: [number, number, number][] = [
    [255, 0, 0],
    [0, 255, 0],
    [0, 0, 255],
    [255, 255, 0],
    [0, 255, 255],
    [255, 0, 255],
    [255, 128, 0],
    [128, 0, 255],
    [0, 128, 64],
  ];
  function markedAsset(): Uint8Array {
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < rgba.length; i += 4) rgba.set([128, 128, 128, 40], i);
    anchors.forEach((p, k) => {
      for (let y = -4; y <= 4; y++) for (let x = -4; x <= 4; x++) if (x * x + y * y <= 16) rgba.set([...colours[k], 255], ((p.y + y) * width + p.x + x) * 4);
    });
    return rgba;
  }

  it('lands every anchor within 2 px of its target under a strong non-rigid warp', () => {
    const source = premultipliedTensor(markedAsset(), width, height);
    // Scale up, shift, and push each anchor around independently (the body is not the asset's shape).
    const targets = anchors.map((p, i) => ({ x: 200 + p.x * 1.35 + [0, 14, -11, 18, -16, 9, -8, 25, -25][i], y: 120 + p.y * 1.5 + [0, 10, -6, 14, 12, -15, 20, 0, 8][i] }));
    const layer = warpImage(source, anchors, targets, { width: 768, height: 1024 })!;
    source.dispose();
    expect(layer).not.toBeNull();
    const errors = targets.map((t, k) => {
      const c = centroidOf(layer.rgba, layer.rect.width, colours[k])!;
      return Math.hypot(c.x + layer.rect.left - t.x, c.y + layer.rect.top - t.y);
    });
    expect(Math.max(...errors)).toBeLessThan(2);
  });

  it('is close to the identity for identical anchors and targets, and clips to the canvas', () => {
    const source = premultipliedTensor(markedAsset(), width, height);
    const shifted = anchors.map((p) => ({ x: p.x - 100, y: p.y }));
    const layer = warpImage(source, anchors, shifted, { width: 768, height: 1024 })!;
    source.dispose();
    expect(layer.rect.left).toBe(0);
    expect(layer.rect.width).toBeLessThanOrEqual(width - 100 + 5);
    const red = centroidOf(layer.rgba, layer.rect.width, colours[0])!;
    expect(Math.abs(red.x + layer.rect.left - 50)).toBeLessThan(1);
    expect(Math.abs(red.y + layer.rect.top - 30)).toBeLessThan(1);
  });

  it('answers null when the garment lands off the canvas, and leaks no tensors', () => {
    const source = premultipliedTensor(markedAsset(), width, height);
    const before = tf.memory().numTensors;
    expect(warpImage(source, anchors, anchors.map((p) => ({ x: p.x + 5000, y: p.y })), { width: 768, height: 1024 })).toBeNull();
    warpImage(source, anchors, anchors, { width: 768, height: 1024 });
    expect(tf.memory().numTensors).toBe(before);
    source.dispose();
  });
});
