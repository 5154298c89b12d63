import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initTensorflow } from '../ml/backend';
import { describeHyperparameters } from '../recommend/model/hyperparameter-search';
import { leaveOneOut } from '../recommend/model/leave-one-out';
import { runLeaveOneOutProtocol } from '../recommend/model/offline-evaluation';
import { MAX_CUTOFF, METRIC_NAMES, MetricName, RankingMetrics } from '../recommend/model/ranking-metrics';
import { serializeArtifact, toArtifact } from '../recommend/model/recommendation-artifact';
import { interactionCount, parseSequenceText } from '../recommend/model/sequence-dataset';
import { CliArgs, runCli } from './args';

const USAGE =
  'npm run eval:recs -- --data FILE [--out TOPK.tsv] [--artifact MODEL.json] [--results DIR [--results-dataset NAME]] [--quiet]';

/** One published method's figures on the dataset, from a results CSV (`dataset,metric,<method>...`). */
interface PublishedRow {
  readonly source: string;
  readonly method: string;
  readonly metrics: Partial<Record<MetricName, number>>;
}

/**
 * Reads the published full-ranking tables. Files whose name says `sampled` are skipped: sampled
 * negatives give much larger numbers and are not comparable with a full ranking.
 */
function readPublished(dir: string, dataset: string): PublishedRow[] {
  const rows: PublishedRow[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv') && !f.includes('sampled')).sort()) {
    const lines = readFileSync(path.join(dir, file), 'utf8').trim().split('\n').map((l) => l.trim().split(','));
    const [header, ...body] = lines;
    const methods = header.slice(2);
    const byMethod = methods.map((method): PublishedRow => ({ source: file.replace(/\.csv$/, ''), method, metrics: {} }));
    for (const row of body) {
      if (row[0].toLowerCase() !== dataset.toLowerCase()) continue;
      const metric = row[1] as MetricName;
      if (!METRIC_NAMES.includes(metric)) continue;
      methods.forEach((_, m) => {
        const value = Number(row[m + 2]);
        if (row[m + 2] !== undefined && row[m + 2] !== '' && Number.isFinite(value)) {
          (byMethod[m].metrics as Record<MetricName, number>)[metric] = value;
        }
      });
    }
    rows.push(...byMethod.filter((r) => Object.keys(r.metrics).length > 0));
  }
  return rows;
}

const cell = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(4)).padStart(8);

function metricsLine(label: string, metrics: Partial<Record<MetricName, number>>): string {
  return label.padEnd(44) + METRIC_NAMES.map((m) => cell(metrics[m])).join('');
}

async function main(): Promise<void> {
  const args = CliArgs.fromProcess(USAGE, ['data', 'out', 'artifact', 'results', 'results-dataset', 'quiet']);
  const dataPath = args.requireString('data');
  const quiet = args.has('quiet');
  const log = (line: string): void => {
    if (!quiet) console.log(line);
  };

  const dataset = parseSequenceText(readFileSync(dataPath, 'utf8'));
  if (dataset.sequences.length === 0) args.fail(`${dataPath} holds no sequences`);
  const backend = await initTensorflow();
  console.log(
    `data ${dataPath}: ${dataset.sequences.length} users, ${dataset.itemCount} items, ` +
      `${interactionCount(dataset.sequences)} interactions; TF.js backend ${backend}`,
  );
  console.log('protocol: leave-one-out by time, full ranking over all items, history excluded; hyperparameters searched on validation only');

  const result = runLeaveOneOutProtocol(dataset, { log: (line) => log(`  ${line}`) });
  const { timings } = result;
  console.log(`chosen hyperparameters: ${describeHyperparameters(result.hyperparameters)} (lambda ${result.finalFit.lambda.toFixed(1)} in the final fit)`);
  console.log(
    `training time: ${timings.trainingSeconds.toFixed(1)} s wall (search with ${result.trials.length} validation trials ` +
      `${timings.searchSeconds.toFixed(1)} s, final refit ${timings.finalFitSeconds.toFixed(1)} s); ` +
      `test scoring ${timings.testEvaluationSeconds.toFixed(1)} s`,
  );
  console.log(
    `final model: ${result.finalFit.easeWeights} EASE weights, ${result.finalFit.transitionPairs} transition pairs, ` +
      `CG converged in <= ${result.finalFit.cgMaxIterations} iterations`,
  );
  console.log('');
  console.log(''.padEnd(44) + METRIC_NAMES.map((m) => m.padStart(8)).join(''));
  console.log(metricsLine(`this model, validation (${result.validation.users} users)`, result.validation));
  console.log(metricsLine(`this model, test (${result.test.users} users)`, result.test));

  let bestPublished: Partial<Record<MetricName, { value: number; method: string }>> | undefined;
  const resultsDir = args.string('results');
  if (resultsDir !== undefined) {
    const name = args.string('results-dataset') ?? path.basename(dataPath).split(/[_.]/)[0];
    const published = readPublished(resultsDir, name);
    console.log(`\npublished full-ranking results for "${name}" (${resultsDir}):`);
    if (published.length === 0) console.log('  none found');
    bestPublished = {};
    for (const row of published) {
      console.log(metricsLine(`${row.method} [${row.source}]`, row.metrics));
      for (const metric of METRIC_NAMES) {
        const value = row.metrics[metric];
        const best = bestPublished[metric];
        if (value !== undefined && (!best || value > best.value)) bestPublished[metric] = { value, method: row.method };
      }
    }
    const ahead = METRIC_NAMES.map((m) => {
      const best = bestPublished?.[m];
      return best ? `${m} ${result.test[m] > best.value ? 'ahead of' : 'NOT ahead of'} ${best.method} (${best.value.toFixed(4)})` : `${m}: no published figure`;
    });
    console.log(`test vs best published: ${ahead.join('; ')}`);
  }

  const outPath = args.string('out');
  if (outPath !== undefined) {
    const split = leaveOneOut(dataset);
    const lines = split.test.histories.map((history, u) => {
      const { items } = result.model.scoreUser(history, MAX_CUTOFF);
      return `${dataset.userIds[u]}\t${Array.from(items, (i) => dataset.itemIds[i]).join(',')}`;
    });
    writeFileSync(outPath, lines.join('\n') + '\n');
    console.log(`wrote top-${MAX_CUTOFF} lists for the test position to ${outPath}`);
  }

  const artifactPath = args.string('artifact');
  let modelVersion: string | undefined;
  if (artifactPath !== undefined) {
    const artifact = toArtifact(result.model, {
      itemIds: dataset.itemIds,
      training: {
        data: path.basename(dataPath),
        users: result.finalFit.users,
        interactions: result.finalFit.interactions,
        lambda: result.finalFit.lambda,
        trainingSeconds: Number(timings.trainingSeconds.toFixed(2)),
        searchTrials: result.trials.length,
        backend,
      },
      metrics: { validation: result.validation, test: result.test },
    });
    writeFileSync(artifactPath, serializeArtifact(artifact));
    modelVersion = artifact.modelVersion;
    console.log(`wrote model ${artifact.modelVersion} to ${artifactPath}`);
  }

  const round = (metrics: RankingMetrics): Record<string, number> =>
    Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, k === 'users' ? v : Number(v.toFixed(5))]));
  console.log(
    JSON.stringify({
      data: path.basename(dataPath),
      users: dataset.sequences.length,
      items: dataset.itemCount,
      backend,
      hyperparameters: result.hyperparameters,
      lambda: result.finalFit.lambda,
      validation: round(result.validation),
      test: round(result.test),
      trainingSeconds: Number(timings.trainingSeconds.toFixed(2)),
      searchSeconds: Number(timings.searchSeconds.toFixed(2)),
      finalFitSeconds: Number(timings.finalFitSeconds.toFixed(2)),
      testEvaluationSeconds: Number(timings.testEvaluationSeconds.toFixed(2)),
      searchTrials: result.trials.length,
      modelVersion,
      bestPublished,
    }),
  );
}

runCli(main);
