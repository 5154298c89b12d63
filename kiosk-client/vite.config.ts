import { createReadStream, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function packageRoot(name: string, entry: string): { dir: string; version: string } {
  let dir = path.dirname(require.resolve(entry));
  while (!existsSync(path.join(dir, 'package.json')) || JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) dir = path.dirname(dir);
  return { dir, version: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version };
}

const human = packageRoot('@vladmandic/human', '@vladmandic/human');
const wasm = packageRoot('@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-wasm');

/**
 * The pose (and face) models ship inside the @vladmandic/human npm package and the WASM binaries
 * inside @tensorflow/tfjs-backend-wasm: they are copied into the build under versioned paths, so
 * nothing is downloaded at run time and the hashed-asset cache rules apply.
 */
export const VENDOR_FILES: Record<string, string> = {
  ...Object.fromEntries(
    ['movenet-lightning.json', 'movenet-lightning.bin', 'blazeface.json', 'blazeface.bin', 'facemesh.json', 'facemesh.bin', 'faceres.json', 'faceres.bin'].map((f) => [
      `assets/human-${human.version}/models/${f}`,
      path.join(human.dir, 'models', f),
    ]),
  ),
  ...Object.fromEntries(
    ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((f) => [`assets/tfjs-wasm-${wasm.version}/${f}`, path.join(wasm.dir, 'dist', f)]),
  ),
};

function vendorFiles(): Plugin {
  return {
    name: 'mirrorfit-vendor-files',
    generateBundle() {
      for (const [fileName, from] of Object.entries(VENDOR_FILES)) this.emitFile({ type: 'asset', fileName, source: readFileSync(from) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = VENDOR_FILES[(req.url ?? '').split('?')[0].replace(/^\//, '')];
        if (!file) return next();
        res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
  };
}

/** Dev server: deep links (/app/claim, /merch/rules) load their app's page, as the API does in production. */
function spaFallback(): Plugin {
  return {
    name: 'mirrorfit-spa-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const match = /^\/(kiosk|merch|app)(\/[^.?]*)?(\?.*)?$/.exec(req.url ?? '');
        if (match) req.url = `/${match[1]}/index.html${match[3] ?? ''}`;
        next();
      });
    },
  };
}

const api = 'http://localhost:4000';

export default defineConfig({
  root: here,
  base: '/',
  define: {
    __HUMAN_VERSION__: JSON.stringify(human.version),
    __TFJS_WASM_VERSION__: JSON.stringify(wasm.version),
  },
  plugins: [react(), vendorFiles(), spaFallback()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        kiosk: path.join(here, 'kiosk/index.html'),
        merch: path.join(here, 'merch/index.html'),
        app: path.join(here, 'app/index.html'),
      },
    },
  },
  // `npm run dev -w kiosk-client` beside `npm start`: the API on :4000 behind the dev server.
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/renders': api,
      '/catalog': api,
      '/tryon': api,
      '/dev-sign-in': api,
      '/healthz': api,
    },
  },
});
