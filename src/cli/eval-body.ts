import path from 'node:path';
import { initTensorflow } from '../ml/backend';
import { BODY_TARGETS } from '../body/body-observables';
import { AnsurSubject, bySplit, hash32, readAnsur } from '../body/model/ansur';
import { BODY_CONDITIONS } from '../body/model/body-condition';
import { BodyMeasurementModel, defaultArtifactPath } from '../body/model/body-model';
import {
  BodyEvaluation,
  GIRTH_TARGETS,
  LARGE_GIRTH_TARGETS,
  PUBLISHED_PHOTO_GIRTH_MAE_MM,
  SCORED_CONDITIONS,
  compactEvaluation,
  evaluateBodyModel,
  fitReference,
} from '../body/model/body-evaluation';
import { DEFAULT_TRAIN_OPTIONS } from '../body/model/body-trainer';
import { gaussianBayesMae, linearInHindsightMae } from '../body/model/noise-floor';
import { CliArgs, runCli, userInput } from './args';

const USAGE = 'npm run eval:body -- --data DIR [--model ARTIFACT.json] [--floor] [--draws N]';

const signed = (v: number): string => (v >= 0 ? '+' : '') + v.toFixed(1);
const signed2 = (v: number): string => (v >= 0 ? '+' : '') + v.toFixed(2);

/**
 * How far each target could still go, beside the model and LS (see noise-floor.ts): the per-sex
 * Gaussian Bayes MAE of the test subjects and least squares fitted in hindsight on the very test
 * scans: both know the test set, so they bound what a model trained elsewhere can reach.
 */
function printFloor(evaluation: BodyEvaluation, test: readonly AnsurSubject[]): void {
  console.log('\nnoise floor (diagnostics, not models): MAE in mm, model / LS / Gaussian Bayes (test subjects) / least squares fitted on the test scans themselves');
  console.log(['condition'.padEnd(10), ...BODY_TARGETS.map((t) => t.slice(0, 12).padStart(24))].join(''));
  for (const condition of SCORED_CONDITIONS) {
    const c = evaluation.conditions[condition];
    const bayes = gaussianBayesMae(test, condition);
    const hindsight = linearInHindsightMae(test, condition, evaluation.scanSeed);
    console.log(
      [
        condition.padEnd(10),
        ...BODY_TARGETS.map((t, k) =>
          `${c.model[t].maeMm.toFixed(2)}/${c.reference[t].maeMm.toFixed(2)}/${bayes[k].toFixed(2)}/${hindsight[k].toFixed(2)}`.padStart(24),
        ),
      ].join(''),
    );
  }
  // Lower bounds for the torso girths: every observable exact except the breadth (and depth) of the
  // section itself. Giving an estimator more information can only lower its error.
  const sections = [
    { target: 'chestcircumference', keys: ['chestBreadthMm', 'chestDepthMm'] },
    { target: 'waistcircumference', keys: ['waistBreadthMm', 'waistDepthMm'] },
    { target: 'buttockcircumference', keys: ['hipBreadthMm', 'buttockDepthMm'] },
  ] as const;
  console.log('Gaussian Bayes (test subjects) with only the section\'s own breadth and depth noisy, everything else exact:');
  for (const condition of SCORED_CONDITIONS) {
    const parts = sections.map(({ target, keys }) => {
      const k = BODY_TARGETS.indexOf(target);
      return `${target.replace('circumference', '')} ${gaussianBayesMae(test, condition, keys)[k].toFixed(2)}`;
    });
    console.log(`  ${condition.padEnd(9)} ${parts.join(', ')} (model ${sections.map(({ target }) => evaluation.conditions[condition].model[target].maeMm.toFixed(2)).join(', ')})`);
  }
}

function printEvaluation(evaluation: BodyEvaluation): void {
  for (const condition of BODY_CONDITIONS) {
    const c = evaluation.conditions[condition];
    const note = SCORED_CONDITIONS.includes(condition) ? '' : ' (not in the README score; the server meets it)';
    console.log(`\n== ${condition}${note}: ${evaluation.subjects} held-out subjects, MAE in mm ('!': model not below LS)`);
    console.log(
      [
        'target'.padEnd(22),
        'model'.padStart(7),
        'LS'.padStart(7),
        'change'.padStart(8),
        '  ',
        'paired diff [95% CI]'.padEnd(23),
        'bias [95% CI]'.padEnd(22),
        'ISO tol',
        ' ISO',
        '  LS ISO',
        '  +-1 sigma',
      ].join(''),
    );
    for (const target of BODY_TARGETS) {
      const m = c.model[target];
      const r = c.reference[target];
      const d = c.maeChangeMm[target];
      const change = ((m.maeMm - r.maeMm) / r.maeMm) * 100;
      console.log(
        [
          target.padEnd(22),
          m.maeMm.toFixed(2).padStart(7),
          r.maeMm.toFixed(2).padStart(7),
          `${signed(change)}%`.padStart(8),
          m.maeMm < r.maeMm ? '  ' : ' !',
          `${signed2(d.meanMm)} [${signed2(d.ci95Mm[0])}, ${signed2(d.ci95Mm[1])}]`.padEnd(23),
          `${signed(m.biasMm)} [${signed(m.ci95Mm[0])}, ${signed(m.ci95Mm[1])}]`.padEnd(22),
          `+-${m.isoToleranceMm}`.padStart(7),
          (m.isoPass ? 'PASS' : 'FAIL').padStart(5),
          (r.isoPass ? 'PASS' : 'FAIL').padStart(8),
          `${(c.sigmaCoverage[target] * 100).toFixed(0)}%`.padStart(11),
        ].join(''),
      );
    }
    const largeGirths = LARGE_GIRTH_TARGETS.map((t) => `${t.replace('circumference', '')} ${c.model[t].maeMm.toFixed(1)}`).join(', ');
    console.log(
      `mean girth MAE (${GIRTH_TARGETS.length} girths): model ${c.modelMeanGirthMaeMm.toFixed(2)}, LS ${c.referenceMeanGirthMaeMm.toFixed(2)}, ` +
        `published photo-based ${PUBLISHED_PHOTO_GIRTH_MAE_MM} -> ${c.modelMeanGirthMaeMm < PUBLISHED_PHOTO_GIRTH_MAE_MM ? 'below' : 'NOT below'}; ` +
        `large girths ${largeGirths}`,
    );
  }
  const g = evaluation.goal;
  const yes = (b: boolean): string => (b ? 'yes' : 'NO');
  console.log(`\ngoal over ${SCORED_CONDITIONS.join(', ')}:`);
  console.log(`  better than least squares on every target: ${yes(g.beatsReferenceOnEveryTarget)}`);
  console.log(`  chest, waist and hip MAE each under ${PUBLISHED_PHOTO_GIRTH_MAE_MM} mm: ${yes(g.largeGirthsUnderPublished)}`);
  console.log(`  mean girth MAE under ${PUBLISHED_PHOTO_GIRTH_MAE_MM} mm: ${yes(g.meanGirthUnderPublished)}`);
  console.log(`  ISO 20685-1 bias test passed on every target: ${yes(g.isoBiasPassEverywhere)}`);
}

/**
 * MAE averaged over several scan draws of the test subjects (the recorded one first), model beside
 * least squares refitted on each draw's training scans: one draw's MAE moves by ~0.2 mm on the
 * lengths and ~0.6 mm on the chest from scan noise alone, which hides differences of a few hundredths.
 */
function printDraws(model: BodyMeasurementModel, train: readonly AnsurSubject[], test: readonly AnsurSubject[], scanSeed: number, draws: number): void {
  const seeds = Array.from({ length: draws }, (_, d) => (d === 0 ? scanSeed : hash32(`draws:${scanSeed}:${d}`)));
  const evaluations = seeds.map((seed) => evaluateBodyModel(model, fitReference(train, seed), test, seed));
  console.log(`
MAE over ${draws} scan draws of the test subjects, model / LS:`);
  console.log(['condition'.padEnd(10), ...BODY_TARGETS.map((t) => t.slice(0, 12).padStart(14))].join(''));
  for (const condition of SCORED_CONDITIONS) {
    const mean = (pick: (e: BodyEvaluation) => number): number => evaluations.reduce((s, e) => s + pick(e), 0) / draws;
    const cells = BODY_TARGETS.map((t) => {
      const m = mean((e) => e.conditions[condition].model[t].maeMm);
      const r = mean((e) => e.conditions[condition].reference[t].maeMm);
      return `${m.toFixed(2)}/${r.toFixed(2)}${m < r ? ' ' : '!'}`.padStart(14);
    });
    console.log([condition.padEnd(10), ...cells].join(''));
  }
}

/**
 * Scores the committed (or given) artifact on the held-out test subjects, beside the README's
 * least-squares reference fitted in this run on the same training subjects and recorded scans.
 * The last line of output is one JSON object with every figure.
 */
async function main(): Promise<void> {
  const args = CliArgs.fromProcess(USAGE, ['data', 'model', 'floor', 'draws']);
  const dataDir = args.requireString('data');
  const artifactPath = path.resolve(args.string('model') ?? defaultArtifactPath());
  await initTensorflow();
  const model = await userInput(() => BodyMeasurementModel.load(artifactPath));
  const data = await userInput(() => readAnsur(dataDir));
  if (data.dataHash !== model.artifact.dataHash) {
    console.warn(
      `warning: the data's sha256 (${data.dataHash.slice(0, 12)}) differs from the one the model was trained on ` +
        `(${model.artifact.dataHash.slice(0, 12)}): held-out subjects may have been seen in training`,
    );
  }
  // The recorded scans must be the ones the model was validated against, not a different draw.
  const scanSeed = Number(model.artifact.training.scanSeed ?? DEFAULT_TRAIN_OPTIONS.scanSeed);
  const split = bySplit(data.subjects);
  console.log(
    `body model ${model.version} (trained ${model.artifact.trainedAt}), ANSUR II test split: ${split.test.length} subjects; ` +
      `least squares fitted now on ${split.train.length} training subjects`,
  );
  const evaluation = evaluateBodyModel(model, fitReference(split.train, scanSeed), split.test, scanSeed);
  printEvaluation(evaluation);
  if (args.has('floor')) printFloor(evaluation, split.test);
  if (args.has('draws')) {
    const draws = args.number('draws', 10);
    if (!Number.isInteger(draws) || draws < 1) args.fail('--draws must be a whole number of at least 1');
    printDraws(model, split.train, split.test, scanSeed, draws);
  }
  model.dispose();
  console.log(JSON.stringify({ model: model.version, artifact: artifactPath, dataHash: data.dataHash, ...compactEvaluation(evaluation) }));
}

runCli(main);
