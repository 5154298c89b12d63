import { BODY_RANGES_CM, BodyProfileData, PROFILE_KEYS } from './body-profile.data';
import { BODY_TARGETS, BodyEstimate } from './body-observables';
import { CLEAN_SCAN_QUALITY, describeProfileChanges, outOfRange, profileChanges, profileFromEstimate, profileFromTyped, scanSigmaFactor } from './body-profile.mapper';
import { analyseScan } from './scan/scan-geometry';
import { syntheticObservables, syntheticScan } from './scan/synthetic-scan';
import { adviseSize } from './size/size-advice';
import { defaultSizeCharts } from '../catalog/default-size-charts';

const typed = profileFromTyped({ heightCm: 178, sex: 'M', chestCm: 100, waistCm: 86, hipCm: 101, inseamCm: 82, footLengthCm: 27 }).profile;

describe('outOfRange: a profile against what typed measurements accept', () => {
  it('passes a profile inside every range', () => {
    expect(outOfRange(typed)).toEqual([]);
  });

  it('names every dimension outside, with its range', () => {
    const profile: BodyProfileData = { ...typed, chestCm: { valueCm: 186.7, sigmaCm: 2.5 }, footLengthCm: { valueCm: 16.2, sigmaCm: 0.8 } };
    expect(outOfRange(profile)).toEqual([
      { key: 'chestCm', label: 'chest', valueCm: 186.7, range: [60, 180] },
      { key: 'footLengthCm', label: 'foot length', valueCm: 16.2, range: [18, 35] },
    ]);
  });

  it('covers every dimension of a profile', () => {
    expect(Object.keys(BODY_RANGES_CM).sort()).toEqual([...PROFILE_KEYS].sort());
  });
});

describe('profileChanges: what a replacing profile changes', () => {
  it('names the dimensions that differ by more than 1 cm as shown, in display order, and says so in a line', () => {
    const current: BodyProfileData = { ...typed, waistCm: { valueCm: 89.54, sigmaCm: 1.5 }, chestCm: { valueCm: 104, sigmaCm: 1.5 }, hipCm: { valueCm: 101.9, sigmaCm: 1.5 } };
    const changes = profileChanges(typed, current);
    expect(changes).toEqual([
      { key: 'chestCm', label: 'chest', previousCm: 100, currentCm: 104 },
      { key: 'waistCm', label: 'waist', previousCm: 86, currentCm: 89.5 },
    ]);
    expect(describeProfileChanges(changes)).toBe('Chest 100 → 104 cm, waist 86 → 89.5 cm');
  });

  it('does not count exactly 1 cm (or less) as a change, either way', () => {
    const current: BodyProfileData = { ...typed, chestCm: { valueCm: 101, sigmaCm: 1.5 }, waistCm: { valueCm: 85.04, sigmaCm: 1.5 } };
    expect(profileChanges(typed, current)).toEqual([]);
    expect(profileChanges(current, typed)).toEqual([]);
    expect(describeProfileChanges([])).toBe('No measurement differs by more than 1 cm');
  });
});

describe('scan quality widens the uncertainty', () => {
  const estimate = Object.fromEntries(BODY_TARGETS.map((t, k) => [t, { valueMm: 500 + 10 * k, sigmaMm: 20 + k }])) as BodyEstimate;
  const obs = syntheticObservables();
  const clean = { detection: 0.95, framing: 1, posture: 1 };

  it('leaves a clean scan at the model sigma, and never narrows it', () => {
    expect(scanSigmaFactor(clean)).toBe(1);
    expect(scanSigmaFactor({ detection: CLEAN_SCAN_QUALITY, framing: 1, posture: 1 })).toBe(1);
    const profile = profileFromEstimate(estimate, obs, [], clean);
    expect(profile.chestCm.sigmaCm).toBeCloseTo(estimate.chestcircumference.sigmaMm / 10, 9);
  });

  it('grows as the detector scores, the framing or the posture fall (monotone in each), as sqrt(clean / quality)', () => {
    const grid = [1, 0.9, 0.8, 0.7, 0.6, 0.5];
    for (const part of ['detection', 'framing', 'posture'] as const) {
      let last = 0;
      for (const value of grid) {
        const factor = scanSigmaFactor({ ...clean, [part]: value });
        expect(factor).toBeGreaterThanOrEqual(last);
        last = factor;
      }
      expect(last).toBeGreaterThan(1.2);
    }
    expect(scanSigmaFactor({ detection: 0.5, framing: 0.7, posture: 0.7 })).toBeCloseTo(Math.sqrt(CLEAN_SCAN_QUALITY / 0.245), 9);
  });

  it('applies to everything measured from the scan, not to the declared height', () => {
    const poor = profileFromEstimate(estimate, obs, [], { detection: 0.5, framing: 0.8, posture: 0.9 });
    const good = profileFromEstimate(estimate, obs, [], clean);
    const factor = scanSigmaFactor({ detection: 0.5, framing: 0.8, posture: 0.9 });
    for (const key of ['chestCm', 'waistCm', 'hipCm', 'neckCm', 'thighCm', 'sleeveCm', 'inseamCm', 'footLengthCm', 'shoulderBreadthCm'] as const) {
      expect(poor[key].sigmaCm).toBeCloseTo(good[key].sigmaCm * factor, 9);
      expect(poor[key].valueCm).toBe(good[key].valueCm);
    }
    expect(poor.heightCm).toEqual(good.heightCm);
  });

  it('so a poor scan of the same body gets less confident size advice than a clean one', () => {
    const top = defaultSizeCharts().find((c) => c.garmentType === 'TOP' && c.gender === 'MEN')!.rows;
    const advise = (options: Parameters<typeof syntheticScan>[0]) => {
      const analysis = analyseScan(syntheticScan({ ...options, seed: 3 }));
      if (!analysis.ok) throw new Error(analysis.hint);
      const profile = profileFromEstimate(estimate, analysis.observables, analysis.imputed, analysis.qualityFactors);
      // The same body values for both, so that only the uncertainty differs.
      profile.chestCm.valueCm = 105.2;
      profile.waistCm.valueCm = 93.2;
      return { quality: analysis.quality, sigma: profile.chestCm.sigmaCm, advice: adviseSize({ profile, garmentType: 'TOP', fitType: 'REGULAR', chart: top, offeredSizes: top.map((r) => r.size) }) };
    };
    const clean = advise({ score: 0.95 });
    const poor = advise({ score: 0.52, noisePx: 6, shoulderTiltDeg: 4, personHeightPx: 800 });
    expect(poor.quality).toBeLessThan(0.4);
    expect(poor.sigma).toBeGreaterThan(1.5 * clean.sigma);
    expect(poor.advice.size).toBe(clean.advice.size);
    expect(poor.advice.confidence).toBeLessThan(clean.advice.confidence - 0.1);
  });
});
