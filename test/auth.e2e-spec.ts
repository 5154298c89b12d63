import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { KioskEntity } from '../src/kiosk/kiosk.entity';
import { CustomerEntity } from '../src/identity/customer.entity';
import { StaffRole } from '../src/common/enums';
import { makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const VIEWER = `{ viewer { __typename
  ... on KioskViewer { kiosk { id label } store { code } }
  ... on CustomerViewer { customer { id displayName email } }
  ... on StaffViewer { staff { displayName role } } } }`;

describe('authentication', () => {
  let app: TestApp;
  let storeId: string;

  beforeAll(async () => {
    app = await createTestApp();
    storeId = (await makeStore(app.dataSource, 'AUTH-1')).id;
  });
  afterAll(() => app.close());

  it('a merchandiser provisions a kiosk: the token is shown once, stored only as its SHA-256, and works at once', async () => {
    const merch = await app.staffToken('merch-1');
    const res = await app.gql<{ provisionKiosk: { __typename: string; deviceToken: string; kiosk: { id: string; tokenHint: string; store: { code: string } } } }>(
      `mutation($input: ProvisionKioskInput!) { provisionKiosk(input: $input) { __typename ... on KioskProvisioned { deviceToken kiosk { id tokenHint store { code } } } } }`,
      { input: { storeId, label: 'Entrance' } },
      merch,
    );
    expect(res.errors).toBeUndefined();
    const { deviceToken, kiosk } = res.data!.provisionKiosk;
    expect(deviceToken).toMatch(/^mfk_[A-Za-z0-9_-]{43}$/);
    expect(deviceToken.startsWith(kiosk.tokenHint)).toBe(true);
    const row = await app.dataSource.getRepository(KioskEntity).findOneByOrFail({ id: kiosk.id });
    expect(row.tokenHash).toBe(createHash('sha256').update(deviceToken).digest('hex'));
    const [{ found }] = await app.dataSource.query(`SELECT count(*)::int AS found FROM kiosk WHERE token_hash = $1 OR label = $1`, [deviceToken]);
    expect(found).toBe(0);
    const me = await app.gql<{ viewer: { __typename: string; store: { code: string } } }>(VIEWER, {}, deviceToken);
    expect(me.data!.viewer).toMatchObject({ __typename: 'KioskViewer', store: { code: 'AUTH-1' } });
  });

  it('provisioning for an unknown store is a NotFoundError and creates nothing', async () => {
    const merch = await app.staffToken('merch-1');
    const before = await app.dataSource.getRepository(KioskEntity).count();
    const res = await app.gql<{ provisionKiosk: { __typename: string } }>(
      `mutation { provisionKiosk(input: { storeId: "00000000-0000-4000-8000-000000000000", label: "x" }) { __typename } }`,
      {},
      merch,
    );
    expect(res.data!.provisionKiosk.__typename).toBe('NotFoundError');
    expect(await app.dataSource.getRepository(KioskEntity).count()).toBe(before);
  });

  it('a revoked kiosk token is refused', async () => {
    const { id, token } = await app.kioskToken(storeId);
    const merch = await app.staffToken('merch-1');
    const revoked = await app.gql<{ revokeKiosk: { __typename: string; revoked: boolean } }>(
      `mutation($id: ID!) { revokeKiosk(id: $id) { __typename ... on Kiosk { revoked } } }`,
      { id },
      merch,
    );
    expect(revoked.data!.revokeKiosk).toEqual({ __typename: 'Kiosk', revoked: true });
    const res = await app.gql(VIEWER, {}, token);
    expect(res.status).toBe(401);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(res.errors![0].message).toMatch(/revoked/);
  });

  it('a customer is provisioned from their first valid token and sees only themselves', async () => {
    const token = await app.customerToken('idp|alice', { name: 'Alice', email: 'alice@example.com' });
    const res = await app.gql<{ viewer: { __typename: string; customer: { displayName: string; email: string } } }>(VIEWER, {}, token);
    expect(res.data!.viewer).toMatchObject({ __typename: 'CustomerViewer', customer: { displayName: 'Alice', email: 'alice@example.com' } });
    await app.gql(VIEWER, {}, token);
    expect(await app.dataSource.getRepository(CustomerEntity).countBy({ externalId: 'idp|alice' })).toBe(1);
  });

  it('staff roles follow the identity provider', async () => {
    const asAdmin = await app.staffToken('staff-x', StaffRole.ADMIN);
    const a = await app.gql<{ viewer: { staff: { role: string } } }>(VIEWER, {}, asAdmin);
    expect(a.data!.viewer.staff.role).toBe('ADMIN');
    const asMerch = await app.staffToken('staff-x', StaffRole.MERCHANDISER);
    const m = await app.gql<{ viewer: { staff: { role: string } } }>(VIEWER, {}, asMerch);
    expect(m.data!.viewer.staff.role).toBe('MERCHANDISER');
  });

  const refused: [string, () => Promise<string>, RegExp][] = [
    ['an expired customer token', () => app.customerToken('bob', { expiresIn: '-1m' }), /expired/],
    [
      'a token signed with another secret',
      () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('bob').setIssuer('mirrorfit-dev').setAudience('mirrorfit-app').setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(40))),
      /not valid/,
    ],
    [
      'a token for another audience',
      () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('bob').setIssuer('mirrorfit-dev').setAudience('someone-else').setExpirationTime('1h').sign(new TextEncoder().encode(app.config.customerAuth.hs256Secret)),
      /audience/,
    ],
    [
      'a token from another issuer',
      () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('bob').setIssuer('evil').setAudience('mirrorfit-app').setExpirationTime('1h').sign(new TextEncoder().encode(app.config.customerAuth.hs256Secret)),
      /not valid/,
    ],
    [
      'a staff token without a role',
      () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('eve').setIssuer('mirrorfit-dev').setAudience('mirrorfit-staff').setExpirationTime('1h').sign(new TextEncoder().encode(app.config.staffAuth.hs256Secret)),
      /role/,
    ],
    [
      'a token without expiry',
      () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('bob').setIssuer('mirrorfit-dev').setAudience('mirrorfit-app').sign(new TextEncoder().encode(app.config.customerAuth.hs256Secret)),
      /not valid/,
    ],
    ['an unknown kiosk token', async () => 'mfk_' + 'A'.repeat(43), /Unknown kiosk/],
    ['garbage', async () => 'garbage', /neither/],
  ];

  it.each(refused)('refuses %s with 401 UNAUTHENTICATED and creates no customer', async (_name, make, message) => {
    const before = await app.dataSource.getRepository(CustomerEntity).count();
    const res = await app.gql(VIEWER, {}, await make());
    expect(res.status).toBe(401);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(res.errors![0].message).toMatch(message);
    expect(await app.dataSource.getRepository(CustomerEntity).count()).toBe(before);
  });

  it('refuses an anonymous caller', async () => {
    const res = await app.gql(VIEWER);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('keeps Apollo CSRF prevention on: a simple GET without a preflight-forcing header is refused', async () => {
    const res = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
  });

  it('answers an oversized body with 413 and a coded error', async () => {
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(300_000) }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
