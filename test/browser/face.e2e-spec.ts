import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { StaffRole } from '../../src/common/enums';
import { faceKeyId } from '../../src/identity/face/face-crypto';
import { TestApp } from '../support/test-app';
import { artefacts, browserAvailable, demoAppWithMirror, launch } from './browser-support';

const run = browserAvailable() ? describe : describe.skip;
const shot = artefacts('face');

/**
 * Face recognition end to end, only for a member who opted in: consent and a selfie on the phone
 * (the descriptor computed in the browser by the face model shipped with the front-ends), then the
 * mirror of a store that switched recognition on signs that member in from its camera; a stranger is
 * not recognised.
 */
run('browser: opt-in face recognition', () => {
  let app: TestApp;
  let origin: string;
  let kioskToken: string;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    let storeId: string;
    ({ app, origin, storeId, kioskToken } = await demoAppWithMirror('Face mirror'));
    const admin = await app.staffToken('face-admin', StaffRole.ADMIN);
    const on = await app.gql<{ setStoreFaceRecognition: { __typename: string } }>(`mutation($s: ID!) { setStoreFaceRecognition(storeId: $s, enabled: true) { __typename } }`, { s: storeId }, admin);
    expect(on.errors).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await app?.close();
  });

  async function mirror(camera: string): Promise<Page> {
    const browser = await launch(camera);
    browsers.push(browser);
    const page = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, permissions: ['camera'], hasTouch: true })).newPage();
    await page.goto(`${origin}/kiosk#pair=${kioskToken}`);
    await page.getByTestId('attract-start').click();
    await page.getByTestId('type-measurements').click();
    await page.getByTestId('measure-screen').waitFor();
    return page;
  }

  it('a member enrols on the phone; the mirror recognises them; a stranger is not recognised', async () => {
    const phoneBrowser = await launch('front-1.mjpeg');
    browsers.push(phoneBrowser);
    const phone = await (await phoneBrowser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, permissions: ['camera'] })).newPage();
    await phone.goto(`${origin}/app/profile`);
    await phone.getByTestId('sign-in-account').first().click();
    await phone.getByTestId('face-enrol').click();
    await phone.getByTestId('face-consent-accept').check();
    await shot(phone, '01-app-face-consent');
    await phone.getByTestId('face-enrol-start').click();
    await phone.getByTestId('withdraw-face-consent').waitFor({ timeout: 90_000 });
    await shot(phone, '02-app-face-enrolled');
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM face_enrolment`);
    expect(n).toBe(1);

    const kiosk = await mirror('front-1.mjpeg');
    await kiosk.getByTestId('face-sign-in').click();
    await kiosk.getByTestId('member-chip').waitFor({ timeout: 90_000 });
    await shot(kiosk, '03-kiosk-recognised');
    const [linked] = await app.dataSource.query(`SELECT s.customer_id FROM kiosk_session s JOIN kiosk k ON k.id = s.kiosk_id WHERE k.label = 'Face mirror' AND s.status = 'ACTIVE'`);
    expect(linked.customer_id).not.toBeNull();

    const stranger = await mirror('front-3.mjpeg');
    await stranger.getByTestId('face-sign-in').click();
    await stranger.getByTestId('face-not-recognised').waitFor({ timeout: 90_000 });
    await shot(stranger, '04-kiosk-stranger');
    expect(await stranger.getByTestId('member-chip').count()).toBe(0);
  }, 300_000);

  it('a member whose face data the server can no longer read is told to renew it, and renews it with a new selfie', async () => {
    // Enrolled under this server's key; then a server with another key (the old one lost) serves the app.
    const member = await app.customerToken('renewal-rae', { name: 'Renewal Rae' });
    const embedding = Array.from({ length: app.config.face.embeddingDim }, (_, i) => Math.sin(i + 1));
    const enrolled = await app.gql<{ enrollFace: { __typename: string } }>(
      `mutation($input: EnrollFaceInput!) { enrollFace(input: $input) { __typename } }`,
      { input: { consent: { version: '2026-11', purpose: 'MIRROR_SIGN_IN', accepted: true }, embedding } },
      member,
    );
    expect(enrolled.data!.enrollFace.__typename).toBe('FaceEnrolment');
    const newKey = randomBytes(32);
    const lost = await app.startAnotherServer({ FACE_ENCRYPTION_KEY: newKey.toString('base64') });
    try {
      const MINE = `{ myFaceEnrolment { enrolled renewalRequired } }`;
      expect((await lost.gql<{ myFaceEnrolment: unknown }>(MINE, {}, member)).data!.myFaceEnrolment).toEqual({ enrolled: false, renewalRequired: true });

      const phoneBrowser = await launch('front-1.mjpeg');
      browsers.push(phoneBrowser);
      const phone = await (await phoneBrowser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, permissions: ['camera'] })).newPage();
      await phone.goto(`${lost.url.replace(/\/graphql$/, '')}/app/profile`);
      await phone.getByTestId('sign-in-search').fill('Renewal');
      await phone.getByTestId('sign-in-account').filter({ hasText: 'Renewal Rae' }).click();
      const notice = phone.getByTestId('face-renewal-required');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('Your face enrolment must be renewed');
      await shot(phone, '05-app-face-renewal-required');

      await phone.getByTestId('face-renew').click();
      await phone.getByTestId('face-consent-accept').check();
      await phone.getByTestId('face-enrol-start').click();
      await phone.getByTestId('profile-done').filter({ hasText: 'renewed' }).waitFor({ timeout: 90_000 });
      await notice.waitFor({ state: 'detached' });
      await phone.getByTestId('withdraw-face-consent').waitFor();
      await shot(phone, '06-app-face-renewed');
      expect((await lost.gql<{ myFaceEnrolment: unknown }>(MINE, {}, member)).data!.myFaceEnrolment).toEqual({ enrolled: true, renewalRequired: false });
      const [row] = await app.dataSource.query(`SELECT e.key_id FROM face_enrolment e JOIN customer c ON c.id = e.customer_id WHERE c.external_id = 'renewal-rae'`);
      expect(row.key_id).toBe(faceKeyId(newKey));
    } finally {
      await lost.stop();
    }
  }, 300_000);
});
