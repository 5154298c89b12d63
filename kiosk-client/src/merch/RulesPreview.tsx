import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { Gender, MerchPreviewRecommendationsQuery, Placement, SampleProfileInput, Sport } from '../gql/graphql';
import { request } from '../shared/api';
import { LoadedView, useLoad } from './common';
import { ProductThumb } from './ProductPicker';

const PreviewQuery = graphql(`
  query MerchPreviewRecommendations($customerIds: [ID!]!, $sampleProfiles: [SampleProfileInput!]!, $placement: Placement!, $storeId: ID, $limit: Int!) {
    previewRecommendations(customerIds: $customerIds, sampleProfiles: $sampleProfiles, placement: $placement, storeId: $storeId, limit: $limit) {
      label
      customerId
      draft {
        configVersion
        modelVersion
        items {
          position
          explanation
          reason
          product {
            id
            name
            brand
            categoryPath
            imageUrl(width: 160)
          }
        }
      }
      published {
        configVersion
        modelVersion
        items {
          position
          explanation
          reason
          product {
            id
            name
            brand
            categoryPath
            imageUrl(width: 160)
          }
        }
      }
    }
  }
`);

const SampleSeedQuery = graphql(`
  query MerchSampleSeed($sport: Sport!, $gender: Gender!) {
    products(filter: { sport: $sport, gender: $gender }, first: 3) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

/** Made-up shoppers: what they looked at is a few products of their sport and department. */
const SAMPLES: { label: string; sport: Sport | null; gender: Gender | null }[] = [
  { label: 'Runner, women', sport: 'RUNNING', gender: 'WOMEN' },
  { label: 'Skier, men', sport: 'SKI', gender: 'MEN' },
  { label: 'Footballer, men', sport: 'FOOTBALL', gender: 'MEN' },
  { label: 'Hiker, women', sport: 'OUTDOOR', gender: 'WOMEN' },
  { label: 'New shopper', sport: null, gender: null },
];

const PREVIEW_PLACEMENTS: { value: Placement; label: string }[] = [
  { value: 'MIRROR_HOME', label: 'Mirror home' },
  { value: 'APP_HOME', label: 'App home' },
];

type Row = MerchPreviewRecommendationsQuery['previewRecommendations'][number];
type Item = Row['draft']['items'][number];

/**
 * The draft next to the published rules for a few shoppers: what is new, what moved, what dropped.
 * Refreshes whenever the draft is saved (`refresh`).
 */
export function RulesPreview(props: { refresh: number; stores: { id: string; code: string; name: string }[]; stale: boolean }) {
  const [placement, setPlacement] = useState<Placement>('MIRROR_HOME');
  const [storeId, setStoreId] = useState<string>(props.stores[0]?.id ?? '');
  const [chosen, setChosen] = useState<string[]>(SAMPLES.slice(0, 2).map((s) => s.label));
  const [memberInput, setMemberInput] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [samples, setSamples] = useState<SampleProfileInput[] | null>(null);

  // Build the sample shoppers once from the catalogue.
  const seeds = useLoad(
    async (t) =>
      Promise.all(
        SAMPLES.map(async (s) => {
          if (!s.sport || !s.gender) return { label: s.label, viewedProductIds: [] } satisfies SampleProfileInput;
          const d = await request(SampleSeedQuery, { sport: s.sport, gender: s.gender }, t);
          return { label: s.label, gender: s.gender, viewedProductIds: d.products.edges.map((e) => e.node.id) } satisfies SampleProfileInput;
        }),
      ),
    [],
  );
  useEffect(() => {
    if (seeds.data) setSamples(seeds.data);
  }, [seeds.data]);

  const profiles = (samples ?? []).filter((s) => chosen.includes(s.label));
  const preview = useLoad(
    async (t) => {
      if (!samples) return null;
      if (profiles.length + members.length === 0) return [];
      const d = await request(
        PreviewQuery,
        { customerIds: members, sampleProfiles: profiles, placement, storeId: placement === 'MIRROR_HOME' ? storeId || null : null, limit: 8 },
        t,
      );
      return d.previewRecommendations;
    },
    [props.refresh, samples, chosen.join('|'), members.join('|'), placement, storeId],
  );

  return (
    <Paper sx={{ p: 2.5 }} component="section" aria-labelledby="preview-title" data-testid="rules-preview">
      <Typography variant="h6" component="h3" id="preview-title">
        Preview: published rules and draft side by side
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        The top 8 for each shopper. <strong>New</strong> marks items only the draft shows; arrows show how far an item moved.
      </Typography>
      <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', mb: 2 }} useFlexGap>
        <TextField select size="small" label="Placement" value={placement} onChange={(e) => setPlacement(e.target.value as Placement)} sx={{ minWidth: 160 }}>
          {PREVIEW_PLACEMENTS.map((p) => (
            <MenuItem key={p.value} value={p.value}>
              {p.label}
            </MenuItem>
          ))}
        </TextField>
        {placement === 'MIRROR_HOME' && (
          <TextField select size="small" label="As the mirror in" value={storeId} onChange={(e) => setStoreId(e.target.value)} sx={{ minWidth: 200 }}>
            {props.stores.map((s) => (
              <MenuItem key={s.id} value={s.id}>
                {s.name} ({s.code})
              </MenuItem>
            ))}
          </TextField>
        )}
        <Stack
          component="form"
          direction="row"
          spacing={1}
          onSubmit={(e) => {
            e.preventDefault();
            const id = memberInput.trim();
            if (id && !members.includes(id)) setMembers([...members, id]);
            setMemberInput('');
          }}
        >
          <TextField size="small" label="Add a member by id" value={memberInput} onChange={(e) => setMemberInput(e.target.value)} sx={{ width: 260 }} />
          <Button type="submit" variant="outlined" disabled={!memberInput.trim()}>
            Add
          </Button>
        </Stack>
      </Stack>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }} role="group" aria-label="Shoppers to preview">
        {SAMPLES.map((s) => {
          const on = chosen.includes(s.label);
          return (
            <Chip
              key={s.label}
              label={s.label}
              color={on ? 'primary' : 'default'}
              variant={on ? 'filled' : 'outlined'}
              aria-pressed={on}
              onClick={() => setChosen(on ? chosen.filter((c) => c !== s.label) : [...chosen, s.label])}
            />
          );
        })}
        {members.map((m) => (
          <Chip key={m} label={`Member ${m.slice(0, 8)}…`} color="secondary" onDelete={() => setMembers(members.filter((x) => x !== m))} />
        ))}
      </Stack>
      {props.stale && (
        <Alert severity="info" sx={{ mb: 2 }}>
          The preview shows the last saved draft; your latest changes are not in it yet.
        </Alert>
      )}
      {seeds.error && !samples ? (
        <Alert severity="error">Sample shoppers could not be prepared: {seeds.error}</Alert>
      ) : (
        <LoadedView loaded={preview} label="Ranking for the draft and the published rules…">
          {(rows) =>
            rows === null ? null : rows.length === 0 ? (
              <Typography color="text.secondary">Choose at least one shopper above.</Typography>
            ) : (
              <Stack spacing={2.5}>
                {rows.map((r) => (
                  <PreviewRow key={r.label} row={r} />
                ))}
              </Stack>
            )
          }
        </LoadedView>
      )}
    </Paper>
  );
}

function PreviewRow(props: { row: Row }) {
  const { row } = props;
  const publishedPos = new Map(row.published.items.map((i) => [i.product.id, i.position]));
  const draftIds = new Set(row.draft.items.map((i) => i.product.id));
  const changes = row.draft.items.filter((i) => publishedPos.get(i.product.id) !== i.position).length;
  const v = (n: number) => (n === 0 ? 'defaults' : `v${n}`);
  return (
    <Box data-testid="preview-row">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 1 }}>
        <Typography sx={{ fontWeight: 700 }}>{row.customerId ? `Member ${row.label}` : row.label}</Typography>
        <Typography variant="body2" color="text.secondary">
          {changes === 0 ? 'same list under both' : `${changes} of ${row.draft.items.length} positions differ`}
        </Typography>
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 2 }}>
        <ItemColumn title={`Published (${v(row.published.configVersion)})`} items={row.published.items} mark={(i) => (draftIds.has(i.product.id) ? null : { text: 'dropped', color: 'text.secondary' })} />
        <ItemColumn
          title={`Draft (${v(row.draft.configVersion)})`}
          highlight
          items={row.draft.items}
          mark={(i) => {
            const before = publishedPos.get(i.product.id);
            if (before === undefined) return { text: 'New', color: 'success.main' };
            if (before > i.position) return { text: `▲ ${before - i.position}`, color: 'success.main', label: `up ${before - i.position}` };
            if (before < i.position) return { text: `▼ ${i.position - before}`, color: 'error.main', label: `down ${i.position - before}` };
            return null;
          }}
        />
      </Box>
    </Box>
  );
}

function ItemColumn(props: { title: string; items: Item[]; highlight?: boolean; mark: (i: Item) => { text: string; color: string; label?: string } | null }) {
  return (
    <Box sx={{ border: 1, borderColor: props.highlight ? 'primary.main' : 'divider', borderRadius: 1, p: 1 }} data-testid="preview-column" data-kind={props.highlight ? 'draft' : 'published'}>
      <Typography variant="subtitle2" sx={{ mb: 0.5, color: props.highlight ? 'primary.main' : 'text.primary' }}>
        {props.title}
      </Typography>
      {props.items.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          Nothing to recommend.
        </Typography>
      )}
      <Box component="ol" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {props.items.map((i) => {
          const m = props.mark(i);
          return (
            <Stack component="li" key={i.product.id} direction="row" spacing={1} sx={{ alignItems: 'center', py: 0.5 }} data-brand={i.product.brand}>
              <Typography variant="body2" sx={{ width: 18, textAlign: 'right', color: 'text.secondary' }}>
                {i.position}
              </Typography>
              <ProductThumb src={i.product.imageUrl} alt="" size={28} />
              <Box sx={{ minWidth: 0, flexGrow: 1 }}>
                <Typography variant="body2" noWrap title={i.product.name}>
                  {i.product.name}
                </Typography>
                <Typography variant="caption" color="text.secondary" noWrap component="div" title={i.explanation}>
                  {i.product.brand} · {i.explanation}
                </Typography>
              </Box>
              {m && (
                <Typography variant="caption" sx={{ color: m.color, fontWeight: 700, whiteSpace: 'nowrap' }} aria-label={m.label ?? m.text}>
                  {m.text}
                </Typography>
              )}
            </Stack>
          );
        })}
      </Box>
    </Box>
  );
}
