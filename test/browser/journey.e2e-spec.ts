/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Page functions passed to page.evaluate/waitForFunction run in the browser.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemoData } from '../../src/demo/demo-seeder';
import { DEMO_STORES } from '../../src/demo/demo-people';
import { createTestApp, TestApp } from '../support/test-app';
import { artefacts, assertClientBuilt, auditReadability, browserAvailable, launch, readQr, Violation, watchErrors } from './browser-support';

const run = browserAvailable() ? describe : describe.skip;
const shot = artefacts('journey');

/**
 * The whole OMO journey in real Chromium against the real server and the demo retailer: the mirror
 * (camera fed from a real person photo, pose detected in the browser) -> scan -> size advice ->
 * try-on -> recommendations -> cart -> hand-off QR read from the screen pixels and claimed on the
 * phone in a second browser context -> checkout -> the order in the console.
 */
run('browser journey: mirror -> phone -> console', () => {
  let app: TestApp;
  let origin: string;
  let browser: Browser;
  let kioskToken: string;
  const errors: string[] = [];
  const unreadable: (Violation & { screen: string })[] = [];

  /** A screenshot kept as an artefact, and the readability audit of what it shows. */
  async function screen(page: Page, name: string, kind: 'kiosk' | 'phone' | 'desk'): Promise<void> {
    await shot(page, name);
    const limits = kind === 'kiosk' ? { minFontPx: 24, minTargetPx: 80 } : kind === 'phone' ? { minFontPx: 14, minTargetPx: 44 } : { minFontPx: 12, minTargetPx: 24 };
    unreadable.push(...(await auditReadability(page, limits)).map((v) => ({ screen: name, ...v })));
  }

  beforeAll(async () => {
    assertClientBuilt();
    app = await createTestApp();
    origin = app.url.replace(/\/graphql$/, '');
    await seedDemoData(app.dataSource);
    const [berlin] = await app.dataSource.query(`SELECT id FROM store WHERE code = $1`, [DEMO_STORES[0].code]);
    kioskToken = (await app.kioskToken(berlin.id, 'Journey mirror')).token;
    browser = await launch('front-1.mjpeg');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function context(kind: 'kiosk' | 'phone' | 'desk', permissions: string[] = []): Promise<BrowserContext> {
    const viewport = kind === 'kiosk' ? { width: 1080, height: 1920 } : kind === 'phone' ? { width: 390, height: 844 } : { width: 1440, height: 900 };
    return browser.newContext({ viewport, permissions, isMobile: kind === 'phone', hasTouch: kind !== 'desk', deviceScaleFactor: 1 });
  }

  async function signInWithDemoAccount(page: Page): Promise<void> {
    await page.getByTestId('sign-in-account').first().click();
  }

  it('attract -> scan -> advice -> try-on -> recommendation -> cart -> hand-off claimed on the phone -> checkout -> order in the console', async () => {
    // --- The mirror --------------------------------------------------------------------------
    const kioskCtx = await context('kiosk', ['camera']);
    const kiosk = await kioskCtx.newPage();
    watchErrors(kiosk, errors);
    await kiosk.goto(`${origin}/kiosk#pair=${kioskToken}`);
    await kiosk.getByTestId('attract-screen').waitFor();
    expect(kiosk.url()).not.toContain('pair='); // the credential leaves the address bar
    await screen(kiosk, '01-kiosk-attract', 'kiosk');

    // Keyboard operable: the first Tab reaches the start button, Enter starts.
    await kiosk.keyboard.press('Tab');
    expect(await kiosk.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('attract-start');
    await kiosk.keyboard.press('Enter');
    await kiosk.getByTestId('scan-height').fill('178');
    await kiosk.getByTestId('scan-sex-m').click();
    await screen(kiosk, '02-kiosk-scan-details', 'kiosk');
    await kiosk.getByTestId('scan-continue').click();
    await kiosk.getByTestId('scan-guidance').waitFor({ timeout: 60_000 });
    await screen(kiosk, '03-kiosk-scanning', 'kiosk');
    await kiosk.getByTestId('body-profile').waitFor({ timeout: 120_000 });
    const sessionId: string = (await app.dataSource.query(`SELECT s.id FROM kiosk_session s JOIN kiosk k ON k.id = s.kiosk_id WHERE k.label = 'Journey mirror' AND s.status = 'ACTIVE'`))[0].id;
    const [scan] = await app.dataSource.query(`SELECT count(*)::int AS n FROM body_scan WHERE session_id = $1`, [sessionId]);
    expect(scan.n).toBe(1);
    await kiosk.getByTestId('recs-rail').locator('[data-testid=rec-card]').first().waitFor();
    await screen(kiosk, '04-kiosk-body-profile', 'kiosk');

    // Size advice for the first recommendation (the rail only holds what is in stock here in the customer's size), then try it on.
    expect(await kiosk.getByTestId('recs-rail').getAttribute('data-placement')).toBe('MIRROR_HOME');
    const homeRecs = await kiosk.locator('[data-testid=rec-card]').evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));
    expect(homeRecs.length).toBeGreaterThan(0);
    await kiosk.locator('[data-testid=recs-rail] [data-testid=rec-card]').first().click();
    const advice = kiosk.getByTestId('size-advice');
    await advice.waitFor();
    expect(await advice.getAttribute('data-size')).toMatch(/\S/);
    await kiosk.waitForFunction(() => document.querySelector<HTMLImageElement>('[data-testid=product-image]')?.complete === true);
    await kiosk.locator('[data-testid=try-on-button]:enabled').waitFor();
    await screen(kiosk, '05-kiosk-size-advice', 'kiosk');

    const triedProduct = await kiosk.getByTestId('product-sheet').getAttribute('data-product-id');
    await kiosk.getByTestId('try-on-button').click();
    await kiosk.getByTestId('tryon-image').waitFor({ timeout: 60_000 });
    await kiosk.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=tryon-image]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await kiosk.getByTestId('tryon-item').count()).toBe(1);
    await screen(kiosk, '06-kiosk-try-on', 'kiosk');

    // The rail reacts to the try-on at once.
    await kiosk.locator('[data-testid=recs-rail][data-placement=AFTER_TRY_ON] [data-testid=rec-card]').first().waitFor();
    const [tried] = await app.dataSource.query(`SELECT count(*)::int AS n FROM interaction_event WHERE session_id = $1 AND kind = 'TRY_ON'`, [sessionId]);
    expect(tried.n).toBe(1);
    await kiosk.getByTestId('recs-rail').scrollIntoViewIfNeeded();
    await screen(kiosk, '07-kiosk-recommendations-after-try-on', 'kiosk');

    // A recommendation into the cart too.
    await kiosk.locator(`[data-testid=recs-rail] [data-testid=rec-card]:not([data-product-id="${triedProduct}"])`).first().click();
    // The advised size is preselected, and in stock here (the rail holds nothing else).
    await kiosk.getByTestId('size-advice').waitFor();
    await kiosk.locator('[data-testid=add-to-cart]:enabled').click();
    await kiosk.getByTestId('added-to-cart').waitFor();
    await kiosk.getByTestId('product-sheet').getByRole('button', { name: 'Close', exact: true }).click();
    await kiosk.getByTestId('product-sheet').waitFor({ state: 'detached' });
    await kiosk.getByTestId('tryon-add-to-cart').click();
    await kiosk.getByTestId('tryon-added').waitFor();
    expect(await kiosk.getByTestId('tryon-added').textContent()).toBe('Added to your cart');

    await kiosk.getByTestId('cart-button').click();
    await kiosk.getByTestId('cart-lines').waitFor();
    expect(await kiosk.getByTestId('cart-line').count()).toBe(2);
    await screen(kiosk, '08-kiosk-cart', 'kiosk');
    await kiosk.getByTestId('send-to-phone').click();
    await kiosk.getByTestId('handoff-qr').locator('svg').waitFor();
    await screen(kiosk, '09-kiosk-handoff-qr', 'kiosk');
    const qr = await readQr(kiosk, 'handoff-qr');
    expect(qr).toBe(await kiosk.getByTestId('handoff-qr').getAttribute('data-qr-payload'));
    const token = new URL(qr!).hash.slice(1);
    expect(token.length).toBeGreaterThan(20);

    // --- The phone: a second browser context, as the customer's own device -------------------
    const phoneCtx = await context('phone');
    const phone = await phoneCtx.newPage();
    watchErrors(phone, errors);
    await phone.goto(`${origin}/app/claim#${token}`);
    await signInWithDemoAccount(phone);
    await phone.getByTestId('handoff-preview').waitFor();
    await screen(phone, '10-app-handoff-preview', 'phone');
    await kiosk.getByTestId('handoff-claimed').waitFor();
    await screen(kiosk, '11-kiosk-handoff-claimed', 'kiosk');

    await phone.getByTestId('confirm-handoff').click();
    await phone.getByTestId('fulfillment-pickup').click();
    await screen(phone, '12-app-checkout', 'phone');
    await phone.getByTestId('place-order').click();
    const confirmation = phone.getByTestId('order-confirmation');
    await confirmation.waitFor({ timeout: 30_000 });
    const orderId = await confirmation.getAttribute('data-order-id');
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    await screen(phone, '13-app-order-confirmation', 'phone');
    const [order] = await app.dataSource.query(`SELECT channel, status FROM customer_order WHERE id = $1`, [orderId]);
    expect(order).toMatchObject({ channel: 'KIOSK_HANDOFF' });
    await kiosk.getByTestId('handoff-confirmed').waitFor();
    await screen(kiosk, '14-kiosk-handoff-confirmed', 'kiosk');

    // --- The mirror wipes the visit (it would by itself 8 s after the confirmation) -----------
    await kiosk.getByRole('button', { name: 'Finish now' }).click();
    await kiosk.getByTestId('wiped-screen').waitFor();
    await screen(kiosk, '15-kiosk-wiped', 'kiosk');
    await kiosk.getByTestId('attract-screen').waitFor({ timeout: 10_000 });
    const [ended] = await app.dataSource.query(`SELECT status FROM kiosk_session WHERE id = $1`, [sessionId]);
    expect(ended.status).not.toBe('ACTIVE');

    // The order is among the phone's orders.
    await phone.getByTestId('nav-orders').click();
    await phone.locator(`[data-testid=order-row][data-order-id="${orderId}"]`).waitFor();
    await screen(phone, '16-app-orders', 'phone');

    // --- The console -------------------------------------------------------------------------
    const deskCtx = await context('desk');
    const desk = await deskCtx.newPage();
    watchErrors(desk, errors);
    await desk.goto(`${origin}/merch`);
    await signInWithDemoAccount(desk);
    await desk.getByTestId('nav-orders').click();
    await desk.locator(`[data-testid=order-row][data-order-id="${orderId}"]`).waitFor();
    await screen(desk, '17-console-orders', 'desk');
    await desk.getByTestId('nav-activity').click();
    await desk.getByTestId('activity-charts').waitFor();
    await screen(desk, '18-console-activity', 'desk');

    expect(errors).toEqual([]);
    expect(unreadable).toEqual([]);
    await Promise.all([kioskCtx.close(), phoneCtx.close(), deskCtx.close()]);
  }, 360_000);
});
