import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVER_NODE_FLAGS } from './bench-support';

describe('server Node flags', () => {
  it('npm start runs the server with the flags the benchmarks measure it with', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const start = pkg.scripts.start;
    const node = start.slice(start.lastIndexOf('node '));
    expect(node).toMatch(/dist\/src\/main\.js$/);
    for (const flag of SERVER_NODE_FLAGS) expect(node.split(' ')).toContain(flag);
  });
});
