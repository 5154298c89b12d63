import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createSchema } from '../schema';
import { createServices } from '../services';
import { repoRoot } from '../common/repo-root';

/** `--write` regenerates schema/schema.graphql; `--check` fails when the committed SDL differs from the code. */
async function main(): Promise<void> {
  const mode = process.argv.includes('--write') ? 'write' : 'check';
  const schema = await createSchema(createServices());
  const sdl = '# Generated from the code by `npm run schema:emit`. Do not edit by hand.\n\n' + printSchema(lexicographicSortSchema(schema)) + '\n';
  const file = path.join(repoRoot(), 'schema', 'schema.graphql');
  if (mode === 'write') {
    writeFileSync(file, sdl);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // missing file: reported as a difference below
  }
  if (committed !== sdl) {
    console.error('schema/schema.graphql is out of date with the code: run `npm run schema:emit` and commit the result.');
    process.exit(1);
  }
  console.log('schema/schema.graphql is up to date');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
