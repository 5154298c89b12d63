import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initTensorflow } from '../ml/backend';
import { BODY_TARGETS } from '../body/body-observables';
import { bySplit, observe, readAnsur } from '../body/model/ansur';
import { BODY_CONDITIONS } from '../body/model/body-condition';
import { ARTIFACT_FORMAT, BodyMeasurementModel, BodyModelArtifact, NetworkConfig, defaultArtifactPath } from '../body/model/body-model';
import { compactEvaluation, evaluateBodyModel, fitReference } from '../body/model/body-evaluation';
import { DEFAULT_TRAIN_OPTIONS, TrainBodyOptions, trainBodyConditions, validationSeeds } from '../body/model/body-trainer';
import { CliArgs, runCli, userInput } from './args';

const BODY_MODEL_VERSION = '1.1.0';

const USAGE =
  'npm run train:body -- --data DIR [--out PATH] [--members N] [--epochs N] [--hidden 32[,32]] ' +
  '[--activation tanh|elu|relu|swish|gelu] [--lr X] [--huber X] [--batch N] [--patience N] [--validation-scans N] [--freeze-linear 0|1] [--seed N]';

const ACTIVATIONS: readonly NetworkConfig['activation'][] = ['tanh', 'elu', 'relu', 'swish', 'gelu'];

/**
 * Trains the body-measurement model on ANSUR II (split by subject), writes the versioned artifact,
 * and records its held-out evaluation in it. Model choices are made on the validation split only;
 * this command prints validation figures, `eval:body` prints the test figures.
 */
async function main(): Promise<void> {
  const args = CliArgs.fromProcess(USAGE, ['data', 'out', 'members', 'epochs', 'hidden', 'activation', 'lr', 'huber', 'batch', 'patience', 'seed', 'validation-scans', 'freeze-linear']);
  const dataDir = args.requireString('data');
  const out = path.resolve(args.string('out') ?? defaultArtifactPath());
  const activation = (args.string('activation') ?? DEFAULT_TRAIN_OPTIONS.network.activation) as NetworkConfig['activation'];
  if (!ACTIVATIONS.includes(activation)) args.fail(`--activation must be one of ${ACTIVATIONS.join(', ')}`);
  const options: TrainBodyOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    seed: args.number('seed', DEFAULT_TRAIN_OPTIONS.seed),
    network: { hidden: args.numbers('hidden', DEFAULT_TRAIN_OPTIONS.network.hidden), activation },
    members: args.number('members', DEFAULT_TRAIN_OPTIONS.members),
    epochs: args.number('epochs', DEFAULT_TRAIN_OPTIONS.epochs),
    batchSize: args.number('batch', DEFAULT_TRAIN_OPTIONS.batchSize),
    learningRate: args.number('lr', DEFAULT_TRAIN_OPTIONS.learningRate),
    huberDelta: args.number('huber', DEFAULT_TRAIN_OPTIONS.huberDelta),
    patience: args.number('patience', DEFAULT_TRAIN_OPTIONS.patience),
    validationScans: args.number('validation-scans', DEFAULT_TRAIN_OPTIONS.validationScans),
    freezeLinear: args.number('freeze-linear', DEFAULT_TRAIN_OPTIONS.freezeLinear ? 1 : 0) !== 0,
    log: (line) => console.log(line),
  };

  const backend = await initTensorflow();
  const data = await userInput(() => readAnsur(dataDir));
  const split = bySplit(data.subjects);
  console.log(
    `ANSUR II: ${data.subjects.length} subjects (train ${split.train.length}, validation ${split.validation.length}, ` +
      `test ${split.test.length}), data sha256 ${data.dataHash.slice(0, 12)}, backend ${backend}`,
  );

  const started = Date.now();
  const { conditions, reports } = trainBodyConditions(split.train, split.validation, options);
  const trainingSeconds = (Date.now() - started) / 1000;

  // The README's reference on the same validation scans: the yardstick used while choosing hyper-parameters.
  const reference = fitReference(split.train, options.scanSeed);
  const seeds = validationSeeds(options.scanSeed, options.validationScans);
  console.log(`\nvalidation MAE (mm, ${split.validation.length} subjects x ${seeds.length} scans), model / least squares:`);
  console.log(['condition'.padEnd(15), ...BODY_TARGETS.map((t) => t.slice(0, 12).padStart(13))].join(''));
  const ratios: number[] = [];
  let notBetter = 0;
  for (const report of reports) {
    const scans = seeds.flatMap((seed) => split.validation.map((s) => observe(s, report.condition, seed)));
    const truth = seeds.flatMap(() => split.validation.map((s) => s.targets));
    const ls = reference.predict(scans);
    const lsMae = BODY_TARGETS.map((_, k) => ls.reduce((sum, row, i) => sum + Math.abs(row[k] - truth[i][k]), 0) / ls.length);
    report.validationMaeMm.forEach((v, k) => {
      ratios.push(v / lsMae[k]);
      if (v >= lsMae[k]) notBetter++;
    });
    console.log(
      [
        report.condition.padEnd(15),
        ...report.validationMaeMm.map((v, k) => `${v.toFixed(2)}/${lsMae[k].toFixed(2)}${v < lsMae[k] ? ' ' : '!'}`.padStart(13)),
      ].join(''),
    );
  }
  const meanRatio = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  console.log(`model / LS MAE, mean over conditions and targets: ${meanRatio.toFixed(4)}; not better on ${notBetter} of ${ratios.length}`);

  const artifact: BodyModelArtifact = {
    format: ARTIFACT_FORMAT,
    version: BODY_MODEL_VERSION,
    trainedAt: new Date().toISOString(),
    dataHash: data.dataHash,
    targets: [...BODY_TARGETS],
    network: options.network,
    training: {
      seed: options.seed,
      scanSeed: options.scanSeed,
      members: options.members,
      epochs: options.epochs,
      batchSize: options.batchSize,
      learningRate: options.learningRate,
      huberDelta: options.huberDelta,
      patience: options.patience,
      validationScans: options.validationScans,
      freezeLinear: options.freezeLinear ? 1 : 0,
      trainSubjects: split.train.length,
      validationSubjects: split.validation.length,
      testSubjects: split.test.length,
      seconds: Math.round(trainingSeconds * 10) / 10,
      backend,
    },
    conditions,
    metrics: {},
  };
  // The test split is scored once, after every choice is made, and kept with the artifact for the record.
  const model = await BodyMeasurementModel.fromArtifact(artifact);
  artifact.metrics = compactEvaluation(evaluateBodyModel(model, reference, split.test, options.scanSeed));
  model.dispose();

  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(artifact, null, 1) + '\n');
  const bytes = statSync(out).size;
  console.log(`\nwrote ${path.relative(process.cwd(), out)} (${(bytes / 1024).toFixed(1)} KiB) in ${trainingSeconds.toFixed(1)} s of training`);
  console.log(
    JSON.stringify({
      artifact: out,
      version: artifact.version,
      bytes,
      trainingSeconds: artifact.training.seconds,
      conditions: BODY_CONDITIONS.length,
      validationVsReference: { meanRatio: Math.round(meanRatio * 10000) / 10000, notBetter },
      validation: Object.fromEntries(reports.map((r) => [r.condition, r.validationMaeMm.map((v) => Math.round(v * 100) / 100)])),
    }),
  );
}

runCli(main);
