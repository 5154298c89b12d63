import { existsSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/** The folder holding the repository's package.json, found from this file (works from `src/` and `dist/src/`). */
export function repoRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (package.json) above ' + __dirname);
    dir = parent;
  }
  cached = dir;
  return dir;
}
