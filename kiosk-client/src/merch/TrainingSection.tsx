import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { LineChart } from '@mui/x-charts/LineChart';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { MerchModelFieldsFragment } from '../gql/graphql';
import { describeError, request, subscribe } from '../shared/api';
import { Busy, dateTime, LoadedView, percent, SectionHeader, useAction, useLoad, useSession } from './common';

export const ModelFields = graphql(`
  fragment MerchModelFields on RecommendationModel {
    id
    version
    status
    progress
    stage
    serving
    startedAt
    finishedAt
    error
    metrics
  }
`);

const ModelsQuery = graphql(`
  query MerchRecommendationModels {
    recommendationModels {
      ...MerchModelFields
    }
  }
`);

const TrainingSubscription = graphql(`
  subscription MerchRecommendationTraining {
    recommendationTraining {
      ...MerchModelFields
    }
  }
`);

const TrainMutation = graphql(`
  mutation MerchTrainRecommendationModel {
    trainRecommendationModel {
      ...MerchModelFields
    }
  }
`);

const ActivateMutation = graphql(`
  mutation MerchActivateRecommendationModel($version: Int!) {
    activateRecommendationModel(version: $version) {
      id
      version
      serving
    }
  }
`);

type Model = MerchModelFieldsFragment;

const metric = (m: Model, key: string) => {
  const v = m.metrics?.[key];
  return typeof v === 'number' ? v : null;
};

/** Train the recommendation model, follow it live, compare versions and choose which one serves. */
export function TrainingSection() {
  const { token } = useSession();
  const loaded = useLoad((t) => request(ModelsQuery, {}, t), []);
  const [models, setModels] = useState<Model[] | null>(null);
  const [live, setLive] = useState<Model | null>(null);
  const [liveError, setLiveError] = useState<string | null>(null);
  const train = useAction();
  const activate = useAction();

  useEffect(() => {
    if (loaded.data) setModels(loaded.data.recommendationModels);
  }, [loaded.data]);

  // Progress as it happens; a finished model also changes which one serves.
  useEffect(
    () =>
      subscribe(
        TrainingSubscription,
        {},
        token,
        (d) => {
          const m = d.recommendationTraining;
          setLiveError(null);
          setLive(m);
          setModels((list) => {
            if (!list) return list;
            const others = list.filter((x) => x.version !== m.version).map((x) => (m.serving ? { ...x, serving: false } : x));
            return [m, ...others].sort((a, b) => b.version - a.version);
          });
        },
        (e) => setLiveError(describeError(e)),
      ),
    [token],
  );

  const training = models?.find((m) => m.status === 'TRAINING') ?? null;
  const shown = training ?? live;

  async function start() {
    const res = await train.run((t) => request(TrainMutation, {}, t));
    if (!res) return;
    const m = res.trainRecommendationModel;
    setLive(m);
    setModels((list) => [m, ...(list ?? []).filter((x) => x.version !== m.version)]);
  }

  async function serve(version: number) {
    const res = await activate.run((t) => request(ActivateMutation, { version }, t));
    if (!res) return;
    setModels((list) => list?.map((x) => ({ ...x, serving: x.version === version })) ?? list);
  }

  const serving = models?.find((m) => m.serving);
  return (
    <>
      <SectionHeader
        title="Recommendation model"
        subtitle={serving ? `Version ${serving.version} answers requests now.` : models && models.length === 0 ? 'No model trained yet: recommendations use store popularity only.' : undefined}
        actions={
          <Button variant="contained" data-testid="train-model" onClick={() => void start()} disabled={train.busy || training !== null}>
            {training ? 'Training…' : 'Train a new model'}
          </Button>
        }
      />
      {train.error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {train.error}
        </Alert>
      )}
      {liveError && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          Live progress is not coming through ({liveError}); the list below still updates when you open this page again.
        </Alert>
      )}
      {(shown || train.busy) && <TrainingProgress model={shown} starting={train.busy && !shown} />}
      <LoadedView loaded={loaded} label="Loading the models…">
        {() =>
          models && (
            <Stack spacing={3}>
              {models.filter((m) => m.status === 'READY').length > 1 && <MetricsChart models={models} />}
              <Paper sx={{ p: 2.5 }} component="section" aria-labelledby="models-title">
                <Typography variant="h6" component="h3" id="models-title" sx={{ mb: 1 }}>
                  Versions
                </Typography>
                {activate.error && (
                  <Alert severity="error" sx={{ mb: 1 }}>
                    {activate.error}
                  </Alert>
                )}
                {models.length === 0 ? (
                  <Typography color="text.secondary">No model yet.</Typography>
                ) : (
                  <Table size="small" aria-labelledby="models-title">
                    <TableHead>
                      <TableRow>
                        <TableCell>Version</TableCell>
                        <TableCell>Status</TableCell>
                        <TableCell>Started</TableCell>
                        <TableCell align="right">Took</TableCell>
                        <TableCell align="right">Hit rate @10</TableCell>
                        <TableCell align="right">NDCG @10</TableCell>
                        <TableCell align="right">Members</TableCell>
                        <TableCell />
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {models.map((m) => {
                        const took = m.finishedAt ? Math.round((Date.parse(m.finishedAt) - Date.parse(m.startedAt)) / 1000) : null;
                        const hr = metric(m, 'test_HR@10');
                        const ndcg = metric(m, 'test_NDCG@10');
                        return (
                          <TableRow key={m.version} data-testid="model-row" selected={m.serving}>
                            <TableCell>v{m.version}</TableCell>
                            <TableCell>
                              {m.serving ? (
                                <Chip size="small" color="success" label="Serving" />
                              ) : m.status === 'FAILED' ? (
                                <Chip size="small" color="error" label="Failed" title={m.error ?? undefined} />
                              ) : m.status === 'TRAINING' ? (
                                <Chip size="small" color="primary" label={`Training ${Math.round(m.progress * 100)}%`} />
                              ) : (
                                <Chip size="small" variant="outlined" label="Ready" />
                              )}
                              {m.status === 'FAILED' && m.error && (
                                <Typography variant="caption" color="error" component="div">
                                  {m.error}
                                </Typography>
                              )}
                            </TableCell>
                            <TableCell>{dateTime(m.startedAt)}</TableCell>
                            <TableCell align="right">{took === null ? '—' : `${took} s`}</TableCell>
                            <TableCell align="right">{hr === null ? '—' : percent(hr)}</TableCell>
                            <TableCell align="right">{ndcg === null ? '—' : percent(ndcg)}</TableCell>
                            <TableCell align="right">{metric(m, 'customers') ?? '—'}</TableCell>
                            <TableCell align="right">
                              {m.status === 'READY' && !m.serving && (
                                <Button size="small" variant="outlined" disabled={activate.busy} onClick={() => void serve(m.version)}>
                                  Serve this version
                                </Button>
                              )}
                            </TableCell>
                          </TableRow>
                        );
                      })}
                    </TableBody>
                  </Table>
                )}
              </Paper>
            </Stack>
          )
        }
      </LoadedView>
    </>
  );
}

function TrainingProgress(props: { model: Model | null; starting: boolean }) {
  const m = props.model;
  const value = m ? Math.round(m.progress * 100) : 0;
  const status = m?.status ?? 'TRAINING';
  const text = props.starting
    ? 'Starting training…'
    : status === 'TRAINING'
      ? `Training version ${m!.version}: ${m!.stage ?? 'working'} (${value}%)`
      : status === 'READY'
        ? `Version ${m!.version} is trained${m!.serving ? ' and serving' : ''}.`
        : `Training version ${m!.version} failed: ${m!.error ?? 'unknown reason'}`;
  return (
    <Paper sx={{ p: 2.5, mb: 3 }} component="section" aria-label="Training progress">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        {status === 'TRAINING' && <Busy label="" inline size={18} />}
        <Typography role="status" aria-live="polite" sx={{ color: status === 'FAILED' ? 'error.main' : status === 'READY' ? 'success.main' : 'text.primary', fontWeight: 600 }}>
          {text}
        </Typography>
      </Stack>
      <LinearProgress
        data-testid="training-progress"
        data-status={status}
        variant={props.starting ? 'indeterminate' : 'determinate'}
        value={status === 'FAILED' ? 100 : value}
        color={status === 'FAILED' ? 'error' : status === 'READY' ? 'success' : 'primary'}
        aria-label="Training progress"
        sx={{ height: 10, borderRadius: 5 }}
      />
    </Paper>
  );
}

function MetricsChart(props: { models: Model[] }) {
  const ready = props.models.filter((m) => m.status === 'READY').sort((a, b) => a.version - b.version);
  const series = (key: string) => ready.map((m) => metric(m, key));
  return (
    <Paper sx={{ p: 2.5 }} component="section" aria-labelledby="metrics-title">
      <Typography variant="h6" component="h3" id="metrics-title">
        Offline quality by version
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Held-out last purchases of each member: is it in the top 10 (hit rate), and how high (NDCG).
      </Typography>
      <Box>
        <LineChart
          height={260}
          xAxis={[{ scaleType: 'point', data: ready.map((m) => `v${m.version}`), label: 'Model version' }]}
          yAxis={[{ valueFormatter: (v: number) => percent(v, 0), min: 0 }]}
          series={[
            { data: series('test_HR@10'), label: 'Hit rate @10', color: '#0a4da2', valueFormatter: (v) => (v === null ? '—' : percent(v)) },
            { data: series('test_NDCG@10'), label: 'NDCG @10', color: '#b4232a', valueFormatter: (v) => (v === null ? '—' : percent(v)) },
          ]}
        />
      </Box>
    </Paper>
  );
}
