import type { Browser, Page } from 'playwright-core';
import { shoeSizesForFootLength } from '../../src/body/size/size-advice';
import { TestApp } from '../support/test-app';
import { artefacts, auditReadability, browserAvailable, demoAppWithMirror, launch, readQr, Violation } from './browser-support';

const run = browserAvailable() ? describe : describe.skip;
const shot = artefacts('sizes');

const TYPED = { heightCm: '178', chestCm: '100', waistCm: '86', hipCm: '101', inseamCm: '82', footLengthCm: '27' };
/** A label's size: half sizes as ½. */
const label = (n: number) => (Number.isInteger(n) ? String(n) : `${Math.floor(n)}½`);
/** What the API gives for a 27 cm foot (EU 43, UK 8½, US 9½), as a man should read it: the men's US scale. */
const foot = shoeSizesForFootLength(270);
const SHOE_SIZES = `EU ${label(foot.eu)} · UK ${label(foot.uk)} · US ${label(foot.us)}`;
/** A woman's 24 cm foot: EU 38, UK 5, women's US 7½. */
const WOMAN = { heightCm: '165', chestCm: '90', waistCm: '72', hipCm: '98', inseamCm: '76', footLengthCm: '24' };
const womansFoot = shoeSizesForFootLength(240);
const WOMANS_SHOE_SIZES = `EU ${label(womansFoot.eu)} · UK ${label(womansFoot.uk)} · US W ${label(womansFoot.usWomen)}`;

/** The customer's shoe sizes (EU, UK and US, from the foot length) where they read their measurements. */
run('browser: shoe sizes on the mirror and the phone', () => {
  let app: TestApp;
  let origin: string;
  let kioskToken: string;
  let storeId: string;
  let browser: Browser;
  const unreadable: (Violation & { screen: string })[] = [];

  beforeAll(async () => {
    ({ app, origin, kioskToken, storeId } = await demoAppWithMirror('Sizes mirror'));
    browser = await launch(null);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A new mirror page, paired, with the measurements typed in for the given cut and submitted. */
  async function mirrorWithTypedMeasurements(cut: 'Men’s' | 'Women’s', values: Record<string, string>): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
    await page.goto(`${origin}/kiosk#pair=${kioskToken}`);
    await page.getByTestId('attract-start').click();
    await page.getByTestId('type-measurements').click();
    await page.getByTestId('measure-screen').waitFor();
    await page.getByRole('button', { name: cut, exact: true }).click();
    for (const [key, value] of Object.entries(values)) await page.getByTestId(`measure-${key}`).fill(value);
    await page.getByTestId('measure-submit').click();
    return page;
  }

  async function screen(page: Page, name: string, limits: { minFontPx: number; minTargetPx: number }): Promise<void> {
    await shot(page, name);
    unreadable.push(...(await auditReadability(page, limits)).map((v) => ({ screen: name, ...v })));
  }

  it('the mirror shows the shoe sizes with the measurements, and beside the advice for shoes only', async () => {
    const page = await mirrorWithTypedMeasurements('Men’s', TYPED);

    const chip = page.getByTestId('body-profile').getByTestId('shoe-sizes');
    await chip.waitFor();
    expect(await chip.textContent()).toBe(`Shoes ${SHOE_SIZES}`);
    await screen(page, '01-kiosk-profile-shoe-sizes', { minFontPx: 24, minTargetPx: 80 });

    // A shoe: the advice gives the foot in the other systems too.
    await page.getByTestId('catalogue-SHOES').click();
    await page.locator('[data-testid=product-card][data-garment-type=SHOES]').first().click();
    await page.getByTestId('size-advice').waitFor();
    expect(await page.getByTestId('advice-shoe-sizes').textContent()).toBe(`Your foot length in label sizes: ${SHOE_SIZES}`);
    await screen(page, '02-kiosk-shoe-advice', { minFontPx: 24, minTargetPx: 80 });
    await page.getByTestId('product-sheet').getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('product-sheet').waitFor({ state: 'detached' });

    // A top: no shoe sizes there.
    await page.getByTestId('catalogue-TOP').click();
    await page.locator('[data-testid=product-card][data-garment-type=TOP]').first().click();
    await page.getByTestId('size-advice').waitFor();
    expect(await page.getByTestId('advice-shoe-sizes').count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it("a woman's shoe sizes on the mirror give the women's US size, named US W", async () => {
    const page = await mirrorWithTypedMeasurements('Women’s', WOMAN);
    const chip = page.getByTestId('body-profile').getByTestId('shoe-sizes');
    await chip.waitFor();
    expect(await chip.textContent()).toBe(`Shoes ${WOMANS_SHOE_SIZES}`);
    expect(WOMANS_SHOE_SIZES).toBe('EU 38 · UK 5 · US W 7½');
    await screen(page, '04-kiosk-profile-womens-shoe-sizes', { minFontPx: 24, minTargetPx: 80 });
    await page.context().close();
  }, 120_000);

  it('a member signed in on the mirror keeps the sizes there with "Keep my sizes"; an anonymous visit is not offered it', async () => {
    const member = await app.customerToken('mirror-mia', { name: 'Mirror Mia' });
    const page = await mirrorWithTypedMeasurements('Men’s', TYPED);
    await page.getByTestId('body-profile').getByTestId('shoe-sizes').waitFor();
    // Nobody signed in: nothing to keep the sizes in, so no button.
    expect(await page.getByTestId('save-profile').count()).toBe(0);

    // The member signs in: the mirror shows a QR, the phone reads it and approves.
    await page.getByTestId('member-sign-in').click();
    await page.getByTestId('sign-in-qr').waitFor();
    const qr = await readQr(page, 'sign-in-qr');
    expect(qr).toBeTruthy();
    const approved = await app.gql<{ approveMemberSignIn: { __typename: string } }>(`mutation($t: String) { approveMemberSignIn(token: $t) { __typename } }`, { t: qr!.slice(qr!.lastIndexOf('#') + 1) }, member);
    expect(approved.data!.approveMemberSignIn.__typename).toBe('MemberSignInApproved');
    await page.getByTestId('member-chip').waitFor();
    expect(await page.getByTestId('member-chip').textContent()).toBe('Hi Mirror Mia');

    const button = page.getByTestId('save-profile');
    expect(await button.textContent()).toBe('Keep my sizes');
    await button.click();
    await page.getByTestId('save-profile-saved').waitFor();
    expect(await page.getByTestId('save-profile-saved').textContent()).toMatch(/kept in your account/);
    expect(await button.textContent()).toBe('Saved to your account');
    expect(await button.isDisabled()).toBe(true);
    expect(await page.getByTestId('save-profile-failed').count()).toBe(0);
    await screen(page, '05-kiosk-profile-kept', { minFontPx: 24, minTargetPx: 80 });

    // Kept in the member's account, as the app reads it.
    const mine = await app.gql<{ myBodyProfile: { chest: { valueCm: number }; footLength: { valueCm: number } } | null }>(`{ myBodyProfile { chest { valueCm } footLength { valueCm } } }`, {}, member);
    expect(mine.data!.myBodyProfile).toEqual({ chest: { valueCm: Number(TYPED.chestCm) }, footLength: { valueCm: Number(TYPED.footLengthCm) } });
    await page.context().close();
  }, 120_000);

  /** A member signs in at a mirror (QR approved in the app) and keeps typed measurements there (from the app, or by the mirror); resolves to their customer id. */
  async function keepMeasurements(externalId: string, name: string, sex: 'M' | 'F', typed: Record<string, string>, keptBy: 'app' | 'mirror' = 'app'): Promise<string> {
    const member = await app.customerToken(externalId, { name });
    const s = (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, kioskToken)).data!.startKioskSession.id;
    const input = { sex, ...Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, Number(v)])) };
    const measured = await app.gql<{ submitBodyMeasurements: { __typename: string } }>(`mutation($s: ID!, $input: BodyMeasurementsInput!) { submitBodyMeasurements(sessionId: $s, input: $input) { __typename } }`, { s, input }, kioskToken);
    expect(measured.data!.submitBodyMeasurements.__typename).toBe('BodyProfile');
    const req = await app.gql<{ requestMemberSignIn: { qrPayload: string } }>(`mutation($s: ID!) { requestMemberSignIn(sessionId: $s) { ... on MemberSignInRequest { qrPayload } } }`, { s }, kioskToken);
    const qr = req.data!.requestMemberSignIn.qrPayload;
    const approved = await app.gql<{ approveMemberSignIn: { __typename: string } }>(`mutation($t: String) { approveMemberSignIn(token: $t) { __typename } }`, { t: qr.slice(qr.lastIndexOf('#') + 1) }, member);
    expect(approved.data!.approveMemberSignIn.__typename).toBe('MemberSignInApproved');
    const saved = await app.gql<{ saveBodyProfile: { __typename: string } }>(`mutation($s: ID!) { saveBodyProfile(sessionId: $s) { __typename } }`, { s }, keptBy === 'app' ? member : kioskToken);
    expect(saved.data!.saveBodyProfile.__typename).toBe('BodyProfile');
    return (await app.dataSource.query(`SELECT id FROM customer WHERE external_id = $1`, [externalId]))[0].id;
  }

  /** The phone app's profile screen, signed in as the named member, once the saved profile's shoe sizes show. */
  async function phoneProfile(name: string): Promise<Page> {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    await phone.goto(`${origin}/app/profile`);
    await phone.getByTestId('sign-in-search').fill(name);
    await phone.getByTestId('sign-in-account').filter({ hasText: name }).click();
    await phone.getByTestId('body-profile').getByTestId('shoe-sizes').waitFor();
    return phone;
  }

  it("the phone shows the saved body profile's shoe sizes on the scale of the sex it was measured with; both US scales when that is not known", async () => {
    // A man's saved profile: the men's US size only.
    await keepMeasurements('sizes-sam', 'Sizes Sam', 'M', TYPED);
    const his = await phoneProfile('Sizes Sam');
    expect(await his.getByTestId('body-profile').getByTestId('shoe-sizes').textContent()).toBe(`Shoe size${SHOE_SIZES}`);
    await his.context().close();

    // A woman's: the women's US size only, named US W.
    const sue = await keepMeasurements('sizes-sue', 'Sizes Sue', 'F', WOMAN);
    const hers = await phoneProfile('Sizes Sue');
    const row = hers.getByTestId('body-profile').getByTestId('shoe-sizes');
    expect(await row.textContent()).toBe(`Shoe size${WOMANS_SHOE_SIZES}`);
    expect(await row.textContent()).not.toContain('US M');
    await row.scrollIntoViewIfNeeded();
    await screen(hers, '03-app-profile-shoe-sizes', { minFontPx: 14, minTargetPx: 44 });
    await hers.context().close();

    // Not known (a profile saved before the sex was kept): both US scales, each named.
    await app.dataSource.query(`UPDATE saved_body_profile SET sex = NULL WHERE customer_id = $1`, [sue]);
    const unknown = await phoneProfile('Sizes Sue');
    expect(await unknown.getByTestId('body-profile').getByTestId('shoe-sizes').textContent()).toBe(
      `Shoe sizeEU ${label(womansFoot.eu)} · UK ${label(womansFoot.uk)} · US M ${label(womansFoot.us)} · US W ${label(womansFoot.usWomen)}`,
    );
    await screen(unknown, '06-app-profile-shoe-sizes-unknown-sex', { minFontPx: 14, minTargetPx: 44 });
    await unknown.context().close();
    expect(unreadable).toEqual([]);
  }, 120_000);

  it('the phone says when a mirror replaced the saved sizes, where and what changed, and Undo brings the previous sizes back', async () => {
    await keepMeasurements('sizes-uma', 'Sizes Uma', 'M', TYPED);
    await keepMeasurements('sizes-uma', 'Sizes Uma', 'M', { ...TYPED, chestCm: '104' }, 'mirror');
    const [{ name: storeName }] = await app.dataSource.query(`SELECT name FROM store WHERE id = $1`, [storeId]);
    const phone = await phoneProfile('Sizes Uma');
    const chest = phone.getByTestId('body-profile').getByRole('row').filter({ hasText: 'Chest' });
    expect(await chest.textContent()).toContain('104.0 cm');

    const replaced = phone.getByTestId('body-profile-replaced');
    const title = await phone.getByTestId('body-profile-replaced-title').textContent();
    expect(title!.startsWith(`Updated at the mirror in ${storeName} on `)).toBe(true);
    // What changed (the neck is estimated from the chest, so it moves too), and what Undo does.
    expect(await replaced.textContent()).toMatch(/Chest 100 → 104 cm(, .+)?\. Undo brings back the sizes you saved /);
    await replaced.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screen(phone, '07-app-profile-replaced-at-mirror', { minFontPx: 14, minTargetPx: 44 });

    await phone.getByTestId('undo-body-profile').click();
    await phone.getByTestId('profile-done').waitFor();
    expect(await phone.getByTestId('profile-done').textContent()).toMatch(/^Your previous sizes are back/);
    await replaced.waitFor({ state: 'detached' });
    await phone.waitForFunction(() => document.querySelector('[data-testid=body-profile]')?.textContent?.includes('Chest100.0 cm'));
    expect(await phone.getByTestId('undo-body-profile').count()).toBe(0);
    const uma = await app.customerToken('sizes-uma');
    const mine = await app.gql<{ myBodyProfile: { chest: { valueCm: number }; previous: unknown } }>(`{ myBodyProfile { chest { valueCm } previous { savedAt } } }`, {}, uma);
    expect(mine.data!.myBodyProfile).toEqual({ chest: { valueCm: 100 }, previous: null });
    await screen(phone, '08-app-profile-restored', { minFontPx: 14, minTargetPx: 44 });
    await phone.context().close();
    expect(unreadable).toEqual([]);
  }, 120_000);
});
