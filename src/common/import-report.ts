/** One reason a line of an import file was rejected. */
export interface ImportProblem {
  line: number;
  reason: string;
}

/** Thrown when an import file is rejected; nothing of it has been written. */
export class ImportRejectedError extends Error {
  override name = 'ImportRejectedError';

  constructor(
    readonly file: string,
    readonly problems: ImportProblem[],
  ) {
    super(`${file}: rejected, ${problems.length} problem(s); nothing was imported`);
  }

  /** A report a person can act on: one line per problem, capped. */
  report(limit = 50): string {
    const shown = this.problems.slice(0, limit).map((p) => `  line ${p.line}: ${p.reason}`);
    const more = this.problems.length > limit ? [`  ... and ${this.problems.length - limit} more`] : [];
    return [this.message, ...shown, ...more].join('\n');
  }
}

/** Parses a decimal price ("49.99", "49,99", "49") to integer minor units, or null. */
export function parsePriceToMinor(raw: string): number | null {
  const m = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(raw);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}
