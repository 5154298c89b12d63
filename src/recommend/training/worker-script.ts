import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../common/repo-root';

/**
 * The compiled script of a worker thread that lives beside the caller (`dir`: the caller's
 * `__dirname`, `name`: the script without its extension). Beside the caller when it runs from dist/;
 * from dist/ when it runs from src/ (ts-jest), since a worker thread cannot load TypeScript.
 */
export function workerScript(dir: string, name: string, what: string): string {
  const beside = path.join(dir, `${name}.js`);
  if (existsSync(beside)) return beside;
  const compiled = path.join(repoRoot(), 'dist', path.relative(repoRoot(), dir), `${name}.js`);
  if (existsSync(compiled)) return compiled;
  throw new Error(`the ${what} worker is not built: run \`npm run build\``);
}
