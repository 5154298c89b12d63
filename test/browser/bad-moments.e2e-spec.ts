import type { Browser, Page } from 'playwright-core';
import { TestApp } from '../support/test-app';
import { artefacts, browserAvailable, demoAppWithMirror, launch } from './browser-support';

const run = browserAvailable() ? describe : describe.skip;
const shot = artefacts('bad-moments');

/** Each bad moment on screen, with a clear message and a way on. */
run('browser: bad moments on the mirror and the phone', () => {
  let app: TestApp;
  let origin: string;
  let kioskToken: string;
  let storeId: string;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    ({ app, origin, storeId, kioskToken } = await demoAppWithMirror('Bad-moments mirror'));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await app?.close();
  });

  async function mirror(camera: string | null, options: { camera?: boolean; at?: string; query?: string } = {}): Promise<Page> {
    const browser = await launch(camera);
    browsers.push(browser);
    const ctx = await browser.newContext({ viewport: { width: 1080, height: 1920 }, permissions: options.camera === false ? [] : ['camera'], hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(`${options.at ?? origin}/kiosk${options.query ?? ''}#pair=${kioskToken}`);
    await page.getByTestId('attract-start').click();
    return page;
  }

  async function details(page: Page): Promise<void> {
    await page.getByTestId('scan-height').fill('178');
    await page.getByTestId('scan-sex-m').click();
    await page.getByTestId('scan-continue').click();
  }

  async function typeMeasurements(page: Page): Promise<void> {
    await page.getByTestId('measure-screen').waitFor();
    await page.getByRole('button', { name: 'Men’s', exact: true }).click();
    for (const [key, value] of Object.entries({ heightCm: '178', chestCm: '100', waistCm: '86', hipCm: '101', inseamCm: '82', footLengthCm: '27' })) {
      await page.getByTestId(`measure-${key}`).fill(value);
    }
    await page.getByTestId('measure-submit').click();
    await page.getByTestId('body-profile').waitFor();
  }

  it('camera blocked: says so and offers typed measurements, which work', async () => {
    const page = await mirror('front-1.mjpeg', { camera: false });
    await details(page);
    const error = page.getByTestId('camera-error');
    await error.waitFor();
    expect(await error.getAttribute('data-reason')).toBe('denied');
    expect(await error.textContent()).toContain('The camera is blocked');
    await shot(page, '01-camera-denied');
    await error.getByTestId('type-measurements').click();
    await typeMeasurements(page);
    await shot(page, '02-typed-measurements-profile');
  }, 120_000);

  it('no camera on the machine: says so and offers typed measurements', async () => {
    const page = await mirror(null);
    await details(page);
    const error = page.getByTestId('camera-error');
    await error.waitFor();
    expect(await error.getAttribute('data-reason')).toBe('absent');
    await shot(page, '03-camera-absent');
    await error.getByTestId('type-measurements').click();
    await page.getByTestId('measure-screen').waitFor();
  }, 120_000);

  it('nobody in view: live guidance, then "we can\'t see anyone" with a way on', async () => {
    const page = await mirror('empty-room.mjpeg');
    await details(page);
    await page.getByTestId('scan-guidance').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('scan-guidance').textContent()).toContain('Step in front of the mirror');
    await page.getByTestId('scan-nobody').waitFor({ timeout: 60_000 });
    await shot(page, '04-nobody-detected');
    // Nothing was sent: no scan for this session.
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM body_scan b JOIN kiosk_session s ON s.id = b.session_id JOIN kiosk k ON k.id = s.kiosk_id WHERE k.label = 'Bad-moments mirror' AND s.status = 'ACTIVE'`);
    expect(n).toBe(0);
    await page.getByTestId('scan-nobody').getByTestId('type-measurements').click();
    await page.getByTestId('measure-screen').waitFor();
  }, 120_000);

  it('scan rejected by the server (a yoga lunge): the reasons and the hint, and a way on', async () => {
    const page = await mirror('front-3.mjpeg');
    await details(page);
    const rejected = page.getByTestId('scan-rejected');
    await rejected.waitFor({ timeout: 90_000 });
    expect((await rejected.textContent())!.length).toBeGreaterThan(20);
    await shot(page, '05-scan-rejected');
    await expect(rejected.getByTestId('scan-retry').isVisible()).resolves.toBe(true);
    await rejected.getByTestId('type-measurements').click();
    await page.getByTestId('measure-screen').waitFor();
  }, 150_000);

  it('camera frame refused for try-on (customer too far away in it): the hint, a way to scan again, and try-ons on the figure', async () => {
    const page = await mirror('front-1.mjpeg');
    // The scan itself passes; the frame sent after it carries the same keypoints drawn towards their
    // centre at a tenth of their size, as if the customer stood far back, so the server refuses it.
    let uploads = 0;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { query: string; variables: { input?: { keypoints?: { x: number; y: number }[] } } };
      const keypoints = body.query.includes('uploadSessionFrame') ? body.variables.input?.keypoints : undefined;
      if (!keypoints) return route.continue();
      uploads++;
      const cx = keypoints.reduce((s, k) => s + k.x, 0) / keypoints.length;
      const cy = keypoints.reduce((s, k) => s + k.y, 0) / keypoints.length;
      for (const k of keypoints) Object.assign(k, { x: cx + (k.x - cx) / 10, y: cy + (k.y - cy) / 10 });
      await route.continue({ postData: JSON.stringify(body) });
    });
    await details(page);
    const refused = page.getByTestId('frame-refused');
    await refused.waitFor({ timeout: 120_000 });
    expect(uploads).toBe(1);
    expect(await refused.getAttribute('data-codes')).toBe('TOO_FAR');
    expect(await refused.locator('.MuiAlertTitle-root').textContent()).toBe('Come a little closer');
    await expect(refused.getByTestId('frame-rescan').isVisible()).resolves.toBe(true);
    await page.getByTestId('body-profile').waitFor();
    await shot(page, '05b-frame-refused');

    // The try-on still works, on the figure.
    await page.locator('[data-testid=recs-rail] [data-testid=rec-card]').first().click();
    await page.locator('[data-testid=try-on-button]:enabled').click();
    const image = page.getByTestId('tryon-image');
    await image.waitFor({ timeout: 60_000 });
    expect(await image.getAttribute('data-mode')).toBe('FIGURE');
    await refused.getByTestId('frame-refused-ok').click();
    await refused.waitFor({ state: 'detached' });
  }, 180_000);

  it('API unreachable: a banner that keeps trying, and the screen carries on when the API is back', async () => {
    const page = await mirror(null);
    await page.getByTestId('type-measurements').click();
    await typeMeasurements(page);
    await page.context().route('**/graphql', (route) => route.abort('connectionrefused'));
    await page.getByTestId('catalogue-SHOES').click();
    const banner = page.getByTestId('api-unreachable');
    await banner.waitFor();
    await shot(page, '06-api-unreachable');
    await page.context().unroute('**/graphql');
    await banner.getByRole('button', { name: 'Try again' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.getByTestId('catalogue-TOP').click();
    await page.locator('[data-testid=product-card][data-garment-type=TOP]').first().waitFor();
  }, 120_000);

  it('hand-off expired: the mirror says so and makes a new code; the phone refuses the old one', async () => {
    const short = await app.startAnotherServer({ HANDOFF_TTL_SECONDS: '10' });
    try {
      const shortOrigin = short.url.replace(/\/graphql$/, '');
      const page = await mirror(null, { at: shortOrigin });
      await page.getByTestId('type-measurements').click();
      await typeMeasurements(page);
      await page.locator('[data-testid=recs-rail] [data-testid=rec-card]').first().click();
      await page.locator('[data-testid=size-option]:not([data-available="0"])').first().click();
      await page.getByTestId('add-to-cart').click();
      await page.getByTestId('added-to-cart').waitFor();
      await page.getByTestId('product-sheet').getByRole('button', { name: 'Close', exact: true }).click();
      await page.getByTestId('cart-button').click();
      await page.getByTestId('send-to-phone').click();
      const qr = page.getByTestId('handoff-qr');
      await qr.waitFor();
      const oldToken = new URL((await qr.getAttribute('data-qr-payload'))!).hash.slice(1);
      await page.getByTestId('handoff-expired').waitFor({ timeout: 20_000 });
      await shot(page, '07-kiosk-handoff-expired');
      await page.getByTestId('handoff-new-code').click();
      await page.getByTestId('handoff-qr').waitFor();
      expect(new URL((await page.getByTestId('handoff-qr').getAttribute('data-qr-payload'))!).hash.slice(1)).not.toBe(oldToken);

      const phoneBrowser = await launch(null);
      browsers.push(phoneBrowser);
      const phone = await (await phoneBrowser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
      await phone.goto(`${shortOrigin}/app/claim#${oldToken}`);
      await phone.getByTestId('sign-in-account').first().click();
      await phone.getByTestId('handoff-expired').waitFor();
      await shot(phone, '08-app-handoff-expired');
    } finally {
      await short.stop();
    }
  }, 150_000);

  it('a hand-off that would pass 10 of an item: the phone says what did not fit, and the mirror’s cart keeps it', async () => {
    // Member Shay already has 7 of a variant in the app; the mirror's cart holds 6 of the same.
    const [variant] = await app.dataSource.query(
      `WITH u AS (UPDATE inventory SET on_hand = 20, reserved = 0 WHERE (store_id, variant_id) = (SELECT store_id, variant_id FROM inventory WHERE store_id = $1 ORDER BY variant_id LIMIT 1) RETURNING variant_id) SELECT variant_id AS id FROM u`,
      [storeId],
    );
    const member = await app.customerToken('shortfall-shay', { name: 'Shortfall Shay' });
    const mine = await app.gql(`mutation($v: ID!) { addToMyCart(variantId: $v, quantity: 7) { __typename } }`, { v: variant.id }, member);
    expect(mine).toEqual({ data: { addToMyCart: { __typename: "Cart" } }, status: 200 });
    const session = (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, kioskToken)).data!.startKioskSession.id;
    const added = await app.gql<{ addToCart: { id: string } }>(`mutation($s: ID!, $v: ID!) { addToCart(sessionId: $s, variantId: $v, quantity: 6) { ... on Cart { id } } }`, { s: session, v: variant.id }, kioskToken);
    const handoff = await app.gql<{ createCartHandoff: { qrPayload: string } }>(`mutation($c: ID!) { createCartHandoff(cartId: $c) { ... on CartHandoff { qrPayload } } }`, { c: added.data!.addToCart.id }, kioskToken);
    const token = new URL(handoff.data!.createCartHandoff.qrPayload).hash.slice(1);

    const phoneBrowser = await launch(null);
    browsers.push(phoneBrowser);
    const phone = await (await phoneBrowser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    await phone.goto(`${origin}/app/claim#${token}`);
    await phone.getByTestId('sign-in-search').fill('Shortfall');
    await phone.getByTestId('sign-in-account').filter({ hasText: 'Shortfall Shay' }).click();
    await phone.getByTestId('confirm-handoff').click();
    const notice = phone.getByTestId('cart-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/You already had 7 of .+; a line holds at most 10, so 3 of the 6 from the mirror were not added\./);
    await shot(phone, '09-app-handoff-shortfall');
    // The app cart holds 10; the mirror's cart still has its 6 (nothing of it is deleted).
    const quantities = await app.dataSource.query(
      `SELECT (c.session_id IS NOT NULL) AS mirror, l.quantity FROM cart_line l JOIN cart c ON c.id = l.cart_id WHERE (c.session_id = $1 OR c.customer_id = (SELECT customer_id FROM cart WHERE session_id = $1)) AND l.variant_id = $2 ORDER BY 1`,
      [session, variant.id],
    );
    expect(quantities).toEqual([
      { mirror: false, quantity: 10 },
      { mirror: true, quantity: 6 },
    ]);
    // Shown once: back on the cart later, the notice is gone.
    await phone.reload();
    await phone.getByTestId('cart-total').waitFor();
    expect(await phone.getByTestId('cart-notice').count()).toBe(0);
  }, 120_000);

  it('nobody touches the mirror: it asks, then wipes the visit and returns to attract', async () => {
    const page = await mirror(null, { query: '?idle=5' });
    await page.getByTestId('type-measurements').click();
    await typeMeasurements(page);
    const sessionId: string = (await app.dataSource.query(`SELECT s.id FROM kiosk_session s JOIN kiosk k ON k.id = s.kiosk_id WHERE k.label = 'Bad-moments mirror' AND s.status = 'ACTIVE'`))[0].id;
    await page.getByTestId('idle-dialog').waitFor({ timeout: 20_000 });
    await shot(page, '09-idle-still-there');
    await page.getByTestId('wiped-screen').waitFor({ timeout: 30_000 });
    await shot(page, '10-wiped');
    await page.getByTestId('attract-screen').waitFor({ timeout: 10_000 });
    const [row] = await app.dataSource.query(`SELECT status FROM kiosk_session WHERE id = $1`, [sessionId]);
    expect(row.status).toBe('ENDED');
  }, 120_000);
});
