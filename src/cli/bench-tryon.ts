import sharp from 'sharp';
import type { BodyProfileData } from '../body/body-profile.data';
import { RegionFit, regionFits } from '../body/size/size-advice';
import { defaultSizeCharts } from '../catalog/default-size-charts';
import { GarmentType, Gender } from '../common/enums';
import { initTensorflow } from '../ml/backend';
import { CANVAS } from '../tryon/body-pose';
import { drawFigure } from '../tryon/figure';
import { generateGarmentAsset, GarmentSpec } from '../tryon/garment-asset.generator';
import { garmentLayout } from '../tryon/garment-fit';
import { composeUnwarped, prepareAsset, RenderFormatName, renderImage, RenderLayer, warpLayers } from '../tryon/renderer';
import { CliArgs, runCli } from './args';

const USAGE = 'npm run bench:tryon -- [--renders 100] [--format jpeg|png|webp] [--overlay]';

/** A customer unlike the reference body the garments are drawn on, so that every layer is really warped. */
const m = (valueCm: number) => ({ valueCm, sigmaCm: 1.5 });
const CUSTOMER: BodyProfileData = { heightCm: m(171), chestCm: m(108), waistCm: m(97), hipCm: m(106), neckCm: m(40), thighCm: m(61), sleeveCm: m(57), inseamCm: m(77), footLengthCm: m(26.2), shoulderBreadthCm: m(43) };

/** Three layers, the largest there are: trousers, a T-shirt over them, a jacket over both. */
const OUTFIT: GarmentSpec[] = [
  { garmentType: 'BOTTOM', categoryPath: 'apparel/bottoms/pants', colour: 'Navy', gender: 'MEN', fitType: 'REGULAR' },
  { garmentType: 'TOP', categoryPath: 'apparel/tops/t-shirts', colour: 'Red', gender: 'MEN', fitType: 'REGULAR' },
  { garmentType: 'OUTERWEAR', categoryPath: 'apparel/outerwear/jackets', colour: 'Forest Green', gender: 'MEN', fitType: 'REGULAR' },
];
const SIZES = ['M', 'L', 'XL'];

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(2));
  return { medianMs: at(50), p95Ms: at(95), minMs: Number(s[0].toFixed(2)) };
}

/**
 * bench:tryon: the time of one 768x1024 try-on render of three layered garments on a figure (warp
 * with TF.js, fit overlay optional, composite and encode with sharp) with garment images and the
 * figure already decoded, as the service keeps them; and in the same run the floor: sharp alone
 * decoding, compositing and encoding the same images unwarped. Renders and floor alternate, so
 * both see the same machine load.
 */
async function main(): Promise<void> {
  const args = CliArgs.fromProcess(USAGE, ['renders', 'format', 'overlay']);
  const renders = Math.max(10, Math.round(args.number('renders', 100)));
  const format = (args.string('format') ?? 'jpeg') as RenderFormatName;
  if (!['jpeg', 'png', 'webp'].includes(format)) throw new Error(`--format must be jpeg, png or webp (${USAGE})`);
  const overlay = args.has('overlay');
  const backend = await initTensorflow();

  // One-time work the service caches: the figure, the garment images, their premultiplied pixels.
  const coldStart = performance.now();
  const figure = await drawFigure(CUSTOMER);
  const assets = await Promise.all(OUTFIT.map((spec) => generateGarmentAsset(spec)));
  const prepared = assets.map((a) => prepareAsset(a.rgba, a.width, a.height, a.content));
  const coldMs = performance.now() - coldStart;

  // The fit of each size as the size engine gives it (house charts, no garment measurements).
  const charts = defaultSizeCharts();
  const fitsFor = (spec: GarmentSpec, size: string): RegionFit[] => {
    const chart = charts.find((c) => c.garmentType === (spec.garmentType as GarmentType) && c.gender === Gender.MEN)!;
    return regionFits({ profile: CUSTOMER, garmentType: spec.garmentType, fitType: spec.fitType, chart: chart.rows, offeredSizes: SIZES }, size);
  };
  const layersFor = (size: string): RenderLayer[] =>
    OUTFIT.map((spec, k) => {
      const layout = garmentLayout(assets[k].anchors, figure.pose, { garmentType: spec.garmentType, fits: fitsFor(spec, size), profile: CUSTOMER });
      return { asset: prepared[k], from: layout.from, to: layout.to, bands: overlay ? layout.bands : undefined };
    });

  // The floor's inputs: the same images as files (PNG), placed where the warped garments land.
  const basePng = await sharp(figure.rgb, { raw: { width: CANVAS.width, height: CANVAS.height, channels: 3 } }).png().toBuffer();
  const assetPngs = await Promise.all(assets.map((a) => sharp(a.rgba, { raw: { width: a.width, height: a.height, channels: 4 } }).png().toBuffer()));
  const placed = warpLayers(layersFor('L'), CANVAS).map((w) => w.rect);
  const overlays = assetPngs.map((input, k) => ({
    input,
    left: Math.max(0, Math.min(CANVAS.width - assets[k].width, placed[k].left)),
    top: Math.max(0, Math.min(CANVAS.height - assets[k].height, placed[k].top)),
  }));

  const renderMs: number[] = [];
  const warpMs: number[] = [];
  const floorMs: number[] = [];
  let bytes = 0;
  for (let i = -10; i < renders; i++) {
    const layers = layersFor(SIZES[((i % SIZES.length) + SIZES.length) % SIZES.length]);
    let t0 = performance.now();
    const image = await renderImage(figure.rgb, CANVAS, layers, format);
    const rendered = performance.now() - t0;
    t0 = performance.now();
    warpLayers(layers, CANVAS);
    const warped = performance.now() - t0;
    t0 = performance.now();
    await composeUnwarped(basePng, overlays, format);
    const floor = performance.now() - t0;
    if (i < 0) continue; // warm-up: JIT, WASM, libvips caches
    renderMs.push(rendered);
    warpMs.push(warped);
    floorMs.push(floor);
    bytes = image.data.length;
  }

  const render = stats(renderMs);
  const warp = stats(warpMs);
  const floor = stats(floorMs);
  const ratio = Number((render.medianMs / floor.medianMs).toFixed(2));
  const summary = {
    bench: 'tryon',
    backend,
    format,
    fitOverlay: overlay,
    size: `${CANVAS.width}x${CANVAS.height}`,
    layers: OUTFIT.map((s) => `${s.garmentType.toLowerCase()}:${s.categoryPath.split('/').pop()}`),
    renders,
    render,
    warpOnly: warp,
    floor,
    ratioMedian: ratio,
    imageBytes: bytes,
    coldStartMs: Number(coldMs.toFixed(1)),
    targets: { medianMs: 60, ratio: 3 },
    meetsTargets: render.medianMs <= 60 && ratio <= 3,
  };
  console.log(`try-on render, 3 layered garments on a figure, ${summary.size} ${format}${overlay ? ' with fit overlay' : ''} (TF.js ${backend}, ${renders} renders after 10 warm-up):`);
  console.log(`  render (warp + composite + encode): median ${render.medianMs} ms, p95 ${render.p95Ms} ms`);
  console.log(`  of which warping (TF.js):           median ${warp.medianMs} ms, p95 ${warp.p95Ms} ms`);
  console.log(`  floor (sharp decode + composite + encode, unwarped): median ${floor.medianMs} ms, p95 ${floor.p95Ms} ms`);
  console.log(`  ratio render/floor (medians): ${ratio}x   targets: median <= 60 ms, <= 3x floor: ${summary.meetsTargets ? 'met' : 'NOT met'}`);
  console.log(`  one-time per customer and garment (figure + 3 generated images, cached by the service): ${summary.coldStartMs} ms`);
  console.log(JSON.stringify(summary));
}

runCli(main);
