import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initTensorflow } from '../ml/backend';
import { BODY_CONDITIONS, BodyCondition, conditionOf } from '../body/model/body-condition';
import { BodyMeasurementModel, defaultArtifactPath } from '../body/model/body-model';
import { formatPredictionsCsv, parseObservablesCsv } from '../body/model/observables-csv';
import { CliArgs, runCli, userInput } from './args';

const USAGE = 'npm run predict:body -- --in OBS.csv --out PRED.csv [--model ARTIFACT.json]';

/**
 * Estimates the eight target measurements for every row of a protocol CSV. The whole file is
 * checked before anything is written, so a bad row leaves no half-written output behind.
 * The last line of output is a JSON summary.
 */
async function main(): Promise<void> {
  const args = CliArgs.fromProcess(USAGE, ['in', 'out', 'model']);
  const input = path.resolve(args.requireString('in'));
  const output = path.resolve(args.requireString('out'));
  const rows = await userInput(() => parseObservablesCsv(readFileSync(input, 'utf8'), path.basename(input)));
  await initTensorflow();
  const model = await userInput(() => BodyMeasurementModel.load(path.resolve(args.string('model') ?? defaultArtifactPath())));
  const values = model.predictMm(rows.map((r) => r.observables));
  writeFileSync(output, formatPredictionsCsv(rows.map((r, i) => ({ subjectId: r.subjectId, valuesMm: values[i] }))));
  const conditions = Object.fromEntries(BODY_CONDITIONS.map((c) => [c, 0])) as Record<BodyCondition, number>;
  for (const row of rows) conditions[conditionOf(row.observables)]++;
  model.dispose();
  console.log(`wrote ${rows.length} predictions to ${path.relative(process.cwd(), output)}`);
  console.log(JSON.stringify({ in: input, out: output, rows: rows.length, conditions, model: model.version }));
}

runCli(main);
