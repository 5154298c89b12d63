import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { MerchExperimentsQuery, UnitShareFieldsFragment } from '../gql/graphql';
import { request } from '../shared/api';
import { Busy, dateTime, LoadedView, percent, SectionHeader, useAction, useLoad } from './common';
import { IntervalBarChart } from './IntervalBarChart';

const ExperimentsQuery = graphql(`
  query MerchExperiments {
    recommendationExperiments {
      id
      name
      status
      unit
      createdAt
      stoppedAt
      arms {
        name
        configVersion
        weight
      }
    }
    recommendationConfigs {
      version
      status
      publishedAt
    }
  }
`);

const ResultsQuery = graphql(`
  query MerchExperimentResults($id: ID!) {
    recommendationExperimentResults(id: $id) {
      __typename
      ... on ExperimentResults {
        arms {
          arm
          units
          impressions
          clicks
          tryOns
          cartAdds
          purchases
          clicked {
            ...UnitShareFields
          }
          triedOn {
            ...UnitShareFields
          }
          addedToCart {
            ...UnitShareFields
          }
          purchased {
            ...UnitShareFields
          }
        }
      }
      ... on NotFoundError {
        message
      }
    }
  }

  fragment UnitShareFields on UnitShare {
    units
    share
    low
    high
    differenceFromFirstArm {
      difference
      low
      high
    }
  }
`);

const StartMutation = graphql(`
  mutation MerchStartExperiment($input: StartExperimentInput!) {
    startRecommendationExperiment(input: $input) {
      __typename
      ... on RecommendationExperiment {
        id
      }
      ... on InvalidInputError {
        field
        message
      }
    }
  }
`);

const StopMutation = graphql(`
  mutation MerchStopExperiment($id: ID!) {
    stopRecommendationExperiment(id: $id) {
      __typename
      ... on RecommendationExperiment {
        id
        status
      }
      ... on NotFoundError {
        message
      }
    }
  }
`);

type Experiment = MerchExperimentsQuery['recommendationExperiments'][number];
type Metric = 'clicked' | 'triedOn' | 'addedToCart' | 'purchased';
const METRICS: { key: Metric; title: string }[] = [
  { key: 'clicked', title: 'Tapped a recommendation' },
  { key: 'triedOn', title: 'Tried one on' },
  { key: 'addedToCart', title: 'Added one to a cart' },
  { key: 'purchased', title: 'Bought one' },
];

/** "+12.0 pts (−3.1 to +27.0)": a difference of shares in percentage points with its 95% interval. */
function points(d: NonNullable<UnitShareFieldsFragment['differenceFromFirstArm']>): string {
  const pts = (v: number) => `${v > 0 ? '+' : ''}${(v * 100).toFixed(1)}`;
  return `${pts(d.difference)} pts (${pts(d.low)} to ${pts(d.high)})`;
}
type ConfigVersion = MerchExperimentsQuery['recommendationConfigs'][number];

/** Colours per arm (all at least 4.5:1 on white). */
export const ARM_COLOURS = ['#6b7280', '#0a4da2', '#b4232a', '#1b6e3a', '#8a4b00'];

/** A/B tests between rule versions: start, stop, and results with their uncertainty. */
export function ExperimentsSection() {
  const loaded = useLoad((t) => request(ExperimentsQuery, {}, t), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const stop = useAction();

  useEffect(() => {
    const list = loaded.data?.recommendationExperiments;
    if (list && list.length && selected === null) setSelected(list[0].id);
    if (list && list.length === 0) setCreating(true);
  }, [loaded.data, selected]);

  async function stopExperiment(id: string) {
    const res = await stop.run((t) => request(StopMutation, { id }, t));
    if (res?.stopRecommendationExperiment.__typename === 'NotFoundError') stop.setError(res.stopRecommendationExperiment.message);
    loaded.reload();
  }

  return (
    <>
      <SectionHeader
        title="Experiments"
        subtitle="Serve different rule versions to different shoppers and compare what they do."
        actions={
          !creating && (
            <Button variant="contained" onClick={() => setCreating(true)} data-testid="new-experiment">
              New experiment
            </Button>
          )
        }
      />
      <LoadedView loaded={loaded} label="Loading experiments…">
        {(d) => (
          <Grid container spacing={3}>
            <Grid size={{ xs: 12, md: 4, lg: 3 }}>
              <Paper component="nav" aria-label="Experiments">
                {d.recommendationExperiments.length === 0 ? (
                  <Typography color="text.secondary" sx={{ p: 2 }}>
                    No experiment yet.
                  </Typography>
                ) : (
                  <List dense>
                    {d.recommendationExperiments.map((e) => (
                      <ListItemButton
                        key={e.id}
                        selected={!creating && e.id === selected}
                        onClick={() => {
                          setCreating(false);
                          setSelected(e.id);
                        }}
                        data-testid="experiment-item"
                      >
                        <ListItemText
                          primary={
                            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                              <span>{e.name}</span>
                              {e.status === 'RUNNING' && <Chip size="small" color="success" label="Running" />}
                            </Stack>
                          }
                          secondary={`${dateTime(e.createdAt)} · ${e.arms.length} arms`}
                        />
                      </ListItemButton>
                    ))}
                  </List>
                )}
              </Paper>
            </Grid>
            <Grid size={{ xs: 12, md: 8, lg: 9 }}>
              {creating ? (
                <NewExperiment
                  versions={d.recommendationConfigs}
                  running={d.recommendationExperiments.find((e) => e.status === 'RUNNING') ?? null}
                  onCancel={d.recommendationExperiments.length ? () => setCreating(false) : undefined}
                  onStarted={(id) => {
                    setCreating(false);
                    setSelected(id);
                    loaded.reload();
                  }}
                />
              ) : (
                selected &&
                (() => {
                  const experiment = d.recommendationExperiments.find((e) => e.id === selected);
                  // Just started: it shows once the list has reloaded.
                  if (!experiment) return <Busy label="Loading the experiment…" />;
                  return <ExperimentDetail key={selected} experiment={experiment} onStop={(id) => void stopExperiment(id)} stopping={stop.busy} stopError={stop.error} />;
                })()
              )}
            </Grid>
          </Grid>
        )}
      </LoadedView>
    </>
  );
}

function ExperimentDetail(props: { experiment: Experiment; onStop: (id: string) => void; stopping: boolean; stopError: string | null }) {
  const e = props.experiment;
  const results = useLoad((t) => request(ResultsQuery, { id: e.id }, t), [e.id, e.status]);
  return (
    <Paper sx={{ p: 2.5 }} component="section" aria-labelledby="experiment-title">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Box sx={{ flexGrow: 1 }}>
          <Typography variant="h6" component="h3" id="experiment-title">
            {e.name}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {e.status === 'RUNNING' ? 'Running' : 'Stopped'} since {dateTime(e.status === 'RUNNING' ? e.createdAt : e.stoppedAt)} · split by {e.unit === 'CUSTOMER' ? 'member (anonymous shoppers are not in it)' : 'mirror session (the app is not in it)'} · arms:{' '}
            {e.arms.map((a) => `${a.name} (${a.configVersion === 0 ? 'defaults' : `rules v${a.configVersion}`}, weight ${a.weight})`).join(', ')}
          </Typography>
        </Box>
        <Button variant="outlined" onClick={results.reload} disabled={results.loading}>
          Refresh
        </Button>
        {e.status === 'RUNNING' && (
          <Button color="error" variant="outlined" onClick={() => props.onStop(e.id)} disabled={props.stopping} sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
            {props.stopping ? 'Stopping…' : 'Stop experiment'}
          </Button>
        )}
      </Stack>
      {props.stopError && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {props.stopError}
        </Alert>
      )}
      <Box sx={{ mt: 2 }}>
        <LoadedView loaded={results} label="Counting impressions, clicks, try-ons and purchases…">
          {(d) => {
            const r = d.recommendationExperimentResults;
            if (r.__typename === 'NotFoundError') return <Alert severity="error">{r.message}</Alert>;
            const arms = r.arms;
            const colours = arms.map((_, i) => ARM_COLOURS[i % ARM_COLOURS.length]);
            const impressions = arms.reduce((s, a) => s + a.impressions, 0);
            // An arm without units has no share yet (null): it is left out of the charts, not drawn as 0%.
            const withUnits = arms.map((a, i) => ({ a, colour: colours[i] })).filter(({ a }) => a.units > 0);
            const point = (k: Metric) => withUnits.map(({ a }) => ({ label: a.arm, rate: a[k].share!, low: a[k].low!, high: a[k].high! }));
            const unitName = e.unit === 'CUSTOMER' ? 'members' : 'sessions';
            return (
              <>
                {impressions === 0 && (
                  <Alert severity="info" sx={{ mb: 2 }}>
                    No recommendations have been shown under this experiment yet: results appear as shoppers use the mirrors and the app.
                  </Alert>
                )}
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                  Bars are the share of {unitName} in each arm who did it at least once with a recommended item; whiskers are 95% confidence intervals (Wilson, over {unitName}, the unit the split randomises). An interaction counts
                  when that {e.unit === 'CUSTOMER' ? 'member was shown the product in the 24 hours before' : 'session was shown the product before'}; a purchase when the product was shown in the 7 days before, to the arm that showed it last.
                </Typography>
                {withUnits.length > 0 && (
                  <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 2 }} data-testid="experiment-charts">
                    {METRICS.map((m) => (
                      <IntervalBarChart key={m.key} title={m.title} points={point(m.key)} colours={withUnits.map((x) => x.colour)} />
                    ))}
                  </Box>
                )}
                {arms.length > 1 && (
                  <Table size="small" sx={{ mt: 2 }} aria-label={`Difference from ${arms[0].arm}`}>
                    <TableHead>
                      <TableRow>
                        <TableCell>Minus {arms[0].arm} (95% interval)</TableCell>
                        {METRICS.map((m) => (
                          <TableCell key={m.key} align="right">
                            {m.title}
                          </TableCell>
                        ))}
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {arms.slice(1).map((a) => (
                        <TableRow key={a.arm}>
                          <TableCell>{a.arm}</TableCell>
                          {METRICS.map((m) => {
                            const d = a[m.key].differenceFromFirstArm;
                            const clear = d !== null && (d.low > 0 || d.high < 0);
                            return (
                              <TableCell key={m.key} align="right" sx={{ fontWeight: clear ? 600 : undefined }}>
                                {d ? `${points(d)}${clear ? '' : ' · not distinguishable yet'}` : 'no data yet'}
                              </TableCell>
                            );
                          })}
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                )}
                <Table size="small" sx={{ mt: 2 }} aria-label="Counts per arm">
                  <TableHead>
                    <TableRow>
                      <TableCell>Arm</TableCell>
                      <TableCell align="right">Units</TableCell>
                      <TableCell align="right">Impressions</TableCell>
                      <TableCell align="right">Clicks</TableCell>
                      <TableCell align="right">Try-ons</TableCell>
                      <TableCell align="right">Cart adds</TableCell>
                      <TableCell align="right">Purchases</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {arms.map((a, i) => (
                      <TableRow key={a.arm}>
                        <TableCell>
                          <Box component="span" sx={{ display: 'inline-block', width: 12, height: 12, borderRadius: 0.5, bgcolor: colours[i], mr: 1, verticalAlign: 'middle' }} />
                          {a.arm}
                        </TableCell>
                        <TableCell align="right">{a.units}</TableCell>
                        <TableCell align="right">{a.impressions}</TableCell>
                        <TableCell align="right">{a.clicks}</TableCell>
                        <TableCell align="right">{a.tryOns}</TableCell>
                        <TableCell align="right">{a.cartAdds}</TableCell>
                        <TableCell align="right">{a.purchases}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </>
            );
          }}
        </LoadedView>
      </Box>
    </Paper>
  );
}

interface ArmDraft {
  name: string;
  configVersion: number;
  weight: number;
}

function NewExperiment(props: { versions: ConfigVersion[]; running: Experiment | null; onCancel?: () => void; onStarted: (id: string) => void }) {
  const choices = [{ version: 0, label: 'Defaults (v0)' }, ...props.versions.filter((v) => v.status !== 'DRAFT').map((v) => ({ version: v.version, label: `Rules v${v.version}${v.status === 'PUBLISHED' ? ' (published)' : ''}` }))];
  const published = props.versions.find((v) => v.status === 'PUBLISHED')?.version ?? 0;
  const other = choices.find((c) => c.version !== published)?.version ?? 0;
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('CUSTOMER');
  const [arms, setArms] = useState<ArmDraft[]>([
    { name: 'control', configVersion: published, weight: 50 },
    { name: 'variant', configVersion: other, weight: 50 },
  ]);
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const action = useAction();

  const at = (field: string) => (fieldError?.field === field ? fieldError.message : undefined);
  const localProblem = !name.trim() ? 'Give the experiment a name.' : new Set(arms.map((a) => a.name.trim())).size !== arms.length ? 'Arm names must differ.' : arms.some((a) => !a.name.trim()) ? 'Every arm needs a name.' : null;

  async function start() {
    setFieldError(null);
    const res = await action.run((t) => request(StartMutation, { input: { name: name.trim(), unit, arms: arms.map((a) => ({ ...a, name: a.name.trim() })) } }, t));
    if (!res) return;
    const r = res.startRecommendationExperiment;
    if (r.__typename === 'InvalidInputError') setFieldError({ field: r.field, message: r.message });
    else props.onStarted(r.id);
  }

  return (
    <Paper sx={{ p: 2.5 }} component="form" aria-labelledby="new-experiment-title" onSubmit={(e) => { e.preventDefault(); void start(); }}>
      <Typography variant="h6" component="h3" id="new-experiment-title" sx={{ mb: 2 }}>
        New experiment
      </Typography>
      {props.running && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          Starting this stops the running experiment “{props.running.name}”.
        </Alert>
      )}
      <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required error={!!at('input.name')} helperText={at('input.name')} sx={{ flexGrow: 1 }} slotProps={{ htmlInput: { 'data-testid': 'experiment-name' } }} />
        <TextField select label="Split by" value={unit} onChange={(e) => setUnit(e.target.value)} sx={{ width: 260 }}>
          <MenuItem value="CUSTOMER">Member (signed-in shoppers)</MenuItem>
          <MenuItem value="SESSION">Mirror session</MenuItem>
        </TextField>
      </Stack>
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        Arms (2 to 5)
      </Typography>
      {at('input.arms') && <Alert severity="error">{at('input.arms')}</Alert>}
      {arms.map((a, i) => {
        const set = (patch: Partial<ArmDraft>) => setArms(arms.map((x, j) => (j === i ? { ...x, ...patch } : x)));
        return (
          <Stack key={i} direction="row" spacing={2} sx={{ alignItems: 'flex-start', mt: 1.5 }}>
            <TextField size="small" label="Arm name" value={a.name} onChange={(e) => set({ name: e.target.value })} error={!!at(`input.arms[${i}].name`)} helperText={at(`input.arms[${i}].name`)} />
            <TextField select size="small" label="Rules" value={a.configVersion} onChange={(e) => set({ configVersion: Number(e.target.value) })} error={!!at(`input.arms[${i}].configVersion`)} helperText={at(`input.arms[${i}].configVersion`)} sx={{ minWidth: 220 }}>
              {choices.map((c) => (
                <MenuItem key={c.version} value={c.version}>
                  {c.label}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              size="small"
              type="number"
              label="Traffic weight"
              value={a.weight}
              onChange={(e) => set({ weight: Number(e.target.value) })}
              error={!!at(`input.arms[${i}].weight`)}
              helperText={at(`input.arms[${i}].weight`) ?? `${Math.round((a.weight / Math.max(1e-9, arms.reduce((s, x) => s + x.weight, 0))) * 100)}% of traffic`}
              sx={{ width: 150 }}
              slotProps={{ htmlInput: { min: 0, max: 100 } }}
            />
            <IconButton aria-label={`Remove arm ${a.name || i + 1}`} disabled={arms.length <= 2} onClick={() => setArms(arms.filter((_, j) => j !== i))}>
              <span aria-hidden style={{ fontSize: 20, lineHeight: 1 }}>
                ×
              </span>
            </IconButton>
          </Stack>
        );
      })}
      <Button sx={{ mt: 1 }} disabled={arms.length >= 5} onClick={() => setArms([...arms, { name: `variant ${arms.length}`, configVersion: published, weight: 50 }])}>
        + Add arm
      </Button>
      {fieldError && !fieldError.field.startsWith('input.arms') && fieldError.field !== 'input.name' && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {fieldError.message}
        </Alert>
      )}
      {action.error && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {action.error}
        </Alert>
      )}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: 3 }}>
        <Button type="submit" variant="contained" disabled={!!localProblem || action.busy} data-testid="start-experiment">
          Start experiment
        </Button>
        {props.onCancel && <Button onClick={props.onCancel}>Cancel</Button>}
        {action.busy && <Busy label="Starting…" inline size={18} />}
        {localProblem && (
          <Typography variant="body2" color="text.secondary">
            {localProblem}
          </Typography>
        )}
      </Stack>
    </Paper>
  );
}
