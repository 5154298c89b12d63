import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BODY_TARGETS } from '../body-observables';
import { AnsurSubject, MEASURED_KEYS, bySplit, observe, parseCsv, readAnsur, splitOf } from './ansur';
import { BODY_CONDITIONS, conditionOf } from './body-condition';

/** ANSUR column names the reader needs, plus one unrelated column and the demographics it skips. */
const SOURCE_COLUMNS = [
  'stature',
  'weightkg',
  'biacromialbreadth',
  'chestbreadth',
  'waistbreadth',
  'hipbreadth',
  'chestdepth',
  'waistdepth',
  'buttockdepth',
  'crotchheight',
  'acromionradialelength',
  'radialestylionlength',
];
const COLUMNS = ['subjectid', 'earlength', ...SOURCE_COLUMNS, ...BODY_TARGETS.filter((t) => t !== 'crotchheight'), 'Gender', 'SubjectsBirthLocation'];

/** A small ANSUR-shaped file written by the test itself: the real data is never needed. */
function writeFixture(dir: string, file: string, firstId: number, rows: number, female: boolean): void {
  const lines = [COLUMNS.join(',')];
  for (let i = 0; i < rows; i++) {
    const values: Record<string, string> = { subjectid: String(firstId + i), earlength: '60', Gender: female ? 'Female' : 'Male', SubjectsBirthLocation: '"Washington, DC"' };
    SOURCE_COLUMNS.forEach((c, j) => (values[c] = String(c === 'weightkg' ? 700 + i : 200 + 10 * j + i)));
    BODY_TARGETS.forEach((t, k) => (values[t] = values[t] ?? String(300 + 50 * k + i)));
    lines.push(COLUMNS.map((c) => values[c]).join(','));
  }
  writeFileSync(path.join(dir, file), lines.join('\r\n') + '\r\n');
}

function fixtureDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorfit-ansur-'));
  writeFixture(dir, 'male.csv', 10000, 12, false);
  writeFixture(dir, 'female.csv', 20000, 8, true);
  return dir;
}

describe('readAnsur', () => {
  it('reads both files, maps the protocol columns and scales weight from kg x 10', () => {
    const { subjects, dataHash } = readAnsur(fixtureDir());
    expect(subjects).toHaveLength(20);
    expect(subjects.filter((s) => s.sex === 'F')).toHaveLength(8);
    const first = subjects[0];
    expect(first.subjectId).toBe(10000);
    expect(first.measured.weightKg).toBeCloseTo(70);
    expect(first.measured.statureMm).toBe(200);
    expect(first.measured.elbowWristLengthMm).toBe(310);
    expect(first.targets).toHaveLength(BODY_TARGETS.length);
    // crotchheight is both an observable and the inseam target
    expect(first.targets[BODY_TARGETS.indexOf('crotchheight')]).toBe(first.measured.crotchHeightMm);
    expect(dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(readAnsur(fixtureDir()).dataHash).toBe(dataHash);
  });

  it('names the file and line of a value that is not a number', () => {
    const dir = fixtureDir();
    const file = path.join(dir, 'female.csv');
    const rows = parseCsv(readFileSync(file, 'utf8'));
    rows[3].fields[COLUMNS.indexOf('hipbreadth')] = 'n/a';
    writeFileSync(file, rows.map((r) => r.fields.map((f) => (f.includes(',') ? `"${f}"` : f)).join(',')).join('\n'));
    expect(() => readAnsur(dir)).toThrow(/female\.csv:4: column "hipbreadth" is not a number/);
  });

  it('says which file is missing', () => {
    expect(() => readAnsur(path.join(os.tmpdir(), 'no-such-ansur-dir'))).toThrow(/cannot read .*male\.csv/);
  });
});

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes, CRLF and a missing final newline', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n1,2,3').map((r) => r.fields)).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', '2', '3'],
    ]);
  });
});

const subject: AnsurSubject = {
  subjectId: 12345,
  sex: 'M',
  measured: {
    statureMm: 1756,
    weightKg: 85,
    biacromialBreadthMm: 416,
    chestBreadthMm: 289,
    waistBreadthMm: 326,
    hipBreadthMm: 346,
    chestDepthMm: 254,
    waistDepthMm: 238,
    buttockDepthMm: 246,
    crotchHeightMm: 845,
    shoulderElbowLengthMm: 335,
    elbowWristLengthMm: 268,
  },
  targets: [1059, 940, 1019, 398, 625, 593, 845, 271],
};

describe('observe (protocol noise)', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    expect(observe(subject, 'full', 7)).toEqual(observe(subject, 'full', 7));
    expect(observe(subject, 'full', 7).statureMm).not.toBe(observe(subject, 'full', 8).statureMm);
  });

  it('blanks what each condition lacks and shares one scan across conditions', () => {
    const scans = Object.fromEntries(BODY_CONDITIONS.map((c) => [c, observe(subject, c, 3)]));
    for (const condition of BODY_CONDITIONS) expect(conditionOf(scans[condition])).toBe(condition);
    expect(scans.front.chestDepthMm).toBeNull();
    expect(scans.noweight.weightKg).toBeNull();
    expect(scans['front-noweight'].buttockDepthMm).toBeNull();
    expect(scans.front.chestBreadthMm).toBe(scans.full.chestBreadthMm);
    expect(scans.noweight.chestDepthMm).toBe(scans.full.chestDepthMm);
  });

  it('adds independent Gaussian noise of 10 mm on lengths and 1.5 kg on weight', () => {
    const draws = Array.from({ length: 4000 }, (_, seed) => observe(subject, 'full', seed));
    for (const key of MEASURED_KEYS) {
      const errors = draws.map((d) => (d[key] as number) - subject.measured[key]);
      const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
      const sd = Math.sqrt(errors.reduce((a, b) => a + (b - mean) ** 2, 0) / errors.length);
      const expected = key === 'weightKg' ? 1.5 : 10;
      expect(Math.abs(mean)).toBeLessThan(expected * 0.1);
      expect(sd / expected).toBeGreaterThan(0.95);
      expect(sd / expected).toBeLessThan(1.05);
    }
    const a = draws.map((d) => d.chestBreadthMm - subject.measured.chestBreadthMm);
    const b = draws.map((d) => (d.chestDepthMm as number) - subject.measured.chestDepthMm);
    const correlation = a.reduce((s, v, i) => s + v * b[i], 0) / (a.length * 100);
    expect(Math.abs(correlation)).toBeLessThan(0.06);
  });
});

describe('split by subject', () => {
  const ids = Array.from({ length: 10000 }, (_, i) => 10000 + i);
  const subjects = ids.map((subjectId) => ({ ...subject, subjectId }));

  it('puts every subject in exactly one split, the same one every time', () => {
    const split = bySplit(subjects);
    const seen = [...split.train, ...split.validation, ...split.test].map((s) => s.subjectId);
    expect(new Set(seen).size).toBe(ids.length);
    expect(seen).toHaveLength(ids.length);
    const trainIds = new Set(split.train.map((s) => s.subjectId));
    expect(split.test.some((s) => trainIds.has(s.subjectId))).toBe(false);
    expect(split.validation.some((s) => trainIds.has(s.subjectId))).toBe(false);
    expect(bySplit([...subjects].reverse()).test.map((s) => s.subjectId).sort()).toEqual(split.test.map((s) => s.subjectId).sort());
    for (const s of split.test) expect(splitOf(s.subjectId)).toBe('test');
  });

  it('splits about 70 / 10 / 20', () => {
    const split = bySplit(subjects);
    expect(split.train.length / ids.length).toBeCloseTo(0.7, 1);
    expect(split.validation.length / ids.length).toBeCloseTo(0.1, 1);
    expect(split.test.length / ids.length).toBeCloseTo(0.2, 1);
  });
});
