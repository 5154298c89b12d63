import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { MerchEvaluateDraftQuery } from '../gql/graphql';
import { request } from '../shared/api';
import { percent, useAction } from './common';

const EvaluateQuery = graphql(`
  query MerchEvaluateDraft($sample: Int!) {
    evaluateRecommendationDraft(sample: $sample) {
      draft {
        customers
        hitRateAt10
        ndcgAt10
        brandExposure {
          key
          share
        }
        categoryExposure {
          key
          share
        }
      }
      published {
        customers
        hitRateAt10
        ndcgAt10
        brandExposure {
          key
          share
        }
        categoryExposure {
          key
          share
        }
      }
    }
  }
`);

type Evaluation = MerchEvaluateDraftQuery['evaluateRecommendationDraft'];

export const PUBLISHED_COLOUR = '#6b7280';
export const DRAFT_COLOUR = '#0a4da2';

/** Offline evaluation of the draft against the published rules, on demand (it takes a while). */
export function DraftEvaluationPanel(props: { refresh: number; hasDraft: boolean }) {
  const [sample, setSample] = useState(300);
  const [result, setResult] = useState<{ evaluation: Evaluation; at: number } | null>(null);
  const [outdated, setOutdated] = useState(false);
  const action = useAction();

  useEffect(() => {
    if (result) setOutdated(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.refresh]);

  async function evaluate() {
    const d = await action.run((t) => request(EvaluateQuery, { sample }, t));
    if (!d) return;
    setResult({ evaluation: d.evaluateRecommendationDraft, at: Date.now() });
    setOutdated(false);
  }

  return (
    <Paper sx={{ p: 2.5 }} component="section" aria-labelledby="evaluation-title">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        <Box sx={{ flexGrow: 1 }}>
          <Typography variant="h6" component="h3" id="evaluation-title">
            Offline evaluation
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Hit rate and NDCG at 10 on members’ held-out last purchases, and who gets the top-10 slots.
          </Typography>
        </Box>
        <TextField select size="small" label="Members" value={sample} onChange={(e) => setSample(Number(e.target.value))} sx={{ width: 120 }}>
          {[100, 300, 1000].map((n) => (
            <MenuItem key={n} value={n}>
              {n}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="outlined" onClick={() => void evaluate()} disabled={action.busy} data-testid="evaluate-draft" sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
          {result ? 'Evaluate again' : 'Evaluate draft'}
        </Button>
      </Stack>
      {action.busy && (
        <Box role="status" sx={{ my: 2 }}>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            Ranking {sample} members under both rule sets…
          </Typography>
          <LinearProgress aria-label="Evaluating" />
        </Box>
      )}
      {action.error && <Alert severity="error">{action.error}</Alert>}
      {outdated && result && !action.busy && (
        <Alert severity="info" sx={{ my: 1 }}>
          The draft changed since this evaluation: evaluate again to see the effect.
        </Alert>
      )}
      {result && <EvaluationView e={result.evaluation} />}
    </Paper>
  );
}

function Metric(props: { label: string; published: number; draft: number }) {
  const delta = props.draft - props.published;
  const colour = Math.abs(delta) < 0.0005 ? 'text.secondary' : delta > 0 ? 'success.main' : 'error.main';
  return (
    <Box sx={{ flex: 1, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Typography variant="body2" color="text.secondary">
        {props.label}
      </Typography>
      <Typography variant="h5" component="p">
        {percent(props.draft)}
      </Typography>
      <Typography variant="body2" sx={{ color: colour }}>
        {delta >= 0 ? '+' : '−'}
        {(Math.abs(delta) * 100).toFixed(1)} points vs published {percent(props.published)}
      </Typography>
    </Box>
  );
}

function EvaluationView(props: { e: Evaluation }) {
  const { draft, published } = props.e;
  return (
    <Box sx={{ mt: 2 }} data-testid="draft-evaluation">
      <Stack direction="row" spacing={2}>
        <Metric label="Hit rate @10 (draft)" published={published.hitRateAt10} draft={draft.hitRateAt10} />
        <Metric label="NDCG @10 (draft)" published={published.ndcgAt10} draft={draft.ndcgAt10} />
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {draft.customers} members evaluated.
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 2, mt: 2 }}>
        <ExposureChart title="Exposure per brand" published={published.brandExposure} draft={draft.brandExposure} />
        <ExposureChart title="Exposure per category" published={published.categoryExposure} draft={draft.categoryExposure} />
      </Box>
    </Box>
  );
}

function ExposureChart(props: { title: string; published: { key: string; share: number }[]; draft: { key: string; share: number }[] }) {
  const keys = [...new Set([...props.draft, ...props.published].sort((a, b) => b.share - a.share).map((x) => x.key))].slice(0, 10);
  const of = (list: { key: string; share: number }[]) => keys.map((k) => list.find((x) => x.key === k)?.share ?? 0);
  return (
    <Box>
      <Typography variant="subtitle2" component="h4">
        {props.title} (share of top-10 slots)
      </Typography>
      <BarChart
        height={40 + keys.length * 34}
        layout="horizontal"
        yAxis={[{ scaleType: 'band', data: keys, width: 150, tickLabelStyle: { fontSize: 12 }, valueFormatter: (k: string, ctx) => (ctx.location === 'tick' ? k.split('/').slice(-2).join('/') : k) }]}
        xAxis={[{ valueFormatter: (v: number) => percent(v, 0) }]}
        series={[
          { data: of(props.published), label: 'Published', color: PUBLISHED_COLOUR, valueFormatter: (v) => (v === null ? '' : percent(v)) },
          { data: of(props.draft), label: 'Draft', color: DRAFT_COLOUR, valueFormatter: (v) => (v === null ? '' : percent(v)) },
        ]}
        margin={{ left: 0, right: 16, top: 8, bottom: 0 }}
      />
    </Box>
  );
}
