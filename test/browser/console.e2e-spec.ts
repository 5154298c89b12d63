/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Page functions passed to page.evaluate/waitForFunction run in the browser.
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { seedDemoData } from '../../src/demo/demo-seeder';
import { drawGarment } from '../../src/tryon/garment-asset.generator';
import { createTestApp, TestApp } from '../support/test-app';
import { artefacts, assertClientBuilt, auditReadability, browserAvailable, launch, Violation } from './browser-support';

const run = browserAvailable() ? describe : describe.skip;
const shot = artefacts('console');

/** The merchandiser console in Chromium: rules draft -> preview -> publish, training progress, a garment image with its anchors. */
run('browser: the merchandiser console', () => {
  let app: TestApp;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const unreadable: (Violation & { screen: string })[] = [];

  async function screen(name: string): Promise<void> {
    await shot(page, name);
    unreadable.push(...(await auditReadability(page, { minFontPx: 12, minTargetPx: 24 })).map((v) => ({ screen: name, ...v })));
  }

  beforeAll(async () => {
    assertClientBuilt();
    app = await createTestApp();
    origin = app.url.replace(/\/graphql$/, '');
    await seedDemoData(app.dataSource);
    browser = await launch(null);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${origin}/merch`);
    await page.getByTestId('sign-in-account').first().click();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('trains a model and follows its progress live', async () => {
    await page.getByTestId('nav-training').click();
    await page.getByTestId('train-model').click();
    const progress = page.getByTestId('training-progress');
    await progress.waitFor();
    await screen('01-training-progress');
    await page.locator('[data-testid=training-progress][data-status=READY]').waitFor({ timeout: 120_000 });
    await page.getByTestId('model-row').first().waitFor();
    await screen('02-training-ready');
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM rec_model`);
    expect(n).toBeGreaterThan(0);
  }, 150_000);

  it('excludes a brand in the draft, shows draft vs published, publishes it', async () => {
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-preview').waitFor();
    // Exclude the brand at the top of the first published list.
    const brand = (await page.locator('[data-testid=preview-column][data-kind=published] li').first().getAttribute('data-brand'))!;
    expect(brand).toBeTruthy();
    await page.getByRole('button', { name: '+ Add exclusion' }).click();
    await page.getByTestId('exclusion-row').getByLabel('Brand').fill(brand);
    await page.getByTestId('draft-save-status').filter({ hasText: /^Draft saved/ }).waitFor({ timeout: 30_000 });
    // The preview follows the saved draft: the brand gone from every draft list, still in the published ones.
    await page.waitForFunction(
      (b) => {
        const brands = (kind: string) => [...document.querySelectorAll(`[data-testid=preview-column][data-kind=${kind}] li`)].map((li) => li.getAttribute('data-brand'));
        const draft = brands('draft');
        return draft.length > 0 && !draft.includes(b) && brands('published').includes(b);
      },
      brand,
      { timeout: 30_000 },
    );
    await screen('03-rules-draft-preview');
    await page.locator('[data-testid=publish-draft]:enabled').click();
    await page.getByText('Published', { exact: true }).first().waitFor({ timeout: 30_000 });
    await screen('04-rules-published');
    const [published] = await app.dataSource.query(`SELECT rules FROM rec_config WHERE status = 'PUBLISHED' ORDER BY version DESC LIMIT 1`);
    expect(JSON.stringify(published.rules)).toContain(brand);
  }, 120_000);

  it('pins past the brand cap: the draft saves with a warning, shown again when the console is opened anew', async () => {
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-preview').waitFor();
    // Two products of one brand that no published rule names (the brand excluded above would add a warning of its own).
    const [published] = await app.dataSource.query(`SELECT rules::text AS rules FROM rec_config WHERE status = 'PUBLISHED' ORDER BY version DESC LIMIT 1`);
    const [{ brand }] = await app.dataSource.query(
      `SELECT brand FROM product GROUP BY brand HAVING count(*) >= 2 AND strpos(lower($1), lower(brand)) = 0 ORDER BY brand LIMIT 1`,
      [published?.rules ?? ''],
    );
    const products: { name: string; sku: string }[] = await app.dataSource.query(`SELECT name, sku FROM product WHERE brand = $1 ORDER BY sku LIMIT 2`, [brand]);

    await page.getByRole('spinbutton', { name: 'Max per brand' }).fill('1');
    for (const [i, { name, sku }] of products.entries()) {
      await page.getByRole('button', { name: '+ Add pin' }).click();
      const row = page.getByTestId('pin-row').nth(i);
      // The picker searches names, brands and descriptions; each option shows the SKU.
      await row.getByRole('combobox', { name: 'Product' }).fill(name);
      await page.getByRole('option').filter({ hasText: sku }).click();
      await row.getByRole('spinbutton', { name: 'Position' }).fill(String(i + 1));
    }
    const expected = `MIRROR_HOME pins in every store show 2 items of brand ${brand}, more than maxPerBrand (1)`;
    const warnings = page.getByTestId('rules-warnings');
    await warnings.filter({ hasText: expected }).waitFor({ timeout: 30_000 });
    await page.getByTestId('draft-save-status').filter({ hasText: /^Draft saved/ }).waitFor();
    // Warnings do not block publishing: they are a choice the merchandiser made.
    await page.locator('[data-testid=publish-draft]:enabled').waitFor();
    await warnings.scrollIntoViewIfNeeded();
    await screen('04b-rules-pin-warning');

    // Opened anew, the console reads the draft from the list of versions: the warning is there before any edit.
    await page.reload();
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('pin-row').nth(1).waitFor();
    await page.getByTestId('rules-warnings').filter({ hasText: expected }).waitFor();
    expect(await page.getByTestId('draft-save-status').textContent()).toBe('No unsaved changes');

    // Discarded, the warning goes with the draft.
    await page.getByRole('button', { name: 'Discard draft' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Discard', exact: true }).click();
    await page.getByTestId('rules-warnings').waitFor({ state: 'detached' });
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM rec_config WHERE status = 'DRAFT'`);
    expect(n).toBe(0);
  }, 120_000);

  it('uploads a garment image with its anchors placed by clicking, and the catalogue picture changes', async () => {
    await page.getByTestId('nav-assets').click();
    const picker = page.getByTestId('asset-product');
    await picker.fill('t-shirt');
    await page.getByRole('option').first().click();
    const before = await page.getByTestId('catalogue-picture').getAttribute('src');
    expect(await page.getByTestId('asset-source').textContent()).toBe('Generated');

    const tee = drawGarment({ garmentType: 'TOP', categoryPath: 'apparel/tops/t-shirts', colour: 'Sand', gender: 'MEN', fitType: 'REGULAR' });
    const png = await sharp(Buffer.from(tee.svg)).png().toBuffer();
    const { width } = await sharp(png).metadata();
    await page.getByTestId('asset-file').setInputFiles({ name: 'sand-tee.png', mimeType: 'image/png', buffer: png });
    const surface = page.getByTestId('anchor-surface');
    await surface.waitFor();
    const box = (await surface.boundingBox())!;
    const scale = box.width / width!;
    // Each anchor the console asks for, at the point the drawing put it.
    for (let i = 0; i < 20; i++) {
      const next = (await page.getByTestId('anchor-next').textContent()) ?? '';
      const asked = /Click the (.+?):/.exec(next)?.[1];
      if (!asked || /optional/.test(next)) break;
      const key = asked.replace(/ /g, '_') as keyof typeof tee.anchors;
      const p = tee.anchors[key];
      if (!p) throw new Error(`the drawing has no ${asked}`);
      await page.mouse.click(box.x + p.x * scale, box.y + p.y * scale);
    }
    await screen('05-asset-anchors');
    await page.locator('[data-testid=asset-upload]:enabled').click();
    await page.getByTestId('asset-stored').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=asset-source]', { hasText: 'Uploaded' }).waitFor();
    await screen('06-asset-stored');
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM garment_asset`);
    expect(n).toBe(1);
    expect(await page.getByTestId('catalogue-picture').getAttribute('src')).toBeTruthy();
    expect(before).toBeTruthy();
    expect(unreadable).toEqual([]);
  }, 120_000);
});
