import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

/** A stand-in for Vite's multi-page build: one index.html per app and shared hashed assets. */
function fakeBuild(dir: string, apps = ['kiosk', 'merch', 'app']): void {
  for (const app of apps) {
    mkdirSync(path.join(dir, app), { recursive: true });
    writeFileSync(path.join(dir, app, 'index.html'), `<!doctype html><title>${app}</title><script type="module" src="/assets/${app}-abc123.js"></script>`);
  }
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'assets', 'kiosk-abc123.js'), 'console.log("mirror")');
  writeFileSync(path.join(dir, 'assets', 'shared-def456.css'), 'body{margin:0}');
  writeFileSync(path.join(dir, 'kiosk', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

describe('serving the front-ends', () => {
  let app: TestApp;
  let origin: string;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'mirrorfit-client-'));
    fakeBuild(dist, ['kiosk', 'app']);
    app = await createTestApp({ CLIENT_DIST_DIR: dist });
    origin = app.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (p: string, accept = 'text/html') => fetch(origin + p, { headers: { accept } });

  it.each(['/kiosk', '/kiosk/', '/kiosk/scan/step-2', '/app/claim', '/app/orders/123'])('answers %s with its app page, uncached, with security headers', async (p) => {
    const res = await get(p);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(self\)/);
    expect(await res.text()).toContain(`<title>${p.split('/')[1]}</title>`);
  });

  it('caches hashed assets for a year and refuses unknown ones', async () => {
    const js = await get('/assets/kiosk-abc123.js', '*/*');
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('/assets/shared-def456.css', 'text/css')).headers.get('content-type')).toMatch(/text\/css/);
    expect((await get('/assets/missing-000.js', '*/*')).status).toBe(404);
    expect((await get('/assets/..%2fkiosk%2findex.html', '*/*')).status).not.toBe(200);
  });

  it('serves an app’s own files, and a missing file is a 404 rather than the page', async () => {
    const icon = await get('/kiosk/icon.svg', 'image/*');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    expect((await get('/kiosk/missing.js', '*/*')).status).toBe(404);
  });

  it('answers 503 with how to build when an app is not built, and builds are picked up without a restart', async () => {
    const res = await get('/merch/rules');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/not built[\s\S]*npm run build/);
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
    fakeBuild(dist, ['merch']);
    const built = await get('/merch/rules');
    expect(built.status).toBe(200);
    expect(built.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
  });

  it('answers 503 for every app when the build folder is missing', async () => {
    const other = await app.startAnotherServer({ CLIENT_DIST_DIR: path.join(dist, 'nowhere') });
    const at = other.url.replace(/\/graphql$/, '');
    for (const p of ['/kiosk', '/merch', '/app/claim']) expect((await fetch(at + p)).status).toBe(503);
    expect((await fetch(at + '/healthz')).status).toBe(200);
    await other.stop();
  });

  it('leaves GraphQL, health and try-on routes alone', async () => {
    expect((await fetch(origin + '/healthz')).status).toBe(200);
    const gql = await app.gql(`{ __typename }`);
    expect(gql.errors).toBeUndefined();
    expect((await fetch(origin + '/renders/nothing.jpg?exp=1&sig=x')).status).not.toBe(200);
    expect((await fetch(origin + '/kiosk', { method: 'POST' })).status).toBe(404);
  });
});
