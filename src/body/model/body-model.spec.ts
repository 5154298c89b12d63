import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tf, initTensorflow } from '../../ml/backend';
import { SeededRandom } from '../../common/random';
import { BODY_TARGETS, BodyObservables } from '../body-observables';
import { AnsurSubject, observe } from './ansur';
import { BODY_CONDITIONS } from './body-condition';
import {
  ARTIFACT_FORMAT,
  BodyMeasurementModel,
  BodyModelArtifact,
  createBodyNetwork,
  defaultArtifactPath,
  ellipsePerimeter,
  featureNames,
  featuresOf,
} from './body-model';
import { DEFAULT_TRAIN_OPTIONS, TrainBodyOptions, blendWithLinear, fitNetwork, huberLoss, trainBodyConditions } from './body-trainer';
import { gaussianBayesMae, linearInHindsightMae } from './noise-floor';
import { fitLeastSquares, predictLinear } from './least-squares';

/**
 * Synthetic subjects with ANSUR-like sizes and a known, partly non-linear link between what a kiosk
 * sees and the targets (girths from torso ellipses): enough to train on, and needs no real data.
 */
function syntheticSubjects(n: number, seed: number): AnsurSubject[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const female = i % 2 === 1;
    const size = rng.normal();
    const fat = rng.normal();
    const stature = (female ? 1628 : 1756) + 65 * size;
    const chestBreadth = (female ? 269 : 289) + 8 * size + 12 * fat;
    const chestDepth = (female ? 248 : 254) + 5 * size + 18 * fat;
    const waistBreadth = (female ? 300 : 326) + 6 * size + 22 * fat;
    const waistDepth = (female ? 213 : 238) + 4 * size + 25 * fat;
    const hipBreadth = (female ? 354 : 346) + 10 * size + 15 * fat;
    const buttockDepth = (female ? 233 : 246) + 5 * size + 15 * fat;
    const crotch = (female ? 782 : 845) + 40 * size + rng.normal(0, 15);
    const upperArm = (female ? 311 : 335) + 14 * size + rng.normal(0, 6);
    const forearm = (female ? 241 : 268) + 12 * size + rng.normal(0, 6);
    return {
      subjectId: 100000 + i,
      sex: female ? 'F' : 'M',
      measured: {
        statureMm: stature,
        weightKg: (female ? 68 : 85) + 7 * size + 10 * fat,
        biacromialBreadthMm: (female ? 365 : 416) + 12 * size + rng.normal(0, 8),
        chestBreadthMm: chestBreadth,
        waistBreadthMm: waistBreadth,
        hipBreadthMm: hipBreadth,
        chestDepthMm: chestDepth,
        waistDepthMm: waistDepth,
        buttockDepthMm: buttockDepth,
        crotchHeightMm: crotch,
        shoulderElbowLengthMm: upperArm,
        elbowWristLengthMm: forearm,
      },
      targets: [
        ellipsePerimeter(chestBreadth, chestDepth) * 1.12 + rng.normal(0, 12),
        ellipsePerimeter(waistBreadth, waistDepth) * 1.03 + rng.normal(0, 10),
        ellipsePerimeter(hipBreadth, buttockDepth) * 1.06 + rng.normal(0, 10),
        (female ? 330 : 398) + 8 * size + 12 * fat + rng.normal(0, 8),
        (female ? 616 : 625) + 10 * size + 45 * fat + rng.normal(0, 15),
        upperArm + forearm + rng.normal(0, 8),
        crotch,
        (female ? 246 : 271) + 10 * size + rng.normal(0, 6),
      ],
    };
  });
}

const QUICK: TrainBodyOptions = {
  ...DEFAULT_TRAIN_OPTIONS,
  network: { hidden: [8], activation: 'elu' },
  members: 2,
  epochs: 2,
  patience: 2,
  validationScans: 1,
};

function quickArtifact(train: AnsurSubject[], validation: AnsurSubject[]): BodyModelArtifact {
  return {
    format: ARTIFACT_FORMAT,
    version: 'test',
    trainedAt: new Date(0).toISOString(),
    dataHash: 'synthetic',
    targets: [...BODY_TARGETS],
    network: QUICK.network,
    training: { scanSeed: QUICK.scanSeed },
    conditions: trainBodyConditions(train, validation, QUICK).conditions,
    metrics: {},
  };
}

const averageMan: BodyObservables = {
  sex: 'M',
  statureMm: 1756,
  weightKg: 85,
  biacromialBreadthMm: 416,
  chestBreadthMm: 289,
  waistBreadthMm: 326,
  hipBreadthMm: 346,
  chestDepthMm: 254,
  waistDepthMm: 238,
  buttockDepthMm: 246,
  crotchHeightMm: 845,
  shoulderElbowLengthMm: 335,
  elbowWristLengthMm: 268,
};

const averageWoman: BodyObservables = {
  sex: 'F',
  statureMm: 1628,
  weightKg: 68,
  biacromialBreadthMm: 365,
  chestBreadthMm: 269,
  waistBreadthMm: 300,
  hipBreadthMm: 354,
  chestDepthMm: 248,
  waistDepthMm: 213,
  buttockDepthMm: 233,
  crotchHeightMm: 782,
  shoulderElbowLengthMm: 311,
  elbowWristLengthMm: 241,
};

beforeAll(async () => {
  await initTensorflow();
});

describe('features', () => {
  it('match their names under every condition', () => {
    const [subject] = syntheticSubjects(1, 1);
    for (const condition of BODY_CONDITIONS) {
      expect(featuresOf(observe(subject, condition, 1), condition)).toHaveLength(featureNames(condition).length);
    }
    expect(featureNames('full').length).toBeGreaterThan(featureNames('front-noweight').length);
  });

  it('approximate a circle perimeter exactly', () => {
    expect(ellipsePerimeter(100, 100)).toBeCloseTo(Math.PI * 100, 6);
  });
});

describe('createBodyNetwork', () => {
  it('maps a batch of feature rows to one value per target', () => {
    const net = createBodyNetwork(12, BODY_TARGETS.length, { hidden: [16, 16], activation: 'elu' }, 1);
    const out = tf.tidy(() => net.predict(tf.zeros([5, 12])) as tf.Tensor);
    expect(out.shape).toEqual([5, BODY_TARGETS.length]);
    out.dispose();
    net.dispose();
  });

  it('starts at the linear solution it is given', () => {
    const kernel = [
      [1, 2],
      [3, 4],
    ];
    const net = createBodyNetwork(2, 2, { hidden: [4], activation: 'tanh' }, 1, { kernel, bias: [0.5, -0.5] });
    const out = tf.tidy(() => (net.predict(tf.tensor2d([[1, 1]])) as tf.Tensor).arraySync());
    expect(out).toEqual([[4.5, 5.5]]);
    net.dispose();
  });
});

describe('training', () => {
  it('reduces the loss in a two-epoch fit', () => {
    const subjects = syntheticSubjects(256, 2);
    const rows = subjects.map((s) => featuresOf(observe(s, 'full', 1), 'full'));
    const mean = rows[0].map((_, j) => rows.reduce((a, r) => a + r[j], 0) / rows.length);
    const sd = rows[0].map((_, j) => Math.sqrt(rows.reduce((a, r) => a + (r[j] - mean[j]) ** 2, 0) / rows.length));
    const x = rows.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));
    const tMean = BODY_TARGETS.map((_, k) => subjects.reduce((a, s) => a + s.targets[k], 0) / subjects.length);
    const y = subjects.map((s) => s.targets.map((v, k) => (v - tMean[k]) / 100));
    const net = createBodyNetwork(x[0].length, BODY_TARGETS.length, { hidden: [16], activation: 'elu' }, 3);
    const scale = new Array<number>(BODY_TARGETS.length).fill(1);
    const lossNow = (): number =>
      tf.tidy(() => huberLoss(net.predict(tf.tensor2d(x)) as tf.Tensor2D, tf.tensor2d(y), tf.tensor1d(scale), 1).dataSync()[0]);
    const before = lossNow();
    const fit = fitNetwork(net, () => x, y, { epochs: 2, batchSize: 32, learningRate: 1e-2, huberDelta: 1, seed: 1, patience: 2, outputScale: scale });
    expect(fit.trainLoss).toHaveLength(2);
    expect(lossNow()).toBeLessThan(before * 0.9);
    net.dispose();
  });

  it('does not leak tensors', () => {
    const subjects = syntheticSubjects(120, 4);
    const before = tf.memory().numTensors;
    trainBodyConditions(subjects.slice(0, 100), subjects.slice(100), QUICK);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('BodyMeasurementModel', () => {
  const subjects = syntheticSubjects(240, 5);
  let artifact: BodyModelArtifact;

  beforeAll(() => {
    artifact = quickArtifact(subjects.slice(0, 200), subjects.slice(200));
  });

  it('gives identical predictions after a save / load round trip', async () => {
    const scans = subjects.slice(200).flatMap((s) => BODY_CONDITIONS.map((c) => observe(s, c, 9)));
    const trained = await BodyMeasurementModel.fromArtifact(artifact);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mirrorfit-body-')), 'model.json');
    writeFileSync(file, JSON.stringify(artifact));
    const loaded = await BodyMeasurementModel.load(file);
    expect(loaded.predictMm(scans)).toEqual(trained.predictMm(scans));
    expect(loaded.estimateBatch(scans)).toEqual(trained.estimateBatch(scans));
    trained.dispose();
    loaded.dispose();
  });

  it('estimates every target with its condition’s sigma, inside tf.tidy', async () => {
    const model = await BodyMeasurementModel.fromArtifact(artifact);
    const before = tf.memory().numTensors;
    const full = model.estimate(averageMan);
    const front = model.estimate({ ...averageMan, chestDepthMm: null, waistDepthMm: null, buttockDepthMm: null, weightKg: null });
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(full)).toEqual([...BODY_TARGETS]);
    for (const target of BODY_TARGETS) {
      expect(Number.isFinite(full[target].valueMm)).toBe(true);
      expect(full[target].sigmaMm).toBeGreaterThan(0);
    }
    expect(full.chestcircumference.sigmaMm).toBe(artifact.conditions.full.sigmaMm[0]);
    expect(front.chestcircumference.sigmaMm).toBe(artifact.conditions['front-noweight'].sigmaMm[0]);
    model.dispose();
  });

  it('rejects observables no kiosk could produce', async () => {
    const model = await BodyMeasurementModel.fromArtifact(artifact);
    expect(() => model.estimate({ ...averageMan, statureMm: 1.756 })).toThrow(/statureMm/);
    expect(() => model.estimate({ ...averageMan, hipBreadthMm: Number.NaN })).toThrow(/hipBreadthMm/);
    model.dispose();
  });

  it('refuses an artifact whose features differ from the code', async () => {
    const broken = { ...artifact, conditions: { ...artifact.conditions, full: { ...artifact.conditions.full, features: ['x'] } } };
    await expect(BodyMeasurementModel.fromArtifact(broken)).rejects.toThrow(/features for full/);
  });
});

describe('committed artifact', () => {
  it('exists where load() looks by default', () => {
    expect(existsSync(defaultArtifactPath())).toBe(true);
  });

  it('gives plausible measurements for an average man and woman', async () => {
    const model = await BodyMeasurementModel.load();
    const man = model.estimate(averageMan);
    const woman = model.estimate(averageWoman);
    // Broad ranges around the ANSUR II means (men / women): a wrong unit or a broken artifact fails them.
    const ranges: Record<string, [number, number, number, number]> = {
      chestcircumference: [990, 1130, 880, 1020],
      waistcircumference: [860, 1020, 780, 950],
      buttockcircumference: [950, 1090, 950, 1090],
      neckcircumference: [370, 425, 305, 355],
      thighcircumference: [570, 680, 560, 670],
      sleeveoutseam: [560, 625, 515, 575],
      crotchheight: [815, 875, 752, 812],
      footlength: [258, 284, 234, 258],
    };
    for (const target of BODY_TARGETS) {
      const [manLow, manHigh, womanLow, womanHigh] = ranges[target];
      expect(man[target].valueMm).toBeGreaterThan(manLow);
      expect(man[target].valueMm).toBeLessThan(manHigh);
      expect(woman[target].valueMm).toBeGreaterThan(womanLow);
      expect(woman[target].valueMm).toBeLessThan(womanHigh);
    }
    expect(man.neckcircumference.valueMm).toBeGreaterThan(woman.neckcircumference.valueMm);
    // Without the side view the torso girths are less certain.
    const front = model.estimate({ ...averageMan, chestDepthMm: null, waistDepthMm: null, buttockDepthMm: null });
    expect(front.chestcircumference.sigmaMm).toBeGreaterThan(man.chestcircumference.sigmaMm);
    model.dispose();
  });
});

describe('fitLeastSquares', () => {
  it('recovers an exact linear relation with an intercept', () => {
    const x = Array.from({ length: 50 }, (_, i) => [i, (i * 7) % 13, 1000 + ((i * 3) % 5)]);
    const y = x.map(([a, b, c]) => [2 * a - 3 * b + 0.5 * c + 10, -a + 4]);
    const fit = fitLeastSquares(x, y);
    predictLinear(fit, x).forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(y[i][k], 6)));
  });

  it('gives a constant column no weight instead of failing', () => {
    const x = Array.from({ length: 20 }, (_, i) => [i, 1]);
    const fit = fitLeastSquares(
      x,
      x.map(([a]) => [3 * a]),
    );
    expect(fit.weights[1][0]).toBe(0);
    expect(fit.weights[0][0]).toBeCloseTo(3, 8);
  });
});

describe('blendWithLinear', () => {
  it('folds a per-target share of a linear estimator into the network exactly', () => {
    const net = createBodyNetwork(3, 2, { hidden: [4], activation: 'elu' }, 7);
    // Give the correction something to say, so the blend has two different estimators to mix.
    const correction = net.layers[net.layers.length - 1].inboundNodes[0].inboundLayers[1];
    correction.setWeights(correction.getWeights().map((w) => tf.onesLike(w)));
    const linear = { weights: [[1, 0], [0, 2], [3, 1]], intercept: [0.5, -1] };
    const x = [[0.1, -0.4, 0.7], [1, 2, -1]];
    const before = tf.tidy(() => (net.predict(tf.tensor2d(x)) as tf.Tensor2D).arraySync());
    blendWithLinear(net, [1, 0.25], linear);
    const after = tf.tidy(() => (net.predict(tf.tensor2d(x)) as tf.Tensor2D).arraySync());
    const lin = predictLinear(linear, x);
    x.forEach((_, i) => {
      expect(after[i][0]).toBeCloseTo(lin[i][0], 5);
      expect(after[i][1]).toBeCloseTo(0.25 * lin[i][1] + 0.75 * before[i][1], 5);
    });
    net.dispose();
  });
});

describe('noise floor', () => {
  const subjects = syntheticSubjects(400, 9);

  it('is lower when fewer observables are noisy, and zero for an exactly observed target', () => {
    const all = gaussianBayesMae(subjects, 'full');
    const chestOnly = gaussianBayesMae(subjects, 'full', ['chestBreadthMm', 'chestDepthMm']);
    BODY_TARGETS.forEach((_, k) => expect(chestOnly[k]).toBeLessThanOrEqual(all[k] + 1e-9));
    // The inseam is the crotch height itself: exact when that observable carries no noise.
    expect(chestOnly[BODY_TARGETS.indexOf('crotchheight')]).toBeLessThan(0.1);
    // With 10 mm of noise on it, the error stays below the noise alone (sqrt(2/pi) * 10 mm).
    expect(all[BODY_TARGETS.indexOf('crotchheight')]).toBeLessThan(Math.sqrt(2 / Math.PI) * 10);
  });

  it('bounds least squares fitted elsewhere by least squares fitted in hindsight', () => {
    const hindsight = linearInHindsightMae(subjects.slice(200), 'front', 3);
    expect(hindsight.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });
});
