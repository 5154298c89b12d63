import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { describeError, request } from '../shared/api';
import type { BodyProfile } from './kiosk-state';
import { SubmitMeasurements } from './operations';

const FIELDS = [
  { key: 'heightCm', label: 'Height', min: 120, max: 230, required: true },
  { key: 'chestCm', label: 'Chest', min: 60, max: 160, required: true },
  { key: 'waistCm', label: 'Waist', min: 50, max: 160, required: true },
  { key: 'hipCm', label: 'Hip', min: 60, max: 170, required: true },
  { key: 'inseamCm', label: 'Inside leg', min: 55, max: 100, required: false },
  { key: 'footLengthCm', label: 'Foot length', min: 20, max: 33, required: false },
] as const;

type Key = (typeof FIELDS)[number]['key'];

/** Measurements typed by the customer, when a scan is not possible or not wanted. */
export function MeasureScreen(props: { token: string; sessionId: string; onProfile: (p: BodyProfile) => void; onScanInstead: () => void }) {
  const [values, setValues] = useState<Record<Key, string>>({ heightCm: '', chestCm: '', waistCm: '', hipCm: '', inseamCm: '', footLengthCm: '' });
  const [sex, setSex] = useState<'M' | 'F' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = (f: (typeof FIELDS)[number]): string | null => {
    const raw = values[f.key].trim();
    if (!raw) return f.required ? null : null;
    const n = Number(raw);
    return Number.isFinite(n) && n >= f.min && n <= f.max ? null : `${f.min}–${f.max} cm`;
  };
  const complete = FIELDS.every((f) => !problem(f) && (!f.required || values[f.key].trim() !== '')) && sex !== null;

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const num = (k: Key) => (values[k].trim() ? Number(values[k]) : null);
      const res = await request(
        SubmitMeasurements,
        { sessionId: props.sessionId, input: { sex: sex!, heightCm: num('heightCm')!, chestCm: num('chestCm')!, waistCm: num('waistCm')!, hipCm: num('hipCm')!, inseamCm: num('inseamCm'), footLengthCm: num('footLengthCm') } },
        props.token,
      );
      const r = res.submitBodyMeasurements;
      if (r.__typename === 'BodyProfile') props.onProfile(r);
      else setError(r.message);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack spacing={4} sx={{ p: 6 }} component="form" onSubmit={(e) => { e.preventDefault(); if (complete) void submit(); }} data-testid="measure-screen">
      <Typography variant="h2">Your measurements</Typography>
      <Typography variant="h5" color="text.secondary">In centimetres. Height, chest, waist and hip are enough for clothes; add foot length for shoes.</Typography>
      {error && <Alert severity="error">{error}</Alert>}
      <ToggleButtonGroup exclusive value={sex} onChange={(_, v) => v && setSex(v)} aria-label="Size charts" color="primary">
        <ToggleButton value="F" sx={{ px: 6 }}>Women’s</ToggleButton>
        <ToggleButton value="M" sx={{ px: 6 }}>Men’s</ToggleButton>
      </ToggleButtonGroup>
      <Grid container spacing={3}>
        {FIELDS.map((f) => (
          <Grid size={6} key={f.key}>
            <TextField
              fullWidth
              label={`${f.label}${f.required ? '' : ' (optional)'}`}
              value={values[f.key]}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value.replace(/[^0-9.]/g, '') }))}
              error={!!problem(f)}
              helperText={problem(f) ?? ' '}
              slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': `measure-${f.key}` } }}
            />
          </Grid>
        ))}
      </Grid>
      <Stack direction="row" spacing={3}>
        <Button type="submit" variant="contained" size="large" disabled={!complete || busy} data-testid="measure-submit">
          {busy ? <CircularProgress color="inherit" size={36} aria-label="Saving" /> : 'Use these measurements'}
        </Button>
        <Button variant="outlined" size="large" onClick={props.onScanInstead}>
          Scan me instead
        </Button>
      </Stack>
    </Stack>
  );
}
