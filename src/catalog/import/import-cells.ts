import { parse } from 'csv-parse/sync';
import { ImportProblem, ImportRejectedError } from '../../common/import-report';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What in `text` PostgreSQL would refuse or silently change, or null: NUL fails the whole statement
 * (text and jsonb alike), a lone surrogate would be written as U+FFFD.
 */
export function badCharacter(text: string): string | null {
  if (text.includes('\u0000')) return 'a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'a broken character (a lone UTF-16 surrogate)';
  return null;
}

/** The first string (key or value) inside a parsed JSON value that {@link badCharacter} refuses, with its path. */
export function findBadString(value: unknown, path: string): { path: string; what: string } | null {
  if (typeof value === 'string') {
    const what = badCharacter(value);
    return what ? { path, what } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findBadString(v, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const what = badCharacter(k);
      if (what) return { path: `${path} (a key)`, what };
      const found = findBadString(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

/** Length as PostgreSQL counts it for varchar(n): code points, not UTF-16 units. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export interface CsvColumns {
  required: readonly string[];
  optional: readonly string[];
  /** Other spellings accepted for a column, e.g. `{ color: 'colour' }`. */
  aliases?: Readonly<Record<string, string>>;
}

export interface CsvTable {
  /** The columns the header names (canonical names). */
  columns: ReadonlySet<string>;
  /** Data rows: the file's line number and each named column's raw cell. */
  rows: { line: number; cells: Record<string, string> }[];
}

/**
 * Reads a CSV file with a header, strictly: a column the importer does not know, a column named twice,
 * a missing required column or a file without data rows rejects the file; a cell holding a character
 * PostgreSQL would refuse adds a problem naming its line and column. Unnamed columns (a trailing comma
 * in every line) are allowed as long as they stay empty.
 */
export function readCsvTable(file: string, content: string, spec: CsvColumns, problems: ImportProblem[]): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, { info: true, skip_empty_lines: true, bom: true, relax_column_count: false }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    throw new ImportRejectedError(file, [{ line: e.lines ?? 1, reason: e.message ?? 'malformed CSV' }]);
  }
  if (records.length === 0) throw new ImportRejectedError(file, [{ line: 1, reason: 'the file is empty; it needs a header and data rows' }]);
  const known = new Set([...spec.required, ...spec.optional]);
  const names = records[0].record.map((h) => {
    const name = h.trim().toLowerCase();
    return spec.aliases?.[name] ?? name;
  });
  const headerProblems: ImportProblem[] = [];
  const headerLine = records[0].info.lines;
  const repeated = [...new Set(names.filter((n, i) => n !== '' && names.indexOf(n) !== i))];
  for (const n of repeated) headerProblems.push({ line: headerLine, reason: `column ${n} appears more than once` });
  const unknown = names.filter((n) => n !== '' && !known.has(n));
  if (unknown.length) headerProblems.push({ line: headerLine, reason: `unknown column(s): ${unknown.join(', ')} (known: ${[...known].join(', ')})` });
  const missing = spec.required.filter((c) => !names.includes(c));
  if (missing.length) headerProblems.push({ line: headerLine, reason: `missing column(s): ${missing.join(', ')}` });
  if (records.length === 1) headerProblems.push({ line: headerLine, reason: 'no data rows' });
  if (headerProblems.length) throw new ImportRejectedError(file, headerProblems);

  const rows = records.slice(1).map(({ record, info }) => {
    const cells: Record<string, string> = {};
    record.forEach((value, i) => {
      const name = names[i];
      if (name === '') {
        if (value.trim() !== '') problems.push({ line: info.lines, reason: `a value in column ${i + 1}, which has no name` });
        return;
      }
      const what = badCharacter(value);
      if (what) problems.push({ line: info.lines, reason: `${name} contains ${what}` });
      cells[name] = value;
    });
    return { line: info.lines, cells };
  });
  return { columns: new Set(names.filter((n) => n !== '')), rows };
}

/**
 * The text of an import file, which must be UTF-8: a file saved in another encoding (Latin-1 and
 * Windows-1252 spreadsheet exports) would otherwise have its accented letters silently replaced.
 */
export function decodeImportFile(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        break;
      }
      line++;
      start = i + 1;
    }
    throw new ImportRejectedError(file, [{ line, reason: 'is not valid UTF-8; save the file as UTF-8 (a Latin-1 or Windows-1252 export would have its accented letters changed)' }]);
  }
}

/** Loads by `items` in chunks of 5,000: a statement takes at most 65,535 parameters. */
export async function findChunked<T>(items: string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < items.length; i += 5000) out.push(...(await load(items.slice(i, i + 5000))));
  return out;
}
