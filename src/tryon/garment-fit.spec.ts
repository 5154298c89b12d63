import { RegionFit } from '../body/size/size-advice';
import { figurePose } from './figure';
import { checkAnchors } from './garment-anchors';
import { drawGarment, REFERENCE_PROFILES } from './garment-asset.generator';
import { garmentLayout, tintLayer, widthFactor } from './garment-fit';

const profile = REFERENCE_PROFILES.M;
const pose = figurePose(profile);
const tee = drawGarment({ garmentType: 'TOP', categoryPath: 'apparel/tops/t-shirts', colour: 'Red', gender: 'MEN', fitType: 'REGULAR' });
const fits = (chest: number, waist: number, length = 0): RegionFit[] => [
  { region: 'CHEST', verdict: chest < 0 ? 'TIGHT' : chest < 6 ? 'SNUG' : chest < 14 ? 'REGULAR' : 'LOOSE', differenceCm: chest },
  { region: 'WAIST', verdict: 'REGULAR', differenceCm: waist },
  { region: 'LENGTH', verdict: 'REGULAR', differenceCm: length },
];

describe('garment fit on the body', () => {
  it('draws more ease wider, always; a garment smaller than the body only a little narrower', () => {
    const factors = [-12, -4, 0, 4, 10, 16, 28].map((d) => widthFactor(d, 100));
    expect([...factors].sort((a, b) => a - b)).toEqual(factors);
    expect(widthFactor(0, 100)).toBe(1);
    expect(widthFactor(28, 100)).toBeCloseTo(1.28, 6);
    expect(widthFactor(-12, 100)).toBeCloseTo(0.96, 6);
    expect(widthFactor(undefined, 100)).toBe(1);
  });

  it('puts a bigger size wider at the chest and waist, and a longer one lower at the hem', () => {
    const small = garmentLayout(tee.anchors, pose, { garmentType: 'TOP', fits: fits(2, 2, -2), profile });
    const big = garmentLayout(tee.anchors, pose, { garmentType: 'TOP', fits: fits(28, 28, 6), profile });
    const span = (layout: typeof small, name: 'underarm' | 'waist' | 'hem') => {
      const i = layout.from.indexOf(tee.anchors[`left_${name}`]!);
      const j = layout.from.indexOf(tee.anchors[`right_${name}`]!);
      return { width: layout.to[i].x - layout.to[j].x, y: layout.to[i].y };
    };
    expect(span(big, 'underarm').width - span(small, 'underarm').width).toBeGreaterThan(8 * pose.pxPerCm * 0.7);
    expect(span(big, 'waist').width).toBeGreaterThan(span(small, 'waist').width);
    expect(span(big, 'hem').y - span(small, 'hem').y).toBeGreaterThan(6 * pose.pxPerCm);
  });

  it('colours only tight and loose regions, and only where the garment is', () => {
    const layout = garmentLayout(tee.anchors, pose, { garmentType: 'TOP', fits: fits(28, 10), profile });
    expect(layout.bands.map((b) => [b.region, b.verdict])).toEqual([['CHEST', 'LOOSE']]);
    const rect = { left: 0, top: Math.floor(pose.lines.chest.y) - 1, width: 4, height: 2 };
    const rgba = new Float32Array(4 * 2 * 4);
    rgba.set([200, 30, 40, 255], 0); // opaque garment pixel at x = 0
    const centred = { ...layout.bands[0], torso: { cx: 0, half: 10, inside: true } };
    tintLayer(rgba, rect, [centred]);
    expect(rgba[2]).toBeGreaterThan(120); // towards blue
    expect(rgba[0]).toBeLessThan(130);
    expect([...rgba.slice(4, 8)]).toEqual([0, 0, 0, 0]); // transparent stays transparent
  });
});

describe('garment anchors', () => {
  const size = { width: 400, height: 500 };
  it('names what is missing and what is wrong', () => {
    const none = checkAnchors('TOP', [], size);
    expect(none.missing).toEqual(['neckline', 'left_shoulder', 'right_shoulder', 'left_waist', 'right_waist', 'left_hem', 'right_hem']);
    const swapped = checkAnchors(
      'BOTTOM',
      [
        { name: 'left_waist', x: 100, y: 10 },
        { name: 'right_waist', x: 300, y: 10 },
        { name: 'left_hip', x: 320, y: 80 },
        { name: 'right_hip', x: 80, y: 80 },
        { name: 'left_ankle', x: 300, y: 490 },
        { name: 'right_ankle', x: 100, y: 600 },
        { name: 'left_toe', x: 1, y: 1 },
      ],
      size,
    );
    expect(swapped.missing).toEqual(['right_ankle']);
    expect(swapped.problems).toEqual(expect.arrayContaining(['left_waist must be to the right of right_waist in the image (the wearer\'s left, seen from the front)', 'left_toe is not an anchor of bottom', 'right_ankle (100, 600) is outside the 400x500 image']));
  });

  it('accepts shorts by their hems and trousers by their ankles', () => {
    const base = [
      { name: 'left_waist', x: 300, y: 10 },
      { name: 'right_waist', x: 100, y: 10 },
      { name: 'left_hip', x: 320, y: 80 },
      { name: 'right_hip', x: 80, y: 80 },
    ];
    expect(checkAnchors('BOTTOM', [...base, { name: 'left_hem', x: 300, y: 200 }, { name: 'right_hem', x: 100, y: 200 }], size)).toMatchObject({ missing: [], problems: [] });
    expect(checkAnchors('BOTTOM', [...base, { name: 'LEFT_ANKLE', x: 300, y: 480 }, { name: 'right_ankle', x: 100, y: 480 }], size)).toMatchObject({ missing: [], problems: [] });
  });
});
