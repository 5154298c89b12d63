import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { repoRoot } from '../../src/common/repo-root';

/** Debian's Chromium (test tools' own browser downloads do not work here). `CHROMIUM_PATH` overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser specs need Chromium and the front-ends' build. Without Chromium they are skipped with a
 * warning, unless `REQUIRE_BROWSER=1` (CI), where a missing browser fails the run.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `Chromium not found at ${CHROMIUM}: browser specs skipped (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(message);
  console.warn(message);
  return false;
}

export function assertClientBuilt(): void {
  const index = path.join(repoRoot(), 'kiosk-client', 'dist', 'kiosk', 'index.html');
  if (!existsSync(index)) throw new Error(`The front-ends are not built (${index} missing): run npm run build`);
}

export const FIXTURES = path.join(repoRoot(), 'test', 'browser', 'fixtures');

/**
 * Headless Chromium. `camera`: an MJPEG file played by Chromium's fake camera (a real person photo
 * from fixtures/), or null for a machine with no camera at all. Camera permission is per context.
 */
export function launch(camera: string | null): Promise<Browser> {
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];
  if (camera) args.push('--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${path.join(FIXTURES, camera)}`);
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/** Screenshots kept as test artefacts (test-artifacts/ is not committed). */
export function artefacts(name: string): (page: Page, file: string) => Promise<void> {
  const dir = path.join(repoRoot(), 'test-artifacts', name);
  mkdirSync(dir, { recursive: true });
  return async (page, file) => {
    // Pictures still loading would show as blank tiles.
    await page
      .waitForFunction(
        () =>
          [...document.images].every((img) => {
            const r = img.getBoundingClientRect();
            const visible = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
            return !visible || img.complete;
          }),
        undefined,
        { timeout: 15_000 },
      )
      .catch(() => undefined);
    await page.screenshot({ path: path.join(dir, `${file}.png`), fullPage: false });
  };
}

/** Reads the QR code shown in an element, from its pixels, as a phone camera would. */
export async function readQr(page: Page, testId: string): Promise<string | null> {
  const png = await page.getByTestId(testId).screenshot();
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
  return code?.data ?? null;
}

/** Collects what the page logs as errors, for a readable failure. */
export function watchErrors(page: Page, into: string[]): void {
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
}
