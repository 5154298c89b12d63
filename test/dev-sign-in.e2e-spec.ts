import { StaffUserEntity } from '../src/auth/staff-user.entity';
import { StaffRole } from '../src/common/enums';
import { CustomerEntity } from '../src/identity/customer.entity';
import { createTestApp, TestApp } from './support/test-app';

const VIEWER = `{ viewer { __typename ... on CustomerViewer { customer { displayName } } ... on StaffViewer { staff { displayName role } } } }`;

interface Json {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
  headers: Headers;
}

describe('development sign-in for the front-ends', () => {
  let app: TestApp;
  let origin: string;

  const call = async (at: string, path: string, init?: RequestInit): Promise<Json> => {
    const res = await fetch(at + path, init);
    const text = await res.text();
    let body: Json['body'];
    try {
      body = JSON.parse(text);
    } catch {
      body = { text };
    }
    return { status: res.status, body, headers: res.headers };
  };
  const post = (at: string, body: unknown, contentType = 'application/json') =>
    call(at, '/dev-sign-in/token', { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    app = await createTestApp();
    origin = app.url.replace(/\/graphql$/, '');
    await app.dataSource.getRepository(CustomerEntity).save([
      { externalId: 'demo-customer-0001', displayName: 'Ada Runner', email: 'ada@example.com', gender: null },
      { externalId: 'demo-customer-0002', displayName: 'Ben Climber', email: 'ben@example.com', gender: null },
    ]);
    await app.dataSource.getRepository(StaffUserEntity).save([
      { externalId: 'demo-merchandiser', displayName: 'Demo Merchandiser', role: StaffRole.MERCHANDISER },
      { externalId: 'demo-admin', displayName: 'Demo Admin', role: StaffRole.ADMIN },
    ]);
  });
  afterAll(() => app.close());

  it('lists staff and members by role and text, names only (no e-mail)', async () => {
    const staff = await call(origin, '/dev-sign-in/accounts?role=staff');
    expect(staff.status).toBe(200);
    expect(staff.headers.get('cache-control')).toBe('no-store');
    expect(staff.body.accounts).toEqual([
      { role: 'admin', externalId: 'demo-admin', displayName: 'Demo Admin' },
      { role: 'merchandiser', externalId: 'demo-merchandiser', displayName: 'Demo Merchandiser' },
    ]);
    const members = await call(origin, '/dev-sign-in/accounts?role=customer&q=climb');
    expect(members.body.accounts).toEqual([{ role: 'customer', externalId: 'demo-customer-0002', displayName: 'Ben Climber' }]);
    const everyone = await call(origin, '/dev-sign-in/accounts');
    expect((everyone.body.accounts as unknown[]).length).toBe(4);
    expect(JSON.stringify(everyone.body)).not.toContain('@example.com');
  });

  it('signs a member token that works against /graphql, for 12 hours', async () => {
    const res = await post(origin, { role: 'customer', externalId: 'demo-customer-0001' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'customer', externalId: 'demo-customer-0001', displayName: 'Ada Runner' });
    const hours = (Date.parse(res.body.expiresAt as string) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const viewer = await app.gql<{ viewer: { __typename: string; customer: { displayName: string } } }>(VIEWER, {}, res.body.token as string);
    expect(viewer.data!.viewer).toEqual({ __typename: 'CustomerViewer', customer: { displayName: 'Ada Runner' } });
  });

  it('signs a staff token with the account’s role, which staff operations accept', async () => {
    const res = await post(origin, { role: 'staff', externalId: 'demo-admin' });
    expect(res.body).toMatchObject({ role: 'admin', displayName: 'Demo Admin' });
    const viewer = await app.gql<{ viewer: { staff: { role: string } } }>(VIEWER, {}, res.body.token as string);
    expect(viewer.data!.viewer.staff.role).toBe('ADMIN');
    const orders = await app.gql(`{ orders { totalCount } }`, {}, res.body.token as string);
    expect(orders.errors).toBeUndefined();
  });

  it('signs up a new member only when asked to, with a display name', async () => {
    const unknown = await post(origin, { role: 'customer', externalId: 'walk-in-1' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/displayName/) });
    const created = await post(origin, { role: 'customer', externalId: 'walk-in-1', displayName: 'Walk In' });
    expect(created.status).toBe(200);
    const viewer = await app.gql<{ viewer: { customer: { displayName: string } } }>(VIEWER, {}, created.body.token as string);
    expect(viewer.data!.viewer.customer.displayName).toBe('Walk In');
    // No staff account is ever made up.
    const staff = await post(origin, { role: 'staff', externalId: 'nobody', displayName: 'Nobody' });
    expect(staff.status).toBe(404);
  });

  it.each([
    ['an empty body', undefined, 'application/json', 400, /role/],
    ['malformed JSON', '{"role": ', 'application/json', 400, /Malformed JSON/],
    ['not JSON', 'role=customer', 'application/x-www-form-urlencoded', 400, /JSON object/],
    ['an unknown role', { role: 'kiosk', externalId: 'x' }, 'application/json', 400, /role/],
    ['no externalId', { role: 'customer' }, 'application/json', 400, /externalId/],
    ['an empty display name', { role: 'customer', externalId: 'x', displayName: ' ' }, 'application/json', 400, /displayName/],
  ])('answers %s with a JSON error', async (_what, body, contentType, status, message) => {
    const res = await post(origin, body ?? '', contentType);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
  });

  it('answers bad list parameters and unknown paths with JSON errors', async () => {
    expect((await call(origin, '/dev-sign-in/accounts?role=robot')).body.error).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await call(origin, '/dev-sign-in/accounts?q=a&q=b')).status).toBe(400);
    const lost = await call(origin, '/dev-sign-in/nope');
    expect(lost.status).toBe(404);
    expect(lost.body.error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is absent when DEV_SIGN_IN is off', async () => {
    const other = await app.startAnotherServer({ DEV_SIGN_IN: 'false' });
    const at = other.url.replace(/\/graphql$/, '');
    expect((await call(at, '/dev-sign-in/accounts')).status).toBe(404);
    expect((await post(at, { role: 'customer', externalId: 'demo-customer-0001' })).status).toBe(404);
    await other.stop();
  });

  it('serves no audience whose tokens come from a real identity provider (JWKS)', async () => {
    const other = await app.startAnotherServer({ CUSTOMER_JWT_SECRET: '', CUSTOMER_JWKS_URL: 'http://127.0.0.1:9/jwks.json' });
    const at = other.url.replace(/\/graphql$/, '');
    const member = await post(at, { role: 'customer', externalId: 'demo-customer-0001' });
    expect(member.status).toBe(403);
    expect(member.body.error).toMatchObject({ code: 'DEV_SIGN_IN_UNAVAILABLE', message: expect.stringMatching(/CUSTOMER_JWKS_URL/) });
    expect((await call(at, '/dev-sign-in/accounts?role=customer')).status).toBe(403);
    expect(((await call(at, '/dev-sign-in/accounts')).body.accounts as { role: string }[]).every((a) => a.role !== 'customer')).toBe(true);
    expect((await post(at, { role: 'staff', externalId: 'demo-merchandiser' })).status).toBe(200);
    await other.stop();
  });
});
