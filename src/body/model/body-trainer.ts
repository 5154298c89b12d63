import { tf } from '../../ml/backend';
import { SeededRandom } from '../../common/random';
import { BODY_TARGETS } from '../body-observables';
import { AnsurSubject, hash32, observe, observeWith } from './ansur';
import { BODY_CONDITIONS, BodyCondition } from './body-condition';
import {
  ConditionEstimator,
  ConditionModelArtifact,
  NetworkConfig,
  createBodyNetwork,
  encodeWeights,
  featureNames,
  featuresOf,
} from './body-model';
import { LinearFit, fitLeastSquares, predictLinear } from './least-squares';

export interface TrainBodyOptions {
  /** Seeds network initialisation and the per-epoch noise of the augmentation. */
  seed: number;
  /** Seeds the recorded scans (validation here, test in evaluation): the protocol's one draw per subject. */
  scanSeed: number;
  network: NetworkConfig;
  /** Networks per condition whose predictions are averaged. */
  members: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Huber threshold, in units of each target's least-squares residual SD. */
  huberDelta: number;
  /** Validation checks without improvement before a member stops. */
  patience: number;
  /**
   * Scans per validation subject. Scoring several seeded scans of each subject averages out scan
   * noise, so early stopping and the stored sigmas follow the model, not one draw's luck.
   */
  validationScans: number;
  /** Keep the linear path at its least-squares start and train only the network's correction. */
  freezeLinear: boolean;
  log: (line: string) => void;
}

/**
 * Chosen on the validation split (subjects x 4 scans), scored as mean MAE relative to least squares:
 * width, depth, activation, Huber threshold and learning rate all moved that score by under 0.5%;
 * two ELU layers of 32 and five members were the best of what was tried that trains in about a
 * minute on 2 cores and keeps the artifact under 0.3 MB (with the sex products of the features).
 */
export const DEFAULT_TRAIN_OPTIONS: TrainBodyOptions = {
  seed: 1,
  scanSeed: 20685,
  network: { hidden: [32, 32], activation: 'elu' },
  members: 5,
  epochs: 150,
  batchSize: 256,
  learningRate: 3e-3,
  huberDelta: 1,
  patience: 15,
  validationScans: 4,
  freezeLinear: true,
  log: () => undefined,
};

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  huberDelta: number;
  seed: number;
  patience: number;
  /** Loss weight per output: 1 / the scale at which an error on that output matters. */
  outputScale: number[];
}

export interface FitResult {
  /** Mean training loss per epoch, measured while training. */
  trainLoss: number[];
  /** Validation score per epoch (lower is better), when validation was given. */
  validationScore: number[];
  /** Epoch (0-based) whose weights the network holds at the end. */
  bestEpoch: number;
}

/**
 * Mean Huber loss of residuals divided per output by `outputScale`. Scaling by each target's
 * least-squares residual SD weighs the targets by how well they can be predicted, not by their raw
 * spread, and makes one Huber threshold fit all of them; Huber rather than squared error because the
 * score is MAE and girth residuals have heavy tails (adiposity).
 */
export function huberLoss(pred: tf.Tensor2D, target: tf.Tensor2D, outputScale: tf.Tensor1D, delta: number): tf.Scalar {
  return tf.tidy(() => {
    const r = tf.abs(tf.div(tf.sub(pred, target), outputScale));
    const quadratic = tf.minimum(r, delta);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, tf.sub(r, quadratic)))) as tf.Scalar;
  });
}

/**
 * Trains a network on standardized inputs. `drawInputs(epoch)` returns that epoch's training inputs,
 * row-aligned with `targets`: the protocol's noise is known, so each epoch sees a fresh noisy scan of
 * every training subject instead of one fixed draw, which teaches the network E[target | noisy scan]
 * rather than the noise of one draw. With `validation`, the weights of the best-scoring epoch are kept
 * and training stops after `patience` epochs without improvement.
 */
export function fitNetwork(
  net: tf.LayersModel,
  drawInputs: (epoch: number) => number[][],
  targets: readonly number[][],
  options: FitOptions,
  validation?: { inputs: number[][]; score: (predictions: number[][]) => number },
): FitResult {
  const optimizer = tf.train.adam(options.learningRate);
  const scale = tf.tensor1d(options.outputScale);
  const rng = new SeededRandom(options.seed);
  const n = targets.length;
  const width = targets[0].length;
  const result: FitResult = { trainLoss: [], validationScore: [], bestEpoch: options.epochs - 1 };
  let best = Number.POSITIVE_INFINITY;
  let bestWeights: tf.Tensor[] | undefined;
  let sinceBest = 0;
  const validationInputs = validation ? tf.tensor2d(validation.inputs) : undefined;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const inputs = drawInputs(epoch);
    const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    let lossSum = 0;
    for (let start = 0; start < n; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      const xData = new Float32Array(batch.length * inputs[0].length);
      const yData = new Float32Array(batch.length * width);
      batch.forEach((row, b) => {
        xData.set(inputs[row], b * inputs[0].length);
        yData.set(targets[row], b * width);
      });
      const x = tf.tensor2d(xData, [batch.length, inputs[0].length]);
      const y = tf.tensor2d(yData, [batch.length, width]);
      const loss = optimizer.minimize(() => huberLoss(net.apply(x) as tf.Tensor2D, y, scale, options.huberDelta), true);
      if (loss) {
        lossSum += loss.dataSync()[0] * batch.length;
        loss.dispose();
      }
      tf.dispose([x, y]);
    }
    result.trainLoss.push(lossSum / n);
    if (validation && validationInputs) {
      const predictions = tf.tidy(() => (net.predict(validationInputs) as tf.Tensor2D).arraySync());
      const score = validation.score(predictions);
      result.validationScore.push(score);
      if (score < best) {
        best = score;
        result.bestEpoch = epoch;
        tf.dispose(bestWeights ?? []);
        bestWeights = net.getWeights().map((w) => w.clone());
        sinceBest = 0;
      } else if (++sinceBest >= options.patience) {
        break;
      }
    }
  }
  if (bestWeights) {
    net.setWeights(bestWeights);
    tf.dispose(bestWeights);
  }
  optimizer.dispose();
  tf.dispose([scale, ...(validationInputs ? [validationInputs] : [])]);
  return result;
}

function columnStats(rows: readonly number[][]): { mean: number[]; sd: number[] } {
  const width = rows[0].length;
  const mean = new Array<number>(width).fill(0);
  const sd = new Array<number>(width).fill(0);
  for (const row of rows) row.forEach((v, j) => (mean[j] += v / rows.length));
  for (const row of rows) row.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / rows.length));
  // A constant feature (e.g. sex in a one-sex fixture) must not divide by zero.
  return { mean, sd: sd.map((v) => Math.sqrt(v) || 1) };
}

/** Seeds of the validation scans: the recorded scan first, then further draws. */
export function validationSeeds(scanSeed: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? scanSeed : hash32(`validation:${scanSeed}:${i}`)));
}

export interface ConditionTrainingReport {
  condition: BodyCondition;
  bestEpochs: number[];
  /** Validation MAE (mm) per target of the ensemble, and of the linear start it was initialised from. */
  validationMaeMm: number[];
  linearValidationMaeMm: number[];
  seconds: number;
}

/** Noisy draws of the training scans used for feature statistics and the linear start. */
const LINEAR_START_DRAWS = 16;

/**
 * Trains one condition's ensemble. The linear path of every member is least squares fitted on
 * 16 noisy draws of the training scans (the noise-aware linear estimator, close to its limit of
 * infinitely many draws) and, with `freezeLinear`, stays there: the MLP only learns a non-linear
 * correction; members differ by initialisation and by the noise they see. Per target, a share of
 * the linear estimator chosen on the validation scans is then folded in (all of it where the network
 * adds only variance). The sigmas are the RMS residuals of the result on the validation scans.
 */
export function trainCondition(
  condition: BodyCondition,
  train: readonly AnsurSubject[],
  validation: readonly AnsurSubject[],
  options: TrainBodyOptions,
): { artifact: ConditionModelArtifact; report: ConditionTrainingReport } {
  const started = Date.now();
  const conditionSeed = hash32(`${options.seed}:${condition}`);
  const draw = (seed: number): number[][] => {
    const rng = new SeededRandom(seed);
    return train.map((s) => featuresOf(observeWith(s, condition, rng), condition));
  };
  const initialDraws = Array.from({ length: LINEAR_START_DRAWS }, (_, k) => draw(hash32(`init:${conditionSeed}:${k}`))).flat();
  const features = columnStats(initialDraws);
  const targetStats = columnStats(train.map((s) => s.targets));
  const stats = { featureMean: features.mean, featureSd: features.sd, targetMean: targetStats.mean, targetSd: targetStats.sd };
  const standardizeTargets = (rows: readonly number[][]): number[][] =>
    rows.map((row) => row.map((v, k) => (v - stats.targetMean[k]) / stats.targetSd[k]));
  const standardizeFeatures = (rows: readonly number[][]): number[][] =>
    rows.map((row) => row.map((v, j) => (v - stats.featureMean[j]) / stats.featureSd[j]));

  const y = standardizeTargets(train.map((s) => s.targets));
  const initialZ = standardizeFeatures(initialDraws);
  const initialY = Array.from({ length: LINEAR_START_DRAWS }, () => y).flat();
  const linear = fitLeastSquares(initialZ, initialY);
  const linearResiduals = predictLinear(linear, initialZ).map((row, i) => row.map((v, k) => v - initialY[i][k]));
  const outputScale = BODY_TARGETS.map((_, k) => Math.sqrt(linearResiduals.reduce((s, r) => s + r[k] * r[k], 0) / linearResiduals.length));

  const seeds = validationSeeds(options.scanSeed, options.validationScans);
  const validationRows = seeds.flatMap((seed) => validation.map((s) => featuresOf(observe(s, condition, seed), condition)));
  const validationTargets = seeds.flatMap(() => validation.map((s) => s.targets));
  const validationZ = standardizeFeatures(validationRows);
  const validationY = standardizeTargets(validationTargets);
  const score = (predictions: number[][]): number =>
    predictions.reduce((sum, row, i) => sum + row.reduce((s, v, k) => s + Math.abs(v - validationY[i][k]) / outputScale[k], 0), 0) /
    (predictions.length * BODY_TARGETS.length);

  const linearScore = score(predictLinear(linear, validationZ));
  const members: tf.LayersModel[] = [];
  const bestEpochs: number[] = [];
  for (let m = 0; m < options.members; m++) {
    const memberSeed = hash32(`member:${conditionSeed}:${m}`);
    const net = createBodyNetwork(featureNames(condition).length, BODY_TARGETS.length, options.network, memberSeed % 100000, {
      kernel: linear.weights,
      bias: linear.intercept,
    });
    // The linear path stays at the noise-aware least squares: Adam's first steps would otherwise move
    // it away from the reference before the correction has learnt anything (members whose best epoch
    // came after only 2-3 epochs were worse than their start).
    if (options.freezeLinear) linearPathOf(net).trainable = false;
    const fit = fitNetwork(
      net,
      (epoch) => standardizeFeatures(draw(hash32(`epoch:${memberSeed}:${epoch}`))),
      y,
      { ...options, seed: memberSeed, outputScale },
      { inputs: validationZ, score },
    );
    // Trainability changes the order of getWeights(), which the artifact relies on.
    linearPathOf(net).trainable = true;
    options.log(
      `  ${condition} member ${m + 1}/${options.members}: best epoch ${fit.bestEpoch + 1}/${fit.trainLoss.length}, ` +
        `validation score ${Math.min(...fit.validationScore).toFixed(4)} (linear start ${linearScore.toFixed(4)})`,
    );
    members.push(net);
    bestEpochs.push(fit.bestEpoch + 1);
  }

  const linearZ = predictLinear(linear, validationZ);
  const ensembleZ = tf.tidy(() => {
    const x = tf.tensor2d(validationZ);
    return (tf.div(tf.addN(members.map((net) => net.predict(x) as tf.Tensor2D)), members.length) as tf.Tensor2D).arraySync();
  });
  const linearShare = chooseLinearShare(ensembleZ, linearZ, validationY);
  for (const net of members) blendWithLinear(net, linearShare, linear);
  options.log(`  ${condition} share of the noise-aware linear estimator per target: ${linearShare.map((v) => v.toFixed(1)).join(' ')}`);

  const estimator = new ConditionEstimator(stats, members);
  const predicted = estimator.predictMm(validationRows);
  const linearPredicted = predictLinear(linear, validationZ).map((row) => row.map((v, k) => v * stats.targetSd[k] + stats.targetMean[k]));
  const maeOf = (rows: number[][]): number[] =>
    BODY_TARGETS.map((_, k) => rows.reduce((s, row, i) => s + Math.abs(row[k] - validationTargets[i][k]), 0) / rows.length);
  const sigmaMm = BODY_TARGETS.map((_, k) => Math.sqrt(predicted.reduce((s, row, i) => s + (row[k] - validationTargets[i][k]) ** 2, 0) / predicted.length));
  const artifact: ConditionModelArtifact = {
    features: featureNames(condition),
    ...stats,
    members: members.map(encodeWeights),
    sigmaMm,
  };
  members.forEach((net) => net.dispose());
  return {
    artifact,
    report: {
      condition,
      bestEpochs,
      validationMaeMm: maeOf(predicted),
      linearValidationMaeMm: maeOf(linearPredicted),
      seconds: (Date.now() - started) / 1000,
    },
  };
}

/** Shares of the linear estimator tried per target, from the network alone to the linear estimator alone. */
const LINEAR_SHARES = Array.from({ length: 11 }, (_, i) => i / 10);

/**
 * Per target, the share of the noise-aware linear estimator in a blend with the ensemble that has the
 * lowest validation MAE. Where the targets' relation to the observables is linear (the lengths), the
 * network's correction only adds variance, and the validation scans say so; the girths keep most of it.
 */
export function chooseLinearShare(ensemble: readonly number[][], linear: readonly number[][], truth: readonly number[][]): number[] {
  return truth[0].map((_, k) => {
    let best = { share: 0, mae: Number.POSITIVE_INFINITY };
    for (const share of LINEAR_SHARES) {
      const mae = truth.reduce((s, row, i) => s + Math.abs((1 - share) * ensemble[i][k] + share * linear[i][k] - row[k]), 0);
      if (mae < best.mae - 1e-9) best = { share, mae };
    }
    return best.share;
  });
}

/**
 * Folds `share * linear + (1 - share) * network` into the network itself: its output is a linear
 * path plus a correction whose last layer is linear, so scaling the correction by (1 - share) and
 * moving the linear path towards `linear` is exact, and the artifact keeps its shape.
 */
/** The dense layer from the inputs straight to the outputs (the first input of the final add). */
export function linearPathOf(net: tf.LayersModel): tf.layers.Layer {
  return net.layers[net.layers.length - 1].inboundNodes[0].inboundLayers[0];
}

export function blendWithLinear(net: tf.LayersModel, share: readonly number[], linear: LinearFit): void {
  const [linearLayer, correctionLayer] = net.layers[net.layers.length - 1].inboundNodes[0].inboundLayers;
  tf.tidy(() => {
    const keep = tf.tensor1d(share.map((s) => 1 - s));
    const take = tf.tensor1d([...share]);
    const [kernel, bias] = linearLayer.getWeights();
    linearLayer.setWeights([
      tf.add(tf.mul(kernel, keep), tf.mul(tf.tensor2d(linear.weights), take)),
      tf.add(tf.mul(bias, keep), tf.mul(tf.tensor1d(linear.intercept), take)),
    ]);
    const [correctionKernel, correctionBias] = correctionLayer.getWeights();
    correctionLayer.setWeights([tf.mul(correctionKernel, keep), tf.mul(correctionBias, keep)]);
  });
}

/** Trains every condition; returns the per-condition artifacts, ready to be written with metadata. */
export function trainBodyConditions(
  train: readonly AnsurSubject[],
  validation: readonly AnsurSubject[],
  options: TrainBodyOptions,
): { conditions: Record<BodyCondition, ConditionModelArtifact>; reports: ConditionTrainingReport[] } {
  const conditions = {} as Record<BodyCondition, ConditionModelArtifact>;
  const reports: ConditionTrainingReport[] = [];
  for (const condition of BODY_CONDITIONS) {
    const { artifact, report } = trainCondition(condition, train, validation, options);
    conditions[condition] = artifact;
    reports.push(report);
    options.log(
      `${condition}: ${report.seconds.toFixed(1)} s, validation MAE ${report.validationMaeMm.map((v) => v.toFixed(1)).join(' ')} ` +
        `(linear ${report.linearValidationMaeMm.map((v) => v.toFixed(1)).join(' ')})`,
    );
  }
  return { conditions, reports };
}
