import { generateDemoCatalog } from '../demo/demo-catalog';
import { initTensorflow } from '../ml/backend';
import { figurePose, drawFigure } from './figure';
import { checkAnchors } from './garment-anchors';
import { colourRgb, drawGarment, garmentStyle, generateGarmentAsset, generatedAssetKey, GarmentSpec, REFERENCE_PROFILES } from './garment-asset.generator';
import { garmentLayout } from './garment-fit';
import { prepareAsset, renderImage } from './renderer';

describe('generated garment images', () => {
  const catalogue = generateDemoCatalog();
  const specs: GarmentSpec[] = catalogue.flatMap((p) =>
    [...new Set(p.variants.map((v) => v.colour))].map((colour) => ({ garmentType: p.garmentType, categoryPath: p.categoryPath, colour, gender: p.gender, fitType: p.fitType })),
  );

  it('gives every product of the demo catalogue, in every colour, an image with valid anchors', () => {
    expect(catalogue.length).toBeGreaterThan(300);
    const failures: string[] = [];
    for (const spec of specs) {
      const drawing = drawGarment(spec);
      const check = checkAnchors(spec.garmentType, Object.entries(drawing.anchors).map(([name, p]) => ({ name, ...p! })), drawing);
      if (check.missing.length || check.problems.length) failures.push(`${generatedAssetKey(spec)}: ${[...check.missing, ...check.problems].join('; ')}`);
      if (!drawing.svg.startsWith('<svg') || drawing.width < 20 || drawing.height < 20) failures.push(`${generatedAssetKey(spec)}: empty drawing`);
    }
    expect(failures).toEqual([]);
  });

  it('draws a style per category and the colour named', () => {
    expect(garmentStyle('TOP', 'apparel/tops/t-shirts')).toBe('tee');
    expect(garmentStyle('OUTERWEAR', 'apparel/outerwear/hoodies')).toBe('hoodie');
    expect(garmentStyle('BOTTOM', 'apparel/bottoms/tights')).toBe('tights');
    expect(garmentStyle('SHOES', 'footwear/football-boots')).toBe('football');
    expect(colourRgb('Royal Blue')).toEqual([40, 86, 196]);
    // Unknown colour names get a stable colour of their own.
    expect(colourRgb('Ultraviolet')).toEqual(colourRgb('ultraviolet '));
  });

  it('is the identity on the reference body: anchors are where the garment goes', () => {
    for (const sex of ['M', 'F'] as const) {
      const profile = REFERENCE_PROFILES[sex];
      const pose = figurePose(profile);
      const spec: GarmentSpec = { garmentType: 'TOP', categoryPath: 'apparel/tops/t-shirts', colour: 'Red', gender: sex === 'F' ? 'WOMEN' : 'MEN', fitType: 'REGULAR' };
      const drawing = drawGarment(spec);
      const layout = garmentLayout(drawing.anchors, pose, { garmentType: 'TOP', fits: [{ region: 'CHEST', verdict: 'REGULAR', differenceCm: 10 }, { region: 'WAIST', verdict: 'REGULAR', differenceCm: 10 }], profile });
      const offsets = layout.from.map((p, i) => ({ dx: layout.to[i].x - p.x, dy: layout.to[i].y - p.y }));
      // One translation (the crop) for every anchor.
      for (const o of offsets) {
        expect(o.dx).toBeCloseTo(offsets[0].dx, 0);
        expect(o.dy).toBeCloseTo(offsets[0].dy, 0);
      }
    }
  });

  it('renders one product of each style on a figure', async () => {
    await initTensorflow();
    const figure = await drawFigure(REFERENCE_PROFILES.M);
    const seen = new Set<string>();
    for (const spec of specs) {
      const style = garmentStyle(spec.garmentType, spec.categoryPath);
      if (seen.has(style)) continue;
      seen.add(style);
      const asset = await generateGarmentAsset(spec);
      const layout = garmentLayout(asset.anchors, figure.pose, { garmentType: spec.garmentType, fits: [], profile: REFERENCE_PROFILES.M });
      const image = await renderImage(figure.rgb, figure.pose.canvas, [{ asset: prepareAsset(asset.rgba, asset.width, asset.height, asset.content), from: layout.from, to: layout.to }], 'jpeg');
      expect(image.data.length).toBeGreaterThan(5000);
    }
    expect(seen.size).toBeGreaterThanOrEqual(20);
  });
});
