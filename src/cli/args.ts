/**
 * A tiny command-line reader for the CLIs: `--name value`, `--name=value` and bare `--flag`.
 * The CLIs run as `node dist/src/cli/x.js ...` (npm scripts pass arguments after `--`), so they
 * read process.argv themselves; unknown options fail fast instead of being silently ignored.
 */
export class CliArgs {
  private readonly values = new Map<string, string | true>();

  constructor(
    argv: readonly string[],
    private readonly usage: string,
    known: readonly string[],
  ) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (!arg.startsWith('--')) this.fail(`unexpected argument "${arg}"`);
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (!known.includes(name)) this.fail(`unknown option --${name}`);
      if (eq >= 0) this.values.set(name, arg.slice(eq + 1));
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) this.values.set(name, argv[++i]);
      else this.values.set(name, true);
    }
  }

  /** Reads `process.argv` (after node and the script). */
  static fromProcess(usage: string, known: readonly string[]): CliArgs {
    return new CliArgs(process.argv.slice(2), usage, known);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    if (value === true) this.fail(`--${name} needs a value`);
    return value;
  }

  requireString(name: string): string {
    return this.string(name) ?? this.fail(`--${name} is required`);
  }

  number(name: string, fallback: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) this.fail(`--${name} must be a number, got "${raw}"`);
    return value;
  }

  /** A comma-separated list of numbers, e.g. `--hidden 32,32`. */
  numbers(name: string, fallback: number[]): number[] {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const values = raw.split(',').map(Number);
    if (values.some((v) => !Number.isFinite(v))) this.fail(`--${name} must be numbers separated by commas, got "${raw}"`);
    return values;
  }

  fail(message: string): never {
    throw new CliError(`${message}\nusage: ${this.usage}`);
  }
}

/** A failure the user can fix (how the CLI was called, a bad input file): reported without a stack trace. */
export class CliError extends Error {}

/** Runs a step that reads user input; its errors (which name the file and line) become `CliError`s. */
export async function userInput<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw error instanceof Error && !(error instanceof CliError) ? new CliError(error.message) : error;
  }
}

/** Runs a CLI's main: user errors print plainly, anything else with its stack; exit code 1 on failure. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof CliError ? `error: ${error.message}` : error);
    process.exit(1);
  });
}
