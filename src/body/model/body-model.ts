import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tf, initTensorflow } from '../../ml/backend';
import { repoRoot } from '../../common/repo-root';
import { BODY_TARGETS, BodyEstimate, BodyObservables } from '../body-observables';
import { BODY_CONDITIONS, BodyCondition, CONDITION_INPUTS, conditionOf } from './body-condition';

/*
 * Missing observables: one network per availability condition rather than one network with masks.
 * The protocol has only four missingness patterns, all decided by the kiosk (side view or not,
 * weight or not), never by the body, so a per-condition model is the exact conditional estimator
 * for each: nothing is imputed, no capacity is spent on learning which inputs to ignore, and each
 * condition's uncertainty (sigma) and evaluation stay separate. The cost, four small networks
 * instead of one, is under 0.3 MB of artifact and four trainings of 10-25 s each.
 */

/** Relative to the repository root, so that `src/` (jest) and `dist/src/` (built) find the same file. */
export const DEFAULT_ARTIFACT = path.join('src', 'body', 'model', 'artifacts', 'body-model.v1.json');
export const ARTIFACT_FORMAT = 'mirrorfit-body-model';

/** A float32 tensor as shape + little-endian base64, which keeps the JSON artifact compact. */
export interface EncodedTensor {
  shape: number[];
  data: string;
}

/** Everything one condition's estimator needs at inference time. */
export interface ConditionModelArtifact {
  features: string[];
  featureMean: number[];
  featureSd: number[];
  targetMean: number[];
  targetSd: number[];
  /** Ensemble members; each is the network's weights in `getWeights()` order. */
  members: EncodedTensor[][];
  /** 1-sigma error per target (mm): RMS of held-out (validation) residuals under this condition. */
  sigmaMm: number[];
}

export interface NetworkConfig {
  hidden: number[];
  activation: 'tanh' | 'elu' | 'relu' | 'swish' | 'gelu';
}

/** The versioned artifact written by `npm run train:body` and loaded once at start-up. */
export interface BodyModelArtifact {
  format: typeof ARTIFACT_FORMAT;
  version: string;
  trainedAt: string;
  /** sha256 of the ANSUR II files the model was trained on. */
  dataHash: string;
  targets: string[];
  network: NetworkConfig;
  /** Hyper-parameters, seeds and timing of the run that produced the artifact. */
  training: Record<string, number | string | number[]>;
  conditions: Record<BodyCondition, ConditionModelArtifact>;
  /** Held-out evaluation written by the training run (see eval-body for its layout). */
  metrics: Record<string, unknown>;
}

/**
 * Ramanujan's first approximation of an ellipse's perimeter from its two full axes:
 * a torso section seen as an ellipse of the frontal breadth and sagittal depth.
 */
export function ellipsePerimeter(breadth: number, depth: number): number {
  const a = breadth / 2;
  const b = depth / 2;
  return Math.PI * (3 * (a + b) - Math.sqrt((3 * a + b) * (a + 3 * b)));
}

/**
 * Model inputs for a condition, by name. Besides the raw observables: body-mass index and
 * sqrt(weight / stature), which scales like a girth for a body of given height (volume / height is
 * a cross-section), and the three torso ellipse perimeters, the nearest geometric relative of the
 * chest, waist and hip girths. Each is repeated multiplied by `female`, so that the linear path can
 * have sex-specific slopes (the per-sex Gaussian estimator, which least squares on the shared slopes
 * is not: 5-fold cross-validation of the linear estimators alone, chest MAE 21.4 vs 21.8 mm).
 */
export function featureNames(condition: BodyCondition): string[] {
  const base = baseFeatureNames(condition);
  return [...base, ...base.slice(1).map((name) => `female*${name}`)];
}

function baseFeatureNames(condition: BodyCondition): string[] {
  const inputs = CONDITION_INPUTS[condition];
  return [
    'female',
    'stature',
    'biacromialBreadth',
    'chestBreadth',
    'waistBreadth',
    'hipBreadth',
    'crotchHeight',
    'shoulderElbowLength',
    'elbowWristLength',
    ...(inputs.weight ? ['weight', 'bmi', 'girthScale'] : []),
    ...(inputs.sideView ? ['chestDepth', 'waistDepth', 'buttockDepth', 'chestEllipse', 'waistEllipse', 'hipEllipse'] : []),
  ];
}

/** The feature vector of `featureNames(condition)`; the observables must provide that condition. */
export function featuresOf(obs: BodyObservables, condition: BodyCondition): number[] {
  const inputs = CONDITION_INPUTS[condition];
  const row = [
    obs.sex === 'F' ? 1 : 0,
    obs.statureMm,
    obs.biacromialBreadthMm,
    obs.chestBreadthMm,
    obs.waistBreadthMm,
    obs.hipBreadthMm,
    obs.crotchHeightMm,
    obs.shoulderElbowLengthMm,
    obs.elbowWristLengthMm,
  ];
  if (inputs.weight) {
    const weight = required(obs.weightKg, 'weightKg');
    const statureM = obs.statureMm / 1000;
    row.push(weight, weight / (statureM * statureM), Math.sqrt(Math.max(weight, 0) / statureM));
  }
  if (inputs.sideView) {
    const chest = required(obs.chestDepthMm, 'chestDepthMm');
    const waist = required(obs.waistDepthMm, 'waistDepthMm');
    const buttock = required(obs.buttockDepthMm, 'buttockDepthMm');
    row.push(
      chest,
      waist,
      buttock,
      ellipsePerimeter(obs.chestBreadthMm, chest),
      ellipsePerimeter(obs.waistBreadthMm, waist),
      ellipsePerimeter(obs.hipBreadthMm, buttock),
    );
  }
  const female = row[0];
  return [...row, ...row.slice(1).map((v) => female * v)];
}

function required(value: number | null, name: string): number {
  if (value === null) throw new Error(`${name} is required by this condition`);
  return value;
}

const PLAUSIBLE: Record<Exclude<keyof BodyObservables, 'sex'>, [number, number]> = {
  statureMm: [500, 2600],
  weightKg: [10, 400],
  biacromialBreadthMm: [100, 700],
  chestBreadthMm: [100, 700],
  waistBreadthMm: [100, 800],
  hipBreadthMm: [100, 800],
  chestDepthMm: [80, 700],
  waistDepthMm: [80, 800],
  buttockDepthMm: [80, 800],
  crotchHeightMm: [200, 1300],
  shoulderElbowLengthMm: [100, 600],
  elbowWristLengthMm: [80, 500],
};

/**
 * Rejects observables no kiosk could have produced (units mixed up, a failed detection) before
 * they reach a network that would extrapolate silently.
 */
export function validateObservables(obs: BodyObservables): void {
  if (obs.sex !== 'M' && obs.sex !== 'F') throw new RangeError(`sex must be M or F, got ${String(obs.sex)}`);
  for (const [key, [low, high]] of Object.entries(PLAUSIBLE) as [keyof typeof PLAUSIBLE, [number, number]][]) {
    const value = obs[key];
    if (value === null && (key === 'weightKg' || key === 'chestDepthMm' || key === 'waistDepthMm' || key === 'buttockDepthMm')) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < low || value > high) {
      throw new RangeError(`${key} must be a number in [${low}, ${high}], got ${String(value)}`);
    }
  }
}

/**
 * The network, a pure factory: a linear path (initialised by the trainer to least squares, so
 * training starts from the reference and only has to learn what is non-linear) plus an MLP whose
 * zero-initialised output adds a correction. Inputs and outputs are standardized.
 */
export function createBodyNetwork(
  inputs: number,
  outputs: number,
  config: NetworkConfig,
  seed: number,
  linearInit?: { kernel: number[][]; bias: number[] },
): tf.LayersModel {
  const input = tf.input({ shape: [inputs] });
  let hidden: tf.SymbolicTensor = input;
  config.hidden.forEach((units, i) => {
    hidden = tf.layers
      .dense({ units, activation: config.activation, kernelInitializer: tf.initializers.glorotNormal({ seed: seed * 31 + i }) })
      .apply(hidden) as tf.SymbolicTensor;
  });
  const correction = tf.layers.dense({ units: outputs, kernelInitializer: 'zeros' }).apply(hidden) as tf.SymbolicTensor;
  const initial = linearInit ? [tf.tensor2d(linearInit.kernel, [inputs, outputs]), tf.tensor1d(linearInit.bias)] : undefined;
  const linear = tf.layers.dense({ units: outputs, kernelInitializer: 'zeros', weights: initial }).apply(input) as tf.SymbolicTensor;
  const output = tf.layers.add().apply([linear, correction]) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  if (initial) tf.dispose(initial);
  return model;
}

export function encodeTensor(values: Float32Array, shape: number[]): EncodedTensor {
  return { shape, data: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') };
}

export function decodeTensor(encoded: EncodedTensor): Float32Array {
  const bytes = Buffer.from(encoded.data, 'base64');
  // Copy into a fresh buffer: a pooled Buffer's offset need not be 4-byte aligned.
  const values = new Float32Array(new Uint8Array(bytes).buffer);
  const expected = encoded.shape.reduce((a, b) => a * b, 1);
  if (values.length !== expected) throw new Error(`artifact tensor has ${values.length} values, shape ${encoded.shape.join('x')} needs ${expected}`);
  return values;
}

/** Snapshot of a network's weights in `getWeights()` order. */
export function encodeWeights(net: tf.LayersModel): EncodedTensor[] {
  return net.getWeights().map((w) => encodeTensor(w.dataSync() as Float32Array, w.shape));
}

export function setEncodedWeights(net: tf.LayersModel, weights: readonly EncodedTensor[]): void {
  const tensors = weights.map((w) => tf.tensor(decodeTensor(w), w.shape, 'float32'));
  net.setWeights(tensors);
  tf.dispose(tensors);
}

/** Standardization and ensemble of one condition, usable both while training and after loading. */
export class ConditionEstimator {
  constructor(
    readonly stats: Pick<ConditionModelArtifact, 'featureMean' | 'featureSd' | 'targetMean' | 'targetSd'>,
    readonly members: tf.LayersModel[],
  ) {}

  standardize(rows: readonly number[][]): number[][] {
    const { featureMean, featureSd } = this.stats;
    return rows.map((row) => row.map((v, j) => (v - featureMean[j]) / featureSd[j]));
  }

  /** Ensemble mean in mm for raw feature rows. */
  predictMm(rows: readonly number[][]): number[][] {
    if (rows.length === 0) return [];
    const mm = tf.tidy(() => {
      const x = tf.tensor2d(this.standardize(rows));
      // apply, not predict: the same kernels without predict's batching loop and checks (~0.2 ms of the ~0.6 ms a call cost).
      const outputs = this.members.map((net) => net.apply(x, { training: false }) as tf.Tensor2D);
      const mean = tf.div(tf.addN(outputs), this.members.length);
      return tf.add(tf.mul(mean, tf.tensor1d(this.stats.targetSd)), tf.tensor1d(this.stats.targetMean)) as tf.Tensor2D;
    });
    const values = mm.arraySync();
    mm.dispose();
    return values;
  }
}

/** Where `load()` looks when given no path: the committed artifact under the repository root. */
export function defaultArtifactPath(): string {
  return path.join(repoRoot(), DEFAULT_ARTIFACT);
}

/**
 * Estimates the protocol's eight body measurements from what a kiosk observed. Load it once at
 * start-up (`await BodyMeasurementModel.load()`); `estimate` is then synchronous and cheap
 * (four small networks, inference in `tf.tidy`). Each value comes with a 1-sigma uncertainty
 * measured on held-out subjects under the scan's condition (side view or not, weight or not).
 */
export class BodyMeasurementModel {
  private constructor(
    readonly artifact: BodyModelArtifact,
    private readonly estimators: Record<BodyCondition, ConditionEstimator>,
  ) {}

  /** Reads an artifact (default: the committed `body-model.v1.json`) and builds its networks. */
  static async load(artifactPath: string = defaultArtifactPath()): Promise<BodyMeasurementModel> {
    let text: string;
    try {
      text = readFileSync(artifactPath, 'utf8');
    } catch (error) {
      throw new Error(`cannot read body-model artifact ${artifactPath}: ${(error as Error).message}`);
    }
    return BodyMeasurementModel.fromArtifact(JSON.parse(text) as BodyModelArtifact);
  }

  static async fromArtifact(artifact: BodyModelArtifact): Promise<BodyMeasurementModel> {
    if (artifact.format !== ARTIFACT_FORMAT) throw new Error(`not a body-model artifact (format ${String(artifact.format)})`);
    if (artifact.targets.join() !== BODY_TARGETS.join()) throw new Error('body-model artifact targets differ from BODY_TARGETS');
    await initTensorflow();
    const estimators = {} as Record<BodyCondition, ConditionEstimator>;
    for (const condition of BODY_CONDITIONS) {
      const spec = artifact.conditions[condition];
      if (!spec) throw new Error(`body-model artifact has no model for condition ${condition}`);
      if (spec.features.join() !== featureNames(condition).join()) {
        throw new Error(`body-model artifact features for ${condition} differ from this code's (${spec.features.join()})`);
      }
      const members = spec.members.map((weights) => {
        const net = createBodyNetwork(spec.features.length, BODY_TARGETS.length, artifact.network, 0);
        setEncodedWeights(net, weights);
        return net;
      });
      estimators[condition] = new ConditionEstimator(spec, members);
    }
    return new BodyMeasurementModel(artifact, estimators);
  }

  get version(): string {
    return this.artifact.version;
  }

  estimate(obs: BodyObservables): BodyEstimate {
    return this.estimateBatch([obs])[0];
  }

  /** Estimates many scans at once; scans of different conditions may be mixed. */
  estimateBatch(observations: readonly BodyObservables[]): BodyEstimate[] {
    const values = this.predictMm(observations);
    return values.map((row, i) => {
      const sigma = this.artifact.conditions[conditionOf(observations[i])].sigmaMm;
      const estimate = {} as BodyEstimate;
      BODY_TARGETS.forEach((target, k) => {
        estimate[target] = { valueMm: row[k], sigmaMm: sigma[k] };
      });
      return estimate;
    });
  }

  /** Point estimates in mm, rows in BODY_TARGETS order (what evaluation and batch prediction need). */
  predictMm(observations: readonly BodyObservables[]): number[][] {
    const out = new Array<number[]>(observations.length);
    const groups = new Map<BodyCondition, number[]>();
    observations.forEach((obs, i) => {
      validateObservables(obs);
      const condition = conditionOf(obs);
      const group = groups.get(condition) ?? [];
      group.push(i);
      groups.set(condition, group);
    });
    for (const [condition, indexes] of groups) {
      const rows = indexes.map((i) => featuresOf(observations[i], condition));
      this.estimators[condition].predictMm(rows).forEach((row, j) => {
        out[indexes[j]] = row;
      });
    }
    return out;
  }

  dispose(): void {
    for (const estimator of Object.values(this.estimators)) for (const net of estimator.members) net.dispose();
  }
}
