import { BODY_TARGETS } from '../body-observables';
import { conditionOf } from '../model/body-condition';
import { BLAZEPOSE_33_KEYPOINTS, COCO_17_KEYPOINTS, camelCaseKeypointName, canonicalKeypointName } from './keypoint-names';
import { IMPUTATION_RATIOS, KEYPOINT_CALIBRATION, ScanAnalysis, ScanInputError, ScanRequest, analyseScan } from './scan-geometry';
import { SyntheticScanOptions, syntheticObservables, syntheticScan } from './synthetic-scan';

type Ok = Extract<ScanAnalysis, { ok: true }>;
type Rejected = Extract<ScanAnalysis, { ok: false }>;

function ok(analysis: ScanAnalysis): Ok {
  if (!analysis.ok) throw new Error(`expected an accepted scan, got ${JSON.stringify(analysis.rejections)}`);
  return analysis;
}
function rejected(analysis: ScanAnalysis): Rejected {
  if (analysis.ok) throw new Error('expected a rejected scan');
  return analysis;
}
const codes = (analysis: ScanAnalysis) => rejected(analysis).rejections.map((r) => r.code);

/** Every measured observable within `tolMm` of the synthetic body's own value. */
function expectRoundTrip(options: SyntheticScanOptions, tolMm: number): Ok {
  const result = ok(analyseScan(syntheticScan(options)));
  const expected = syntheticObservables(options);
  for (const [key, value] of Object.entries(expected) as [keyof typeof expected, unknown][]) {
    const got = result.observables[key];
    if (typeof value === 'number' && key !== 'weightKg') {
      expect({ key, diff: Math.abs((got as number) - value) <= tolMm ? 0 : (got as number) - value }).toEqual({ key, diff: 0 });
    } else {
      expect({ key, got }).toEqual({ key, got: value });
    }
  }
  return result;
}

/** Throws a ScanInputError naming `field`. */
function expectInputError(req: unknown, field: string): void {
  let error: unknown;
  try {
    analyseScan(req as ScanRequest);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ScanInputError);
  expect((error as ScanInputError).field).toBe(field);
}

describe('keypoint names', () => {
  it('knows COCO-17 as a subset of BlazePose-33 and folds every spelling to one name', () => {
    expect(COCO_17_KEYPOINTS).toHaveLength(17);
    expect(BLAZEPOSE_33_KEYPOINTS).toHaveLength(33);
    expect(new Set(BLAZEPOSE_33_KEYPOINTS).size).toBe(33);
    for (const name of BLAZEPOSE_33_KEYPOINTS) {
      expect(canonicalKeypointName(name)).toBe(name);
      expect(canonicalKeypointName(camelCaseKeypointName(name))).toBe(name);
      expect(canonicalKeypointName(name.toUpperCase())).toBe(name);
    }
    expect(camelCaseKeypointName('left_eye_inner')).toBe('leftEyeInner');
    expect(canonicalKeypointName('LeftShoulder')).toBe('left_shoulder');
    expect(canonicalKeypointName('left_thigh')).toBeNull();
    expect(canonicalKeypointName('left shoulder')).toBeNull();
    expect(canonicalKeypointName('')).toBeNull();
  });
});

describe('analyseScan: pixels to millimetres', () => {
  it('recovers the body of an ANSUR-median man exactly from ideal keypoints', () => {
    const result = expectRoundTrip({}, 0.1);
    expect(result.pixelsPerMm).toBeCloseTo(1536 / 1755, 9);
    expect(result.imputed).toEqual([]);
    expect(result.sideViewUsed).toBe(true);
    expect(result.notes).toEqual([]);
    expect(result.quality).toBeGreaterThan(0.85);
    expect(conditionOf(result.observables)).toBe('full');
  });

  it.each<[string, SyntheticScanOptions]>([
    ['a median woman', { sex: 'F' }],
    ['a tall broad man', { statureMm: 1960, biacromialMm: 470, chestBreadthMm: 340, waistBreadthMm: 380, hipBreadthMm: 390, chestDepthMm: 300, waistDepthMm: 290, buttockDepthMm: 290, crotchHeightMm: 940, shoulderElbowMm: 375, elbowWristMm: 300 }],
    ['a short slim woman', { sex: 'F', statureMm: 1500, biacromialMm: 330, chestBreadthMm: 240, waistBreadthMm: 250, hipBreadthMm: 320, chestDepthMm: 210, waistDepthMm: 180, buttockDepthMm: 210, crotchHeightMm: 700, shoulderElbowMm: 285, elbowWristMm: 220 }],
    ['a small camera (720 x 1280, person 700 px)', { imageWidth: 720, imageHeight: 1280, personHeightPx: 700 }],
    ['a landscape camera (1920 x 1080, person 900 px)', { imageWidth: 1920, imageHeight: 1080, personHeightPx: 900, centreX: 700 }],
  ])('round-trips %s to within 3 mm with whole-pixel coordinates', (_, options) => {
    expectRoundTrip({ ...options, roundPx: true }, 3);
  });

  it('stays within a few mm when every coordinate carries 1 px of detector noise', () => {
    for (const seed of [1, 2, 3, 4, 5]) expectRoundTrip({ noisePx: 1, seed, roundPx: true }, 6);
  });

  it('gives the side view its own scale from its own pixel height', () => {
    const result = expectRoundTrip({ personHeightPx: 1500, sidePersonHeightPx: 1100 }, 0.1);
    expect(result.pixelsPerMm).toBeCloseTo(1500 / 1755, 9);
    expect(result.observables.chestDepthMm).toBeCloseTo(253, 0);
  });

  it('passes sex and weight through, weight null when absent, stature from the declared height', () => {
    const req = syntheticScan({ sex: 'F', weightKg: null });
    const result = ok(analyseScan({ ...req, declaredHeightCm: 162.5 }));
    expect(result.observables.sex).toBe('F');
    expect(result.observables.weightKg).toBeNull();
    expect(result.observables.statureMm).toBe(1625);
    const withoutField = ok(analyseScan({ front: req.front, side: req.side, declaredHeightCm: 162.5, sex: 'F' }));
    expect(withoutField.observables.weightKg).toBeNull();
    expect(ok(analyseScan(syntheticScan({ weightKg: 91.5 }))).observables.weightKg).toBe(91.5);
  });

  it('scales everything by the declared stature: a person declaring 10% more gets 10% larger lengths', () => {
    const req = syntheticScan();
    const base = ok(analyseScan(req)).observables;
    const taller = ok(analyseScan({ ...req, declaredHeightCm: 175.5 * 1.1 })).observables;
    expect(taller.biacromialBreadthMm / base.biacromialBreadthMm).toBeCloseTo(1.1, 3);
    expect(taller.crotchHeightMm / base.crotchHeightMm).toBeCloseTo(1.1, 3);
  });

  it('accepts BlazePose-33 names, camelCase and upper case', () => {
    expectRoundTrip({ keypointSet: 'blazepose' }, 0.1);
    expectRoundTrip({ keypointSet: 'blazepose', nameStyle: 'camel' }, 0.1);
    expectRoundTrip({ nameStyle: 'camel' }, 0.1);
    expectRoundTrip({ nameStyle: 'upper' }, 0.1);
    const req = syntheticScan({ keypointSet: 'blazepose' });
    expect(req.front.keypoints).toHaveLength(33);
    // The same scan with a mix of spellings within one view.
    const mixed = req.front.keypoints.map((k, i) => ({ ...k, name: i % 2 ? camelCaseKeypointName(k.name as never) : k.name }));
    ok(analyseScan({ ...req, front: { ...req.front, keypoints: mixed } }));
  });

  it('uses the BlazePose heels as foot anchors when the ankles are not seen', () => {
    expectRoundTrip({ keypointSet: 'blazepose', omit: ['left_ankle', 'right_ankle'] }, 0.1);
  });

  it('uses a single eye or the nose alone as the head anchor', () => {
    expectRoundTrip({ omit: ['left_eye', 'right_eye'] }, 0.1);
    expectRoundTrip({ omit: ['nose', 'right_eye'] }, 0.1);
  });

  it('takes the mean of both arms, or one arm with a note when the other is not confident', () => {
    const both = ok(analyseScan(syntheticScan({ shoulderElbowMm: 330, elbowWristMm: 260 })));
    expect(both.observables.shoulderElbowLengthMm).toBeCloseTo(330, 0);
    const leftOnly = ok(analyseScan(syntheticScan({ scores: { right_wrist: 0.1 } })));
    expect(leftOnly.observables.elbowWristLengthMm).toBeCloseTo(267, 0);
    expect(leftOnly.notes.join(' ')).toMatch(/left arm only/);
  });

  it('measures crotch height from the hip keypoints above the floor with the documented ratio', () => {
    for (const crotchHeightMm of [760, 845, 930]) {
      expect(ok(analyseScan(syntheticScan({ crotchHeightMm }))).observables.crotchHeightMm).toBeCloseTo(crotchHeightMm, 0);
    }
  });

  it('produces every observable the body model reads', () => {
    const result = ok(analyseScan(syntheticScan()));
    expect(Object.keys(result.observables).sort()).toEqual(Object.keys(syntheticObservables()).sort());
    expect(BODY_TARGETS.length).toBe(8);
  });
});

describe('analyseScan: imputation without a front silhouette', () => {
  it('imputes the three breadths from shoulder and hip keypoints with the population ratios, and says so', () => {
    for (const sex of ['M', 'F'] as const) {
      const options: SyntheticScanOptions = { sex, frontSilhouette: false, roundPx: false };
      const result = ok(analyseScan(syntheticScan(options)));
      const body = syntheticObservables(options);
      const r = IMPUTATION_RATIOS[sex];
      expect(result.imputed).toEqual(['chestBreadthMm', 'waistBreadthMm', 'hipBreadthMm']);
      expect(result.observables.chestBreadthMm).toBeCloseTo(body.biacromialBreadthMm * r.chestPerBiacromial, 0);
      expect(result.observables.waistBreadthMm).toBeCloseTo(body.biacromialBreadthMm * r.waistPerBiacromial, 0);
      // The generator puts the hip keypoints hipBreadth / 2.0 apart, so the span-based half of the estimate is exact.
      const hipFromSpan = body.hipBreadthMm;
      expect(result.observables.hipBreadthMm).toBeCloseTo((body.biacromialBreadthMm * r.hipPerBiacromial + hipFromSpan) / 2, 0);
      expect(KEYPOINT_CALIBRATION.hipBreadthPerHipKeypointSpan).toBe(2);
      expect(result.notes.join(' ')).toMatch(/population ratios/);
    }
  });

  it('imputes only the widths the silhouette lacks', () => {
    const req = syntheticScan();
    const result = ok(analyseScan({ ...req, front: { ...req.front, silhouette: { ...req.front.silhouette, waistPx: null } } }));
    expect(result.imputed).toEqual(['waistBreadthMm']);
    expect(result.observables.chestBreadthMm).toBeCloseTo(289, 0);
  });

  it('rates an imputed scan lower than a measured one', () => {
    const measured = ok(analyseScan(syntheticScan()));
    const imputed = ok(analyseScan(syntheticScan({ frontSilhouette: false })));
    expect(imputed.quality).toBeLessThan(measured.quality);
  });
});

describe('analyseScan: the side view', () => {
  it('is optional: without it the depths are null and the scan falls under the front condition', () => {
    const result = expectRoundTrip({ side: false }, 0.1);
    expect(result.observables.chestDepthMm).toBeNull();
    expect(result.sideViewUsed).toBe(false);
    expect(result.notes).toEqual([]);
    expect(conditionOf(result.observables)).toBe('front');
  });

  it.each<[string, SyntheticScanOptions, RegExp]>([
    ['feet missing', { sideOmit: ['left_ankle', 'right_ankle'] }, /feet/],
    ['head missing', { sideOmit: ['nose', 'left_eye', 'right_eye'] }, /head/],
    ['no silhouette', { sideSilhouette: false }, /silhouette/],
    ['person too small', { sidePersonHeightPx: 500 }, /too far/],
    ['implausible depth', { chestDepthMm: 600 }, /chestDepth of 600 mm is implausible/],
  ])('is dropped with a note, not rejected, when unusable (%s)', (_, options, note) => {
    const result = ok(analyseScan(syntheticScan(options)));
    expect(result.sideViewUsed).toBe(false);
    expect([result.observables.chestDepthMm, result.observables.waistDepthMm, result.observables.buttockDepthMm]).toEqual([null, null, null]);
    expect(result.notes.join(' ')).toMatch(/^Side view not used/);
    expect(result.notes.join(' ')).toMatch(note);
  });

  it('is dropped whole when its silhouette is partial (the three depths go together)', () => {
    const req = syntheticScan();
    const side = { ...req.side!, silhouette: { ...req.side!.silhouette, waistPx: null } };
    const result = ok(analyseScan({ ...req, side }));
    expect(result.observables.chestDepthMm).toBeNull();
    expect(conditionOf(result.observables)).toBe('front');
  });

  it('is dropped when it is really a second front view', () => {
    const req = syntheticScan();
    const result = ok(analyseScan({ ...req, side: { ...req.front, silhouette: req.side!.silhouette } }));
    expect(result.sideViewUsed).toBe(false);
    expect(result.notes.join(' ')).toMatch(/not a side view/);
  });
});

describe('analyseScan: rejections', () => {
  it('FEET_NOT_VISIBLE when the ankles are missing or low-scored', () => {
    for (const options of [{ omit: ['left_ankle', 'right_ankle'] }, { scores: { left_ankle: 0.1 } }] as SyntheticScanOptions[]) {
      const result = rejected(analyseScan(syntheticScan(options)));
      expect(result.rejections.map((r) => r.code)).toEqual(['FEET_NOT_VISIBLE']);
      expect(result.hint).toBe('Step back: your feet are not visible');
    }
  });

  it('HEAD_NOT_VISIBLE when neither nose nor eyes are seen (ears do not count)', () => {
    const result = rejected(analyseScan(syntheticScan({ omit: ['nose', 'left_eye', 'right_eye'] })));
    expect(codes(result)).toEqual(['HEAD_NOT_VISIBLE']);
    expect(result.hint).toBe('Step back so that your head is in view');
  });

  it('reports every visibility problem, hinting at the head first', () => {
    const result = rejected(analyseScan(syntheticScan({ omit: ['nose', 'left_eye', 'right_eye', 'left_ankle', 'right_ankle'] })));
    expect(codes(result)).toEqual(['HEAD_NOT_VISIBLE', 'FEET_NOT_VISIBLE']);
    expect(result.hint).toBe('Step back so that your head is in view');
  });

  it('NO_PERSON when nothing was detected', () => {
    const req = syntheticScan();
    expect(codes(analyseScan({ ...req, front: { ...req.front, keypoints: [] } }))).toEqual(['NO_PERSON']);
    expect(codes(analyseScan(syntheticScan({ score: 0.05 })))).toEqual(['NO_PERSON']);
  });

  it('TOO_FAR when the person is under ~35% of the image height', () => {
    const result = rejected(analyseScan(syntheticScan({ personHeightPx: 0.3 * 1920 })));
    expect(codes(result)).toEqual(['TOO_FAR']);
    expect(result.hint).toBe('Come a little closer');
    ok(analyseScan(syntheticScan({ personHeightPx: 0.4 * 1920 })));
  });

  it('TOO_CLOSE when the body touches the image edge', () => {
    // Arms out to the side edge.
    expect(codes(analyseScan(syntheticScan({ centreX: 220 })))).toContain('TOO_CLOSE');
    // Eyes just inside the frame, so the top of the head is cut off.
    const headCut = rejected(analyseScan(syntheticScan({ personHeightPx: 1880, floorY: 1880 - 60 })));
    expect(headCut.rejections).toEqual([{ code: 'TOO_CLOSE', message: expect.stringMatching(/top of the head/) }]);
    expect(headCut.hint).toBe('Step back a little');
    // Ankles just inside the frame, so the feet are cut off at the bottom.
    const feetCut = rejected(analyseScan(syntheticScan({ personHeightPx: 1880, floorY: 1920 + 50 })));
    expect(feetCut.rejections).toEqual([{ code: 'TOO_CLOSE', message: expect.stringMatching(/floor line/) }]);
  });

  it('NOT_FACING when facing away (shoulders swapped) or turned sideways', () => {
    const away = rejected(analyseScan(syntheticScan({ facing: 'away' })));
    expect(codes(away)).toEqual(['NOT_FACING']);
    expect(away.hint).toBe('Stand facing the mirror');
    const turned = rejected(analyseScan(syntheticScan({ yawDeg: 60 })));
    expect(codes(turned)).toEqual(['NOT_FACING']);
    expect(turned.hint).toBe('Stand facing the mirror');
    ok(analyseScan(syntheticScan({ yawDeg: 20 })));
  });

  it('facing away wins over a missing face in the hint', () => {
    const result = rejected(analyseScan(syntheticScan({ facing: 'away', omit: ['nose', 'left_eye', 'right_eye'] })));
    expect(codes(result)).toEqual(['NOT_FACING', 'HEAD_NOT_VISIBLE']);
    expect(result.hint).toBe('Stand facing the mirror');
  });

  it('follows a flipped (mirrored) image when the kiosk says so', () => {
    expectRoundTrip({ mirrored: true }, 0.1);
    const flipped = syntheticScan({ mirrored: true });
    expect(codes(analyseScan({ ...flipped, front: { ...flipped.front, mirrored: false } }))).toEqual(['NOT_FACING']);
  });

  it('NOT_STANDING_STRAIGHT when shoulders or hips tilt more than ~8 degrees, or knees bend', () => {
    for (const options of [{ shoulderTiltDeg: 12 }, { shoulderTiltDeg: -12 }, { hipTiltDeg: 11 }, { kneeFlexDeg: 35 }] as SyntheticScanOptions[]) {
      const result = rejected(analyseScan(syntheticScan(options)));
      expect(new Set(codes(result))).toEqual(new Set(['NOT_STANDING_STRAIGHT']));
      expect(result.hint).toBe('Stand up straight with your feet flat');
    }
    ok(analyseScan(syntheticScan({ shoulderTiltDeg: 5, hipTiltDeg: -5, kneeFlexDeg: 10 })));
  });

  it('NOT_STANDING_STRAIGHT, with the feet-flat hint, when one foot is raised (ankles at different heights)', () => {
    // 1536 px for 1755 mm: 0.875 px per mm.
    const raise = (req: ScanRequest, px: number, names: string[]) => ({
      ...req,
      front: { ...req.front, keypoints: req.front.keypoints.map((k) => (names.includes(k.name) ? { ...k, y: k.y - px } : k)) },
    });
    const onAStep = rejected(analyseScan(raise(syntheticScan(), 150, ['left_ankle'])));
    expect(codes(onAStep)).toEqual(['NOT_STANDING_STRAIGHT']);
    expect(onAStep.hint).toBe('Stand up straight with your feet flat');
    expect(onAStep.rejections[0].message).toMatch(/^The left foot is 18 cm higher than the right/);
    // BlazePose: ankle and heel raised together on the right.
    const bp = syntheticScan({ keypointSet: 'blazepose' });
    expect(codes(analyseScan(raise(bp, 80, ['right_ankle', 'right_heel'])))).toEqual(['NOT_STANDING_STRAIGHT']);
    // A few cm (detector noise, a foot a little ahead of the other) is standing flat, rated a little lower.
    const flat = ok(analyseScan(syntheticScan()));
    const staggered = ok(analyseScan(raise(syntheticScan(), 30, ['left_ankle'])));
    expect(staggered.quality).toBeLessThan(flat.quality);
  });

  it('LOW_CONFIDENCE when the needed keypoints average under 0.5', () => {
    const result = rejected(analyseScan(syntheticScan({ score: 0.42 })));
    expect(codes(result)).toEqual(['LOW_CONFIDENCE']);
    expect(result.hint).toMatch(/still/);
    ok(analyseScan(syntheticScan({ score: 0.55 })));
  });

  it('BODY_NOT_VISIBLE without both shoulders and hips; ARMS_NOT_VISIBLE without a whole arm', () => {
    expect(codes(analyseScan(syntheticScan({ omit: ['left_hip'] })))).toEqual(['BODY_NOT_VISIBLE']);
    expect(codes(analyseScan(syntheticScan({ omit: ['left_wrist', 'right_elbow'] })))).toEqual(['ARMS_NOT_VISIBLE']);
  });

  it('IMPLAUSIBLE for measurements no adult has', () => {
    const wide = rejected(analyseScan(syntheticScan({ biacromialMm: 600 })));
    expect(codes(wide)).toEqual(['IMPLAUSIBLE']);
    expect(wide.rejections[0].message).toMatch(/biacromialBreadthMm/);
    expect(codes(analyseScan(syntheticScan({ shoulderElbowMm: 500 })))).toEqual(['IMPLAUSIBLE']);
    expect(codes(analyseScan(syntheticScan({ elbowWristMm: 120 })))).toEqual(['IMPLAUSIBLE']);
    // A silhouette that swallowed the arms: chest wider than anyone's.
    expect(codes(analyseScan(syntheticScan({ chestBreadthMm: 700 })))).toEqual(['IMPLAUSIBLE']);
    expect(codes(analyseScan(syntheticScan({ crotchHeightMm: 600 })))).toEqual(['IMPLAUSIBLE']);
  });
});

describe('analyseScan: the declared weight against what the camera saw', () => {
  const weighed = (weightKg: number, options: SyntheticScanOptions = {}) => analyseScan({ ...syntheticScan(options), weightKg });

  it('refuses a weight far from the body seen (a typo: 250 or 25 for 85), asking to check it', () => {
    for (const weightKg of [250, 160, 25]) {
      const result = rejected(weighed(weightKg));
      expect(codes(result)).toEqual(['WEIGHT_IMPLAUSIBLE']);
      expect(result.hint).toBe('Check the weight you entered, or leave it out');
    }
    expect(rejected(weighed(250)).rejections[0].message).toBe('250 kg at 175.5 cm is a BMI of 81, outside 12..70');
    expect(rejected(weighed(160)).rejections[0].message).toMatch(/^160 kg is far from the body seen \(about 8\d kg for these breadths and height\)$/);
  });

  it('accepts heavier and lighter bodies than the median within the spread of real ones, for either sex and view', () => {
    for (const weightKg of [60, 84, 120]) ok(weighed(weightKg));
    for (const weightKg of [50, 67, 95]) ok(weighed(weightKg, { sex: 'F' }));
    for (const weightKg of [60, 120]) ok(weighed(weightKg, { side: false }));
    // A broad man in every dimension, at 125 kg.
    ok(weighed(125, { chestBreadthMm: 340, waistBreadthMm: 390, hipBreadthMm: 390, chestDepthMm: 300, waistDepthMm: 300, buttockDepthMm: 290 }));
  });

  it('allows more spread when the breadths are imputed from the shoulders (the camera says less about mass)', () => {
    ok(weighed(160, { frontSilhouette: false }));
    expect(codes(weighed(160))).toEqual(['WEIGHT_IMPLAUSIBLE']);
    expect(codes(weighed(250, { frontSilhouette: false }))).toEqual(['WEIGHT_IMPLAUSIBLE']);
  });

  it('refuses a body-mass index no adult survey has, whatever the geometry (100 cm and 250 kg)', () => {
    const child = { statureMm: 1000, biacromialMm: 250, chestBreadthMm: 190, waistBreadthMm: 180, hipBreadthMm: 230, chestDepthMm: 150, waistDepthMm: 140, buttockDepthMm: 150, crotchHeightMm: 450, shoulderElbowMm: 225, elbowWristMm: 170 };
    ok(weighed(25, child));
    const result = rejected(weighed(250, child));
    expect(codes(result)).toEqual(['WEIGHT_IMPLAUSIBLE']);
    expect(result.rejections[0].message).toMatch(/BMI of 250/);
  });
});

describe('analyseScan: malformed input throws ScanInputError with the field', () => {
  const req = syntheticScan();
  const withKeypoint = (i: number, patch: Record<string, unknown>) => ({
    ...req,
    front: { ...req.front, keypoints: req.front.keypoints.map((k, j) => (j === i ? { ...k, ...patch } : k)) },
  });

  it('rejects unknown and repeated keypoint names', () => {
    expectInputError(withKeypoint(3, { name: 'left_thigh' }), 'front.keypoints[3].name');
    expectInputError(withKeypoint(3, { name: 42 }), 'front.keypoints[3].name');
    const dup = { ...req, front: { ...req.front, keypoints: [...req.front.keypoints, { ...req.front.keypoints[5], name: 'leftShoulder' }] } };
    expectInputError(dup, 'front.keypoints[17].name');
  });

  it('rejects NaN, infinite, negative and out-of-image coordinates, and scores outside 0..1', () => {
    expectInputError(withKeypoint(2, { x: NaN }), 'front.keypoints[2].x');
    expectInputError(withKeypoint(2, { y: Infinity }), 'front.keypoints[2].y');
    expectInputError(withKeypoint(2, { x: -3 }), 'front.keypoints[2].x');
    expectInputError(withKeypoint(2, { x: 1080 * 1.05 }), 'front.keypoints[2].x');
    expectInputError(withKeypoint(2, { y: 1920 * 1.05 }), 'front.keypoints[2].y');
    expectInputError(withKeypoint(2, { score: 1.2 }), 'front.keypoints[2].score');
    expectInputError(withKeypoint(2, { score: -0.1 }), 'front.keypoints[2].score');
    // A small margin past the far edge is tolerated (pixel-edge conventions).
    expect(() => analyseScan(withKeypoint(0, { x: 1080 * 1.005, score: 0.1 }))).not.toThrow();
  });

  it('rejects bad image sizes and too many keypoints', () => {
    expectInputError({ ...req, front: { ...req.front, imageWidth: 0 } }, 'front.imageWidth');
    expectInputError({ ...req, front: { ...req.front, imageHeight: 9000 } }, 'front.imageHeight');
    expectInputError({ ...req, front: { ...req.front, imageWidth: NaN } }, 'front.imageWidth');
    expectInputError({ ...req, side: { ...req.side!, imageHeight: -1 } }, 'side.imageHeight');
    const many = Array.from({ length: 65 }, (_, i) => ({ name: 'nose', x: i, y: i, score: 0.5 }));
    expectInputError({ ...req, front: { ...req.front, keypoints: many } }, 'front.keypoints');
    expectInputError({ ...req, front: { ...req.front, keypoints: 'nose' } }, 'front.keypoints');
  });

  it('rejects declared heights outside 100..230 cm, weights outside 25..250 kg and an unknown sex', () => {
    for (const h of [99, 231, NaN, undefined]) expectInputError({ ...req, declaredHeightCm: h }, 'declaredHeightCm');
    for (const w of [24, 251, NaN]) expectInputError({ ...req, weightKg: w }, 'weightKg');
    expectInputError({ ...req, sex: 'X' }, 'sex');
    expect(() => analyseScan({ ...req, declaredHeightCm: 100 })).not.toThrow(ScanInputError);
  });

  it('rejects negative, NaN and wider-than-image silhouette widths', () => {
    expectInputError({ ...req, front: { ...req.front, silhouette: { chestPx: -1 } } }, 'front.silhouette.chestPx');
    expectInputError({ ...req, front: { ...req.front, silhouette: { waistPx: NaN } } }, 'front.silhouette.waistPx');
    expectInputError({ ...req, front: { ...req.front, silhouette: { hipPx: 2000 } } }, 'front.silhouette.hipPx');
    expectInputError({ ...req, side: { ...req.side!, silhouette: { hipPx: -5 } } }, 'side.silhouette.hipPx');
  });

  it('rejects a missing front view and malformed keypoint objects', () => {
    expectInputError({ ...req, front: null }, 'front');
    expectInputError({ ...req, front: { ...req.front, keypoints: [null] } }, 'front.keypoints[0]');
    expectInputError({ ...req, front: { ...req.front, mirrored: 'yes' } }, 'front.mirrored');
  });

  it('does not throw for a poor but well-formed scan', () => {
    expect(() => analyseScan(syntheticScan({ score: 0.1 }))).not.toThrow();
  });
});
