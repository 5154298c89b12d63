import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { HeaderMap } from '@apollo/server';

interface Found {
  patch: { id: string; pkg: string; file: string; edits: { find: string; replace: string }[] };
  state: string;
  detail?: string;
}
// Plain JavaScript: it runs at install time, before anything is compiled.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const patches = require('./dependency-patches.js') as { inspect(from?: string): Found[]; apply(from?: string): Found[]; packageRoot(pkg: string, from: string): string; MARK: string };

const apolloRoot = patches.packageRoot('@apollo/server', __dirname);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeGatewayGraphQLRequestContext } = require(path.join(apolloRoot, 'dist/cjs/utils/makeGatewayGraphQLRequestContext.js')) as {
  makeGatewayGraphQLRequestContext(ctx: unknown, server: unknown, internals: unknown): { response: { http: { status?: number; headers: { get(name: string): string | null; set(name: string, value: string): void } } } };
};

/** V8's own view of an object's hidden class, through its test natives (enabled for this file only). */
function natives(): { sameMap(a: object, b: object): boolean; fastProperties(o: object): boolean } {
  v8.setFlagsFromString('--allow-natives-syntax');
  return {
    sameMap: new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean,
    fastProperties: new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean,
  };
}

describe('dependency patches', () => {
  it('are all applied to the installed packages (npm install runs them)', () => {
    const found = patches.inspect();
    expect(found.map((f) => [f.patch.id, f.state])).toEqual(found.map((f) => [f.patch.id, 'applied']));
  });

  it('apply once to a pristine copy, leave it alone the second time, and report a file they do not match', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-patches-'));
    try {
      // A copy of the installed package with the original text put back in each patched file.
      const pkgDir = path.join(dir, 'node_modules', '@apollo', 'server');
      fs.mkdirSync(pkgDir, { recursive: true });
      fs.copyFileSync(path.join(apolloRoot, 'package.json'), path.join(pkgDir, 'package.json'));
      for (const { patch } of patches.inspect()) {
        let text = fs.readFileSync(path.join(apolloRoot, patch.file), 'utf8');
        for (const edit of [...patch.edits].reverse()) text = text.replace(edit.replace, () => edit.find);
        expect(text).not.toContain(patches.MARK);
        fs.mkdirSync(path.dirname(path.join(pkgDir, patch.file)), { recursive: true });
        fs.writeFileSync(path.join(pkgDir, patch.file), text);
      }
      expect(patches.inspect(dir).map((f) => f.state)).toEqual(['pending', 'pending', 'pending']);
      expect(patches.apply(dir).map((f) => f.state)).toEqual(['applied now', 'applied now', 'applied now']);
      for (const { patch } of patches.inspect(dir)) {
        expect(fs.readFileSync(path.join(pkgDir, patch.file), 'utf8')).toBe(fs.readFileSync(path.join(apolloRoot, patch.file), 'utf8'));
      }
      expect(patches.apply(dir).map((f) => f.state)).toEqual(['applied', 'applied', 'applied']);

      // A patch that gained an edit after it was applied: the missing edit alone is made.
      const grown = patches.inspect(dir)[1].patch;
      const grownFile = path.join(pkgDir, grown.file);
      fs.writeFileSync(grownFile, fs.readFileSync(grownFile, 'utf8').replace(grown.edits[0].replace, () => grown.edits[0].find));
      expect(patches.apply(dir).map((f) => f.state)).toEqual(['applied', 'applied now', 'applied']);
      expect(fs.readFileSync(grownFile, 'utf8')).toBe(fs.readFileSync(path.join(apolloRoot, grown.file), 'utf8'));

      const first = patches.inspect(dir)[0].patch.file;
      fs.writeFileSync(path.join(pkgDir, first), '// some other release\n');
      const mismatch = patches.apply(dir)[0];
      expect(mismatch.state).toBe('mismatch');
      expect(fs.readFileSync(path.join(pkgDir, first), 'utf8')).toBe('// some other release\n');

      const pkgJson = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
      fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ ...pkgJson, version: '9.9.9' }));
      expect(patches.inspect(dir).map((f) => f.state)).toEqual(['other-version', 'other-version', 'other-version']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hashes a query as before (the persisted-query and document-cache key)', () => {
    const query = 'query Wörter($ä: ID!) { product(id: $ä) { name } }';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const crypto = require('node:crypto') as typeof import('node:crypto') & { hash(algorithm: string, data: string, encoding: 'hex'): string };
    expect(crypto.hash('sha256', query, 'hex')).toBe(crypto.createHash('sha256').update(query).digest('hex'));
  });

  it('the gateway request context reads and writes the HTTP status of the request it wraps, as before', () => {
    const http = { status: undefined as number | undefined, headers: new HeaderMap() };
    const ctx = makeGatewayGraphQLRequestContext({ request: { query: '{ __typename }' }, response: { http } }, { logger: console, cache: null }, {});
    expect(ctx.response.http.status).toBeUndefined();
    ctx.response.http.status = 418;
    expect(http.status).toBe(418);
    http.status = 200;
    expect(ctx.response.http.status).toBe(200);
    ctx.response.http.headers.set('x-a', '1');
    expect(http.headers.get('x-a')).toBe('1');
    // `status` is now an accessor of the class rather than an own property: nothing here enumerates it.
    expect('status' in ctx.response.http && 'headers' in ctx.response.http).toBe(true);
  });

  it('builds the gateway context without a dictionary-mode object or a new hidden class per request', () => {
    const { sameMap, fastProperties } = natives();
    const make = () => makeGatewayGraphQLRequestContext({ request: {}, response: { http: { headers: new HeaderMap() } } }, { logger: console, cache: null }, {});
    let previous = make();
    let newShapes = 0;
    for (let i = 0; i < 200; i++) {
      const next = make();
      if (!sameMap(previous.response.http, next.response.http)) newShapes++;
      expect(fastProperties(next.response.http)).toBe(true);
      previous = next;
    }
    expect(newShapes).toBe(0);
  });

  it('(the V8 behaviour they work around: a spread then a key the source lacks gets a new hidden class each time)', () => {
    const { sameMap } = natives();
    const source = { a: 1 };
    const count = (make: () => object) => {
      let previous = make();
      let changes = 0;
      for (let i = 0; i < 200; i++) {
        const next = make();
        if (!sameMap(previous, next)) changes++;
        previous = next;
      }
      return changes;
    };
    // If a future Node fixes this, the first figure drops and the patches can go.
    expect(count(() => ({ ...source, extra: 1 }))).toBeGreaterThan(100);
    expect(count(() => Object.assign({}, source, { extra: 1 }))).toBe(0);
  });
});
