/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Page functions passed to page.evaluate/waitForFunction run in the browser.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { repoRoot } from '../../src/common/repo-root';
import { DEMO_STORES } from '../../src/demo/demo-people';
import { seedDemoData } from '../../src/demo/demo-seeder';
import { createTestApp, TestApp } from '../support/test-app';

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

export interface Violation {
  rule: 'text-size' | 'target-size' | 'contrast';
  text: string;
  value: number;
}

/**
 * Readability on the mirror, checked on what is on screen: text at least `minFontPx` (read from
 * about 1 m), touch targets at least `minTargetPx` high, text contrast per WCAG 2 (4.5:1, or 3:1
 * for large text) against the nearest solid background (text over pictures or gradients is skipped).
 */
export async function auditReadability(page: Page, options: { minFontPx: number; minTargetPx: number }): Promise<Violation[]> {
  return page.evaluate(({ minFontPx, minTargetPx }) => {
    const out: { rule: 'text-size' | 'target-size' | 'contrast'; text: string; value: number }[] = [];
    const parse = (c: string): [number, number, number, number] | null => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && s.visibility !== 'hidden' && Number(s.opacity) > 0.1;
    };
    const background = (el: Element | null): number[] | null => {
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== 'none' || e.tagName === 'VIDEO' || e.tagName === 'IMG' || e.tagName === 'CANVAS') return null;
        const c = parse(s.backgroundColor);
        if (c && c[3] >= 0.99) return c;
        if (c && c[3] > 0.05) return null; // translucent layers: not computed here
      }
      return [255, 255, 255, 1];
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim() || !visible(el) || el.closest('[aria-hidden=true], svg, script, style')) continue;
      if (el.closest('[aria-disabled=true], :disabled, .Mui-disabled')) continue; // disabled controls are exempt (WCAG 1.4.3)
      seen.add(el);
      const s = getComputedStyle(el);
      const size = parseFloat(s.fontSize);
      const text = n.textContent.trim().slice(0, 60);
      if (size < minFontPx) out.push({ rule: 'text-size', text, value: size });
      const fg = parse(s.color);
      const bg = background(el);
      if (fg && bg) {
        const [a, b] = [lum(fg) + 0.05, lum(bg) + 0.05];
        const ratio = Math.max(a, b) / Math.min(a, b);
        const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5)) out.push({ rule: 'contrast', text, value: Math.round(ratio * 100) / 100 });
      }
    }
    for (const el of document.querySelectorAll('button, [role=button], a[href], input, [role=tab], [role=radio]')) {
      if (!visible(el) || el.closest('[aria-hidden=true]')) continue;
      const h = el.getBoundingClientRect().height;
      if (h < minTargetPx) out.push({ rule: 'target-size', text: (el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 60), value: Math.round(h) });
    }
    return out;
  }, options);
}

/**
 * What the mirror specs start from: a test server with the demo retailer seeded (the front-ends built),
 * its origin, the first demo store and a kiosk token for a mirror there labelled `mirrorLabel`.
 */
export async function demoAppWithMirror(mirrorLabel: string): Promise<{ app: TestApp; origin: string; storeId: string; kioskToken: string }> {
  assertClientBuilt();
  const app = await createTestApp();
  try {
    await seedDemoData(app.dataSource);
    const storeId: string = (await app.dataSource.query(`SELECT id FROM store WHERE code = $1`, [DEMO_STORES[0].code]))[0].id;
    const kioskToken = (await app.kioskToken(storeId, mirrorLabel)).token;
    return { app, origin: app.url.replace(/\/graphql$/, ''), storeId, kioskToken };
  } catch (error) {
    await app.close();
    throw error;
  }
}
