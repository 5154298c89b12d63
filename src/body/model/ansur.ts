import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SeededRandom } from '../../common/random';
import { BODY_TARGETS, BodyObservables } from '../body-observables';
import { BodyCondition, CONDITION_INPUTS } from './body-condition';

/** The measured (numeric) observables of the protocol, every one present. */
export type MeasuredValues = { [K in Exclude<keyof BodyObservables, 'sex'>]: number };
export type MeasuredKey = keyof MeasuredValues;

/** One ANSUR II subject: noise-free values of what a kiosk observes, and the targets. */
export interface AnsurSubject {
  subjectId: number;
  sex: 'M' | 'F';
  measured: MeasuredValues;
  /** Target measurements in mm, in BODY_TARGETS order. */
  targets: number[];
}

export interface AnsurData {
  subjects: AnsurSubject[];
  /** sha256 of male.csv then female.csv, so an artifact records exactly which data trained it. */
  dataHash: string;
}

export type SplitName = 'train' | 'validation' | 'test';

/** ANSUR II source column and scale for each observable (README, "body-scan protocol"). */
const OBSERVABLE_SOURCES: Record<MeasuredKey, { column: string; scale: number }> = {
  statureMm: { column: 'stature', scale: 1 },
  weightKg: { column: 'weightkg', scale: 0.1 }, // published as kg x 10
  biacromialBreadthMm: { column: 'biacromialbreadth', scale: 1 },
  chestBreadthMm: { column: 'chestbreadth', scale: 1 },
  waistBreadthMm: { column: 'waistbreadth', scale: 1 },
  hipBreadthMm: { column: 'hipbreadth', scale: 1 },
  chestDepthMm: { column: 'chestdepth', scale: 1 },
  waistDepthMm: { column: 'waistdepth', scale: 1 },
  buttockDepthMm: { column: 'buttockdepth', scale: 1 },
  crotchHeightMm: { column: 'crotchheight', scale: 1 },
  shoulderElbowLengthMm: { column: 'acromionradialelength', scale: 1 },
  elbowWristLengthMm: { column: 'radialestylionlength', scale: 1 },
};

/**
 * Noise order is fixed (not object-key order at run time) so that a seed reproduces the same
 * measurements on every machine and every condition of one scan shares the same draw.
 */
export const MEASURED_KEYS: readonly MeasuredKey[] = [
  'statureMm',
  'weightKg',
  'biacromialBreadthMm',
  'chestBreadthMm',
  'waistBreadthMm',
  'hipBreadthMm',
  'chestDepthMm',
  'waistDepthMm',
  'buttockDepthMm',
  'crotchHeightMm',
  'shoulderElbowLengthMm',
  'elbowWristLengthMm',
];

/** The protocol's measurement noise: independent Gaussian, 10 mm per length, 1.5 kg on weight. */
export const PROTOCOL_NOISE_SD: Readonly<Record<MeasuredKey, number>> = Object.fromEntries(
  MEASURED_KEYS.map((key) => [key, key === 'weightKg' ? 1.5 : 10]),
) as Record<MeasuredKey, number>;

/** 32-bit FNV-1a: a stable, dependency-free hash for splits and per-subject seeds. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The split a subject belongs to, 70/10/20 by hash of its id: a subject is in exactly one split
 * whatever the file order, and adding subjects never moves existing ones.
 */
export function splitOf(subjectId: number): SplitName {
  const bucket = hash32(`split:${subjectId}`) % 100;
  if (bucket < 70) return 'train';
  if (bucket < 80) return 'validation';
  return 'test';
}

export function bySplit(subjects: readonly AnsurSubject[]): Record<SplitName, AnsurSubject[]> {
  const out: Record<SplitName, AnsurSubject[]> = { train: [], validation: [], test: [] };
  for (const subject of subjects) out[splitOf(subject.subjectId)].push(subject);
  return out;
}

/**
 * One simulated kiosk scan of a subject under the protocol. The noise comes from an RNG seeded by
 * (seed, subject id), so a scan is reproducible on its own and independent of which other subjects
 * are scanned; all conditions of one (seed, subject) share the same measurements, differing only in
 * what is blanked, which makes the conditions paired comparisons.
 */
export function observe(subject: AnsurSubject, condition: BodyCondition, seed: number): BodyObservables {
  return observeWith(subject, condition, new SeededRandom(hash32(`scan:${seed}:${subject.subjectId}`)));
}

/**
 * A scan whose noise comes from a shared generator: for training draws, where a fresh scan of every
 * subject per epoch need not be reproducible one subject at a time (and a generator per subject
 * costs more than the scan).
 */
export function observeWith(subject: AnsurSubject, condition: BodyCondition, rng: SeededRandom): BodyObservables {
  const noisy = {} as MeasuredValues;
  for (const key of MEASURED_KEYS) noisy[key] = subject.measured[key] + rng.normal(0, PROTOCOL_NOISE_SD[key]);
  const inputs = CONDITION_INPUTS[condition];
  return {
    sex: subject.sex,
    ...noisy,
    weightKg: inputs.weight ? noisy.weightKg : null,
    chestDepthMm: inputs.sideView ? noisy.chestDepthMm : null,
    waistDepthMm: inputs.sideView ? noisy.waistDepthMm : null,
    buttockDepthMm: inputs.sideView ? noisy.buttockDepthMm : null,
  };
}

/**
 * Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF): enough for the ANSUR files and the
 * protocol's observable CSVs without a dependency. Returns rows with their 1-based line numbers.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0].trim() === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}

function readSexFile(file: string, sex: 'M' | 'F'): { subjects: AnsurSubject[]; bytes: Buffer } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message} (expected the ANSUR II male.csv and female.csv in --data)`);
  }
  // latin1: the demographic columns carry a few non-UTF-8 bytes; every column used here is numeric.
  const rows = parseCsv(bytes.toString('latin1'));
  if (rows.length < 2) throw new Error(`${file}: no data rows`);
  const header = rows[0].fields.map((name) => name.trim());
  const indexOf = (column: string): number => {
    const index = header.indexOf(column);
    if (index < 0) throw new Error(`${file}: missing column "${column}"`);
    return index;
  };
  const idColumn = header.includes('subjectid') ? 'subjectid' : 'SubjectId';
  const idIndex = indexOf(idColumn);
  const sources = MEASURED_KEYS.map((key) => ({ key, index: indexOf(OBSERVABLE_SOURCES[key].column), scale: OBSERVABLE_SOURCES[key].scale }));
  const targetIndexes = BODY_TARGETS.map((target) => indexOf(target));
  const numberAt = (row: { line: number; fields: string[] }, index: number): number => {
    const raw = (row.fields[index] ?? '').trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) {
      throw new Error(`${file}:${row.line}: column "${header[index]}" is not a number ("${raw}")`);
    }
    return value;
  };
  const subjects = rows.slice(1).map((row): AnsurSubject => {
    const measured = {} as MeasuredValues;
    for (const source of sources) measured[source.key] = numberAt(row, source.index) * source.scale;
    return { subjectId: numberAt(row, idIndex), sex, measured, targets: targetIndexes.map((index) => numberAt(row, index)) };
  });
  return { subjects, bytes };
}

/**
 * Reads ANSUR II `male.csv` and `female.csv` from a folder (README, "ansur2/"). Fails with the file
 * and line of the first unusable row, and when a subject id appears twice (the split is by subject).
 */
export function readAnsur(dir: string): AnsurData {
  const male = readSexFile(path.join(dir, 'male.csv'), 'M');
  const female = readSexFile(path.join(dir, 'female.csv'), 'F');
  const subjects = [...male.subjects, ...female.subjects];
  const seen = new Set<number>();
  for (const subject of subjects) {
    if (seen.has(subject.subjectId)) throw new Error(`subject ${subject.subjectId} appears twice in ${dir}`);
    seen.add(subject.subjectId);
  }
  const dataHash = createHash('sha256').update(male.bytes).update(female.bytes).digest('hex');
  return { subjects, dataHash };
}

/** Targets of a list of subjects as rows in BODY_TARGETS order. */
export function targetMatrix(subjects: readonly AnsurSubject[]): number[][] {
  return subjects.map((subject) => subject.targets);
}
