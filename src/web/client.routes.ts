import { stat } from 'node:fs/promises';
import path from 'node:path';
import express, { Router } from 'express';

/** The front-ends in the build: each is a single-page app under its own path. */
export const CLIENT_APPS = ['kiosk', 'merch', 'app'] as const;
export type ClientApp = (typeof CLIENT_APPS)[number];

/** The mirror and the phone use the camera (scans, QR codes); the console does not. */
const USES_CAMERA: Record<ClientApp, boolean> = { kiosk: true, merch: false, app: true };

function securityHeaders(res: express.Response, app: ClientApp | null): void {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // Only framing is restricted here: the apps' own script, image and socket origins are theirs to declare.
    'Content-Security-Policy': "frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
  });
  if (app) res.set('Permissions-Policy', `camera=${USES_CAMERA[app] ? '(self)' : '()'}, microphone=(), geolocation=(), payment=(), usb=()`);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

const notBuilt = (app: ClientApp) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mirrorfit: front-end not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The Mirrorfit front-ends are not built</h1>
<p>The API is running, but <code>/${app}</code> has no build to serve. Build the front-ends with</p>
<pre>npm run build</pre>
<p>at the repository root (it writes <code>kiosk-client/dist/</code>; <code>CLIENT_DIST_DIR</code> points elsewhere), then reload this page.</p>
</body></html>
`;

/**
 * Serves the front-ends' production build from `distDir`: `/kiosk`, `/merch` and `/app` and every path
 * under them answer their app's `index.html` (client-side routing), uncached so that a new build is
 * picked up at once; Vite's content-hashed `/assets/*` are cached for a year. Missing builds answer 503
 * with how to build them; the build is looked for on each request, so building needs no restart.
 */
export function clientRoutes(options: { distDir: string }): Router {
  const { distDir } = options;
  const router = Router();

  const assets = express.static(path.join(distDir, 'assets'), { index: false, redirect: false, immutable: true, maxAge: '365d', fallthrough: true });
  router.use('/assets', (req, res) => {
    securityHeaders(res, null);
    assets(req, res, () => {
      res.status(404).type('text/plain').set('Cache-Control', 'no-cache').send('Not found\n');
    });
  });

  for (const app of CLIENT_APPS) {
    const root = path.join(distDir, app);
    const index = path.join(root, 'index.html');
    // Other files of an app's folder (icons, manifest) are not content-hashed: revalidated on every use.
    const files = express.static(root, { index: false, redirect: false, cacheControl: false, fallthrough: true, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') });
    router.use(`/${app}`, (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      securityHeaders(res, app);
      void (async () => {
        if (!(await isFile(index))) {
          res.status(503).type('html').set('Cache-Control', 'no-store').send(notBuilt(app));
          return;
        }
        files(req, res, () => {
          // A missing script or image is a 404, not the app's page; a page address is the app.
          const last = req.path.split('/').pop() ?? '';
          if (/\.[A-Za-z0-9]+$/.test(last) && !(req.headers.accept ?? '').includes('text/html')) {
            res.status(404).type('text/plain').set('Cache-Control', 'no-cache').send('Not found\n');
            return;
          }
          res.sendFile(index, { cacheControl: false, headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'text/html; charset=utf-8' } }, (error) => {
            if (error && !res.headersSent) next(error);
          });
        });
      })().catch(next);
    });
  }
  return router;
}
