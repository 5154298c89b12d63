import { defaultSizeCharts } from '../../catalog/default-size-charts';
import { FitType, GarmentType, Gender } from '../../common/enums';
import { FIT_EASE_CM as CATALOG_FIT_EASE_CM } from '../../catalog/fit-ease';
import { generateDemoCatalog } from '../../demo/demo-catalog';
import {
  BodyProfileData,
  FIT_EASE_CM,
  FitVerdict,
  SizeAdviceInput,
  SizeAdviceInputError,
  SizeChartRowData,
  adviseSize,
  regionFits,
  shoeSizesForFootLength,
} from './size-advice';

const VERDICT_ORDER: FitVerdict[] = ['TIGHT', 'SNUG', 'REGULAR', 'LOOSE'];
const looseness = (v: FitVerdict) => VERDICT_ORDER.indexOf(v);

type Body = Partial<Record<keyof BodyProfileData, number>>;
/** A men's M body (house chart: chest 96-104, waist 80-88, height 174-182, hip 98-106, inseam 80-84). */
function profile(body: Body = {}, sigmaCm = 1): BodyProfileData {
  const m = (key: keyof BodyProfileData, value: number, sigma = sigmaCm) => ({ valueCm: body[key] ?? value, sigmaCm: sigma });
  return {
    heightCm: m('heightCm', 178),
    chestCm: m('chestCm', 100),
    waistCm: m('waistCm', 84),
    hipCm: m('hipCm', 102),
    neckCm: m('neckCm', 39),
    thighCm: m('thighCm', 57),
    sleeveCm: m('sleeveCm', 60),
    inseamCm: m('inseamCm', 82),
    footLengthCm: m('footLengthCm', 26.4, Math.min(sigmaCm, 0.4)),
    shoulderBreadthCm: m('shoulderBreadthCm', 41),
  };
}

function chart(garmentType: GarmentType, gender = Gender.MEN): SizeChartRowData[] {
  return defaultSizeCharts().find((c) => c.garmentType === garmentType && c.gender === gender)!.rows;
}

function input(garmentType: GarmentType, body: Body = {}, extra: Partial<SizeAdviceInput> & { sigma?: number } = {}): SizeAdviceInput {
  const rows = chart(garmentType);
  const { sigma, ...rest } = extra;
  return { profile: profile(body, sigma ?? 1), garmentType, fitType: FitType.REGULAR, chart: rows, offeredSizes: rows.map((r) => r.size), ...rest };
}

const fitOf = (advice: ReturnType<typeof adviseSize>, region: string) => advice.fit.find((f) => f.region === region)!;

describe('adviseSize: choosing the size', () => {
  it('recommends M with high confidence for a body in the middle of M', () => {
    const advice = adviseSize(input(GarmentType.TOP));
    expect(advice.size).toBe('M');
    expect(advice.confidence).toBeGreaterThanOrEqual(0.95);
    expect(['S', 'L']).toContain(advice.alternativeSize);
    expect(advice.usedKeptSize).toBe(false);
    expect(advice.reason).toBe('M fits your chest (100 cm) best');
  });

  it('is about 50/50 for a body exactly on the M/L boundary, with the other size as the alternative', () => {
    // Chest 104 and waist 88 are M/L boundaries; height 181 lies in both M's and L's intervals, equally far from their centres.
    const advice = adviseSize(input(GarmentType.TOP, { chestCm: 104, waistCm: 88, heightCm: 181 }, { sigma: 2 }));
    expect(['M', 'L']).toContain(advice.size);
    expect(advice.alternativeSize).toBe(advice.size === 'M' ? 'L' : 'M');
    expect(advice.confidence).toBeGreaterThan(0.4);
    expect(advice.confidence).toBeLessThan(0.6);
    expect(advice.reason).toMatch(/between M and L at the chest/);
  });

  it('grows less confident as the body uncertainty grows', () => {
    const confidences = [0.5, 2, 4, 8].map((sigma) => adviseSize(input(GarmentType.TOP, { chestCm: 101, waistCm: 85 }, { sigma })).confidence);
    for (let i = 1; i < confidences.length; i++) expect(confidences[i]).toBeLessThan(confidences[i - 1]);
    expect(confidences[0]).toBe(1);
  });

  it('grows less confident as the body nears a boundary', () => {
    const at = (chestCm: number) => adviseSize(input(GarmentType.TOP, { chestCm }, { sigma: 2 }));
    expect(at(100).confidence).toBeGreaterThan(at(102.5).confidence);
    expect(at(102.5).confidence).toBeGreaterThan(at(103.5).confidence);
    expect(at(103.5).alternativeSize).toBe('L');
    expect(at(96.5).alternativeSize).toBe('S');
  });

  it('picks the alternative on the side of the nearest boundary when no draw leaves the size', () => {
    expect(adviseSize(input(GarmentType.TOP, { chestCm: 101 }, { sigma: 0 })).alternativeSize).toBe('L');
    expect(adviseSize(input(GarmentType.TOP, { chestCm: 99 }, { sigma: 0 })).alternativeSize).toBe('S');
    const xs = adviseSize(input(GarmentType.TOP, { chestCm: 83, waistCm: 67, heightCm: 166 }, { sigma: 0 }));
    expect(xs.size).toBe('XS');
    expect(xs.alternativeSize).toBe('S');
  });

  it('is deterministic for a seed', () => {
    const a = adviseSize(input(GarmentType.TOP, { chestCm: 103 }, { sigma: 3 }), 7);
    expect(adviseSize(input(GarmentType.TOP, { chestCm: 103 }, { sigma: 3 }), 7)).toEqual(a);
    expect(adviseSize(input(GarmentType.TOP, { chestCm: 103 }, { sigma: 3 }), 8).size).toBe(a.size);
  });

  it('never recommends a size whose index falls as the chest grows (sweep)', () => {
    for (const sigma of [0, 1, 3]) {
      for (const waist of [(c: number) => 84, (c: number) => c - 16, (c: number) => 120 - c / 4]) {
        let last = -1;
        for (let chestCm = 76; chestCm <= 142; chestCm += 0.5) {
          const advice = adviseSize(input(GarmentType.TOP, { chestCm, waistCm: waist(chestCm) }, { sigma }));
          const index = chart(GarmentType.TOP).findIndex((r) => r.size === advice.size);
          expect({ chestCm, sigma, ok: index >= last }).toEqual({ chestCm, sigma, ok: true });
          last = index;
        }
      }
    }
  });

  it('never lowers the size of bottoms as the hip grows (sweep)', () => {
    let last = -1;
    for (let hipCm = 80; hipCm <= 135; hipCm += 0.5) {
      const advice = adviseSize(input(GarmentType.BOTTOM, { hipCm, waistCm: 86 }, { sigma: 2 }));
      const index = chart(GarmentType.BOTTOM).findIndex((r) => r.size === advice.size);
      expect(index).toBeGreaterThanOrEqual(last);
      last = index;
    }
  });

  it('never recommends a size that is not offered', () => {
    const offeredSizes = ['S', 'L', 'XL'];
    for (let chestCm = 80; chestCm <= 140; chestCm += 2) {
      const advice = adviseSize(input(GarmentType.TOP, { chestCm, waistCm: chestCm - 16 }, { offeredSizes }));
      expect(offeredSizes).toContain(advice.size);
      if (advice.alternativeSize !== null) expect(offeredSizes).toContain(advice.alternativeSize);
    }
    expect(['S', 'L']).toContain(adviseSize(input(GarmentType.TOP, {}, { offeredSizes })).size);
    const only = adviseSize(input(GarmentType.TOP, {}, { offeredSizes: ['XL'] }));
    expect(only.size).toBe('XL');
    expect(only.alternativeSize).toBeNull();
  });

  it('returns the size label as the catalogue offers it', () => {
    expect(adviseSize(input(GarmentType.TOP, {}, { offeredSizes: ['s', 'm', 'l'] })).size).toBe('m');
  });

  it('sizes bottoms by waist and hip, and says when they disagree', () => {
    const clear = adviseSize(input(GarmentType.BOTTOM));
    expect(clear.size).toBe('M');
    expect(clear.reason).toBe('M fits your waist (84 cm) and hip (102 cm) best');
    const mixed = adviseSize(input(GarmentType.BOTTOM, { waistCm: 92, hipCm: 100 }));
    expect(['M', 'L']).toContain(mixed.size);
    expect(mixed.reason).toMatch(/waist \(92 cm\)|hip \(100 cm\)/);
    expect(mixed.reason).toMatch(/range|between/);
  });

  it('names the dimension that makes it a close call, also when that one is already past the boundary', () => {
    // Chest in the middle of M's upper half; the waist (92) is past M's 88 into L: the waist is what makes L a contender.
    const advice = adviseSize(input(GarmentType.TOP, { chestCm: 102, waistCm: 92 }));
    expect(advice.size).toBe('M');
    expect(advice.alternativeSize).toBe('L');
    expect(advice.reason).toBe('M fits your chest (102 cm) best; between M and L at the waist');
  });

  it('mentions a secondary dimension that sits in another size', () => {
    const advice = adviseSize(input(GarmentType.TOP, { chestCm: 90, waistCm: 76 }, { sigma: 0.5 }));
    expect(advice.size).toBe('S');
    expect(advice.reason).toBe("S fits your chest (90 cm) best; your height (178 cm) is in M's range");
    expect(advice.reason).not.toMatch(/\n/);
  });
});

describe('adviseSize: fit per region', () => {
  it('gives tops chest, waist, length and sleeve; bottoms waist, hip and inseam; shoes the foot', () => {
    expect(adviseSize(input(GarmentType.TOP)).fit.map((f) => f.region)).toEqual(['CHEST', 'WAIST', 'LENGTH', 'SLEEVE']);
    expect(adviseSize(input(GarmentType.OUTERWEAR)).fit.map((f) => f.region)).toEqual(['CHEST', 'WAIST', 'LENGTH', 'SLEEVE']);
    expect(adviseSize(input(GarmentType.BOTTOM)).fit.map((f) => f.region)).toEqual(['WAIST', 'HIP', 'INSEAM']);
    expect(adviseSize(input(GarmentType.SHOES)).fit.map((f) => f.region)).toEqual(['FOOT']);
  });

  it('uses the chart midpoint plus the fit type ease when the catalogue has no garment measurements', () => {
    const advice = adviseSize(input(GarmentType.TOP, { chestCm: 98 }));
    expect(fitOf(advice, 'CHEST')).toEqual({ region: 'CHEST', verdict: 'REGULAR', differenceCm: 100 + 10 - 98 });
  });

  it('reads the same body as tighter in SLIM than in REGULAR than in RELAXED', () => {
    const byFit = [FitType.SLIM, FitType.REGULAR, FitType.RELAXED].map((fitType) => adviseSize(input(GarmentType.TOP, {}, { fitType })));
    expect(byFit.map((a) => a.size)).toEqual(['M', 'M', 'M']);
    expect(byFit.map((a) => fitOf(a, 'CHEST').verdict)).toEqual(['SNUG', 'REGULAR', 'LOOSE']);
    expect(byFit.map((a) => fitOf(a, 'CHEST').differenceCm)).toEqual([4, 10, 16]);
    for (const region of ['CHEST', 'WAIST']) {
      expect(looseness(fitOf(byFit[0], region).verdict)).toBeLessThan(looseness(fitOf(byFit[2], region).verdict));
    }
  });

  it('gives a bigger size a larger chest difference and never a tighter verdict', () => {
    const rows = chart(GarmentType.TOP);
    const fits = rows.map((r) => fitOf(adviseSize(input(GarmentType.TOP, {}, { offeredSizes: [r.size] })), 'CHEST'));
    for (let i = 1; i < fits.length; i++) {
      expect(fits[i].differenceCm).toBeGreaterThan(fits[i - 1].differenceCm);
      expect(looseness(fits[i].verdict)).toBeGreaterThanOrEqual(looseness(fits[i - 1].verdict));
    }
    // The same through regionFits, for every region of every garment type.
    for (const garmentType of [GarmentType.TOP, GarmentType.OUTERWEAR, GarmentType.BOTTOM]) {
      const inp = input(garmentType);
      const perSize = chart(garmentType).map((r) => regionFits(inp, r.size));
      for (let i = 1; i < perSize.length; i++) {
        perSize[i].forEach((f, j) => {
          expect(f.differenceCm).toBeGreaterThanOrEqual(perSize[i - 1][j].differenceCm);
          expect(looseness(f.verdict)).toBeGreaterThanOrEqual(looseness(perSize[i - 1][j].verdict));
        });
      }
    }
  });

  it('prefers the catalogue garment measurements when present', () => {
    const advice = adviseSize(input(GarmentType.TOP, {}, { garments: { M: { chestCm: 99, waistCm: 100, lengthCm: 80, sleeveCm: 59 } } }));
    expect(advice.fit).toEqual([
      { region: 'CHEST', verdict: 'TIGHT', differenceCm: -1 },
      { region: 'WAIST', verdict: 'LOOSE', differenceCm: 16 },
      { region: 'LENGTH', verdict: 'LOOSE', differenceCm: 8.8 },
      { region: 'SLEEVE', verdict: 'TIGHT', differenceCm: -1 },
    ]);
  });

  it('reads the demo catalogue as its fit types intend for a body in the middle of M', () => {
    const expected: Record<FitType, FitVerdict> = { SLIM: 'SNUG', REGULAR: 'REGULAR', RELAXED: 'LOOSE' };
    let checked = 0;
    for (const product of generateDemoCatalog().filter((p) => p.gender === Gender.MEN && p.garmentType !== GarmentType.SHOES)) {
      const garments = Object.fromEntries(product.variants.map((v) => [v.sizeLabel, v.garmentMeasurements]));
      const advice = adviseSize({ ...input(product.garmentType), fitType: product.fitType, garments });
      expect(advice.size).toBe('M');
      const girth = product.garmentType === GarmentType.BOTTOM ? 'HIP' : 'CHEST';
      expect({ sku: product.sku, verdict: fitOf(advice, girth).verdict }).toEqual({ sku: product.sku, verdict: expected[product.fitType] });
      for (const f of advice.fit) expect({ sku: product.sku, region: f.region, tight: f.verdict === 'TIGHT' }).toEqual({ sku: product.sku, region: f.region, tight: false });
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('keeps the ease table consistent with the demo catalogue', () => {
    expect(FIT_EASE_CM).toEqual({ SLIM: 4, REGULAR: 10, RELAXED: 16 });
    expect(FIT_EASE_CM).toBe(CATALOG_FIT_EASE_CM);
  });
});

describe('adviseSize: shoes', () => {
  it('recommends the EU size whose foot-length interval holds the foot', () => {
    const advice = adviseSize(input(GarmentType.SHOES, { footLengthCm: 26.4 }, { sigma: 0.2 }));
    expect(advice.size).toBe('42');
    expect(advice.confidence).toBeGreaterThan(0.8);
    expect(fitOf(advice, 'FOOT')).toEqual({ region: 'FOOT', verdict: 'REGULAR', differenceCm: 1.6 });
    expect(advice.reason).toBe('Size 42 fits your foot length (26.4 cm) best');
    for (const [foot, eu] of [[24.0, '38'], [25.0, '40'], [27.0, '43'], [29.0, '46']] as const) {
      expect(adviseSize(input(GarmentType.SHOES, { footLengthCm: foot }, { sigma: 0.1 })).size).toBe(eu);
      expect(String(shoeSizesForFootLength(foot * 10).eu)).toBe(eu);
    }
  });

  it("converts foot length to Mondopoint, EU, UK and US (men's and women's) sizes", () => {
    expect(shoeSizesForFootLength(264)).toEqual({ mondopoint: 265, eu: 42, uk: 8, us: 9, usWomen: 10.5 });
    expect(shoeSizesForFootLength(245)).toEqual({ mondopoint: 245, eu: 39, uk: 5.5, us: 6.5, usWomen: 8 });
    expect(shoeSizesForFootLength(280)).toEqual({ mondopoint: 280, eu: 44, uk: 10, us: 11, usWomen: 12.5 });
    let last = shoeSizesForFootLength(200);
    for (let foot = 201; foot <= 320; foot++) {
      const s = shoeSizesForFootLength(foot);
      expect(s.eu).toBeGreaterThanOrEqual(last.eu);
      expect(s.uk).toBeGreaterThanOrEqual(last.uk);
      expect(s.us - s.uk).toBe(1);
      expect(s.usWomen - s.us).toBe(1.5);
      expect(s.usWomen % 0.5).toBe(0);
      expect(s.mondopoint % 5).toBe(0);
      last = s;
    }
    expect(() => shoeSizesForFootLength(-1)).toThrow(SizeAdviceInputError);
  });

  it("gives women's US sizes as the common US women's scale (3 x last - 22.5 in barleycorns) does", () => {
    // A 22.5 cm foot: last 24 cm = 9.45 in; 3 x 9.45 - 22.5 = 5.85 -> women's 6 (men's 4.35 -> 4½).
    expect(shoeSizesForFootLength(225)).toMatchObject({ us: 4.5, usWomen: 6 });
    // A 24 cm foot, women's 7½ on common charts: last 25.5 cm = 10.04 in; 3 x 10.04 - 22.5 = 7.62.
    expect(shoeSizesForFootLength(240)).toMatchObject({ eu: 38, us: 6, usWomen: 7.5 });
    for (let foot = 200; foot <= 320; foot += 5) {
      const lastIn = (foot + 15) / 25.4;
      expect(Math.abs(shoeSizesForFootLength(foot).usWomen - (3 * lastIn - 22.5))).toBeLessThanOrEqual(0.25 + 1e-9);
    }
  });

  it('agrees with the house EU chart', () => {
    for (const row of chart(GarmentType.SHOES)) {
      const [lo, hi] = row.footLengthMm!;
      expect(String(shoeSizesForFootLength((lo + hi) / 2).eu)).toBe(row.size);
    }
  });
});

describe('adviseSize: a body no size of the chart fits well', () => {
  it('past the biggest size: low confidence, a reason that says so, and no smaller size offered instead', () => {
    const advice = adviseSize(input(GarmentType.TOP, { chestCm: 150, waistCm: 140, heightCm: 185 }, { sigma: 2 }));
    expect(advice.size).toBe('XXL');
    expect(fitOf(advice, 'CHEST').verdict).toBe('TIGHT');
    expect(advice.confidence).toBeLessThan(0.05);
    expect(advice.alternativeSize).toBeNull();
    expect(advice.reason).toBe("Larger than this brand's biggest size at the chest (150 cm): XXL will be tight");
  });

  it('below the smallest size, the same the other way', () => {
    const advice = adviseSize(input(GarmentType.TOP, { chestCm: 70, waistCm: 60, heightCm: 166 }, { sigma: 2 }));
    expect(advice.size).toBe('XS');
    expect(advice.confidence).toBeLessThan(0.05);
    expect(advice.alternativeSize).toBeNull();
    expect(advice.reason).toBe("Smaller than this brand's smallest size at the chest (70 cm): XS will be loose");
  });

  it('says "offered" when the chart has a bigger size the product is not made in', () => {
    const advice = adviseSize(input(GarmentType.TOP, { chestCm: 132, waistCm: 114, heightCm: 190 }, { offeredSizes: ['M', 'L', 'XL'] }));
    expect(advice.size).toBe('XL');
    expect(advice.confidence).toBeLessThan(0.05);
    expect(advice.reason).toBe('Larger than the biggest size offered at the chest (132 cm): XL will be tight');
  });

  it('loses confidence steadily as the body leaves the biggest size, once past half a size', () => {
    const at = (chestCm: number) => adviseSize(input(GarmentType.TOP, { chestCm, waistCm: 114, heightCm: 190 }, { sigma: 2 }));
    expect(at(130).confidence).toBeGreaterThan(0.9);
    expect(at(130).reason).toBe('XXL fits your chest (130 cm) best');
    const confidences = [136, 139, 141, 144].map((c) => at(c).confidence);
    for (let i = 1; i < confidences.length; i++) expect(confidences[i]).toBeLessThan(confidences[i - 1]);
    expect(at(144).reason).toMatch(/^Larger than this brand's biggest size at the chest/);
  });

  it('names a secondary dimension that no size covers, and points the alternative towards it', () => {
    // Chest in the middle of M, waist in XL's range: M is chosen by the chest, and will be tight at the waist.
    const advice = adviseSize(input(GarmentType.TOP, { chestCm: 100, waistCm: 102 }, { sigma: 2 }));
    expect(advice.size).toBe('M');
    expect(advice.alternativeSize).toBe('L');
    expect(advice.confidence).toBeLessThan(0.6);
    expect(advice.reason).toBe('No size fits you well here: M will be tight at the waist (102 cm)');
  });

  it('shoes: a foot past the biggest size is not advised with confidence', () => {
    const advice = adviseSize(input(GarmentType.SHOES, { footLengthCm: 46.6 }, { sigma: 0.8 }));
    expect(advice.size).toBe('47');
    expect(advice.confidence).toBeLessThan(0.05);
    expect(advice.alternativeSize).toBeNull();
    expect(advice.reason).toBe("Longer than this brand's biggest size at the foot length (46.6 cm): size 47 will be too small");
  });
});

describe('adviseSize: a size kept before', () => {
  it('is recommended when the scan agrees, with a modest confidence boost and a reason that says so', () => {
    const body = { chestCm: 103.3, waistCm: 87.5 };
    const plain = adviseSize(input(GarmentType.TOP, body, { sigma: 1.5 }));
    expect(plain.size).toBe('M');
    const keptL = adviseSize(input(GarmentType.TOP, body, { sigma: 1.5, keptSize: { size: 'L', brand: 'Stridex' } }));
    expect(keptL.size).toBe('L');
    expect(keptL.usedKeptSize).toBe(true);
    expect(keptL.alternativeSize).toBe('M');
    expect(keptL.reason).toBe('You kept size L in Stridex before; your scan is close (M by measurements)');
    const keptM = adviseSize(input(GarmentType.TOP, body, { sigma: 1.5, keptSize: { size: 'M', brand: 'Stridex' } }));
    expect(keptM.size).toBe('M');
    expect(keptM.reason).toBe('You kept size M in Stridex before; your scan agrees');
    expect(keptM.confidence).toBeGreaterThan(plain.confidence);
    expect(keptM.confidence).toBeLessThan(plain.confidence + 0.26);
  });

  it('informs a scan that is sure but within a margin of the kept size (a body just inside M, kept L)', () => {
    const body = { chestCm: 103.8, waistCm: 87.8, heightCm: 181 };
    const plain = adviseSize(input(GarmentType.TOP, body, { sigma: 0 }));
    expect(plain).toMatchObject({ size: 'M', confidence: 1 });
    const keptL = adviseSize(input(GarmentType.TOP, body, { sigma: 0, keptSize: { size: 'L', brand: 'Stridex' } }));
    expect(keptL).toMatchObject({ size: 'L', alternativeSize: 'M', usedKeptSize: true, reason: 'You kept size L in Stridex before; your scan is close (M by measurements)' });
  });

  it('does not override a scan that is sure of another size: the reason mentions it, the advice stays', () => {
    const body = { chestCm: 108, waistCm: 92, heightCm: 184 };
    const plain = adviseSize(input(GarmentType.TOP, body, { sigma: 0.5 }));
    expect(plain.size).toBe('L');
    const keptM = adviseSize(input(GarmentType.TOP, body, { sigma: 0.5, keptSize: { size: 'M', brand: 'Stridex' } }));
    expect(keptM).toEqual({ ...plain, reason: 'You kept size M in Stridex before; your scan says L fits better' });
    expect(keptM.usedKeptSize).toBe(false);
    expect(fitOf(keptM, 'CHEST').verdict).toBe('REGULAR');
  });

  it('is mentioned, not followed, when far from the scan; ignored when not offered', () => {
    const plain = adviseSize(input(GarmentType.TOP));
    const far = adviseSize(input(GarmentType.TOP, {}, { keptSize: { size: 'XXL', brand: 'Stridex' } }));
    expect(far).toEqual({ ...plain, reason: 'You kept size XXL in Stridex before; your scan says M fits better' });
    const notOffered = adviseSize(input(GarmentType.TOP, {}, { offeredSizes: ['S', 'M'], keptSize: { size: 'L', brand: 'Stridex' } }));
    expect(notOffered.size).toBe('M');
    expect(notOffered.usedKeptSize).toBe(false);
    expect(adviseSize(input(GarmentType.TOP, {}, { keptSize: null })).usedKeptSize).toBe(false);
  });
});

describe('adviseSize: malformed input', () => {
  const expectField = (inp: SizeAdviceInput, field: string) => {
    let error: unknown;
    try {
      adviseSize(inp);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SizeAdviceInputError);
    expect((error as SizeAdviceInputError).field).toBe(field);
  };

  it('throws SizeAdviceInputError naming the field', () => {
    expectField(input(GarmentType.TOP, {}, { chart: [] }), 'chart');
    expectField(input(GarmentType.TOP, {}, { offeredSizes: ['XXXL'] }), 'offeredSizes');
    expectField(input(GarmentType.TOP, { chestCm: NaN }), 'profile.chestCm.valueCm');
    expectField({ ...input(GarmentType.TOP), profile: { ...profile(), waistCm: { valueCm: 80, sigmaCm: -1 } } }, 'profile.waistCm.sigmaCm');
    const rows = chart(GarmentType.TOP).map((r) => ({ ...r }));
    rows[1] = { ...rows[1], chestCm: [96, 88] };
    expectField(input(GarmentType.TOP, {}, { chart: rows }), 'chart[1].chestCm');
    expectField(input(GarmentType.TOP, {}, { chart: [...chart(GarmentType.TOP), { size: 'm' }] }), 'chart[6].size');
    expectField(input(GarmentType.TOP, {}, { chart: chart(GarmentType.SHOES), offeredSizes: ['42'] }), 'chart');
  });

  it('refuses a chart whose intervals are not body dimensions in its units (a shoe chart in cm, a chest in inches)', () => {
    const inCm = chart(GarmentType.SHOES).map((r) => ({ size: r.size, footLengthMm: [r.footLengthMm![0] / 10, r.footLengthMm![1] / 10] as [number, number] }));
    expectField(input(GarmentType.SHOES, {}, { chart: inCm }), 'chart[0].footLengthMm');
    const inInches = chart(GarmentType.TOP).map((r) => ({ ...r, chestCm: [r.chestCm![0] / 2.54, r.chestCm![1] / 2.54] as [number, number] }));
    expectField(input(GarmentType.TOP, {}, { chart: inInches }), 'chart[0].chestCm');
  });
});
