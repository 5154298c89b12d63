import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Grid from '@mui/material/Grid';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Slider from '@mui/material/Slider';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useRef, useState } from 'react';
import { graphql } from '../gql';
import type { MerchRecommendationConfigsQuery, Placement, RuleTargetKind, StockPolicy } from '../gql/graphql';
import { request } from '../shared/api';
import { Busy, dateTime, LoadedView, SectionHeader, useAction, useLoad } from './common';
import { DraftEvaluationPanel } from './DraftEvaluationPanel';
import { ProductPicker } from './ProductPicker';
import { RulesPreview } from './RulesPreview';
import { DEFAULT_RULES, PLACEMENTS, problemsByField, sameRules, TARGET_KINDS, toDraft, type RulesDraft } from './rules-model';

const ConfigsQuery = graphql(`
  query MerchRecommendationConfigs {
    recommendationConfigs {
      id
      version
      status
      createdAt
      publishedAt
      warnings {
        field
        message
      }
      rules {
        personalWeight
        maxPerBrand
        maxPerCategory
        stockPolicy
        exclusions {
          kind
          value
        }
        boosts {
          target {
            kind
            value
          }
          weight
        }
        pins {
          placement
          position
          productId
          storeId
        }
      }
    }
    stores {
      id
      code
      name
    }
  }
`);

const SaveDraftMutation = graphql(`
  mutation MerchSaveRecommendationDraft($rules: RecommendationRulesInput!) {
    saveRecommendationDraft(rules: $rules) {
      __typename
      ... on RecommendationConfig {
        id
        version
        status
        createdAt
        warnings {
          field
          message
        }
      }
      ... on InvalidRulesError {
        message
        problems {
          field
          message
        }
      }
    }
  }
`);

const PublishDraftMutation = graphql(`
  mutation MerchPublishRecommendationDraft {
    publishRecommendationDraft {
      __typename
      ... on RecommendationConfig {
        version
        publishedAt
      }
      ... on InvalidRulesError {
        message
        problems {
          field
          message
        }
      }
      ... on NotFoundError {
        message
      }
    }
  }
`);

const DiscardDraftMutation = graphql(`
  mutation MerchDiscardRecommendationDraft {
    discardRecommendationDraft
  }
`);

const AuditQuery = graphql(`
  query MerchRulesAudit {
    recommendationRulesAudit(first: 20) {
      action
      at
      changedFields
      staffId
      version
    }
  }
`);

type Problem = { field: string; message: string };
type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'invalid' } | { kind: 'failed'; message: string };

/** Recommendation rules: edit the draft, see it against the published rules, publish it. */
export function RulesSection() {
  const configs = useLoad((t) => request(ConfigsQuery, {}, t), []);
  return (
    <>
      <SectionHeader title="Recommendation rules" subtitle="Edit a draft, compare it with what the mirrors serve now, and publish it when it looks right." />
      <LoadedView loaded={configs} label="Loading the rules…">
        {(d) => <RulesWorkspace configs={d.recommendationConfigs} stores={d.stores} reload={configs.reload} />}
      </LoadedView>
    </>
  );
}

type Config = MerchRecommendationConfigsQuery['recommendationConfigs'][number];

function RulesWorkspace(props: { configs: Config[]; stores: { id: string; code: string; name: string }[]; reload: () => void }) {
  const published = props.configs.find((c) => c.status === 'PUBLISHED') ?? null;
  const serverDraft = props.configs.find((c) => c.status === 'DRAFT') ?? null;
  const publishedRules = useMemo(() => (published ? toDraft(published.rules) : DEFAULT_RULES), [published]);

  const [draftVersion, setDraftVersion] = useState<number | null>(serverDraft?.version ?? null);
  /** The rules the server holds as the draft (or the published ones when there is no draft). */
  const [savedRules, setSavedRules] = useState<RulesDraft>(() => (serverDraft ? toDraft(serverDraft.rules) : publishedRules));
  const [rules, setRules] = useState<RulesDraft>(savedRules);
  const [problems, setProblems] = useState<Problem[]>([]);
  /** What the saved draft will do that the merchandiser may not expect (a pin past a cap, a pin an exclusion hides). */
  const [warnings, setWarnings] = useState<{ field: string; message: string }[]>(serverDraft?.warnings ?? []);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [autoSave, setAutoSave] = useState(true);
  const [previewTick, setPreviewTick] = useState(0);
  const [publishProblems, setPublishProblems] = useState<{ message: string; problems: Problem[] } | null>(null);
  const [published_, setPublishedNote] = useState<string | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const action = useAction();
  const saveSeq = useRef(0);

  const dirty = !sameRules(rules, savedRules);
  const byField = problemsByField(problems);

  async function save(next: RulesDraft) {
    const seq = ++saveSeq.current;
    setSaveState({ kind: 'saving' });
    const res = await action.run((t) => request(SaveDraftMutation, { rules: next }, t));
    if (seq !== saveSeq.current) return;
    if (!res) {
      setSaveState({ kind: 'failed', message: 'The draft could not be saved; your changes are still here.' });
      return;
    }
    const r = res.saveRecommendationDraft;
    if (r.__typename === 'InvalidRulesError') {
      setProblems(r.problems);
      setSaveState({ kind: 'invalid' });
      return;
    }
    setProblems([]);
    setWarnings(r.warnings);
    setPublishProblems(null);
    setSavedRules(next);
    setDraftVersion(r.version);
    setSaveState({ kind: 'saved', at: new Date() });
    setPreviewTick((t) => t + 1);
  }

  // Save as you edit (after a pause), so the preview below follows the draft.
  useEffect(() => {
    if (!autoSave || !dirty) return;
    const timer = setTimeout(() => void save(rules), 900);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rules, autoSave, dirty]);

  async function publish() {
    setPublishedNote(null);
    const res = await action.run((t) => request(PublishDraftMutation, {}, t));
    if (!res) return;
    const r = res.publishRecommendationDraft;
    if (r.__typename === 'InvalidRulesError') {
      setPublishProblems({ message: r.message, problems: r.problems });
      setProblems(r.problems);
      return;
    }
    if (r.__typename === 'NotFoundError') {
      setPublishProblems({ message: `${r.message} Save the draft first.`, problems: [] });
      return;
    }
    setPublishProblems(null);
    setWarnings([]);
    setPublishedNote(`Version ${r.version} is published and serving now.`);
    setDraftVersion(null);
    setSaveState({ kind: 'idle' });
    setPreviewTick((t) => t + 1);
    props.reload();
  }

  async function discard() {
    setConfirmDiscard(false);
    const res = await action.run((t) => request(DiscardDraftMutation, {}, t));
    if (res === undefined) return;
    setDraftVersion(null);
    setSavedRules(publishedRules);
    setRules(publishedRules);
    setProblems([]);
    setWarnings([]);
    setPublishProblems(null);
    setSaveState({ kind: 'idle' });
    setPreviewTick((t) => t + 1);
    props.reload();
  }

  const whyNotPublish =
    draftVersion === null
      ? 'There is no draft: change a rule to start one.'
      : saveState.kind === 'saving'
        ? 'Saving the draft…'
        : problems.length > 0
          ? `The draft has ${problems.length} problem${problems.length === 1 ? '' : 's'}: fix ${problems.length === 1 ? 'it' : 'them'} first.`
          : dirty
            ? 'You have changes that are not saved yet: save the draft first.'
            : null;

  const update = (change: (r: RulesDraft) => RulesDraft) => {
    setPublishedNote(null);
    setRules((r) => change(structuredClone(r)));
  };
  const err = (field: string) => byField.get(field)?.join('; ');
  const knownFields = new Set<string>(['personalWeight', 'maxPerBrand', 'maxPerCategory', 'stockPolicy']);
  rules.exclusions.forEach((_, i) => ['kind', 'value'].forEach((k) => knownFields.add(`exclusions[${i}].${k}`)));
  rules.boosts.forEach((_, i) => ['target.kind', 'target.value', 'weight'].forEach((k) => knownFields.add(`boosts[${i}].${k}`)));
  rules.pins.forEach((_, i) => ['placement', 'position', 'productId', 'storeId'].forEach((k) => knownFields.add(`pins[${i}].${k}`)));
  const otherProblems = problems.filter((p) => !knownFields.has(p.field));

  return (
    <Grid container spacing={3}>
      <Grid size={{ xs: 12, lg: 5 }}>
        <Paper sx={{ p: 2.5 }} component="section" aria-labelledby="rules-editor-title">
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
            <Typography variant="h6" component="h3" id="rules-editor-title" sx={{ flexGrow: 1 }}>
              {draftVersion !== null ? `Draft (version ${draftVersion})` : 'New draft'}
            </Typography>
            <Chip size="small" label={published ? `Serving: version ${published.version}` : 'Serving: defaults'} color="success" variant="outlined" />
          </Stack>
          <SaveStatus state={saveState} dirty={dirty} problems={problems.length} />

          {problems.length > 0 && (
            <Alert severity="error" sx={{ my: 1.5 }} data-testid="rules-problems">
              <AlertTitle>Not saved: {problems.length === 1 ? 'one rule needs attention' : `${problems.length} rules need attention`}</AlertTitle>
              Each problem is shown next to its rule below.
              {otherProblems.map((p) => (
                <div key={p.field + p.message}>
                  {p.field}: {p.message}
                </div>
              ))}
            </Alert>
          )}

          {problems.length === 0 && warnings.length > 0 && (
            <Alert severity="warning" sx={{ my: 1.5 }} data-testid="rules-warnings">
              <AlertTitle>Saved; worth a look before publishing</AlertTitle>
              {warnings.map((w) => (
                <div key={w.field + w.message}>
                  {w.field}: {w.message}
                </div>
              ))}
            </Alert>
          )}

          <Typography variant="subtitle1" component="h4" sx={{ mt: 2, fontWeight: 600 }}>
            Balance and diversity
          </Typography>
          <Box sx={{ px: 1 }}>
            <Typography id="personal-weight-label" variant="body2">
              Personal model vs store popularity: <strong>{Math.round(rules.personalWeight * 100)}% personal</strong>
            </Typography>
            <Slider
              aria-labelledby="personal-weight-label"
              value={rules.personalWeight}
              min={0}
              max={1}
              step={0.05}
              valueLabelDisplay="auto"
              valueLabelFormat={(v) => `${Math.round(v * 100)}%`}
              onChange={(_, v) => update((r) => ({ ...r, personalWeight: v as number }))}
            />
            <Stack direction="row" sx={{ justifyContent: 'space-between', mt: -1 }}>
              <Typography variant="caption" color="text.secondary">
                Popular in the store
              </Typography>
              <Typography variant="caption" color="text.secondary">
                Personal
              </Typography>
            </Stack>
            {err('personalWeight') && <FormHelperText error>{err('personalWeight')}</FormHelperText>}
          </Box>
          <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
            <TextField
              label="Max per brand"
              type="number"
              size="small"
              value={Number.isFinite(rules.maxPerBrand) ? rules.maxPerBrand : ''}
              onChange={(e) => update((r) => ({ ...r, maxPerBrand: e.target.value === '' ? NaN : Number(e.target.value) }))}
              error={!!err('maxPerBrand')}
              helperText={err('maxPerBrand') ?? 'items of one brand in a list'}
              slotProps={{ htmlInput: { min: 1, max: 50, step: 1 } }}
            />
            <TextField
              label="Max per category"
              type="number"
              size="small"
              value={Number.isFinite(rules.maxPerCategory) ? rules.maxPerCategory : ''}
              onChange={(e) => update((r) => ({ ...r, maxPerCategory: e.target.value === '' ? NaN : Number(e.target.value) }))}
              error={!!err('maxPerCategory')}
              helperText={err('maxPerCategory') ?? 'items of one category in a list'}
              slotProps={{ htmlInput: { min: 1, max: 50, step: 1 } }}
            />
          </Stack>
          <TextField
            select
            label="Stock in the app"
            size="small"
            fullWidth
            sx={{ mt: 2 }}
            value={rules.stockPolicy}
            onChange={(e) => update((r) => ({ ...r, stockPolicy: e.target.value as StockPolicy }))}
            error={!!err('stockPolicy')}
            helperText={err('stockPolicy') ?? 'The mirror always shows only what is in stock in its store in the customer’s size.'}
          >
            <MenuItem value="IN_STOCK_ANYWHERE">Only what is in stock somewhere</MenuItem>
            <MenuItem value="IGNORE_STOCK">Ignore stock</MenuItem>
          </TextField>

          <RuleListHeader title="Boosts and buries" onAdd={() => update((r) => ({ ...r, boosts: [...r.boosts, { target: { kind: 'BRAND', value: '' }, weight: 0.3 }] }))} addLabel="Add boost" />
          {rules.boosts.length === 0 && <EmptyRules text="No boosts: every item ranks on its own score." />}
          {rules.boosts.map((b, i) => (
            <RuleRow key={`b${i}`} onRemove={() => update((r) => ({ ...r, boosts: r.boosts.filter((_, j) => j !== i) }))} label={`boost ${i + 1}`} testId="boost-row">
              <TargetFields
                kind={b.target.kind}
                value={b.target.value}
                kindError={err(`boosts[${i}].target.kind`)}
                valueError={err(`boosts[${i}].target.value`)}
                onChange={(kind, value) => update((r) => ({ ...r, boosts: r.boosts.map((x, j) => (j === i ? { ...x, target: { kind, value } } : x)) }))}
              />
              <Box sx={{ width: 190, flexShrink: 0, px: 1 }}>
                <Typography variant="body2" id={`boost-${i}-weight`}>
                  {b.weight > 0 ? 'Boost' : b.weight < 0 ? 'Bury' : 'No effect'} {b.weight > 0 ? '+' : ''}
                  {b.weight.toFixed(2)}
                </Typography>
                <Slider
                  size="small"
                  aria-labelledby={`boost-${i}-weight`}
                  value={b.weight}
                  min={-1}
                  max={1}
                  step={0.05}
                  track={false}
                  onChange={(_, v) => update((r) => ({ ...r, boosts: r.boosts.map((x, j) => (j === i ? { ...x, weight: v as number } : x)) }))}
                />
                {err(`boosts[${i}].weight`) && <FormHelperText error>{err(`boosts[${i}].weight`)}</FormHelperText>}
              </Box>
            </RuleRow>
          ))}

          <RuleListHeader title="Exclusions" onAdd={() => update((r) => ({ ...r, exclusions: [...r.exclusions, { kind: 'BRAND', value: '' }] }))} addLabel="Add exclusion" />
          {rules.exclusions.length === 0 && <EmptyRules text="Nothing is excluded." />}
          {rules.exclusions.map((x, i) => (
            <RuleRow key={`x${i}`} onRemove={() => update((r) => ({ ...r, exclusions: r.exclusions.filter((_, j) => j !== i) }))} label={`exclusion ${i + 1}`} testId="exclusion-row">
              <TargetFields
                kind={x.kind}
                value={x.value}
                kindError={err(`exclusions[${i}].kind`)}
                valueError={err(`exclusions[${i}].value`)}
                onChange={(kind, value) => update((r) => ({ ...r, exclusions: r.exclusions.map((y, j) => (j === i ? { kind, value } : y)) }))}
              />
            </RuleRow>
          ))}

          <RuleListHeader
            title="Pins"
            onAdd={() => update((r) => ({ ...r, pins: [...r.pins, { placement: 'MIRROR_HOME', position: 1, productId: '', storeId: null }] }))}
            addLabel="Add pin"
          />
          {rules.pins.length === 0 && <EmptyRules text="No product is pinned." />}
          {rules.pins.map((p, i) => {
            const set = (patch: Partial<RulesDraft['pins'][number]>) => update((r) => ({ ...r, pins: r.pins.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
            return (
              <RuleRow key={`p${i}`} onRemove={() => update((r) => ({ ...r, pins: r.pins.filter((_, j) => j !== i) }))} label={`pin ${i + 1}`} testId="pin-row">
                <Stack spacing={1.5} sx={{ flexGrow: 1 }}>
                  <ProductPicker label="Product" size="small" value={p.productId || null} onChange={(prod) => set({ productId: prod?.id ?? '' })} error={err(`pins[${i}].productId`)} />
                  <Stack direction="row" spacing={1.5}>
                    <TextField select size="small" label="Placement" value={p.placement} onChange={(e) => set({ placement: e.target.value as Placement })} error={!!err(`pins[${i}].placement`)} helperText={err(`pins[${i}].placement`)} sx={{ minWidth: 170 }}>
                      {PLACEMENTS.map((pl) => (
                        <MenuItem key={pl.value} value={pl.value}>
                          {pl.label}
                        </MenuItem>
                      ))}
                    </TextField>
                    <TextField
                      size="small"
                      type="number"
                      label="Position"
                      value={Number.isFinite(p.position) ? p.position : ''}
                      onChange={(e) => set({ position: e.target.value === '' ? NaN : Number(e.target.value) })}
                      error={!!err(`pins[${i}].position`)}
                      helperText={err(`pins[${i}].position`)}
                      sx={{ width: 110 }}
                      slotProps={{ htmlInput: { min: 1, max: 50 } }}
                    />
                    <TextField select size="small" label="Store" value={p.storeId ?? ''} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} onChange={(e) => set({ storeId: e.target.value || null })} error={!!err(`pins[${i}].storeId`)} helperText={err(`pins[${i}].storeId`)} sx={{ flexGrow: 1 }}>
                      <MenuItem value="">Every store</MenuItem>
                      {props.stores.map((s) => (
                        <MenuItem key={s.id} value={s.id}>
                          {s.name} ({s.code})
                        </MenuItem>
                      ))}
                    </TextField>
                  </Stack>
                </Stack>
              </RuleRow>
            );
          })}

          <Box sx={{ mt: 3, pt: 2, borderTop: 1, borderColor: 'divider' }}>
            <FormControlLabel control={<Switch checked={autoSave} onChange={(e) => setAutoSave(e.target.checked)} />} label="Save the draft and refresh the preview as I edit" />
            {action.error && (
              <Alert severity="error" sx={{ my: 1 }}>
                {action.error}
              </Alert>
            )}
            {publishProblems && (
              <Alert severity="error" sx={{ my: 1 }} data-testid="publish-blocked">
                <AlertTitle>The draft was not published</AlertTitle>
                {publishProblems.message}
                {publishProblems.problems.map((p) => (
                  <div key={p.field + p.message}>
                    {p.field}: {p.message}
                  </div>
                ))}
              </Alert>
            )}
            {published_ && (
              <Alert severity="success" sx={{ my: 1 }} role="status">
                {published_}
              </Alert>
            )}
            <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mt: 1 }}>
              {(!autoSave || saveState.kind === 'failed') && (
                <Button variant="outlined" disabled={!dirty || action.busy} onClick={() => void save(rules)}>
                  {saveState.kind === 'failed' ? 'Try saving again' : 'Save draft'}
                </Button>
              )}
              <Tooltip title={whyNotPublish ?? ''}>
                <span>
                  <Button variant="contained" data-testid="publish-draft" disabled={whyNotPublish !== null || action.busy} onClick={() => void publish()} aria-describedby="publish-why">
                    Publish draft
                  </Button>
                </span>
              </Tooltip>
              <Button color="error" variant="text" disabled={draftVersion === null || action.busy} onClick={() => setConfirmDiscard(true)}>
                Discard draft
              </Button>
              {action.busy && <Busy label="Working…" inline size={18} />}
            </Stack>
            {whyNotPublish && (
              <Typography id="publish-why" variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                {whyNotPublish}
              </Typography>
            )}
          </Box>
        </Paper>
        <AuditLog refresh={previewTick} />
      </Grid>
      <Grid size={{ xs: 12, lg: 7 }}>
        <Stack spacing={3}>
          <RulesPreview refresh={previewTick} stores={props.stores} stale={dirty || problems.length > 0} />
          <DraftEvaluationPanel refresh={previewTick} hasDraft={draftVersion !== null} />
        </Stack>
      </Grid>
      <Dialog open={confirmDiscard} onClose={() => setConfirmDiscard(false)} aria-labelledby="discard-title">
        <DialogTitle id="discard-title">Discard the draft?</DialogTitle>
        <DialogContent>
          <DialogContentText>The draft rules are thrown away; the editor goes back to the published rules. The mirrors are not affected.</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmDiscard(false)} autoFocus>
            Keep editing
          </Button>
          <Button color="error" onClick={() => void discard()}>
            Discard
          </Button>
        </DialogActions>
      </Dialog>
    </Grid>
  );
}

function SaveStatus(props: { state: SaveState; dirty: boolean; problems: number }) {
  const { state } = props;
  let text: string;
  let color = 'text.secondary';
  if (state.kind === 'saving') text = 'Saving the draft…';
  else if (state.kind === 'invalid') {
    text = 'Not saved: the draft has problems';
    color = 'error.main';
  } else if (state.kind === 'failed') {
    text = state.message;
    color = 'error.main';
  } else if (props.dirty) text = 'Unsaved changes';
  else if (state.kind === 'saved') text = `Draft saved at ${state.at.toLocaleTimeString()}`;
  else text = 'No unsaved changes';
  return (
    <Stack direction="row" spacing={1} role="status" aria-live="polite" data-testid="draft-save-status" sx={{ alignItems: 'center' }}>
      {state.kind === 'saving' && <Busy label="" inline size={14} />}
      <Typography variant="body2" sx={{ color }}>
        {text}
      </Typography>
    </Stack>
  );
}

function RuleListHeader(props: { title: string; onAdd: () => void; addLabel: string }) {
  return (
    <Stack direction="row" sx={{ alignItems: 'center', mt: 3, mb: 1 }}>
      <Typography variant="subtitle1" component="h4" sx={{ fontWeight: 600, flexGrow: 1 }}>
        {props.title}
      </Typography>
      <Button size="small" onClick={props.onAdd}>
        + {props.addLabel}
      </Button>
    </Stack>
  );
}

function EmptyRules(props: { text: string }) {
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
      {props.text}
    </Typography>
  );
}

function RuleRow(props: { children: React.ReactNode; onRemove: () => void; label: string; testId: string }) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', py: 1.5, borderBottom: 1, borderColor: 'divider' }} data-testid={props.testId}>
      <Stack direction="row" spacing={1} sx={{ flexGrow: 1, minWidth: 0 }}>
        {props.children}
      </Stack>
      <IconButton aria-label={`Remove ${props.label}`} onClick={props.onRemove} size="small" sx={{ mt: 0.5 }}>
        <span aria-hidden style={{ fontSize: 20, lineHeight: 1 }}>
          ×
        </span>
      </IconButton>
    </Stack>
  );
}

function TargetFields(props: { kind: RuleTargetKind; value: string; kindError?: string; valueError?: string; onChange: (kind: RuleTargetKind, value: string) => void }) {
  const hint = TARGET_KINDS.find((k) => k.value === props.kind)?.hint;
  return (
    <Stack direction="row" spacing={1} sx={{ flexGrow: 1, minWidth: 0 }}>
      <TextField select size="small" label="Applies to" value={props.kind} onChange={(e) => props.onChange(e.target.value as RuleTargetKind, '')} error={!!props.kindError} helperText={props.kindError} sx={{ width: 130, flexShrink: 0 }}>
        {TARGET_KINDS.map((k) => (
          <MenuItem key={k.value} value={k.value}>
            {k.label}
          </MenuItem>
        ))}
      </TextField>
      <Box sx={{ flexGrow: 1, minWidth: 0 }}>
        {props.kind === 'PRODUCT' ? (
          <ProductPicker label="Product" size="small" value={props.value || null} onChange={(p) => props.onChange('PRODUCT', p?.id ?? '')} error={props.valueError} />
        ) : (
          <TextField size="small" fullWidth label={TARGET_KINDS.find((k) => k.value === props.kind)?.label} value={props.value} onChange={(e) => props.onChange(props.kind, e.target.value)} error={!!props.valueError} helperText={props.valueError ?? hint} />
        )}
      </Box>
    </Stack>
  );
}

function AuditLog(props: { refresh: number }) {
  const audit = useLoad((t) => request(AuditQuery, {}, t), [props.refresh]);
  const label: Record<string, string> = { CREATE_DRAFT: 'Draft started', UPDATE_DRAFT: 'Draft changed', PUBLISH: 'Published', DISCARD_DRAFT: 'Draft discarded' };
  return (
    <Paper sx={{ p: 2.5, mt: 3 }} component="section" aria-labelledby="audit-title">
      <Typography variant="h6" component="h3" id="audit-title" sx={{ mb: 1 }}>
        Who changed the rules
      </Typography>
      <LoadedView loaded={audit} label="Loading the change log…">
        {(d) =>
          d.recommendationRulesAudit.length === 0 ? (
            <Typography color="text.secondary">No changes yet.</Typography>
          ) : (
            <Table size="small" aria-labelledby="audit-title">
              <TableHead>
                <TableRow>
                  <TableCell>When</TableCell>
                  <TableCell>What</TableCell>
                  <TableCell>Version</TableCell>
                  <TableCell>Fields</TableCell>
                  <TableCell>Who</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {d.recommendationRulesAudit.slice(0, 10).map((a, i) => (
                  <TableRow key={i}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{dateTime(a.at)}</TableCell>
                    <TableCell>{label[a.action] ?? a.action}</TableCell>
                    <TableCell>{a.version}</TableCell>
                    <TableCell>{a.changedFields.join(', ') || '—'}</TableCell>
                    <TableCell sx={{ maxWidth: 120, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={a.staffId}>
                      {a.staffId}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </LoadedView>
    </Paper>
  );
}
